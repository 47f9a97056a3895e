import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { LayerQuery } from './encoder.js'
import type { TileFilter } from './points.repository.js'
import { HEXBIN_FIELDS, type HexTileSize, type TileAddress } from './tile.js'
import { bufferedEnvelope } from './tile.sql.js'

/** A hex cell of a tile size as published (exact for a lead, perturbed for everyone else). */
export interface PublishedHex {
  q: number
  r: number
  count: number | null
  suppressed: boolean
}

export interface HexCellRow {
  line: 'cell' | 'total'
  q: number | null
  r: number | null
  n: number | null
  suppressed: boolean
}

/**
 * Distinct-referral counts per hex (tile_hex_cells: precomputed for leads, migration 0012; the
 * published cells of analysis_hex_counts for everyone else, migration 0021) over the whole grid.
 * Tiles are sliced from it in JavaScript (tiles.service.ts), so the function's box bounds stay null.
 */
export async function hexCells(db: Kysely<DB>, size: HexTileSize, f: TileFilter & { to: string }): Promise<HexCellRow[]> {
  const { rows } = await sql<{ line: 'cell' | 'total'; q: number | null; r: number | null; n: number | string | null; suppressed: boolean }>`
    select line, cell_q as q, cell_r as r, n, suppressed
    from tile_hex_cells(${size}::integer, ${f.from}::date, ${f.to}::date, null, null, null, null,
                        ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(db)
  return rows.map((r) => ({ ...r, n: r.n === null ? null : Number(r.n) }))
}

/** The `hexbins` MVT layer: the given cells' hexagons that meet the buffered tile; `id` (H<size>:q:r), `count`, `suppressed`. */
export function hexbinsLayer(t: TileAddress, size: HexTileSize, cells: readonly PublishedHex[]): LayerQuery {
  return {
    name: 'hexbins',
    properties: Object.keys(HEXBIN_FIELDS),
    query: sql`
      select s.geom, s.id, s.count, s.suppressed from (
        select ST_Transform(hex_cell_geom(${size}::float8, (e->>0)::integer, (e->>1)::integer), 3857) as geom,
               'H' || ${size}::integer || ':' || (e->>0) || ':' || (e->>1) as id,
               (e->>2)::bigint as count, (e->>3)::boolean as suppressed
        from jsonb_array_elements(${JSON.stringify(cells.map((c) => [c.q, c.r, c.count, c.suppressed]))}::jsonb) e
      ) s
      where ST_Intersects(s.geom, ${bufferedEnvelope(t)})`,
  }
}
