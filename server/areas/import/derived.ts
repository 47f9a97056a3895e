import { sql, type Transaction } from 'kysely'
import type { AreaKind, DB } from '../../db/types.js'

/** Vertices per part of the subdivided copy that backs point-in-polygon. */
const SUBDIVIDE_MAX_VERTICES = 256
/** Boundaries closer than this (metres) count as shared; absorbs digitising slivers. */
const BORDER_TOLERANCE_M = 1
/** Touching at a corner is not a border: shorter shared lines are dropped. */
const MIN_BORDER_M = 10

export async function rebuildAreaParts(trx: Transaction<DB>, kind: AreaKind): Promise<void> {
  await sql`delete from area_parts where kind = ${kind}`.execute(trx)
  await sql`
    insert into area_parts (area_id, kind, code, geom)
    select id, kind, code, ST_Subdivide(geom, ${SUBDIVIDE_MAX_VERTICES}::int) from areas where kind = ${kind}`.execute(trx)
}

/** Areas without a parent get the borough holding a point on their surface. */
export async function assignParentBoroughs(trx: Transaction<DB>, kind: AreaKind): Promise<void> {
  await sql`
    update areas a set parent_code = (
      select p.code from area_parts p
      where p.kind = 'borough' and ST_Intersects(p.geom, ST_PointOnSurface(a.geom)) limit 1)
    where a.kind = ${kind} and a.parent_code is null`.execute(trx)
}

/**
 * The shared line of each pair of adjacent boroughs. Where the two boundaries share vertices (as
 * in the official files) it is their exact intersection; otherwise (digitising slivers) the part of
 * A's boundary within 1 m of B. Returns the number of adjacent pairs.
 */
export async function rebuildBoroughBorders(trx: Transaction<DB>): Promise<number> {
  await sql`delete from borough_borders`.execute(trx)
  const res = await sql`
    insert into borough_borders (borough_a, borough_b, geom, length_m)
    select a_code, b_code, line, ST_Length(line) from (
      select a_code, b_code,
             case when ST_Length(exact) >= ${MIN_BORDER_M}::float8 then exact
                  else ST_Multi(ST_LineMerge(ST_CollectionExtract(
                         ST_Intersection(a_boundary, ST_Buffer(b_geom, ${BORDER_TOLERANCE_M}::float8)), 2))) end as line
      from (
        select a.code as a_code, b.code as b_code, ST_Boundary(a.geom) as a_boundary, b.geom as b_geom,
               ST_Multi(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom)), 2))) as exact
        from areas a join areas b
          on a.code < b.code and ST_DWithin(a.geom, b.geom, ${BORDER_TOLERANCE_M}::float8)
        where a.kind = 'borough' and b.kind = 'borough'
      ) pairs
    ) lines
    where ST_Length(line) >= ${MIN_BORDER_M}::float8`.execute(trx)
  return Number(res.numAffectedRows ?? 0)
}
