/**
 * The project's hex grid: flat-topped hexagons of circumradius `size` metres, axial coordinates
 * (q, r), origin (0, 0) of EPSG:27700. Centre: x = 1.5·size·q, y = √3·size·(r + q/2). Cell ids look
 * like `H250:q:r`. Which cell holds a point is decided in SQL only (`tile_hex_axial`, behind
 * `hex_cell`); this module works on the cells SQL returns. tests/golden/rules/hex.json holds the
 * cases both sides run.
 */

export const MIN_HEX_SIZE = 100
export const MAX_HEX_SIZE = 1000

export interface Axial {
  readonly q: number
  readonly r: number
}

export interface HexCell extends Axial {
  readonly size: number
}

/** The six axial neighbour offsets, in the order the issue lists them. */
export const NEIGHBOUR_OFFSETS: readonly Axial[] = [
  { q: 1, r: 0 },
  { q: -1, r: 0 },
  { q: 0, r: 1 },
  { q: 0, r: -1 },
  { q: 1, r: -1 },
  { q: -1, r: 1 },
]

/** True when `size` is an integer number of metres in the supported range 100–1000. */
export function isValidHexSize(size: number): boolean {
  return Number.isInteger(size) && size >= MIN_HEX_SIZE && size <= MAX_HEX_SIZE
}

const CELL_ID = /^H(\d+):(-?\d+):(-?\d+)$/

/** `H250:-3:7` → { size: 250, q: -3, r: 7 }; throws RangeError on anything else. */
export function parseCellId(id: string): HexCell {
  const m = CELL_ID.exec(id)
  if (!m) throw new RangeError(`not a hex cell id: ${JSON.stringify(id)}`)
  const size = Number(m[1])
  const q = Number(m[2])
  const r = Number(m[3])
  if (!Number.isSafeInteger(size) || size <= 0 || !Number.isSafeInteger(q) || !Number.isSafeInteger(r)) {
    throw new RangeError(`not a hex cell id: ${JSON.stringify(id)}`)
  }
  // Normalise −0 (from "-0") so that formatCellId(parseCellId(id)) is canonical.
  return { size, q: q + 0, r: r + 0 }
}

/** The SQL `hex_cell_id` format: 'H' || size || ':' || q || ':' || r. */
export function formatCellId(size: number, q: number, r: number): string {
  return `H${size}:${q + 0}:${r + 0}`
}

/** The six neighbours of (q, r). */
export function neighbours(cell: Axial): Axial[] {
  return NEIGHBOUR_OFFSETS.map((o) => ({ q: cell.q + o.q, r: cell.r + o.r }))
}

/** The ids of the six neighbours of a cell id (same size). */
export function neighbourIds(id: string): string[] {
  const c = parseCellId(id)
  return neighbours(c).map((n) => formatCellId(c.size, n.q, n.r))
}

/** Hex (ring) distance: the number of neighbour steps between two cells. */
export function hexDistance(a: Axial, b: Axial): number {
  const dq = a.q - b.q
  const dr = a.r - b.r
  return (Math.abs(dq) + Math.abs(dr) + Math.abs(dq + dr)) / 2
}

/** Centre of a cell in EPSG:27700 metres. */
export function cellCentre(size: number, cell: Axial): { x: number; y: number } {
  return { x: 1.5 * size * cell.q, y: Math.sqrt(3) * size * (cell.r + cell.q / 2) }
}

/** Euclidean distance in metres between two cell centres (same size). */
export function centreDistance(size: number, a: Axial, b: Axial): number {
  const dq = a.q - b.q
  const dr = a.r - b.r
  // |Δx|² + |Δy|² = size²·(2.25 dq² + 3 (dr + dq/2)²) = 3 size²·(dq² + dq dr + dr²)
  return size * Math.sqrt(3 * (dq * dq + dq * dr + dr * dr))
}

/** Area of one hexagon of circumradius `size`: (3√3/2)·size² m². */
export function hexArea(size: number): number {
  return ((3 * Math.sqrt(3)) / 2) * size * size
}

/** Every cell within hex distance `k` of `centre` (including it): 1 + 3k(k+1) cells, ring by ring. */
export function cellsWithinHexDistance(centre: Axial, k: number): Axial[] {
  if (!Number.isInteger(k) || k < 0) throw new RangeError('hex distance must be a non-negative integer')
  const out: Axial[] = []
  for (let dq = -k; dq <= k; dq++) {
    const lo = Math.max(-k, -dq - k)
    const hi = Math.min(k, -dq + k)
    for (let dr = lo; dr <= hi; dr++) out.push({ q: centre.q + dq, r: centre.r + dr })
  }
  return out
}

/** Every cell whose centre is within `metres` (inclusive, up to 1e-9 relative) of the centre of `centre`. */
export function cellsWithinMetres(size: number, centre: Axial, metres: number): Axial[] {
  if (!(metres >= 0) || !Number.isFinite(metres)) throw new RangeError('distance band must be a finite non-negative number')
  // A cell at hex distance k has its centre at least 1.5·size·k away (the ring's edge midpoints).
  const k = Math.floor(metres / (1.5 * size)) + 1
  const limit = metres * (1 + 1e-9)
  return cellsWithinHexDistance(centre, k).filter((c) => centreDistance(size, centre, c) <= limit)
}

/** A distance band: by hex steps, or by metres between centres. */
export type DistanceBand = { readonly hexDistance: number } | { readonly metres: number }

/** The default band: the cell and its six immediate neighbours. */
export const DEFAULT_BAND: DistanceBand = { hexDistance: 1 }

/** The ids (same size) of all cells in the band around `id`, the cell itself included. */
export function bandCellIds(id: string, band: DistanceBand = DEFAULT_BAND): string[] {
  const c = parseCellId(id)
  const cells = 'hexDistance' in band ? cellsWithinHexDistance(c, band.hexDistance) : cellsWithinMetres(c.size, c, band.metres)
  return cells.map((n) => formatCellId(c.size, n.q, n.r))
}
