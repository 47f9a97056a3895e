import type { LayerSpecification } from 'maplibre-gl'
import { BORDER_ZONE } from './palette.js'
import { BELOW_BORDERS } from './overlay.js'

export const BORDER_ZONE_SOURCE = 'borderzone'
export const BORDER_ZONE_LAYERS = ['borderzone-band', 'borderzone-outline', 'borderzone-label'] as const

const sideColour = ['match', ['get', 'side'], 0, BORDER_ZONE.fill, BORDER_ZONE.other] as never

/** Each side tinted apart and named, drawn under the borders themselves. */
export const borderZoneLayers = (): LayerSpecification[] => [
  { id: 'borderzone-band', type: 'fill', source: BORDER_ZONE_SOURCE, paint: { 'fill-color': sideColour, 'fill-opacity': 0.3 } },
  { id: 'borderzone-outline', type: 'line', source: BORDER_ZONE_SOURCE, paint: { 'line-color': sideColour, 'line-width': 1.5, 'line-dasharray': [3, 2] } },
  {
    id: 'borderzone-label',
    type: 'symbol',
    source: BORDER_ZONE_SOURCE,
    minzoom: 11,
    layout: {
      'text-field': ['get', 'label'],
      'text-font': ['Noto Sans Bold', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'DejaVu Sans'],
      'text-size': 13,
      'symbol-placement': 'point',
    },
    paint: { 'text-color': '#1f1e1c', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  },
]
export const BORDER_ZONE_BEFORE = BELOW_BORDERS
