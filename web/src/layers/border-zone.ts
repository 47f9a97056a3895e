import { buffer, featureCollection, intersect } from '@turf/turf'
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson'
import type { LayerSpecification } from 'maplibre-gl'
import { BORDER_ZONE } from './palette.js'
import { BELOW_BORDERS } from './overlay.js'

export const BORDER_ZONE_SOURCE = 'borderzone'
export const BORDER_ZONE_LAYERS = ['borderzone-band', 'borderzone-outline', 'borderzone-label'] as const

type Area = Feature<Polygon | MultiPolygon, { code?: string; name?: string }>

/**
 * The zone within `distanceM` of a shared border, cut into its two sides: the border's buffer
 * intersected with each borough. Each side is one polygon (no overlapping line caps, so the band
 * reads as one even tint at every zoom) carrying its borough's code and name for its label.
 */
export function borderZoneSides(border: Feature<MultiLineString>, distanceM: number, sides: Area[]): FeatureCollection {
  const zone = buffer(border, distanceM, { units: 'meters', steps: 8 })
  if (!zone) return { type: 'FeatureCollection', features: [] }
  const features: Feature[] = []
  sides.forEach((area, i) => {
    const part = intersect(featureCollection([zone as Feature<Polygon | MultiPolygon>, area]))
    if (part) features.push({ ...part, properties: { side: i, code: area.properties?.code, label: `${area.properties?.name ?? area.properties?.code} side` } })
  })
  return { type: 'FeatureCollection', features }
}

const sideColour = ['match', ['get', 'side'], 0, BORDER_ZONE.fill, BORDER_ZONE.other] as never

/** Each side tinted apart and named, drawn under the borders themselves. */
export const borderZoneLayers = (): LayerSpecification[] => [
  { id: 'borderzone-band', type: 'fill', source: BORDER_ZONE_SOURCE, paint: { 'fill-color': sideColour, 'fill-opacity': 0.3 } },
  { id: 'borderzone-outline', type: 'line', source: BORDER_ZONE_SOURCE, paint: { 'line-color': sideColour, 'line-width': 1.5, 'line-dasharray': [3, 2] } },
  {
    id: 'borderzone-label', type: 'symbol', source: BORDER_ZONE_SOURCE, minzoom: 11,
    layout: { 'text-field': ['get', 'label'], 'text-font': ['Noto Sans Bold', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'DejaVu Sans'], 'text-size': 13, 'symbol-placement': 'point' },
    paint: { 'text-color': '#1f1e1c', 'text-halo-color': '#ffffff', 'text-halo-width': 2 },
  },
]
export const BORDER_ZONE_BEFORE = BELOW_BORDERS
