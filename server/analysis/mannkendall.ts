import { twoSidedP } from './normal.js'

/**
 * Mann–Kendall trend test (Mann 1945; Kendall 1975), as in Gilbert (1987) §16.4:
 *
 *   S = Σ_{i<j} sgn(x_j − x_i)
 *   Var(S) = [n(n−1)(2n+5) − Σ_g t_g(t_g−1)(2t_g+5)] / 18      (t_g: size of the g-th group of tied values)
 *   Z = (S − 1)/√Var(S) if S > 0,  0 if S = 0,  (S + 1)/√Var(S) if S < 0   (continuity correction)
 *   p = 2·(1 − Φ(|Z|))  (two-sided)
 *
 * Sen's slope: the median of (x_j − x_i)/(j − i) over all i < j (per step of the series).
 * Series shorter than 2, or with no variance (all values tied), give S = 0, Z = 0, p = 1.
 *
 * Ties: by default values tie only when equal. A series of computed values (emerging hotspots test
 * the monthly Gi* z-scores) can hold values that are mathematically equal but differ in their last
 * bits; `tolerance` (relative) makes values within tolerance·max(|a|, |b|) of each other tie, both in
 * S and in the tie groups of Var(S) (a group is the values within tolerance of its smallest member).
 */

/** Relative tolerance under which two computed z-scores are the same value (a few ulps are ~1e-15). */
export const Z_TIE_TOLERANCE = 1e-9

const tied = (a: number, b: number, tolerance: number): boolean => a === b || Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b))

export interface MannKendall {
  readonly n: number
  readonly s: number
  /** Var(S) with the tie correction. */
  readonly variance: number
  readonly z: number
  /** Two-sided p-value. */
  readonly p: number
  /** 'increasing' / 'decreasing' when p ≤ alpha, else 'none'. */
  readonly trend: 'increasing' | 'decreasing' | 'none'
  /** Sen's slope (per step), or null for fewer than 2 values. */
  readonly senSlope: number | null
}

/** S = Σ_{i<j} sgn(x_j − x_i). */
export function mannKendallS(xs: readonly number[], tolerance = 0): number {
  let s = 0
  for (let i = 0; i < xs.length - 1; i++) {
    const xi = xs[i]!
    for (let j = i + 1; j < xs.length; j++) {
      const d = xs[j]! - xi
      s += tied(xs[j]!, xi, tolerance) ? 0 : d > 0 ? 1 : -1
    }
  }
  return s
}

/** Var(S) with the tie correction. */
export function mannKendallVariance(xs: readonly number[], tolerance = 0): number {
  const n = xs.length
  const sorted = [...xs].sort((a, b) => a - b)
  let ties = 0
  for (let i = 0; i < n; ) {
    let j = i + 1
    while (j < n && tied(sorted[j]!, sorted[i]!, tolerance)) j++
    const t = j - i
    ties += t * (t - 1) * (2 * t + 5)
    i = j
  }
  return (n * (n - 1) * (2 * n + 5) - ties) / 18
}

/** Sen's slope: the median of pairwise slopes (x_j − x_i)/(j − i), i < j. */
export function senSlope(xs: readonly number[]): number | null {
  const slopes: number[] = []
  for (let i = 0; i < xs.length - 1; i++) {
    for (let j = i + 1; j < xs.length; j++) slopes.push((xs[j]! - xs[i]!) / (j - i))
  }
  if (slopes.length === 0) return null
  slopes.sort((a, b) => a - b)
  const mid = slopes.length >> 1
  return slopes.length % 2 === 1 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2
}

export function mannKendall(xs: readonly number[], options: { alpha?: number; tolerance?: number } = {}): MannKendall {
  for (const x of xs) if (!Number.isFinite(x)) throw new RangeError('Mann–Kendall needs finite values')
  const alpha = options.alpha ?? 0.05
  const tolerance = options.tolerance ?? 0
  const n = xs.length
  const s = mannKendallS(xs, tolerance)
  const variance = n < 2 ? 0 : mannKendallVariance(xs, tolerance)
  let z = 0
  if (variance > 0) {
    if (s > 0) z = (s - 1) / Math.sqrt(variance)
    else if (s < 0) z = (s + 1) / Math.sqrt(variance)
  }
  const p = variance > 0 ? twoSidedP(z) : 1
  const trend = p <= alpha && z !== 0 ? (z > 0 ? 'increasing' : 'decreasing') : 'none'
  return { n, s, variance, z, p, trend, senSlope: senSlope(xs) }
}
