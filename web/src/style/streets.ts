import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import { layers, namedFlavor } from '@protomaps/basemaps'
import type { Meta } from '../api.js'

const SOURCE = 'streets'
export const STREETS_ATTRIBUTION = '© OpenStreetMap contributors'

/**
 * The street basemap this service serves from its own PMTiles file (/basemap/tiles), drawn with
 * Protomaps' MapLibre layers in their grey flavour: streets and names to aim at, in no colour a data
 * layer uses. Icon layers are left out (the style has no sprite) and labels use the device's fonts,
 * as ours do, so nothing is fetched from anywhere but this service.
 */
export function streetsStyle(basemap: NonNullable<Meta['basemap']>, origin: string): StyleSpecification {
  const all = layers(SOURCE, namedFlavor('grayscale'), { lang: 'en' }) as LayerSpecification[]
  return {
    version: 8,
    sources: {
      [SOURCE]: {
        type: 'vector',
        // Joined as text: URL() would escape the {z}/{x}/{y} placeholders.
        tiles: [`${origin}${basemap.tiles}`],
        minzoom: basemap.minzoom,
        maxzoom: basemap.maxzoom,
        bounds: basemap.bounds,
        attribution: STREETS_ATTRIBUTION,
      },
    },
    layers: all.filter((l) => !(l.type === 'symbol' && l.layout && 'icon-image' in l.layout)),
  }
}
