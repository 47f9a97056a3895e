/**
 * Exact tail probabilities of the conditional permutation null of Gi*: the band of k cells filled
 * with k counts drawn without replacement from a pool (the other n − 1 cells), every k-subset
 * equally likely. The number of k-subsets by sum is counted by dynamic programming over the pool's
 * distinct values (a value v held c times contributes a copies in C(c, a) ways), with sums above
 * `cap` gathered in one bucket; empty cells (value 0), usually most of the pool, are added last in
 * closed form. Counts are kept as doubles (C(60000, 37) ≈ 1e120 fits) and only ever added, so tail
 * probabilities keep their relative precision however small they are (no 1 − p).
 */

function binomial(c: number, a: number): number {
  if (a < 0 || a > c) return 0
  let r = 1
  for (let t = 1; t <= a; t++) r = (r * (c - a + t)) / t
  return r
}

/** Work units (distinct values × k² × sums) above which exactTails declines (the caller keeps its Monte Carlo value). */
export const EXACT_BUDGET = 20_000_000

/**
 * The distribution of S, the sum of k values drawn without replacement from `sorted` (non-negative
 * integers, ascending) leaving out the element at index `skip` (the cell's own count), as counts of
 * k-subsets by sum for s = 0 … cap − 1 and one bucket for s ≥ cap; null when the work would exceed
 * EXACT_BUDGET.
 */
export function subsetSumCounts(sorted: ArrayLike<number>, skip: number, k: number, cap: number): Float64Array | null {
  // Distinct non-zero values of the pool, with multiplicities; zeros counted apart.
  const values: number[] = []
  const mult: number[] = []
  let zeros = 0
  for (let i = 0; i < sorted.length; i++) {
    if (i === skip) continue
    const v = sorted[i]!
    if (v === 0) zeros++
    else if (values.length > 0 && values[values.length - 1] === v) mult[mult.length - 1]!++
    else {
      values.push(v)
      mult.push(1)
    }
  }
  if (values.length * k * k * (cap + 1) > EXACT_BUDGET) return null
  const width = cap + 1
  let dp = new Float64Array((k + 1) * width)
  dp[0] = 1
  for (let d = 0; d < values.length; d++) {
    const v = values[d]!
    const c = mult[d]!
    const next = dp.slice()
    for (let a = 1; a <= Math.min(c, k); a++) {
      const coef = binomial(c, a)
      const shift = a * v
      for (let j = 0; j + a <= k; j++) {
        const from = j * width
        const to = (j + a) * width
        // Values come in ascending order, so j of those seen so far sum to at most j·v.
        const reach = Math.min(cap, j * v)
        for (let s = 0; s <= reach; s++) {
          const w = dp[from + s]!
          if (w === 0) continue
          const t = s + shift
          const at = to + (t > cap ? cap : t)
          next[at] = next[at]! + w * coef
        }
      }
    }
    dp = next
  }
  const out = new Float64Array(width)
  for (let j = 0; j <= k; j++) {
    const ways = binomial(zeros, k - j)
    if (ways === 0) continue
    for (let s = 0; s <= cap; s++) out[s] = out[s]! + dp[j * width + s]! * ways
  }
  return out
}

/**
 * P(S ≥ o) and P(S ≤ o) for each observed sum o (integers), from one count of the subsets: the tails
 * are sums of positive terms, never 1 − p. Null when the work would exceed EXACT_BUDGET.
 */
export function exactTailsMany(
  sorted: ArrayLike<number>,
  skip: number,
  k: number,
  observed: readonly number[],
): Array<{ upper: number; lower: number }> | null {
  const cap = Math.max(0, ...observed.map((o) => Math.ceil(o))) + 1
  const counts = subsetSumCounts(sorted, skip, k, cap)
  if (counts === null) return null
  // Suffix and prefix sums over the sums 0 … cap (cap = "cap or more").
  const suffix = new Float64Array(cap + 2)
  for (let s = cap; s >= 0; s--) suffix[s] = suffix[s + 1]! + counts[s]!
  const prefix = new Float64Array(cap + 1)
  for (let s = 0; s <= cap; s++) prefix[s] = (s > 0 ? prefix[s - 1]! : 0) + counts[s]!
  const total = suffix[0]!
  return observed.map((o) => {
    const at = Math.max(0, Math.ceil(o))
    return { upper: suffix[at]! / total, lower: Math.floor(o) < 0 ? 0 : prefix[Math.min(cap, Math.floor(o))]! / total }
  })
}

/** P(S ≥ observed) and P(S ≤ observed) for one observed sum (see exactTailsMany). */
export function exactTails(sorted: ArrayLike<number>, skip: number, k: number, observed: number): { upper: number; lower: number } | null {
  return exactTailsMany(sorted, skip, k, [observed])?.[0] ?? null
}
