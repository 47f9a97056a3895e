import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { asGeoJson4326 } from '../db/spatial.js'
import type { HexFilter } from './hex.repository.js'

/**
 * SQL for DBSCAN clusters (leads only). The points are the organisation's exact located
 * events from `analysis_exact_locations` (migration 0010: built on disclosed_locations(), refused to
 * every role but lead); PostGIS clusters them with ST_ClusterDBSCAN and draws each cluster's convex
 * hull.
 */

export interface ClusterRow {
  /** ST_ClusterDBSCAN's cluster number; null for the noise line. */
  cid: number | null
  locations: number
  referrals: number
  /** Convex hull, RFC 7946 (EPSG:4326, 6 decimals): a Polygon, or a LineString/Point when the members are collinear/coincide. Null on the noise line. */
  hull: string | null
  /** Area of the hull in m² (EPSG:27700); 0 for a line or a point. */
  areaM2: number
  /** Borough of each member location (code → locations), largest first; locations outside every borough are left out. */
  boroughs: Array<{ code: string; locations: number }>
}

/**
 * DBSCAN clusters of the exact located events over whole months (first days of `from`, `to`), one row
 * per cluster and one noise row (cid null). The points reach ST_ClusterDBSCAN in a fixed order (by
 * coordinates, then referral, date and kind), so that a border point reachable from two clusters
 * always joins the same one.
 */
export async function clusterRows(db: Kysely<DB>, eps: number, minPoints: number, from: string, to: string, f: HexFilter): Promise<ClusterRow[]> {
  const { rows } = await sql<{
    cid: number | null
    locations: string | number
    referrals: string | number
    hull: string | null
    area: number | null
    boroughs: ClusterRow['boroughs'] | string | null
  }>`
    with c as materialized (
      select p.referral_id, p.geom, p.borough_code,
             ST_ClusterDBSCAN(p.geom, eps => ${eps}::double precision, minpoints => ${minPoints}::integer)
               over (order by ST_X(p.geom), ST_Y(p.geom), p.referral_id, p.observed_on, p.kind) as cid
      from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) p
    ), b as (
      select c.cid, c.borough_code as code, count(*) as n from c where c.cid is not null and c.borough_code is not null group by 1, 2
    ), h as (
      select c.cid, count(*) as locations, count(distinct c.referral_id) as referrals, ST_ConvexHull(ST_Collect(c.geom)) as hull
      from c group by c.cid
    )
    select h.cid, h.locations, h.referrals,
           case when h.cid is not null then ${asGeoJson4326(sql.ref('h.hull'))} end as hull,
           case when h.cid is not null then ST_Area(h.hull) end as area,
           (select coalesce(jsonb_agg(jsonb_build_object('code', b.code, 'locations', b.n) order by b.n desc, b.code), '[]'::jsonb)
            from b where b.cid = h.cid) as boroughs
    from h`.execute(db)
  return rows.map((r) => {
    const boroughs = typeof r.boroughs === 'string' ? (JSON.parse(r.boroughs) as ClusterRow['boroughs']) : (r.boroughs ?? [])
    return {
      cid: r.cid === null ? null : Number(r.cid),
      locations: Number(r.locations),
      referrals: Number(r.referrals),
      hull: r.hull,
      areaM2: r.area === null ? 0 : Number(r.area),
      boroughs: boroughs.map((b) => ({ code: b.code, locations: Number(b.locations) })),
    }
  })
}
