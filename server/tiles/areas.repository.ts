import { sql } from 'kysely'
import type { LayerQuery } from './encoder.js'
import { AREA_FIELDS, AREA_LAYERS, type TileAddress } from './tile.js'
import { box27700, groundMetresPerUnit, type Box } from './tile.sql.js'

/**
 * Layers of the public `areas` tile: boundaries in force of each kind shown at this zoom, simplified
 * to about one tile unit (ST_SimplifyPreserveTopology), with `code` and `name`.
 */
export function areaLayers(t: TileAddress, box: Box): LayerQuery[] {
  const tolerance = groundMetresPerUnit(t.z)
  return AREA_LAYERS.filter((l) => t.z >= l.minZoom).map((l) => ({
    name: l.name,
    properties: Object.keys(AREA_FIELDS),
    query: sql`
      select ST_Transform(ST_SimplifyPreserveTopology(a.geom, ${tolerance}::float8), 3857) as geom, a.code, a.name
      from areas a
      where a.kind = ${l.kind} and (a.valid_to is null or a.valid_to > current_date)
        and a.geom && ${box27700(box)}`,
  }))
}
