import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'

/**
 * SQL for the relocation check. Referral rows are read under the request's row-level
 * security (a lead: the organisation's; a caseworker: their own caseload); boundaries are public.
 * Every distance is ST_Distance in EPSG:27700, metres (0 inside).
 */

const point27700 = (lon: number, lat: number) => sql`ST_Transform(ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326), 27700)`

export interface Origin {
  kind: 'relocation_from' | 'home'
  boroughCode: string | null
}

/**
 * Where the client moves from: their latest `relocation_from` location, else their latest `home`
 * (latest by observed date, then by creation); null when they have neither. undefined when the
 * referral is not one the actor may see.
 */
export async function referralOrigin(db: Kysely<DB>, actor: Actor, referralId: string): Promise<Origin | null | undefined> {
  const { rows } = await sql<{ kind: Origin['kind'] | null; borough_code: string | null }>`
    select o.kind, o.borough_code
    from referrals r
    left join lateral (
      select l.kind, l.borough_code from referral_locations l
      where l.referral_id = r.id and l.kind in ('relocation_from', 'home')
      order by (l.kind = 'relocation_from') desc, l.observed_on desc, l.created_at desc, l.id
      limit 1
    ) o on true
    where r.id = ${referralId} and r.organisation_id = ${actor.organisationId}`.execute(db)
  const row = rows[0]
  if (!row) return undefined
  return row.kind === null ? null : { kind: row.kind, boroughCode: row.borough_code }
}

/** The borough in force holding a point (lowest code on a shared edge), or null outside every loaded borough. */
export async function boroughAt(db: Kysely<DB>, lon: number, lat: number): Promise<{ code: string; name: string } | null> {
  const { rows } = await sql<{ code: string; name: string }>`
    select a.code, a.name
    from area_parts p join areas a on a.id = p.area_id
    where p.kind = 'borough' and a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
      and ST_Intersects(p.geom, ${point27700(lon, lat)})
    order by a.code limit 1`.execute(db)
  return rows[0] ?? null
}

export async function boroughName(db: Kysely<DB>, code: string): Promise<string | null> {
  const { rows } = await sql<{
    name: string
  }>`select name from areas where kind = 'borough' and code = ${code} order by valid_from desc nulls last limit 1`.execute(db)
  return rows[0]?.name ?? null
}

export interface ZoneDistance {
  id: string
  name: string
  distanceM: number
  inside: boolean
}

/** Distance from the point to each exclusion zone of the referral, nearest first. */
export async function zoneDistances(db: Kysely<DB>, referralId: string, lon: number, lat: number): Promise<ZoneDistance[]> {
  const { rows } = await sql<{ id: string; name: string; distance: number; inside: boolean }>`
    select z.id, z.name, ST_Distance(z.geom, p.g) as distance, ST_Intersects(z.geom, p.g) as inside
    from exclusion_zones z, (select ${point27700(lon, lat)} as g) p
    where z.referral_id = ${referralId}
    order by 3, z.name, z.id`.execute(db)
  return rows.map((r) => ({ id: r.id, name: r.name, distanceM: Number(r.distance), inside: r.inside }))
}

/** The nearest of the given hex cells (axial q, r of `size` metres) to the point, with its distance; null for no cells. */
export async function nearestCell(
  db: Kysely<DB>,
  size: number,
  cells: ReadonlyArray<{ q: number; r: number }>,
  lon: number,
  lat: number,
): Promise<{ q: number; r: number; distanceM: number } | null> {
  if (cells.length === 0) return null
  const { rows } = await sql<{ q: number; r: number; distance: number }>`
    with c as (
      select (e->>0)::integer as q, (e->>1)::integer as r
      from jsonb_array_elements(${JSON.stringify(cells.map((c) => [c.q, c.r]))}::jsonb) e
    )
    select c.q, c.r, ST_Distance(hex_cell_geom(${size}::double precision, c.q, c.r), p.g) as distance
    from c, (select ${point27700(lon, lat)} as g) p
    order by 3, c.q, c.r limit 1`.execute(db)
  const row = rows[0]
  return row ? { q: row.q, r: row.r, distanceM: Number(row.distance) } : null
}
