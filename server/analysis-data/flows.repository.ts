import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { HexFilter } from './hex.repository.js'

/**
 * SQL access for flows. Counting happens in the database's disclosure function
 * `analysis_flows` (migration 0021 replaces 0010's): it decides whose referrals the actor may count and,
 * for all but leads, publishes each count through the cell-key perturbation. Borough names and the points the map lines join come from the public
 * boundary tables.
 */

export interface FlowRow {
  line: 'cell' | 'origin' | 'destination' | 'total'
  /** Home borough; null on destination and grand totals. */
  origin: string | null
  /** Incident borough; null on origin and grand totals. */
  destination: string | null
  /** null when primary-suppressed (1..k−1, non-leads only). */
  n: number | null
  suppressed: boolean
}

/** Distinct referrals per (home borough, incident borough) over whole months (first days of `from`, `to`), with totals. */
export async function flowRows(db: Kysely<DB>, from: string, to: string, f: HexFilter): Promise<FlowRow[]> {
  const { rows } = await sql<{ line: FlowRow['line']; origin: string | null; destination: string | null; n: string | number | null; suppressed: boolean }>`
    select line, origin, destination, n, suppressed
    from analysis_flows(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(db)
  return rows.map((row) => ({ ...row, n: row.n === null ? null : Number(row.n) }))
}

export interface BoroughAnchor {
  code: string
  name: string
  /** A point inside the borough (ST_PointOnSurface), lon/lat, 6 decimals. */
  lon: number
  lat: number
}

/** Name and an inner point (ST_PointOnSurface, EPSG:4326) of each borough in force among `codes`. */
export async function boroughAnchors(db: Kysely<DB>, codes: readonly string[]): Promise<Map<string, BoroughAnchor>> {
  const out = new Map<string, BoroughAnchor>()
  if (codes.length === 0) return out
  const { rows } = await sql<{ code: string; name: string; lon: number; lat: number }>`
    select a.code, a.name, round(ST_X(p)::numeric, 6)::float8 as lon, round(ST_Y(p)::numeric, 6)::float8 as lat
    from areas a cross join lateral ST_Transform(ST_PointOnSurface(a.geom), 4326) p
    where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
      and a.code in (select jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb))`.execute(db)
  for (const r of rows) out.set(r.code, { code: r.code, name: r.name, lon: Number(r.lon), lat: Number(r.lat) })
  return out
}
