import { invalid } from '../errors/problem.js'

/**
 * Tile addresses and the layers served at `/tiles/{layer}/{z}/{x}/{y}.mvt`: an allowlist
 * of layer names, zoom bands and the hex size of each band. Web-mercator XYZ tiles, 4096 units a side,
 * a 64-unit buffer: the same on both encoders (server/tiles/encoder.ts).
 */

export const TILE_LAYERS = ['areas', 'hexbins', 'points'] as const
export type TileLayer = (typeof TILE_LAYERS)[number]

export const MAX_ZOOM = 22
export const EXTENT = 4096
export const BUFFER = 64
/** Exact or generalised points start at this zoom: below it use hexbins. */
export const POINTS_MIN_ZOOM = 10
/** Cell of generalised points (metres, EPSG:27700 grid): the fixed 250 m geography of the disclosure rules. */
export const GENERALISED_CELL_M = 250

/** MVT layers of the `areas` tile, each from its zoom up (public boundary data). */
export const AREA_LAYERS = [
  { name: 'boroughs', kind: 'borough', minZoom: 0 },
  { name: 'wards', kind: 'ward', minZoom: 10 },
  { name: 'lsoas', kind: 'lsoa', minZoom: 12 },
  { name: 'estates', kind: 'estate', minZoom: 11 },
  { name: 'patches', kind: 'patch', minZoom: 11 },
] as const

/** Types of MVT feature properties, as TileJSON's vector_layers name them. */
export type FieldType = 'String' | 'Number' | 'Boolean'

/**
 * The properties of each MVT layer and their types: the layer queries select exactly these columns
 * and TileJSON lists them, so both come from here.
 */
export const AREA_FIELDS = { code: 'String', name: 'String' } as const satisfies Record<string, FieldType>
export const HEXBIN_FIELDS = { id: 'String', count: 'Number', suppressed: 'Boolean' } as const satisfies Record<string, FieldType>
export const EXACT_POINT_FIELDS = { referralId: 'String', kind: 'String', month: 'String' } as const satisfies Record<string, FieldType>
export const GENERALISED_POINT_FIELDS = { count: 'Number' } as const satisfies Record<string, FieldType>

/**
 * The zoom TileJSON offers as maxzoom: beyond it clients scale up the z16 tile (boundaries are
 * simplified to about a tile unit, 0.15 m at z16 in London, and the finest hexes are 250 m), which
 * saves them requests; the service itself answers up to MAX_ZOOM.
 */
export const TILEJSON_MAX_ZOOM = 16

/** Hex circumradius (metres) of each zoom band: coarse cells at low zooms, the 250 m geography from z14. */
export const HEX_BANDS = [
  { minZoom: 0, maxZoom: 9, size: 2000 },
  { minZoom: 10, maxZoom: 11, size: 1000 },
  { minZoom: 12, maxZoom: 13, size: 500 },
  { minZoom: 14, maxZoom: MAX_ZOOM, size: 250 },
] as const
export type HexTileSize = (typeof HEX_BANDS)[number]['size']

export function hexSizeForZoom(z: number): HexTileSize {
  return HEX_BANDS.find((b) => z >= b.minZoom && z <= b.maxZoom)!.size
}

export interface TileAddress {
  z: number
  x: number
  y: number
}

/** Checks z/x/y (integers, 0 ≤ z ≤ 22, 0 ≤ x, y < 2^z); 400 naming the field otherwise. */
export function tileAddress(z: number, x: number, y: number): TileAddress {
  if (!Number.isInteger(z) || z < 0 || z > MAX_ZOOM) throw invalid('z', `must be a whole number from 0 to ${MAX_ZOOM}`)
  const n = 2 ** z
  if (!Number.isInteger(x) || x < 0 || x >= n) throw invalid('x', `must be a whole number from 0 to ${n - 1} at zoom ${z}`)
  if (!Number.isInteger(y) || y < 0 || y >= n) throw invalid('y', `must be a whole number from 0 to ${n - 1} at zoom ${z}`)
  return { z, x, y }
}

/** The tile's bounds in lon/lat (west, south, east, north), widened by `margin` tile widths on each side. */
export function tileBounds({ z, x, y }: TileAddress, margin = 0): [number, number, number, number] {
  const n = 2 ** z
  const lon = (px: number) => (px / n) * 360 - 180
  const lat = (py: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / n))) * 180) / Math.PI
  return [lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)]
}
