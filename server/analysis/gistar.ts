import { bandCellIds, DEFAULT_BAND, type DistanceBand } from './hexgrid.js'
import { twoSidedP } from './normal.js'

/**
 * Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), the standardised form:
 *
 *   Gi*_i = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √[(n Σ_j w_ij² − (Σ_j w_ij)²)/(n−1)])
 *   X̄ = Σ_j x_j / n,   S = √(Σ_j x_j² / n − X̄²)
 *
 * j runs over the n cells of the study area (cells with a zero count included), and the weights
 * include the cell itself (w_ii > 0), which is what makes it Gi* rather than Gi.
 *
 * Multiplying numerator and denominator by n gives the form used for counts:
 *
 *   Gi*_i = (n·L_i − T·W_i) / (√(n·Q − T²) · √[(n·W2_i − W_i²)/(n−1)])
 *   L_i = Σ_j w_ij x_j,  W_i = Σ_j w_ij,  W2_i = Σ_j w_ij²,  T = Σ_j x_j,  Q = Σ_j x_j²
 *
 * With integer counts and integer weights (the hex analyses: counts of referrals, binary band
 * weights) every one of n·L − T·W, n·Q − T² and n·W2 − W² is an integer computed exactly, so z is one
 * deterministic function of exact integers: two cells, or two months, whose z is mathematically equal
 * get bit-identical z whatever order the cells were summed in (which the Mann–Kendall tie correction
 * of emerging hotspots relies on). Otherwise (fractional counts or weights, or sums beyond 2^53) the
 * numerator is computed as Σ_j w_ij (x_j − X̄) and S² as Σ (x_j − X̄)² / n (algebraically identical,
 * without the cancellation).
 *
 * Properties worth knowing (tests/analysis/gistar.test.ts checks them):
 * - adding a constant c to every count leaves every z unchanged (X̄ shifts by c, S and the
 *   numerator do not change);
 * - multiplying every count by c > 0 leaves every z unchanged (c cancels), c < 0 flips every sign.
 *
 * Degenerate cases have a defined answer, z = 0 and p = 1 (never a division by zero):
 * - a study area of one cell (n − 1 = 0);
 * - all counts equal (S = 0, the numerator is 0 too);
 * - a band that covers the whole study area with equal weights (the weight term is 0, and so is
 *   the numerator).
 */

/** Weights: for a cell id, its neighbours (the cell itself included) with their weights w_ij > 0. */
export type Weights = (id: string) => Iterable<readonly [string, number]>

export interface GiStar {
  readonly z: number
  /** Two-sided p-value of z under the normal approximation. */
  readonly p: number
}

const NONE: GiStar = Object.freeze({ z: 0, p: 1 })

/** Binary distance-band weights on the hex grid: 1 for every cell in the band (the cell itself included). */
export function bandWeights(band: DistanceBand = DEFAULT_BAND): Weights {
  return (id) => bandCellIds(id, band).map((j) => [j, 1] as const)
}

/**
 * Gi* for every cell of the study area. `counts` must hold every study-area cell (zeros included);
 * weights naming cells outside `counts` are ignored (they are outside the study area).
 */
export function giStar(counts: ReadonlyMap<string, number>, weights: Weights): Map<string, GiStar> {
  const n = counts.size
  let sum = 0
  let sumSq = 0
  let maxAbs = 0
  let integral = true
  for (const [id, x] of counts) {
    if (!Number.isFinite(x)) throw new RangeError(`count for ${id} is not a finite number`)
    sum += x
    sumSq += x * x
    maxAbs = Math.max(maxAbs, Math.abs(x))
    if (!Number.isInteger(x)) integral = false
  }
  const out = new Map<string, GiStar>()
  if (n < 2) {
    for (const id of counts.keys()) out.set(id, NONE)
    return out
  }
  // Exact integer path: T, Q and n·Q − T² exact (every partial sum an integer below 2^53).
  const spread = n * sumSq - sum * sum
  const exact = integral && Number.isSafeInteger(n * sumSq) && Number.isSafeInteger(sum * sum)
  const mean = sum / n
  let ss = 0
  if (!exact) for (const x of counts.values()) ss += (x - mean) * (x - mean)
  const s = Math.sqrt(ss / n)
  // All counts equal (up to rounding of the mean): no variation, no hotspot.
  if (exact ? spread === 0 : !(s > 1e-12 * maxAbs)) {
    for (const id of counts.keys()) out.set(id, NONE)
    return out
  }
  const rootSpread = Math.sqrt(spread)
  for (const id of counts.keys()) {
    let wSum = 0
    let w2Sum = 0
    let local = 0
    let num = 0
    let integerWeights = true
    for (const [j, w] of weights(id)) {
      const xj = counts.get(j)
      if (xj === undefined) continue
      if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight ${id}→${j} is not a finite non-negative number`)
      if (!Number.isInteger(w)) integerWeights = false
      wSum += w
      w2Sum += w * w
      local += w * xj
      num += w * (xj - mean)
    }
    const z =
      exact && integerWeights && Number.isSafeInteger(n * local) && Number.isSafeInteger(sum * wSum)
        ? exactZ(n, local, wSum, w2Sum, sum, rootSpread)
        : centredZ(n, num, wSum, w2Sum, s)
    out.set(id, z === null ? NONE : { z, p: twoSidedP(z) })
  }
  return out
}

/** z from exact integer sums (see above); null when the weight term is 0. */
export function exactZ(n: number, local: number, wSum: number, w2Sum: number, total: number, rootSpread: number): number | null {
  const weightTerm = n * w2Sum - wSum * wSum
  if (!(weightTerm > 0)) return null
  return (n * local - total * wSum) / (rootSpread * Math.sqrt(weightTerm / (n - 1)))
}

function centredZ(n: number, num: number, wSum: number, w2Sum: number, s: number): number | null {
  const inner = (n * w2Sum - wSum * wSum) / (n - 1)
  if (!(inner > 1e-12 * w2Sum)) return null
  return num / (s * Math.sqrt(inner))
}
