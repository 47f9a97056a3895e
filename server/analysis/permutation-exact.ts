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
 * P(S ≥ observed) and P(S ≤ observed) for S the sum of k values drawn without replacement from
 * `pool` (non-negative integers, sorted ascending), leaving out the element at index `skip`
 * (the cell's own count); null when the work would exceed EXACT_BUDGET.
 */
export function exactTails(sorted: ArrayLike<number>, skip: number, k: number, observed: number): { upper: number; lower: number } | null {
  const cap = Math.max(0, Math.ceil(observed)) + 1
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
        for (let s = 0; s <= cap; s++) {
          const w = dp[from + s]!
          if (w === 0) continue
          const t = s + shift
          { const at = to + (t > cap ? cap : t); next[at] = next[at]! + w * coef }
        }
      }
    }
    dp = next
  }
  let total = 0
  let upper = 0
  let lower = 0
  for (let j = 0; j <= k; j++) {
    const ways = binomial(zeros, k - j)
    if (ways === 0) continue
    for (let s = 0; s <= cap; s++) {
      const w = dp[j * width + s]! * ways
      if (w === 0) continue
      total += w
      if (s >= observed) upper += w
      if (s <= observed) lower += w
    }
  }
  return { upper: upper / total, lower: lower / total }
}
