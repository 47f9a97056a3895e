import type { Geometry } from 'geojson'

export type BBox = [minLon: number, minLat: number, maxLon: number, maxLat: number]

/** Bounding box of a GeoJSON geometry (null when it has no positions), for `map.fitBounds`. */
export function geometryBounds(geometry: Geometry): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity]
  const visit = (coords: unknown): void => {
    if (!Array.isArray(coords)) return
    if (typeof coords[0] === 'number') {
      const [lon, lat] = coords as [number, number]
      box[0] = Math.min(box[0], lon)
      box[1] = Math.min(box[1], lat)
      box[2] = Math.max(box[2], lon)
      box[3] = Math.max(box[3], lat)
    } else coords.forEach(visit)
  }
  const geometries = geometry.type === 'GeometryCollection' ? geometry.geometries : [geometry]
  for (const g of geometries) if (g.type !== 'GeometryCollection') visit(g.coordinates)
  return box[0] === Infinity ? null : box
}
