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
 * Numerically the numerator is computed as Σ_j w_ij (x_j − X̄) and S² as Σ (x_j − X̄)² / n
 * (both algebraically identical to the formula above, without its cancellation).
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
  let maxAbs = 0
  for (const [id, x] of counts) {
    if (!Number.isFinite(x)) throw new RangeError(`count for ${id} is not a finite number`)
    sum += x
    maxAbs = Math.max(maxAbs, Math.abs(x))
  }
  const out = new Map<string, GiStar>()
  if (n < 2) {
    for (const id of counts.keys()) out.set(id, NONE)
    return out
  }
  const mean = sum / n
  let ss = 0
  for (const x of counts.values()) ss += (x - mean) * (x - mean)
  const s = Math.sqrt(ss / n)
  // All counts equal (up to rounding of the mean): no variation, no hotspot.
  if (!(s > 1e-12 * maxAbs)) {
    for (const id of counts.keys()) out.set(id, NONE)
    return out
  }
  for (const id of counts.keys()) {
    let wSum = 0
    let w2Sum = 0
    let num = 0
    for (const [j, w] of weights(id)) {
      const xj = counts.get(j)
      if (xj === undefined) continue
      if (!Number.isFinite(w) || w < 0) throw new RangeError(`weight ${id}→${j} is not a finite non-negative number`)
      wSum += w
      w2Sum += w * w
      num += w * (xj - mean)
    }
    const inner = (n * w2Sum - wSum * wSum) / (n - 1)
    if (!(inner > 1e-12 * w2Sum)) {
      out.set(id, NONE)
      continue
    }
    const z = num / (s * Math.sqrt(inner))
    out.set(id, { z, p: twoSidedP(z) })
  }
  return out
}
