import { buffer, featureCollection, intersect } from '@turf/turf'
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson'

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
