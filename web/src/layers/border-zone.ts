import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl'
import { BORDER_ZONE } from './palette.js'
import { BELOW_BORDERS } from './overlay.js'

export const BORDER_ZONE_SOURCE = 'borderzone'

/** Metres per CSS pixel at a zoom, at London's latitude (512-pixel tiles). */
const metresPerPixel = (zoom: number, lat = 51.5) => (40_075_016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** zoom)

/**
 * Line width that covers `distanceM` metres on each side of the border at every zoom: exponential
 * (base 2) interpolation between two zooms is exact, since the scale doubles with each zoom level.
 */
export const bandWidth = (distanceM: number): ExpressionSpecification =>
  ['interpolate', ['exponential', 2], ['zoom'], 8, (2 * distanceM) / metresPerPixel(8), 20, (2 * distanceM) / metresPerPixel(20)]

/** The band within D metres of a shared border, drawn under the borders themselves. */
export const borderZoneLayers = (distanceM: number): LayerSpecification[] => [
  {
    id: 'borderzone-band', type: 'line', source: BORDER_ZONE_SOURCE,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: { 'line-color': BORDER_ZONE.fill, 'line-opacity': 0.28, 'line-width': bandWidth(distanceM) },
  },
]
export const BORDER_ZONE_BEFORE = BELOW_BORDERS
