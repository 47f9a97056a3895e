import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { asGeoJson4326 } from '../db/spatial.js'
import type { HexFilter } from './hex.repository.js'

/**
 * SQL for the kernel density surface (leads only): the organisation's exact located events
 * from `analysis_exact_locations` (migration 0010: built on disclosed_locations(), refused to every
 * role but lead), and the grid cells' outlines in EPSG:4326.
 */

/** EPSG:27700 coordinates of every located event over whole months (first days of `from`, `to`). */
export async function exactPoints(db: Kysely<DB>, from: string, to: string, f: HexFilter): Promise<Array<{ x: number; y: number }>> {
  const { rows } = await sql<{ x: number; y: number }>`
    select ST_X(geom) as x, ST_Y(geom) as y
    from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(
    db,
  )
  return rows.map((r) => ({ x: Number(r.x), y: Number(r.y) }))
}

/** RFC 7946 Polygon text (lon/lat, 6 decimals) of each square cell (i, j) of the grid, in input order. */
export async function squareCells(
  db: Kysely<DB>,
  minX: number,
  minY: number,
  cellSize: number,
  cells: ReadonlyArray<readonly [number, number]>,
): Promise<string[]> {
  if (cells.length === 0) return []
  const { rows } = await sql<{ g: string }>`
    select ${asGeoJson4326(sql`ST_MakeEnvelope(${minX}::float8 + i * ${cellSize}::float8, ${minY}::float8 + j * ${cellSize}::float8,
                                               ${minX}::float8 + (i + 1) * ${cellSize}::float8, ${minY}::float8 + (j + 1) * ${cellSize}::float8, 27700)`)} as g
    from (select (e->>0)::integer as i, (e->>1)::integer as j, o from jsonb_array_elements(${JSON.stringify(cells)}::jsonb) with ordinality as t(e, o)) c
    order by o`.execute(db)
  return rows.map((r) => r.g)
}
