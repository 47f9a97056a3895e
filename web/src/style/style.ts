import type { FeatureCollection } from 'geojson'
import type { GeoJSONSourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import { layers, SOURCE } from './layers.js'
import { light, type Theme } from './theme.js'

export interface StyleOptions {
  /** Absolute base of the REST API, e.g. `http://127.0.0.1:3000/api/v1`. */
  apiBase: string
  theme?: Theme
  /** Licence statement shown by the attribution control (the OGL text from /api/v1/meta). */
  attribution?: string
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] }

export type AreaKind = 'borough' | 'ward' | 'lsoa'

/**
 * URL of one kind of area as GeoJSON, at the detail a map draws (`detail=display`: simplified to
 * within a metre, under a pixel up to zoom 17, about half the size; lookups use the full shapes).
 */
export const areasUrl = (apiBase: string, kind: AreaKind) => `${apiBase}/areas?kind=${kind}&detail=display`
/** URL of every shared border as GeoJSON, at the detail a map draws (lengths are the full borders'). */
export const bordersUrl = (apiBase: string) => `${apiBase}/borders?detail=display`
/** The boroughs and borders as one SVG picture, shown while the map starts (map/overview.ts; the page preloads it). */
export const OVERVIEW_URL = '/api/v1/areas/overview.svg'

const fromUrl = (data: string, extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification => ({ type: 'geojson', data, ...extra })
const empty = (extra: Partial<GeoJSONSourceSpecification> = {}): GeoJSONSourceSpecification => ({ type: 'geojson', data: EMPTY_COLLECTION, ...extra })

/**
 * A complete MapLibre style built only from the service's own GeoJSON, so the map works with no
 * internet. Boroughs and borders are fetched as soon as the map loads; wards and LSOAs start empty
 * and are filled by the page when the view first zooms in far enough (they are 3.5 and 4.5 MB).
 *
 * There is deliberately no `glyphs` URL: MapLibre then rasterises label text itself (TinySDF on a
 * canvas) from fonts already on the device, so labels need no network and no bundled font files.
 * No sprite either: nothing in the style uses an icon.
 */
export function buildStyle({ apiBase, theme = light, attribution }: StyleOptions): StyleSpecification {
  return {
    version: 8,
    name: 'crossborough',
    metadata: { 'crossborough:apiBase': apiBase },
    sources: {
      [SOURCE.boroughs]: fromUrl(areasUrl(apiBase, 'borough'), { promoteId: 'code', ...(attribution ? { attribution } : {}) }),
      [SOURCE.wards]: empty({ promoteId: 'code' }),
      [SOURCE.lsoas]: empty({ promoteId: 'code' }),
      [SOURCE.borders]: fromUrl(bordersUrl(apiBase)),
      [SOURCE.highlight]: empty(),
      [SOURCE.labels]: empty(),
      [SOURCE.selection]: empty(),
    },
    layers: layers(theme),
  }
}
