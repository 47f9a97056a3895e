import { sql, type Transaction } from 'kysely'
import type { AreaKind, DB } from '../../db/types.js'

/** Vertices per part of the subdivided copy that backs point-in-polygon. */
const SUBDIVIDE_MAX_VERTICES = 256
/** Boundaries closer than this (metres) count as shared; absorbs digitising slivers. */
const BORDER_TOLERANCE_M = 1
/** Touching at a corner is not a border: shorter shared lines are dropped. */
const MIN_BORDER_M = 10
/** How far the clip box reaches beyond both bounding boxes, so the shared line lies strictly inside it. */
const CLIP_MARGIN_M = 2

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
 *
 * Both steps avoid whole-polygon work, which dominated loading the real boroughs: adjacent pairs
 * come from the subdivided parts (index-assisted, at most 256 vertices each) rather than ST_DWithin
 * on whole boroughs, and each boundary is clipped to the overlap of the two bounding boxes (grown
 * by 2 m, so the shared line lies strictly inside and the clip adds no vertex on it) before they
 * are intersected. Same lines as intersecting the whole boundaries, about three times faster.
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
        select a_code, b_code, a_boundary, b_geom,
               ST_Multi(ST_LineMerge(ST_CollectionExtract(ST_Intersection(ST_ClipByBox2D(a_boundary, box), ST_ClipByBox2D(b_boundary, box)), 2))) as exact
        from (
          select a.code as a_code, b.code as b_code, ST_Boundary(a.geom) as a_boundary, ST_Boundary(b.geom) as b_boundary, b.geom as b_geom,
                 ST_Intersection(ST_Expand(a.geom::box2d, ${CLIP_MARGIN_M}::float8)::geometry, ST_Expand(b.geom::box2d, ${CLIP_MARGIN_M}::float8)::geometry)::box2d as box
          from (
            select distinct pa.area_id as a_id, pb.area_id as b_id
            from area_parts pa join area_parts pb
              on pa.code < pb.code and ST_DWithin(pa.geom, pb.geom, ${BORDER_TOLERANCE_M}::float8)
            where pa.kind = 'borough' and pb.kind = 'borough'
          ) pairs
          join areas a on a.id = pairs.a_id
          join areas b on b.id = pairs.b_id
        ) clipped
      ) pairs
    ) lines
    where ST_Length(line) >= ${MIN_BORDER_M}::float8`.execute(trx)
  return Number(res.numAffectedRows ?? 0)
}
