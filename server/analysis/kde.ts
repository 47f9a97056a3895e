/**
 * Quartic (biweight) kernel density on a regular grid, for display:
 *
 *   K(d) = 3/(π h²) · (1 − d²/h²)²  for d < h,  0 otherwise
 *
 * K integrates to 1 over the plane (∫₀ʰ K(r)·2πr dr = 1), so the density surface is in
 * weight per square metre and integrates to the total weight of the points (less whatever of a
 * kernel falls outside the grid).
 */

export interface WeightedPoint {
  readonly x: number
  readonly y: number
  /** Default 1. */
  readonly weight?: number
}

/** Evaluation points at cell centres: x_i = minX + (i + ½)·cellSize (i < cols), y_j likewise (j < rows). */
export interface DensityGrid {
  readonly minX: number
  readonly minY: number
  readonly cellSize: number
  readonly cols: number
  readonly rows: number
}

export interface DensitySurface extends DensityGrid {
  readonly bandwidth: number
  /** Row-major (row j = y index from minY upwards, then column i), weight per m². */
  readonly values: Float64Array
}

/** K(d) for bandwidth h. */
export function quarticKernel(d: number, h: number): number {
  if (!(h > 0)) throw new RangeError('bandwidth must be positive')
  if (!(d < h)) return 0
  const u = 1 - (d * d) / (h * h)
  return (3 / (Math.PI * h * h)) * u * u
}

/** Density at one location. */
export function densityAt(points: Iterable<WeightedPoint>, x: number, y: number, bandwidth: number): number {
  let sum = 0
  for (const p of points) sum += (p.weight ?? 1) * quarticKernel(Math.hypot(p.x - x, p.y - y), bandwidth)
  return sum
}

function checkGrid(grid: DensityGrid): void {
  if (!(grid.cellSize > 0) || !Number.isFinite(grid.cellSize)) throw new RangeError('cell size must be positive')
  if (!Number.isInteger(grid.cols) || !Number.isInteger(grid.rows) || grid.cols < 0 || grid.rows < 0) {
    throw new RangeError('cols and rows must be non-negative integers')
  }
  if (!Number.isFinite(grid.minX) || !Number.isFinite(grid.minY)) throw new RangeError('grid origin must be finite')
}

/** The density surface on `grid`; each point only touches the grid cells within the bandwidth. */
export function kernelDensity(points: Iterable<WeightedPoint>, grid: DensityGrid, bandwidth: number): DensitySurface {
  if (!(bandwidth > 0) || !Number.isFinite(bandwidth)) throw new RangeError('bandwidth must be positive')
  checkGrid(grid)
  const { minX, minY, cellSize, cols, rows } = grid
  const values = new Float64Array(cols * rows)
  const h2 = bandwidth * bandwidth
  const k = 3 / (Math.PI * h2)
  for (const p of points) {
    const w = p.weight ?? 1
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(w)) throw new RangeError('points need finite x, y and weight')
    if (w === 0) continue
    // Centres within h: i with |minX + (i+½)s − x| < h.
    const i0 = Math.max(0, Math.ceil((p.x - bandwidth - minX) / cellSize - 0.5))
    const i1 = Math.min(cols - 1, Math.floor((p.x + bandwidth - minX) / cellSize - 0.5))
    const j0 = Math.max(0, Math.ceil((p.y - bandwidth - minY) / cellSize - 0.5))
    const j1 = Math.min(rows - 1, Math.floor((p.y + bandwidth - minY) / cellSize - 0.5))
    for (let j = j0; j <= j1; j++) {
      const dy = minY + (j + 0.5) * cellSize - p.y
      const dy2 = dy * dy
      if (dy2 >= h2) continue
      const row = j * cols
      for (let i = i0; i <= i1; i++) {
        const dx = minX + (i + 0.5) * cellSize - p.x
        const d2 = dx * dx + dy2
        if (d2 >= h2) continue
        const u = 1 - d2 / h2
        values[row + i]! += w * k * u * u
      }
    }
  }
  return { minX, minY, cellSize, cols, rows, bandwidth, values }
}

/** A grid of `cellSize` cells, aligned to multiples of cellSize, covering every point ± bandwidth. */
export function gridCovering(points: Iterable<WeightedPoint>, bandwidth: number, cellSize: number): DensityGrid {
  if (!(cellSize > 0)) throw new RangeError('cell size must be positive')
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const p of points) {
    x0 = Math.min(x0, p.x)
    y0 = Math.min(y0, p.y)
    x1 = Math.max(x1, p.x)
    y1 = Math.max(y1, p.y)
  }
  if (x0 === Infinity) return { minX: 0, minY: 0, cellSize, cols: 0, rows: 0 }
  const minX = Math.floor((x0 - bandwidth) / cellSize) * cellSize
  const minY = Math.floor((y0 - bandwidth) / cellSize) * cellSize
  const cols = Math.ceil((x1 + bandwidth - minX) / cellSize)
  const rows = Math.ceil((y1 + bandwidth - minY) / cellSize)
  return { minX, minY, cellSize, cols, rows }
}
