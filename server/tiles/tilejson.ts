import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import {
  AREA_FIELDS,
  AREA_LAYERS,
  EXACT_POINT_FIELDS,
  GENERALISED_POINT_FIELDS,
  HEX_BANDS,
  HEXBIN_FIELDS,
  POINTS_MIN_ZOOM,
  TILEJSON_MAX_ZOOM,
  type FieldType,
  type TileLayer,
} from './tile.js'

/**
 * TileJSON 3.0.0 documents of the tile layers, so a GIS client (QGIS "Vector Tile" connection,
 * MapLibre source `url`) adds a layer from one URL and learns its zoom range, extent and fields.
 */

export interface VectorLayer {
  id: string
  description: string
  minzoom: number
  maxzoom: number
  fields: Record<string, FieldType>
}

export interface TileJson {
  tilejson: '3.0.0'
  name: string
  description: string
  version: string
  attribution: string
  scheme: 'xyz'
  tiles: string[]
  minzoom: number
  maxzoom: number
  bounds: [number, number, number, number]
  center: [number, number, number]
  vector_layers: VectorLayer[]
}

/** West, south, east, north (lon/lat) of the boroughs in force: the service's extent. */
export async function serviceBounds(db: Kysely<DB>): Promise<[number, number, number, number]> {
  const {
    rows: [b],
  } = await sql<{ w: number | null; s: number | null; e: number | null; n: number | null }>`
    with x as (select ST_Extent(ST_Transform(ST_Envelope(geom), 4326)) as box from areas
               where kind = 'borough' and (valid_to is null or valid_to > current_date))
    select ST_XMin(box) as w, ST_YMin(box) as s, ST_XMax(box) as e, ST_YMax(box) as n from x`.execute(db)
  // No boroughs yet: Greater London's usual box, so a client still zooms to the right place.
  if (!b || b.w === null) return [-0.5104, 51.2868, 0.334, 51.6919]
  const r = (v: number | null) => Math.round(Number(v) * 1e5) / 1e5
  return [r(b.w), r(b.s), r(b.e), r(b.n)]
}

function layerFields(layer: TileLayer, actor: Actor | null): VectorLayer[] {
  if (layer === 'areas') {
    return AREA_LAYERS.map((l) => ({
      id: l.name,
      description: `${l.name} in force: GSS or local code and name`,
      minzoom: l.minZoom,
      maxzoom: TILEJSON_MAX_ZOOM,
      fields: { ...AREA_FIELDS },
    }))
  }
  if (layer === 'hexbins') {
    const bands = HEX_BANDS.map((b) => `z${b.minZoom}–${Math.min(b.maxZoom, TILEJSON_MAX_ZOOM)}: ${b.size} m`).join(', ')
    return [
      {
        id: 'hexbins',
        description: `Distinct referrals per hex (${bands}); count absent when suppressed`,
        minzoom: 0,
        maxzoom: TILEJSON_MAX_ZOOM,
        fields: { ...HEXBIN_FIELDS },
      },
    ]
  }
  // Partners get generalised cells with a count; the organisation's staff exact events.
  const partner = actor?.role === 'partner'
  return [
    {
      id: 'points',
      description: partner ? "Centres of the agreement's fixed cells with the distinct referrals in them (perturbed)" : 'Located events at their exact places',
      minzoom: POINTS_MIN_ZOOM,
      maxzoom: TILEJSON_MAX_ZOOM,
      fields: partner ? { ...GENERALISED_POINT_FIELDS } : { ...EXACT_POINT_FIELDS },
    },
  ]
}

const TITLES: Record<TileLayer, string> = {
  areas: 'crossborough boundaries',
  hexbins: 'crossborough referrals per hexagon',
  points: 'crossborough referral locations',
}

/**
 * The TileJSON of a layer. `base` is the service's absolute origin (as the client reached it);
 * `query` the data layers' period and filters, carried into the tile URL template unchanged.
 */
export function tileJson(layer: TileLayer, base: string, query: string, bounds: [number, number, number, number], actor: Actor | null): TileJson {
  const layers = layerFields(layer, actor)
  const minzoom = Math.min(...layers.map((l) => l.minzoom))
  return {
    tilejson: '3.0.0',
    name: TITLES[layer],
    description:
      layer === 'areas'
        ? "Boundaries in force (boroughs, wards, LSOAs, estates, patches), simplified to the tile's resolution"
        : "Referral data within the caller's rights, for the period and filters in the tile URL",
    version: '1.0.0',
    attribution: OGL_ATTRIBUTION,
    scheme: 'xyz',
    tiles: [`${base}/tiles/${layer}/{z}/{x}/{y}.mvt${query ? `?${query}` : ''}`],
    minzoom,
    maxzoom: TILEJSON_MAX_ZOOM,
    bounds,
    center: [Math.round(((bounds[0] + bounds[2]) / 2) * 1e5) / 1e5, Math.round(((bounds[1] + bounds[3]) / 2) * 1e5) / 1e5, Math.max(minzoom, 10)],
    vector_layers: layers,
  }
}
