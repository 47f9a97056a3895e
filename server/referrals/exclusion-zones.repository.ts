import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { asGeoJson4326 } from '../db/spatial.js'

export interface ExclusionZoneRow {
  id: string
  name: string
  geometry: string
}

const zone27700 = (geojson: string) => sql`ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326), 27700))`

/** Why a lon/lat polygon is not valid (self-intersection…), or null when it is. */
export async function invalidReason(db: Kysely<DB>, geojson: string): Promise<string | null> {
  const { rows } = await sql<{ reason: string | null }>`
    select case when ST_IsValid(g) then null else ST_IsValidReason(g) end as reason
    from (select ST_SetSRID(ST_GeomFromGeoJSON(${geojson}), 4326) as g) x`.execute(db)
  return rows[0]?.reason ?? null
}

/** Adds a zone to one of the actor's referrals; undefined when the referral is not theirs. */
export async function insertZone(db: Kysely<DB>, actor: Actor, referralId: string, name: string, geojson: string): Promise<ExclusionZoneRow | undefined> {
  const { rows } = await sql<ExclusionZoneRow>`
    insert into exclusion_zones (referral_id, name, geom)
    select r.id, ${name}, ${zone27700(geojson)} from referrals r
    where r.id = ${referralId} and r.organisation_id = ${actor.organisationId}
    returning id, name, ${asGeoJson4326(sql.ref('geom'))} as geometry`.execute(db)
  return rows[0]
}

export async function deleteZone(db: Kysely<DB>, actor: Actor, referralId: string, id: string): Promise<boolean> {
  const r = await sql`
    delete from exclusion_zones where id = ${id} and referral_id = ${referralId}
      and referral_id in (select id from referrals where organisation_id = ${actor.organisationId})`.execute(db)
  return (r.numAffectedRows ?? 0n) > 0n
}

/** The zones of one of the actor's referrals, or undefined when the referral is not theirs. */
export async function listZones(db: Kysely<DB>, actor: Actor, referralId: string): Promise<ExclusionZoneRow[] | undefined> {
  const { rows } = await sql<ExclusionZoneRow & { referral: string }>`
    select r.id as referral, z.id, z.name, ${asGeoJson4326(sql.ref('z.geom'))} as geometry
    from referrals r left join exclusion_zones z on z.referral_id = r.id
    where r.id = ${referralId} and r.organisation_id = ${actor.organisationId}
    order by z.name, z.id`.execute(db)
  if (rows.length === 0) return undefined
  return rows.filter((r) => r.id !== null).map(({ id, name, geometry }) => ({ id, name, geometry }))
}
