import type { FeatureCollection } from 'geojson'
import { describe, expect, it } from 'vitest'
import { geometryBounds } from '../../web/src/geo/bounds.js'
import { labelPoint, labelPoints } from '../../web/src/geo/label-points.js'

/** An L-shaped polygon: its centroid falls outside it, a label point must not. */
const L_SHAPE = [
  [
    [0, 51],
    [0.1, 51],
    [0.1, 51.01],
    [0.01, 51.01],
    [0.01, 51.1],
    [0, 51.1],
    [0, 51],
  ],
]
/** A square a degree or so to the east, much smaller. */
const ISLET = [
  [
    [1, 51],
    [1.001, 51],
    [1.001, 51.001],
    [1, 51.001],
    [1, 51],
  ],
]

const inside = ([x, y]: number[], ring: number[][]) => {
  let result = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!,
      [xj, yj] = ring[j]!
    if (yi! > y! !== yj! > y! && x! < ((xj! - xi!) * (y! - yi!)) / (yj! - yi!) + xi!) result = !result
  }
  return result
}

describe('label points', () => {
  it('places the label inside a concave polygon', () => {
    const found = labelPoint([L_SHAPE])!
    expect(inside(found.point, L_SHAPE[0]!)).toBe(true)
  })

  it('labels the largest part of a multipolygon, once', () => {
    const areas: FeatureCollection = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: 'X1', name: 'Example' }, geometry: { type: 'MultiPolygon', coordinates: [ISLET, L_SHAPE] } }],
    }
    const { features } = labelPoints(areas, 'borough')
    expect(features).toHaveLength(1)
    expect(features[0]!.properties).toMatchObject({ code: 'X1', name: 'Example', kind: 'borough' })
    expect(inside(features[0]!.geometry.coordinates, L_SHAPE[0]!)).toBe(true)
  })

  it('bounds a geometry', () => {
    expect(geometryBounds({ type: 'MultiPolygon', coordinates: [ISLET, L_SHAPE] })).toEqual([0, 51, 1.001, 51.1])
    expect(geometryBounds({ type: 'GeometryCollection', geometries: [] })).toBeNull()
  })
})
