/** Minimal GeoJSON shapes the tests read back. */
export interface TestFeature {
  type: 'Feature'
  id?: string
  geometry: { type: string; coordinates: unknown }
  properties: Record<string, unknown>
}
export interface TestFeatureCollection {
  type: 'FeatureCollection'
  attribution: string
  features: TestFeature[]
}

/** Every [x, y] position in a geometry's coordinates. */
export function positions(coords: unknown): number[][] {
  if (!Array.isArray(coords)) return []
  if (typeof coords[0] === 'number') return [coords as number[]]
  return coords.flatMap(positions)
}

/** A square polygon feature in EPSG:27700 metres. */
export function square27700(code: string, name: string, x: number, y: number, size: number, props: Record<string, unknown> = {}) {
  return {
    type: 'Feature',
    properties: { code, name, ...props },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + size, y],
          [x + size, y + size],
          [x, y + size],
          [x, y],
        ],
      ],
    },
  }
}

export const CRS_27700 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }
