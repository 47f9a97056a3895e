import { cellsWithinHexDistance, type Axial } from './hexgrid.js'

/**
 * A study area's cells as arrays, with their distance-band neighbours in compressed sparse rows:
 * the band of cell i (the cell itself first, then every other study-area cell within `hexDistance`
 * steps) is `neighbours[offsets[i] .. offsets[i+1])`. Neighbours are found by axial index arithmetic
 * (a hash of (q, r)), never by a distance search, so building it is linear in cells × band size.
 * Cells outside the study area are simply absent from every band.
 */
export interface Lattice {
  readonly n: number
  readonly q: Int32Array
  readonly r: Int32Array
  readonly offsets: Int32Array
  readonly neighbours: Int32Array
}

/** A collision-free numeric key for axial coordinates well inside ±2^25 (London at 100 m needs ±10^4). */
export const axialKey = (q: number, r: number): number => (q + 33_554_432) * 67_108_864 + (r + 33_554_432)

export function hexLattice(cells: readonly Axial[], hexDistance: number): Lattice {
  const n = cells.length
  const q = new Int32Array(n)
  const r = new Int32Array(n)
  const index = new Map<number, number>()
  cells.forEach((c, i) => {
    q[i] = c.q
    r[i] = c.r
    if (index.has(axialKey(c.q, c.r))) throw new RangeError(`cell ${c.q}:${c.r} is listed twice`)
    index.set(axialKey(c.q, c.r), i)
  })
  const offsetsOfBand = cellsWithinHexDistance({ q: 0, r: 0 }, hexDistance).filter((o) => o.q !== 0 || o.r !== 0)
  const offsets = new Int32Array(n + 1)
  const out = new Int32Array(n * (offsetsOfBand.length + 1))
  let k = 0
  for (let i = 0; i < n; i++) {
    offsets[i] = k
    out[k++] = i
    for (const o of offsetsOfBand) {
      const j = index.get(axialKey(q[i]! + o.q, r[i]! + o.r))
      if (j !== undefined) out[k++] = j
    }
  }
  offsets[n] = k
  return { n, q, r, offsets, neighbours: out.slice(0, k) }
}
