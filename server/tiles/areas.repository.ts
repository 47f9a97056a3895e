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
    // An area smaller than one tile unit squared after simplification snaps to a zero-area ring in
    // the encoders (at z0 the inner boroughs, with geojson-vt): it is left out at that zoom instead.
    query: sql`
      select ST_Transform(s.g, 3857) as geom, s.code, s.name
      from (select ST_SimplifyPreserveTopology(a.geom, ${tolerance}::float8) as g, a.code, a.name
            from areas a
            where a.kind = ${l.kind} and (a.valid_to is null or a.valid_to > current_date)
              and a.geom && ${box27700(box)}) s
      where ST_Area(s.g) >= ${tolerance * tolerance}::float8`,
  }))
}
