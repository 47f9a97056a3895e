import { cellsWithinHexDistance, type Axial } from './hexgrid.js'

/**
 * A study area's cells as arrays, with their distance-band neighbours in compressed sparse rows:
 * the band of cell i (the cell itself first, then every other study-area cell within `hexDistance`
 * steps) is `neighbours[offsets[i] .. offsets[i+1])`. Neighbours are found by axial index arithmetic
 * (a dense array over the cells' range of (q, r)), never by a distance search, so building it is linear in cells × band size.
 * Cells outside the study area are simply absent from every band.
 */
export interface Lattice {
  readonly n: number
  readonly q: Int32Array
  readonly r: Int32Array
  readonly offsets: Int32Array
  readonly neighbours: Int32Array
  /** The index of cell (q, r), or −1 when it is not in the study area. */
  readonly find: (q: number, r: number) => number
}

export function hexLattice(cells: readonly Axial[], hexDistance: number): Lattice {
  const n = cells.length
  const q = new Int32Array(n)
  const r = new Int32Array(n)
  let qMin = Infinity,
    qMax = -Infinity,
    rMin = Infinity,
    rMax = -Infinity
  cells.forEach((c, i) => {
    q[i] = c.q
    r[i] = c.r
    qMin = Math.min(qMin, c.q)
    qMax = Math.max(qMax, c.q)
    rMin = Math.min(rMin, c.r)
    rMax = Math.max(rMax, c.r)
  })
  // A dense index over the cells' bounding box of axial coordinates (a few hundred thousand entries
  // for London at 100 m), padded by the band so neighbours need no bounds check beyond it.
  const pad = hexDistance
  const width = n === 0 ? 0 : qMax - qMin + 1 + 2 * pad
  const height = n === 0 ? 0 : rMax - rMin + 1 + 2 * pad
  const grid = new Int32Array(width * height).fill(-1)
  const at = (cq: number, cr: number) => (cq - qMin + pad) * height + (cr - rMin + pad)
  for (let i = 0; i < n; i++) {
    const g = at(q[i]!, r[i]!)
    if (grid[g] !== -1) throw new RangeError(`cell ${q[i]}:${r[i]} is listed twice`)
    grid[g] = i
  }
  const band = cellsWithinHexDistance({ q: 0, r: 0 }, hexDistance).filter((o) => o.q !== 0 || o.r !== 0)
  const steps = Int32Array.from(band.map((o) => o.q * height + o.r))
  const offsets = new Int32Array(n + 1)
  const out = new Int32Array(n * (band.length + 1))
  let k = 0
  for (let i = 0; i < n; i++) {
    offsets[i] = k
    out[k++] = i
    const g = at(q[i]!, r[i]!)
    for (let t = 0; t < steps.length; t++) {
      const j = grid[g + steps[t]!]!
      if (j !== -1) out[k++] = j
    }
  }
  offsets[n] = k
  const find = (cq: number, cr: number): number => {
    if (cq < qMin || cq > qMax || cr < rMin || cr > rMax) return -1
    return grid[at(cq, cr)]!
  }
  return { n, q, r, offsets, neighbours: out.slice(0, k), find }
}
