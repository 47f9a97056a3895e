import { exactZ } from './gistar.js'
import type { Lattice } from './lattice.js'
import { twoSidedP } from './normal.js'
import { exactTailsMany } from './permutation-exact.js'
import { SeededRandom } from './random.js'

/**
 * Gi* on a lattice (binary distance-band weights, the cell itself included) over typed arrays, and
 * its conditional permutation test.
 *
 * Analytical: the z-score of server/analysis/gistar.ts (exact integer sums for integer counts) and
 * its two-sided normal p-value.
 *
 * Conditional permutation (the scheme of R's spdep::localG_perm for Gi*, drawn without replacement):
 * the normal approximation is poor for skewed, mostly-zero counts in bands of seven cells, so the
 * reference distribution is built from the data instead. For cell i with a band of k cells (itself
 * and its neighbours in the study area), one draw fills the band with k counts taken at random,
 * without replacement, from the other n − 1 cells: a neighbourhood as it would be with "no spatial
 * pattern", conditional on cell i's own count being out of the pool. With R draws and M the number
 * of drawn band sums at least as extreme as the observed one, on the side the observed sum lies (the
 * smaller of "≥ observed" and "≤ observed"), the pseudo p-value is (M + 1)/(R + 1) — the folded,
 * one-tailed pseudo p-value spdep reports as "Pr(folded) Sim" and PySAL as p_sim. Its floor is
 * 1/(R + 1), so for cells beyond all but a few of the R draws the probability is computed exactly
 * (REFINE_BELOW). (spdep draws with replacement, an approximation of the same null; PySAL's esda.G_Local
 * holds the cell's own count in place, which makes the self term of Gi* a constant, so a lone busy
 * cell amid empty ones is never hot there; here it is, as its band is unusual.)
 *
 * Speed: the null distribution of cell i depends only on k and on which value is left out of the
 * pool (its own count), so cells sharing (k, x_i) share one set of R sums. The R random k-subsets are drawn once
 * (k up to the largest band) and reused for every (k, x_i), as PySAL reuses one matrix of random
 * indices for all cells; each cell's pseudo p-value is exact for its own null distribution, and
 * the cells' p-values are correlated through the shared draws, as in PySAL.
 */

export interface LocalG {
  /** Gi* z per cell. */
  readonly z: Float64Array
  /** Two-sided normal p per cell. */
  readonly p: Float64Array
}

export interface PermutationResult {
  /** Folded pseudo p-value (M + 1)/(R + 1) per cell. */
  readonly pSim: Float64Array
  /** R of each cell's pseudo p-value: the permutations asked for, REFINED_PERMUTATIONS for a refined cell, or 0 where p is the exact permutation probability. */
  readonly draws: Int32Array
  /** +1 when the observed band sum is in the upper tail (hot side), −1 in the lower (cold), 0 when neither is smaller. */
  readonly side: Int8Array
}

/** Gi* per cell with binary band weights. */
export function localG(lat: Lattice, x: ArrayLike<number>): LocalG {
  const n = lat.n
  const z = new Float64Array(n)
  const p = new Float64Array(n).fill(1)
  if (n < 2) return { z, p }
  let total = 0
  let sumSq = 0
  let integral = true
  for (let i = 0; i < n; i++) {
    const v = x[i]!
    if (!Number.isFinite(v)) throw new RangeError(`count ${i} is not a finite number`)
    total += v
    sumSq += v * v
    if (!Number.isInteger(v)) integral = false
  }
  if (!integral || !Number.isSafeInteger(n * sumSq) || !Number.isSafeInteger(total * total)) {
    throw new RangeError('localG needs integer counts with sums below 2^53 (use giStar for other values)')
  }
  const spread = n * sumSq - total * total
  if (spread === 0) return { z, p }
  const rootSpread = Math.sqrt(spread)
  const { offsets, neighbours } = lat
  for (let i = 0; i < n; i++) {
    let local = 0
    const a = offsets[i]!
    const b = offsets[i + 1]!
    for (let t = a; t < b; t++) local += x[neighbours[t]!]!
    const w = b - a
    const zi = exactZ(n, local, w, w, total, rootSpread)
    if (zi !== null) {
      z[i] = zi
      p[i] = twoSidedP(zi)
    }
  }
  return { z, p }
}

export const DEFAULT_PERMUTATIONS = 999
export const MIN_PERMUTATIONS = 99
export const MAX_PERMUTATIONS = 9999
export const DEFAULT_SEED = 20261205

/** Lower bound of i for which sorted[i] ≥ v. */
function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First i for which sorted[i] > v. */
function upperBound(sorted: Float64Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** R random kMax-subsets of the n − 1 pool positions (partial Fisher–Yates, undone after each draw). */
function drawSubsets(rng: SeededRandom, n: number, kMax: number, R: number): Int32Array {
  const draws = new Int32Array(R * kMax)
  const pool = new Int32Array(n - 1)
  for (let j = 0; j < n - 1; j++) pool[j] = j
  const swapped = new Int32Array(kMax)
  for (let r = 0; r < R; r++) {
    for (let t = 0; t < kMax; t++) {
      const j = t + rng.below(n - 1 - t)
      swapped[t] = j
      const tmp = pool[t]!
      pool[t] = pool[j]!
      pool[j] = tmp
      draws[r * kMax + t] = pool[t]!
    }
    for (let t = kMax - 1; t >= 0; t--) {
      const j = swapped[t]!
      const tmp = pool[t]!
      pool[t] = pool[j]!
      pool[j] = tmp
    }
  }
  return draws
}

/** The R band sums of one group (band size k, pool = sorted without the value at `skip`), sorted. */
function groupSums(draws: Int32Array, R: number, kMax: number, k: number, sorted: Float64Array, skip: number): Float64Array {
  const sums = new Float64Array(R)
  for (let r = 0; r < R; r++) {
    let s = 0
    const base = r * kMax
    for (let t = 0; t < k; t++) {
      const j = draws[base + t]!
      s += sorted[j < skip ? j : j + 1]!
    }
    sums[r] = s
  }
  return sums.sort()
}

/**
 * A cell whose first R draws hold fewer than REFINE_BELOW band sums as extreme as its own: with 999
 * draws a pseudo p-value cannot go below 0.001, and over thousands of cells the Benjamini–Hochberg
 * correction then finds nothing even where a cluster is plain. For such a cell the tail probability
 * the draws estimate is computed exactly instead (server/analysis/permutation-exact.ts: every
 * k-subset of the other cells counted by its sum), so the p-value has no floor; where that count
 * would be too much work, REFINED_PERMUTATIONS fresh draws are used (fresh, so the p-value is
 * independent of the decision to draw more, and stays valid).
 */
export const REFINE_BELOW = 10
export const REFINED_PERMUTATIONS = 99_999

export interface PermutationOptions {
  permutations?: number
  seed?: number
  refine?: boolean
}

/** The conditional permutation test of every cell's Gi* (see above). */
export function localGPermutation(lat: Lattice, x: ArrayLike<number>, options: PermutationOptions = {}): PermutationResult {
  const steps = permutationSteps(lat, x, options)
  let step = steps.next()
  while (!step.done) step = steps.next()
  return step.value
}

/**
 * How long the permutation test runs before it lets the event loop serve others
 * (`localGPermutationYielding`): at 1M locations a year's test takes 1.0–1.4 s, during which a
 * service answering on one thread would answer nothing else.
 */
export const PERMUTATION_SLICE_MS = 15

/**
 * The same test, the same result, in slices of about PERMUTATION_SLICE_MS between which the event
 * loop runs (the service's path: other requests are answered while a hot-spot question is worked on).
 * The draws and their order are those of `localGPermutation`; only the pauses differ.
 */
export async function localGPermutationYielding(
  lat: Lattice,
  x: ArrayLike<number>,
  options: PermutationOptions = {},
  sliceMs = PERMUTATION_SLICE_MS,
): Promise<PermutationResult> {
  const steps = permutationSteps(lat, x, options)
  let since = performance.now()
  let step = steps.next()
  while (!step.done) {
    if (performance.now() - since >= sliceMs) {
      await new Promise((resolve) => setImmediate(resolve))
      since = performance.now()
    }
    step = steps.next()
  }
  return step.value
}

/** The test as steps: it pauses (yields) after each group of cells and each refinement, where a caller may let others run. */
function* permutationSteps(lat: Lattice, x: ArrayLike<number>, options: PermutationOptions): Generator<undefined, PermutationResult, undefined> {
  const R = options.permutations ?? DEFAULT_PERMUTATIONS
  if (!Number.isInteger(R) || R < 1) throw new RangeError('permutations must be a positive integer')
  const n = lat.n
  const pSim = new Float64Array(n).fill(1)
  const side = new Int8Array(n)
  const drawn = new Int32Array(n)
  if (n < 2) return { pSim, side, draws: drawn }
  const { offsets, neighbours } = lat
  let kMax = 0
  const bandOf = (i: number) => Math.min(offsets[i + 1]! - offsets[i]!, n - 1)
  for (let i = 0; i < n; i++) kMax = Math.max(kMax, bandOf(i))
  const sorted = Float64Array.from(x as ArrayLike<number>).sort()
  const observed = new Float64Array(n)
  for (let i = 0; i < n; i++) for (let t = offsets[i]!; t < offsets[i + 1]!; t++) observed[i] = observed[i]! + x[neighbours[t]!]!

  // Cells grouped by (k, own value): one null distribution per group.
  const groups = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    const key = `${bandOf(i)}:${x[i]!}`
    const g = groups.get(key)
    if (g) g.push(i)
    else groups.set(key, [i])
  }
  const rng = new SeededRandom(options.seed ?? DEFAULT_SEED)
  const score = (cells: readonly number[], draws: Int32Array, draws_R: number, onlyRefined: boolean): number[] => {
    const again: number[] = []
    const first = cells[0]!
    const sums = groupSums(draws, draws_R, kMax, bandOf(first), sorted, lowerBound(sorted, x[first]!))
    for (const i of cells) {
      const atLeast = draws_R - lowerBound(sums, observed[i]!)
      const atMost = upperBound(sums, observed[i]!)
      const m = Math.min(atLeast, atMost)
      pSim[i] = (m + 1) / (draws_R + 1)
      side[i] = atLeast < atMost ? 1 : atMost < atLeast ? -1 : 0
      drawn[i] = draws_R
      if (!onlyRefined && m < REFINE_BELOW) again.push(i)
    }
    return again
  }
  const first = drawSubsets(rng, n, kMax, R)
  yield
  const refine = new Map<string, number[]>()
  for (const [key, cells] of groups) {
    const again = score(cells, first, R, false)
    if (again.length > 0) refine.set(key, again)
    yield
  }
  if ((options.refine ?? true) && refine.size > 0) {
    let second: Int32Array | null = null
    for (const cells of refine.values()) {
      const k = bandOf(cells[0]!)
      const skip = lowerBound(sorted, x[cells[0]!]!)
      const tails = exactTailsMany(
        sorted,
        skip,
        k,
        cells.map((i) => observed[i]!),
      )
      const inexact: number[] = tails === null ? [...cells] : []
      if (tails !== null) {
        cells.forEach((i, c) => {
          const t = tails[c]!
          pSim[i] = Math.min(t.upper, t.lower)
          side[i] = t.upper < t.lower ? 1 : t.lower < t.upper ? -1 : 0
          drawn[i] = 0
        })
      }
      if (inexact.length > 0 && R < REFINED_PERMUTATIONS) {
        second ??= drawSubsets(rng, n, kMax, REFINED_PERMUTATIONS)
        score(inexact, second, REFINED_PERMUTATIONS, true)
      }
      yield
    }
  }
  return { pSim, side, draws: drawn }
}

/**
 * Can any cell be a cold spot at level `alpha` (before any FDR correction, which only makes it harder)?
 * A cell is coldest when its whole band holds the smallest count. Analytical: its z is then
 * (n·W·min − T·W)/(…); permutation: its pseudo p-value is at best the probability that all k counts
 * drawn for its band are the smallest count, Π_{t<k} (m − t)/(n − 1 − t), with m the cells of the
 * smallest count among the others. With many empty cells (the smallest count 0) an empty band is ordinary,
 * and cold spots cannot occur. Returns the lowest attainable p over the cells.
 */
export function lowestColdP(lat: Lattice, x: ArrayLike<number>, inference: 'permutation' | 'analytical'): number {
  const n = lat.n
  if (n < 2) return 1
  let min = Infinity
  let total = 0
  let sumSq = 0
  for (let i = 0; i < n; i++) {
    min = Math.min(min, x[i]!)
    total += x[i]!
    sumSq += x[i]! * x[i]!
  }
  let mins = 0
  for (let i = 0; i < n; i++) if (x[i] === min) mins++
  const spread = n * sumSq - total * total
  if (spread === 0) return 1
  let best = 1
  for (let i = 0; i < n; i++) {
    const w = lat.offsets[i + 1]! - lat.offsets[i]!
    if (inference === 'analytical') {
      const z = exactZ(n, w * min, w, w, total, Math.sqrt(spread))
      if (z !== null && z < 0) best = Math.min(best, twoSidedP(z))
    } else {
      const k = Math.min(w, n - 1)
      const m = mins - (x[i] === min ? 1 : 0)
      let p = 1
      for (let t = 0; t < k; t++) p *= Math.max(0, m - t) / (n - 1 - t)
      best = Math.min(best, p)
    }
  }
  return best
}
