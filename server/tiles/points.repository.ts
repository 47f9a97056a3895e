import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { LayerQuery } from './encoder.js'
import { BUFFER, EXACT_POINT_FIELDS, EXTENT, GENERALISED_CELL_M, GENERALISED_POINT_FIELDS, type TileAddress } from './tile.js'
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
 * through tile_points_exact_rows (migration 0025) and casework_locations_in_box (migration 0016),
 * which applies the row-level-security rule after the spatial index (under RLS the index could not
 * be used). Restricted referrals are left out, as from every map layer. Properties: `referralId`,
 * `kind`, `month` (YYYY-MM).
 */
export function exactPointsLayer(t: TileAddress, box: Box, f: TileFilter): LayerQuery {
  return {
    name: 'points',
    properties: Object.keys(EXACT_POINT_FIELDS),
    query: sql`
      select p.geom, p."referralId", p.kind, p.month
      from tile_points_exact_rows(${t.z}::integer, ${t.x}::integer, ${t.y}::integer, ${BUFFER / EXTENT}::float8,
                                  ${box.xmin}::float8, ${box.ymin}::float8, ${box.xmax}::float8, ${box.ymax}::float8,
                                  ${f.from}::date, ${f.until}::date, ${f.programme ?? null}::text,
                                  ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) p`,
  }
}

/** What tile_points_exact_request (migration 0025) answers: the session's state, then the tile. */
export interface ExactTileRow {
  session_state: 'ok' | 'gone' | 'changed'
  referrals_version: string | number | null
  mvt: Uint8Array | null
  features: number | null
}

/**
 * The exact points tile in one statement (PostGIS encoder): the session check (when `session` is
 * given), the request's scope and role, the tile by ST_AsMVT and the read's audit record, in the
 * statement's own implicit transaction — so `db` must be the pool, never a transaction.
 */
export async function exactPointsTileStatement(
  db: Kysely<DB>,
  a: {
    session: Buffer | null
    ttlMinutes: number
    scope: readonly [dbRole: string, user: string, organisation: string, role: string, boroughs: string, agreement: string, k: string, noise: string]
    t: TileAddress
    box: Box
    f: TileFilter
    action: string
    detail: Record<string, unknown>
  },
): Promise<ExactTileRow> {
  const [dbRole, user, organisation, role, boroughs, agreement, k, noise] = a.scope
  const { t, box, f } = a
  const { rows } = await sql<ExactTileRow>`
    select * from tile_points_exact_request(
      ${a.session}::bytea, make_interval(mins => ${a.ttlMinutes}::int),
      ${dbRole}, ${user}, ${organisation}, ${role}, ${boroughs}, ${agreement}, ${k}, ${noise},
      ${t.z}::integer, ${t.x}::integer, ${t.y}::integer, ${EXTENT}::integer, ${BUFFER}::integer,
      ${box.xmin}::float8, ${box.ymin}::float8, ${box.xmax}::float8, ${box.ymax}::float8,
      ${f.from}::date, ${f.until}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text,
      ${a.action}, ${JSON.stringify(a.detail)}::jsonb)`.execute(db)
  return rows[0]!
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
