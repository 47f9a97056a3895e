import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB, ReferralLocationsTable } from '../db/types.js'
import { pointFromLonLat } from '../db/spatial.js'
import type { LocationInput, LocationPatch } from './referrals.schemas.js'

/** A location row: the point back in lon/lat, with the codes the database assigned. */
export interface LocationRow {
  id: string
  referral_id: string
  kind: ReferralLocationsTable['kind']
  lon: number
  lat: number
  observed_on: string
  precision: ReferralLocationsTable['precision']
  borough_code: string | null
  ward_code: string | null
  lsoa_code: string | null
  estate_code: string | null
  patch_code: string | null
  border_code: string | null
  border_distance_m: number | null
}

const select = sql`
  select l.id, l.referral_id, l.kind, ST_X(w.p) as lon, ST_Y(w.p) as lat, l.observed_on, l.precision,
         l.borough_code, l.ward_code, l.lsoa_code, l.estate_code, l.patch_code, l.border_code, l.border_distance_m
  from referral_locations l join referrals r on r.id = l.referral_id
  cross join lateral (select ST_Transform(l.geom, 4326) as p) w`

/** The locations of the actor's referrals with these ids, in the order they were added. */
export async function locationRows(db: Kysely<DB>, actor: Actor, referralIds: string[]): Promise<LocationRow[]> {
  if (referralIds.length === 0) return []
  const { rows } = await sql<LocationRow>`${select}
    where r.organisation_id = ${actor.organisationId} and l.referral_id = any(${referralIds}::uuid[])
    order by l.referral_id, l.created_at, l.id`.execute(db)
  return rows
}

export async function locationRow(db: Kysely<DB>, actor: Actor, referralId: string, id: string): Promise<LocationRow | undefined> {
  const { rows } = await sql<LocationRow>`${select}
    where r.organisation_id = ${actor.organisationId} and l.referral_id = ${referralId} and l.id = ${id}`.execute(db)
  return rows[0]
}

/**
 * Adds locations to one of the actor's referrals in one statement; the trigger assigns their areas.
 * created_at is offset by position so they list in the given order.
 */
export async function insertLocations(db: Kysely<DB>, actor: Actor, referralId: string, locations: LocationInput[]): Promise<string[]> {
  if (locations.length === 0) return []
  const { rows } = await sql<{ id: string }>`
    insert into referral_locations (referral_id, kind, geom, observed_on, precision, created_at)
    select r.id, e.v->>'kind',
           ST_Transform(ST_SetSRID(ST_MakePoint((e.v->>'lon')::float8, (e.v->>'lat')::float8), 4326), 27700),
           (e.v->>'observedOn')::date, e.v->>'precision', now() + e.ord * interval '1 microsecond'
    from referrals r cross join jsonb_array_elements(${JSON.stringify(locations)}::jsonb) with ordinality as e(v, ord)
    where r.id = ${referralId} and r.organisation_id = ${actor.organisationId}
    order by e.ord
    returning id`.execute(db)
  return rows.map((r) => r.id)
}

const ownReferral = (actor: Actor, referralId: string) =>
  sql`referral_id = ${referralId} and referral_id in (select id from referrals where organisation_id = ${actor.organisationId})`

/** Updates one location of one of the actor's referrals; a new point is reassigned its areas by the trigger. */
export async function updateLocation(db: Kysely<DB>, actor: Actor, referralId: string, id: string, patch: LocationPatch): Promise<boolean> {
  const set = [
    ...(patch.kind !== undefined ? [sql`kind = ${patch.kind}`] : []),
    ...(patch.observedOn !== undefined ? [sql`observed_on = ${patch.observedOn}::date`] : []),
    ...(patch.precision !== undefined ? [sql`precision = ${patch.precision}`] : []),
    ...(patch.lon !== undefined && patch.lat !== undefined ? [sql`geom = ${pointFromLonLat(patch.lon, patch.lat)}`] : []),
  ]
  if (set.length === 0) return (await locationRow(db, actor, referralId, id)) !== undefined
  const r = await sql`update referral_locations set ${sql.join(set)} where id = ${id} and ${ownReferral(actor, referralId)}`.execute(db)
  return (r.numAffectedRows ?? 0n) > 0n
}

export async function deleteLocation(db: Kysely<DB>, actor: Actor, referralId: string, id: string): Promise<boolean> {
  const r = await sql`delete from referral_locations where id = ${id} and ${ownReferral(actor, referralId)}`.execute(db)
  return (r.numAffectedRows ?? 0n) > 0n
}
