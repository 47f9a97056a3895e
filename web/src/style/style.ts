import type { FeatureCollection } from 'geojson'
import type { GeoJSONSourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { Detail } from '../../../server/areas/detail.js'
import { layers, SOURCE } from './layers.js'
import { light, type Theme } from './theme.js'

export interface StyleOptions {
  /** Absolute base of the REST API, e.g. `http://127.0.0.1:3000/api/v1`. */
  apiBase: string
  theme?: Theme
  /** Licence statement shown by the attribution control (the OGL text from /api/v1/meta). */
  attribution?: string
  /** The detail of the boroughs and borders the map starts with (map/detail.ts); `display` unless told. */
  boundaryDetail?: BoundaryDetail
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] }

export type AreaKind = 'borough' | 'ward' | 'lsoa'

/**
 * How finely a map draws boundaries: `display` is simplified to within a metre (under a pixel up to
 * zoom 17, about half the size of the full shapes); `overview` to within 12 m (under a pixel up to
 * zoom 12, under a third of display's vertices), what the map starts with when it opens that far out.
 * Lookups and classification always use the full shapes, on the server.
 */
export type BoundaryDetail = Exclude<Detail, 'full'>

/** URL of one kind of area as GeoJSON at a detail a map draws. */
export const areasUrl = (apiBase: string, kind: AreaKind, detail: BoundaryDetail = 'display') => `${apiBase}/areas?kind=${kind}&detail=${detail}`
/** URL of every shared border as GeoJSON at a detail a map draws (lengths are the full borders'). */
export const bordersUrl = (apiBase: string, detail: BoundaryDetail = 'display') => `${apiBase}/borders?detail=${detail}`
/** The boroughs and borders as one SVG picture, shown while the map starts (map/overview.ts; the page preloads it). */
export const OVERVIEW_URL = '/api/v1/areas/overview.svg'

const fromUrl = (data: string, extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification => ({ type: 'geojson', data, ...extra })
const empty = (extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification => ({ type: 'geojson', data: EMPTY_COLLECTION, ...extra })

/** The style's sources that start with no data (filled by the page later): the map's first frame waits for none of them. */
export const emptySources = (style: StyleSpecification): string[] =>
  Object.entries(style.sources)
    .filter(([, source]) => source.type === 'geojson' && source.data === EMPTY_COLLECTION)
    .map(([id]) => id)

/**
 * A complete MapLibre style built only from the service's own GeoJSON, so the map works with no
 * internet. Boroughs and borders are fetched as soon as the map loads; wards and LSOAs start empty
 * and are filled by the page when the view first zooms in far enough (they are 3.5 and 4.5 MB).
 *
 * There is deliberately no `glyphs` URL: MapLibre then rasterises label text itself (TinySDF on a
 * canvas) from fonts already on the device, so labels need no network and no bundled font files.
 * No sprite either: nothing in the style uses an icon.
 */
export function buildStyle({ apiBase, theme = light, attribution, boundaryDetail = 'display' }: StyleOptions): StyleSpecification {
  return {
    version: 8,
    name: 'crossborough',
    metadata: { 'crossborough:apiBase': apiBase },
    sources: {
      [SOURCE.boroughs]: fromUrl(areasUrl(apiBase, 'borough', boundaryDetail), { promoteId: 'code', ...(attribution ? { attribution } : {}) }),
      [SOURCE.wards]: empty({ promoteId: 'code' }),
      [SOURCE.lsoas]: empty({ promoteId: 'code' }),
      [SOURCE.borders]: fromUrl(bordersUrl(apiBase, boundaryDetail)),
      [SOURCE.highlight]: empty(),
      [SOURCE.labels]: empty(),
      [SOURCE.selection]: empty(),
    },
    layers: layers(theme),
  }
}
