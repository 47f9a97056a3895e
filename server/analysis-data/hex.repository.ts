import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * SQL access for the hex-grid analyses (issue 5). Counting happens in the database's disclosure
 * function `analysis_hex_counts` (migration 0008): it decides whose referrals the actor may count
 * and nulls cells of 1..k−1 for all but leads. Geometry, borough shares and the study area come from
 * the public boundary tables.
 */

export interface HexFilter {
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
}

export interface HexCountRow {
  line: 'cell' | 'total'
  q: number | null
  r: number | null
  /** null when primary-suppressed (1..k−1, non-leads only). */
  n: number | null
  suppressed: boolean
}

export interface Axial { q: number; r: number }

export interface HexShape {
  q: number
  r: number
  /** RFC 7946 geometry text (lon/lat, 6 decimals), when asked for. */
  geometry: string | null
  /** Share of the hexagon's area in each borough in force, largest first (empty outside every borough). */
  boroughs: { code: string; share: number }[]
}

/** Distinct referrals per hex of `size` metres over whole months (first days of `from`, `to`), and the total. */
export async function hexCounts(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter): Promise<HexCountRow[]> {
  const { rows } = await sql<{ line: 'cell' | 'total'; q: number | null; r: number | null; n: string | number | null; suppressed: boolean }>`
    select line, cell_q as q, cell_r as r, n, suppressed
    from analysis_hex_counts(${size}::integer, ${from}::date, ${to}::date,
                             ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(db)
  return rows.map((row) => ({ ...row, n: row.n === null ? null : Number(row.n) }))
}

/**
 * Geometry and borough shares of the given cells. The share is exact, not approximated: the area of
 * ST_Intersection of the hexagon (hex_cell_geom) with each borough's subdivided parts (area_parts,
 * which do not overlap; a hexagon covered by one part skips the intersection), summed per borough,
 * over the hexagon's area. Cells are sent as one JSON
 * parameter, so any number of them is one statement.
 */
export async function hexShapes(db: Kysely<DB>, size: number, cells: readonly Axial[], opts: { geometry?: boolean; shares?: boolean } = {}): Promise<Map<string, HexShape>> {
  const out = new Map<string, HexShape>()
  if (cells.length === 0) return out
  const withGeometry = opts.geometry ?? true
  const withShares = opts.shares ?? true
  const { rows } = await sql<{ q: number; r: number; geometry: string | null; boroughs: Array<{ code: string; share: number }> | string | null }>`
    with h as (
      select (e->>0)::integer as q, (e->>1)::integer as r, hex_cell_geom(${size}::double precision, (e->>0)::integer, (e->>1)::integer) as g
      from jsonb_array_elements(${JSON.stringify(cells.map((c) => [c.q, c.r]))}::jsonb) e
    )
    select h.q, h.r,
           case when ${withGeometry}::boolean then ST_AsGeoJSON(ST_Transform(h.g, 4326), 6, 0) end as geometry,
           case when ${withShares}::boolean then (
             select coalesce(jsonb_agg(jsonb_build_object('code', s.code, 'share', s.share) order by s.share desc, s.code), '[]'::jsonb)
             from (
               select p.code, sum(case when ST_CoveredBy(h.g, p.geom) then ST_Area(h.g) else ST_Area(ST_Intersection(h.g, p.geom)) end) / ST_Area(h.g) as share
               from area_parts p
               join areas a on a.id = p.area_id and a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
               where p.kind = 'borough' and ST_Intersects(p.geom, h.g)
               group by p.code
             ) s where s.share > 0
           ) end as boroughs
    from h`.execute(db)
  for (const row of rows) {
    const boroughs = typeof row.boroughs === 'string' ? JSON.parse(row.boroughs) as Array<{ code: string; share: number }> : row.boroughs ?? []
    out.set(`${row.q}:${row.r}`, {
      q: row.q, r: row.r, geometry: row.geometry,
      boroughs: boroughs.map((b) => ({ code: b.code, share: Math.round(Number(b.share) * 1e6) / 1e6 })),
    })
  }
  return out
}

/** Every cell of `size` whose centre lies in a borough in force (of `boroughs`; all when null), with that borough. */
export async function studyArea(db: Kysely<DB>, size: number, boroughs: readonly string[] | null): Promise<Array<Axial & { borough: string }>> {
  const { rows } = await sql<{ q: number; r: number; borough: string }>`
    select cell_q as q, cell_r as r, borough
    from analysis_study_area(${size}::integer, ${boroughs === null ? null : `{${boroughs.join(',')}}`}::text[])`.execute(db)
  return rows
}
