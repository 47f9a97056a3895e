import { sql } from 'kysely'
import type { LayerQuery } from './encoder.js'
import { EXACT_POINT_FIELDS, GENERALISED_CELL_M, GENERALISED_POINT_FIELDS, type TileAddress } from './tile.js'
import { bufferedEnvelope, type Box } from './tile.sql.js'

/** Filters of the hexbins and points layers: whole months (first days) and the referral's attributes. */
export interface TileFilter {
  /** First day of the first month, and of the month after the last. */
  from: string
  until: string
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
}

/**
 * Exact located events for casework roles (a lead: the organisation's; a caseworker: their caseload),
 * through casework_locations_in_box (migration 0016), which applies the row-level-security rule
 * after the spatial index (under RLS the index could not be used). Restricted referrals are left
 * out, as from every map layer. Properties: `referralId`, `kind`, `month` (YYYY-MM).
 */
export function exactPointsLayer(t: TileAddress, box: Box, f: TileFilter): LayerQuery {
  return {
    name: 'points',
    properties: Object.keys(EXACT_POINT_FIELDS),
    query: sql`
      select s.geom, s."referralId", s.kind, s.month from (
        select ST_Transform(l.geom, 3857) as geom, l.referral_id::text as "referralId", l.kind,
               to_char(l.observed_on, 'YYYY-MM') as month
        from casework_locations_in_box(${box.xmin}::float8, ${box.ymin}::float8, ${box.xmax}::float8, ${box.ymax}::float8,
                                       ${f.from}::date, ${f.until}::date, ${f.programme ?? null}::text,
                                       ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) l
      ) s
      where s.geom && ${bufferedEnvelope(t)}`,
  }
}

/**
 * Generalised points for partners under a "generalised" agreement: centres of the agreement's fixed
 * cells, by the SECURITY DEFINER tile_generalised_points (migration 0021) under the agreement's scope.
 * Property: `count` (distinct referrals in the cell, perturbed; cells published as 0 left out).
 */
export function generalisedPointsLayer(t: TileAddress, box: Box, f: TileFilter, cellM: number = GENERALISED_CELL_M): LayerQuery {
  return {
    name: 'points',
    properties: Object.keys(GENERALISED_POINT_FIELDS),
    query: sql`
      select s.geom, s.count from (
        select ST_Transform(ST_SetSRID(ST_MakePoint(g.x, g.y), 27700), 3857) as geom, g.referrals as count
        from tile_generalised_points(${box.xmin}::float8, ${box.ymin}::float8, ${box.xmax}::float8, ${box.ymax}::float8,
                                     ${f.from}::date, ${f.until}::date, ${cellM}::integer,
                                     ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) g
      ) s
      where s.geom && ${bufferedEnvelope(t)}`,
  }
}
