import { bundledBoroughs } from '../geodata/bundled.js'
import { GEODATA_FILES } from '../geodata/sources.js'
import { boundaryPath, readBoundaryCollection } from '../geodata/packed.js'

/** Metres per degree of latitude, and of longitude at London's latitude (good to 1% across London). */
export const M_PER_DEG_LAT = 111_320
export const M_PER_DEG_LON = 111_320 * Math.cos((51.5 * Math.PI) / 180)

/** A point `dx` metres east and `dy` metres north of [lon, lat]. */
export const offset = ([lon, lat]: readonly [number, number], dx: number, dy: number): [number, number] => [lon + dx / M_PER_DEG_LON, lat + dy / M_PER_DEG_LAT]

/** Distance in metres between two nearby lon/lat points. */
export const distanceM = (a: readonly [number, number], b: readonly [number, number]) =>
  Math.hypot((a[0] - b[0]) * M_PER_DEG_LON, (a[1] - b[1]) * M_PER_DEG_LAT)

interface Borough {
  code: string
  bbox: [number, number, number, number]
  /** Edges [x1, y1, x2, y2] of every ring, bucketed by latitude strip for fast even-odd tests. */
  strips: Float64Array[]
  y0: number
}

const STRIP_DEG = 0.002 // about 220 m

/**
 * Which London borough a lon/lat point falls in (even-odd rule over every ring, so holes and the
 * Thames, which the boundaries exclude, answer null). Built once from the borough polygons; answers
 * in well under a microsecond, so the generator can reject points off land at a million points.
 */
export class BoroughLocator {
  readonly codes: readonly string[]
  readonly bbox: [number, number, number, number]
  private readonly boroughs: Borough[]

  constructor(collection: { features: readonly object[] }) {
    this.boroughs = collection.features.map((f) => toBorough(f as BoroughFeature))
    if (this.boroughs.length === 0) throw new Error('no borough polygons to place demo data in')
    this.codes = this.boroughs.map((b) => b.code).sort()
    this.bbox = this.boroughs.reduce<[number, number, number, number]>(
      (acc, b) => [Math.min(acc[0], b.bbox[0]), Math.min(acc[1], b.bbox[1]), Math.max(acc[2], b.bbox[2]), Math.max(acc[3], b.bbox[3])],
      [Infinity, Infinity, -Infinity, -Infinity],
    )
  }

  /** The GSS code of the borough containing the point, or null (outside London, or in the Thames). */
  boroughAt(lon: number, lat: number): string | null {
    for (const b of this.boroughs) {
      if (lon < b.bbox[0] || lon > b.bbox[2] || lat < b.bbox[1] || lat > b.bbox[3]) continue
      const edges = b.strips[Math.floor((lat - b.y0) / STRIP_DEG)]
      if (!edges) continue
      let inside = false
      for (let i = 0; i < edges.length; i += 4) {
        const y1 = edges[i + 1]!
        const y2 = edges[i + 3]!
        if (y1 > lat !== y2 > lat) {
          const x1 = edges[i]!
          const x2 = edges[i + 2]!
          if (lon < x1 + ((lat - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside
        }
      }
      if (inside) return b.code
    }
    return null
  }
}

interface BoroughFeature {
  properties: Record<string, unknown> | null
  geometry: { type: string; coordinates: unknown }
}

function toBorough(f: BoroughFeature): Borough {
  const code = String(f.properties?.GSS_CODE ?? f.properties?.code ?? '')
  if (!code) throw new Error('a borough feature has no GSS_CODE')
  const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][]
  const rings = polygons.flat(1)
  const bbox: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const ring of rings)
    for (const [x, y] of ring as [number, number][]) {
      bbox[0] = Math.min(bbox[0], x)
      bbox[1] = Math.min(bbox[1], y)
      bbox[2] = Math.max(bbox[2], x)
      bbox[3] = Math.max(bbox[3], y)
    }
  const y0 = bbox[1]
  const n = Math.floor((bbox[3] - y0) / STRIP_DEG) + 1
  const buckets: number[][] = Array.from({ length: n }, () => [])
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i] as [number, number]
      const [x2, y2] = ring[i + 1] as [number, number]
      const from = Math.floor((Math.min(y1, y2) - y0) / STRIP_DEG)
      const to = Math.floor((Math.max(y1, y2) - y0) / STRIP_DEG)
      for (let s = from; s <= to; s++) buckets[s]!.push(x1, y1, x2, y2)
    }
  }
  return { code, bbox, strips: buckets.map((b) => Float64Array.from(b)), y0 }
}

/**
 * The London borough polygons (lon/lat) the demo places points in: the real boundaries in
 * `geodataDir` when present, else the bundled simplified set the service also falls back to.
 */
export function londonBoroughs(geodataDir: string | undefined): { features: object[]; source: string } {
  const file = geodataDir ? boundaryPath(geodataDir, GEODATA_FILES[0]!.file) : undefined
  if (file) {
    const fc = readBoundaryCollection(file) as { features: object[] }
    const probe = new BoroughLocator(fc).bbox
    if (probe[0] < -180 || probe[2] > 180 || probe[1] < -90 || probe[3] > 90) throw new Error(`${file} is not in lon/lat (CRS84)`)
    return { features: fc.features, source: file }
  }
  return { features: bundledBoroughs().features, source: 'bundled simplified boroughs' }
}
