import type { Feature, FeatureCollection, Point, Position } from 'geojson'

/**
 * One label point per area, inside the area and as far from its edges as possible (the "pole of
 * inaccessibility", found with the polylabel grid search), so a borough label sits in the
 * borough's bulk rather than on a border, and once rather than once per tile.
 */
type Ring = Position[]
type Xy = [number, number]

export interface LabelPointProperties {
  name: string
  code: string
  kind: string
  /** Area of the largest part in km²; the label sort key (small areas are placed first). */
  rank: number
}

/** Label points for the polygons of a FeatureCollection of areas. */
export function labelPoints(areas: FeatureCollection, kind: string): FeatureCollection<Point, LabelPointProperties> {
  const features: Feature<Point, LabelPointProperties>[] = []
  for (const f of areas.features) {
    const g = f.geometry
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue
    const found = labelPoint(g.type === 'Polygon' ? [g.coordinates] : g.coordinates)
    if (!found) continue
    const props = (f.properties ?? {}) as { name?: string; code?: string }
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: found.point },
      properties: { name: props.name ?? '', code: props.code ?? '', kind, rank: Math.round(found.areaKm2 * 100) / 100 },
    })
  }
  return { type: 'FeatureCollection', features }
}

const KM_PER_DEGREE = 111.32

/** Pole of inaccessibility of the largest polygon, worked out in a local equirectangular plane. */
export function labelPoint(polygons: Ring[][]): { point: Position; areaKm2: number } | null {
  let best: { rings: Xy[][]; area: number } | null = null
  let cosLat = 1
  for (const rings of polygons) {
    const outer = rings[0]
    if (!outer || outer.length < 4) continue
    cosLat = Math.cos(((outer[0]![1] ?? 0) * Math.PI) / 180)
    const projected = rings.map((r) => thin(r).map(([lon, lat]) => [lon! * cosLat, lat!] as Xy))
    const area = Math.abs(ringArea(projected[0]!))
    if (!best || area > best.area) best = { rings: projected, area }
  }
  if (!best) return null
  const [x, y] = polylabel(best.rings)
  return { point: [round6(x / cosLat), round6(y)], areaKm2: best.area * KM_PER_DEGREE * KM_PER_DEGREE }
}

/** At most ~MAX_VERTICES of a ring: a label needs the shape, not every surveyed vertex. */
const MAX_VERTICES = 300
function thin(ring: Ring): Ring {
  const step = Math.ceil(ring.length / MAX_VERTICES)
  return step <= 1 ? ring : ring.filter((_, i) => i % step === 0 || i === ring.length - 1)
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6

function ringArea(ring: Xy[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1])
  return sum / 2
}

interface Cell {
  x: number
  y: number
  h: number
  d: number
  max: number
}

function cell(x: number, y: number, h: number, rings: Xy[][]): Cell {
  const d = signedDistance(x, y, rings)
  return { x, y, h, d, max: d + h * Math.SQRT2 }
}

/** Mapbox's polylabel (ISC): best-first search over square cells, to 1/100 of the polygon's size. */
function polylabel(rings: Xy[][]): Xy {
  const outer = rings[0]!
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity
  for (const [x, y] of outer) {
    minX = Math.min(minX, x)
    minY = Math.min(minY, y)
    maxX = Math.max(maxX, x)
    maxY = Math.max(maxY, y)
  }
  const size = Math.min(maxX - minX, maxY - minY)
  if (size === 0) return [minX, minY]
  const precision = Math.max(maxX - minX, maxY - minY) / 100
  const queue = new MaxHeap()
  const push = (c: Cell) => queue.push(c)
  const h = size / 2
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h, y + h, h, rings))
  let best = centroidCell(outer, rings)
  const bboxCell = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0, rings)
  if (bboxCell.d > best.d) best = bboxCell
  while (queue.size) {
    const c = queue.pop()!
    if (c.d > best.d) best = c
    if (c.max - best.d <= precision) continue
    const q = c.h / 2
    push(cell(c.x - q, c.y - q, q, rings))
    push(cell(c.x + q, c.y - q, q, rings))
    push(cell(c.x - q, c.y + q, q, rings))
    push(cell(c.x + q, c.y + q, q, rings))
  }
  return [best.x, best.y]
}

function centroidCell(ring: Xy[], rings: Xy[][]): Cell {
  let area = 0,
    x = 0,
    y = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!,
      b = ring[j]!
    const f = a[0] * b[1] - b[0] * a[1]
    x += (a[0] + b[0]) * f
    y += (a[1] + b[1]) * f
    area += f * 3
  }
  return area === 0 ? cell(ring[0]![0], ring[0]![1], 0, rings) : cell(x / area, y / area, 0, rings)
}

/** Distance from a point to the polygon's edge, negative outside it. */
function signedDistance(px: number, py: number, rings: Xy[][]): number {
  let inside = false
  let minSq = Infinity
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!,
        b = ring[j]!
      if (a[1] > py !== b[1] > py && px < ((b[0] - a[0]) * (py - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside
      minSq = Math.min(minSq, segmentDistanceSq(px, py, a, b))
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq)
}

function segmentDistanceSq(px: number, py: number, a: Xy, b: Xy): number {
  let [x, y] = a
  let dx = b[0] - x,
    dy = b[1] - y
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy)
    if (t > 1) {
      x = b[0]
      y = b[1]
    } else if (t > 0) {
      x += dx * t
      y += dy * t
    }
  }
  dx = px - x
  dy = py - y
  return dx * dx + dy * dy
}

/** Binary max-heap of cells by their potential (`max`), as polylabel's priority queue. */
class MaxHeap {
  private items: Cell[] = []
  get size() {
    return this.items.length
  }
  push(c: Cell): void {
    const a = this.items
    let i = a.push(c) - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (a[parent]!.max >= c.max) break
      a[i] = a[parent]!
      i = parent
    }
    a[i] = c
  }
  pop(): Cell | undefined {
    const a = this.items
    const top = a[0]
    const last = a.pop()
    if (!a.length || !last) return top
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const child = l + 1 < a.length && a[l + 1]!.max > a[l]!.max ? l + 1 : l
      if (child >= a.length || a[child]!.max <= last.max) break
      a[i] = a[child]!
      i = child
    }
    a[i] = last
    return top
  }
}
