/**
 * What an attacker knows about a published count, and how each attack is decided.
 *
 * The disclosure method is public (docs/disclosure.md), so the attacker knows k and D and the
 * perturbation's rules: a published 0 comes from a true 0..k−1; a published k from 1..k+D; any other
 * published p ≥ k from an n ≥ k with |p − n| ≤ min(D, n − k), i.e. max(p − D, ⌈(p + k)/2⌉) ≤ n ≤ p + D.
 * Under the old per-response suppression (before the cell-key method), a shown number is exact and
 * a hidden one (null) is at least 1.
 *
 * Every attack names targets — record sets whose true count is from 1 to k−1 — and derivations of
 * each from published numbers: `eq` (the target's true count equals a linear combination of true
 * counts of published cells: partitions by a referral's own fields, differences of nested sets),
 * `ge`/`le` (valid inequalities where referrals with several located events make counts
 * non-additive). From the preimages the attacker gets an interval [lo, hi] for the target:
 * **exactly recovered** when lo = hi. The attacker's **best estimate** is the mean of every
 * differencing estimate (each derivation's combination of the published numbers themselves) and of
 * the target's own published value, rounded and kept inside [lo, hi]; it is **right** when it equals
 * the true count. Each attack must end with 0 exact recoveries and at most half right.
 */

import { DEMO_SCOPE } from '../../../server/demo/accounts.js'
import { DEFAULT_NOISE, KEY_RANGE, publish as publishRule } from '../../helpers/ckm.js'

/** The demo data spans the 24 months before TODAY: FY 2024 and FY 2025 (April to March). */
export const TODAY = '2026-03-31'
/** The commissioner's scope and the partners' agreements: the demo's four boroughs. */
export const SCOPE = [...DEMO_SCOPE].sort()

export const K = 5
/** DISCLOSURE_NOISE's default. */
export const D = DEFAULT_NOISE
export { KEY_RANGE }

/**
 * The documented perturbation (docs/disclosure.md), written out independently of the service
 * (tests/helpers/ckm.ts): the value published for a true count n whose set has cell key c.
 */
export function publish(n: number, c: number, k = K, d = D): number {
  return publishRule(n, c, k, d)
}

/** The measure of a record set as the cell-key method publishes it: publish(|S|, Σ keys mod range). */
export const published =
  (keys: ReadonlyMap<string, number>, k = K, d = D) =>
  (s: ReadonlySet<string>): number => {
    let c = 0
    for (const rid of s) {
      const key = keys.get(rid)
      if (key === undefined) throw new Error(`no record key for ${rid}`)
      c = (c + key) % KEY_RANGE
    }
    return publish(s.size, c, k, d)
  }
const INF = Number.POSITIVE_INFINITY

export type Model = 'perturbed' | 'suppressed'
export type Pub = number | null

/** The model of a response: the cell-key tables say `perturbed: true`. */
export const modelOf = (body: unknown): Model =>
  typeof body === 'object' && body !== null && (body as { perturbed?: unknown }).perturbed === true ? 'perturbed' : 'suppressed'

/** The true counts a published value can come from. */
export function preimage(p: Pub, model: Model, k = K, d = D): [number, number] {
  if (model === 'suppressed') return p === null ? [1, INF] : [p, p]
  if (p === null) return [1, INF] // never published under the cell-key method; counted as a finding elsewhere
  if (p === 0) return [0, k - 1]
  if (p < k) return [p, p] // a small count published as such: taken at face value (and counted as a leak)
  if (p === k) return [1, k + d]
  return [Math.max(p - d, Math.ceil((p + k) / 2)), p + d]
}

export interface Term {
  coef: number
  p: Pub
}
export interface Derivation {
  terms: Term[]
  /** target = Σ, target ≥ Σ or target ≤ Σ (of the terms' true counts); `est`: no constraint, an estimate only. */
  rel: 'eq' | 'ge' | 'le' | 'est'
  /** Whether Σ of the published numbers is a differencing estimate of the target (default: eq only). */
  point?: boolean
}

export interface Outcome {
  truth: number
  lo: number
  hi: number
  estimate: number | null
  exact: boolean
  right: boolean
}

/** Interval and best estimate of one target from its derivations and its own published value. */
export function decide(truth: number, derivations: Derivation[], own: Pub | undefined, model: Model, k = K, d = D): Outcome {
  let lo = 0
  let hi = INF
  const points: number[] = []
  if (own !== undefined) {
    const [a, b] = preimage(own, model, k, d)
    lo = Math.max(lo, a)
    hi = Math.min(hi, b)
    if (own !== null) points.push(own)
  }
  for (const dv of derivations) {
    let sLo = 0
    let sHi = 0
    let pt: number | null = 0
    for (const { coef, p } of dv.terms) {
      const [a, b] = preimage(p, model, k, d)
      if (coef >= 0) {
        sLo += coef * a
        sHi += coef * b
      } else {
        sLo += coef * b
        sHi += coef * a
      }
      pt = p === null || pt === null ? null : pt + coef * p
    }
    if (Number.isNaN(sLo)) sLo = -INF
    if (Number.isNaN(sHi)) sHi = INF
    if (dv.rel === 'eq' || dv.rel === 'ge') lo = Math.max(lo, sLo)
    if (dv.rel === 'eq' || dv.rel === 'le') hi = Math.min(hi, sHi)
    if (pt !== null && (dv.point ?? (dv.rel === 'eq' || dv.rel === 'est'))) points.push(pt)
  }
  let estimate: number | null
  if (points.length) estimate = Math.round(points.reduce((s, x) => s + x, 0) / points.length)
  else estimate = Math.round((lo + Math.min(hi, Math.max(lo, k - 1))) / 2)
  if (estimate !== null) estimate = Math.min(Math.max(estimate, lo), hi === INF ? estimate : hi)
  const exact = lo === hi
  return { truth, lo, hi, estimate, exact, right: estimate === truth }
}

/** The figures of one attack: cells attempted, exact recoveries, estimates right; and checks of the attack itself. */
export class Tally {
  attempted = 0
  exact = 0
  right = 0
  /** Published values from 1 to k−1 (must be none under the cell-key method). */
  leaks: string[] = []
  /** Targets whose true count falls outside the attacker's interval: the attack's reasoning or the truth is wrong. */
  inconsistent: string[] = []
  examples: string[] = []
  readonly byTruth = new Map<number, { attempted: number; right: number; exact: number }>()

  constructor(
    readonly name: string,
    readonly model: Model,
    readonly k = K,
    readonly d = D,
  ) {}

  /** A published value seen: a count from 1 to k−1 is a leak under the cell-key method. */
  seen(what: string, p: Pub) {
    if (this.model === 'perturbed' && p !== null && p >= 1 && p < this.k) this.leaks.push(`${what} = ${p}`)
    if (this.model === 'perturbed' && p === null) this.leaks.push(`${what} = null`)
  }

  target(what: string, truth: number, derivations: Derivation[], own: Pub | undefined): Outcome | undefined {
    if (truth < 1 || truth >= this.k) return undefined
    const o = decide(truth, derivations, own, this.model, this.k, this.d)
    this.attempted++
    const b = this.byTruth.get(truth) ?? { attempted: 0, right: 0, exact: 0 }
    b.attempted++
    if (o.truth < o.lo || o.truth > o.hi) this.inconsistent.push(`${what}: truth ${o.truth} outside [${o.lo}, ${o.hi}]`)
    else if (o.exact) {
      this.exact++
      b.exact++
      if (this.examples.length < 5) {
        const terms = derivations
          .map((dv) => `${dv.rel}: ${dv.terms.map((t) => `${t.coef >= 0 ? '+' : '−'}${Math.abs(t.coef) === 1 ? '' : `${Math.abs(t.coef)}×`}${t.p}`).join(' ')}`)
          .join('; ')
        this.examples.push(`${what} = ${o.truth} exactly (own published ${own ?? '—'}; ${terms})`)
      }
    }
    if (o.right) {
      this.right++
      b.right++
    }
    this.byTruth.set(truth, b)
    return o
  }

  get share() {
    return this.attempted ? this.right / this.attempted : 0
  }

  line(): string {
    const by = [...this.byTruth]
      .sort(([a], [b]) => a - b)
      .map(([t, b]) => `n=${t}: ${b.right}/${b.attempted}`)
      .join(', ')
    return (
      `[attack] ${this.name} (${this.model}): cells attempted ${this.attempted}, exact recoveries ${this.exact}, ` +
      `best estimate right ${this.right} (${(100 * this.share).toFixed(1)} %)${by ? ` [${by}]` : ''}` +
      `${this.leaks.length ? `, published 1..k−1: ${this.leaks.length}` : ''}` +
      `${this.examples.length ? `; e.g. ${this.examples.join('; ')}` : ''}`
    )
  }

  /** What went wrong, if anything (each attack's test expects none; see api.ts expectSafe). */
  failures(minAttempted = 1): string[] {
    const out: string[] = []
    if (this.inconsistent.length) out.push(`the attack's intervals must hold the truth: ${this.inconsistent.slice(0, 5).join('; ')}`)
    if (this.attempted < minAttempted) out.push(`only ${this.attempted} small cells to attack (at least ${minAttempted} expected)`)
    if (this.leaks.length) out.push(`counts from 1 to k−1 published: ${this.leaks.slice(0, 10).join('; ')}`)
    if (this.exact) out.push(`${this.exact} small counts determined with certainty (e.g. ${this.examples.join('; ')})`)
    if (this.share > 0.5) out.push(`the attacker's best estimate is right for ${(100 * this.share).toFixed(1)} % of small counts (more than half)`)
    return out
  }
}

/** Fixed periods of FY 2025 (April 2025 to March 2026): the months, the quarters and the year. */
export const MONTHS = ['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']
export interface Period {
  from: string
  to: string
  months: string[]
  name: string
}
export const QUARTERS: Period[] = [0, 3, 6, 9].map((i) => ({ from: MONTHS[i]!, to: MONTHS[i + 2]!, months: MONTHS.slice(i, i + 3), name: `Q${i / 3 + 1}` }))
export const YEAR: Period = { from: MONTHS[0]!, to: MONTHS[11]!, months: MONTHS, name: 'FY2025' }
export const MONTH_PERIODS: Period[] = MONTHS.map((m) => ({ from: m, to: m, months: [m], name: m }))

export const PROGRAMMES = ['mentoring', 'family-support', 'relocation'] as const
export { AGE_BANDS, LOCATION_KINDS as KINDS, SUBJECT_ROLES } from '../../../server/db/types.js'
