import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { versioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { disclosureNote, readerK } from '../privacy/disclosure.js'
import { boroughNames, fundingCountRows, fundingRows, type FundingBasis } from './funding.repository.js'

/**
 * The commissioners' funding report end to end, without HTTP: the split of the caseload between
 * boroughs. A lead gets the exact report of the database's `funding_report` (migration 0011, where
 * the counting rules are written down, with fractional activity shares); every other reader a report
 * computed from the perturbed integers of `funding_counts` (migration 0021) only.
 */

export const DEFAULT_BLEND_WEIGHT = 0.5
/** The blend weights an aggregate reader may choose (the blend is computed from published integers, so this only keeps tables comparable). */
export const AGGREGATE_BLEND_WEIGHTS: readonly number[] = [0, 0.25, 0.5, 0.75, 1]

export interface FundingQuery {
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
  basis: FundingBasis
  /** Blend only: the weight of residence (activity gets 1 − weight); default 0.5. */
  weight?: number | undefined
  programme?: string | undefined
}

export interface FundingReportRow {
  borough: { code: string; name: string }
  /** Weighted referrals counted for the borough; null when suppressed. */
  count: number | null
  /** count ÷ totals.count; null when suppressed. */
  share: number | null
  /** Aggregate readers: referrals resident in the borough (latest home in the period), perturbed; null for a lead. */
  residents: number | null
  /** Aggregate readers: referrals with an incident, school or hangout in the borough in the period, perturbed; null for a lead. */
  active: number | null
  /** Leads: distinct referrals with a part in the borough; null for aggregate readers. */
  referrals: number | null
  /** Of those, referrals whose events lie in two or more boroughs; null when suppressed. */
  crossBorough: number | null
  /** Whether any value of the row is hidden. */
  suppressed: boolean
}

export interface FundingReport {
  basis: FundingBasis
  /** The residence weight of a blend; null for the other bases. */
  weight: number | null
  from: string
  to: string
  programme: string | null
  /** The k applied; null for a lead, who sees exact counts. */
  k: number | null
  perturbed: boolean
  note: string
  rows: FundingReportRow[]
  totals: {
    /** Referrals counted (each carries weight 1 in all); null when suppressed. */
    count: number | null
    /** Sum of the rows' referrals (a referral with parts in two boroughs is in both). */
    referrals: number | null
    crossBorough: number | null
    suppressed: boolean
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits
const firstOfMonth = (ym: string) => `${ym}-01`

/** The answer from the per-process cache of answers (server/cache/versioned.ts) when the same question was answered under the same data and scope. */
export async function fundingReport(db: Kysely<DB>, actor: Actor, q: FundingQuery, serviceK: number): Promise<FundingReport> {
  return versioned(db, 'reports/funding', { q, serviceK }, (trx) => computeFundingReport(trx, actor, q, serviceK))
}

async function computeFundingReport(db: Kysely<DB>, actor: Actor, q: FundingQuery, serviceK: number): Promise<FundingReport> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  if (q.weight !== undefined && q.basis !== 'blend') throw invalid('weight', 'applies to basis=blend only')
  const weight = q.basis === 'blend' ? (q.weight ?? DEFAULT_BLEND_WEIGHT) : q.basis === 'residence' ? 1 : 0
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) throw invalid('weight', 'must be from 0 to 1')
  const k = await readerK(db, actor, serviceK)
  if (k !== null) return perturbedReport(db, q, weight, k)
  const lines = await fundingRows(db, q.basis, weight, firstOfMonth(q.from), firstOfMonth(q.to), q.programme ?? null)
  const names = await boroughNames(db)
  const areaLines = lines.filter((l) => l.line === 'area')
  const cells = lines.filter((l) => l.line === 'cell')
  const grand = lines.find((l) => l.line === 'total')
  const total = grand?.n ?? 0
  const referralsCounted = Math.round(grand?.weighted ?? 0)
  const head = { basis: q.basis, weight: q.basis === 'blend' ? weight : null, from: q.from, to: q.to, programme: q.programme ?? null }
  const share = (count: number) => (referralsCounted === 0 ? 0 : round(count / referralsCounted, 6))
  const named = (code: string) => ({ code, name: names.get(code) ?? code })
  const byName = (a: FundingReportRow, b: FundingReportRow) =>
    a.borough.name.localeCompare(b.borough.name, 'en-GB') || (a.borough.code < b.borough.code ? -1 : 1)

  const cross = new Map(cells.filter((c) => c.part === 'cross').map((c) => [c.borough!, c.n ?? 0]))
  const rows = areaLines.map((a): FundingReportRow => {
    const count = round(a.weighted ?? 0, 4)
    return {
      borough: named(a.borough!),
      count,
      share: share(a.weighted ?? 0),
      residents: null,
      active: null,
      referrals: a.n ?? 0,
      crossBorough: cross.get(a.borough!) ?? 0,
      suppressed: false,
    }
  })
  const crossTotal = lines.find((l) => l.line === 'part' && l.part === 'cross')?.n ?? 0
  return {
    ...head,
    k: null,
    ...disclosureNote(null),
    rows: rows.sort(byName),
    totals: { count: referralsCounted, referrals: total, crossBorough: crossTotal, suppressed: false },
  }
}

/**
 * The report for an aggregate reader, from published integers only (funding_counts, perturbed by the
 * database): per borough the referrals resident there and the referrals active there, and the
 * referrals counted. A borough's share is weight × its residents ÷ all residents + (1 − weight) × its
 * active ÷ all active, and its count that share of the counted total — so any weight reveals nothing
 * beyond the published integers, and two weights cannot be solved for hidden parts.
 */
async function perturbedReport(db: Kysely<DB>, q: FundingQuery, weight: number, k: number): Promise<FundingReport> {
  if (!AGGREGATE_BLEND_WEIGHTS.includes(weight)) {
    throw invalid('weight', `must be one of ${AGGREGATE_BLEND_WEIGHTS.join(', ')} for figures that are perturbed`)
  }
  // The published integers do not depend on the basis or weight: kept once per period and programme,
  // so another weight of the same period (a commissioner's blend change) is worked out from them
  // without counting again (about 4 s at 1M locations on the PostGIS server).
  const counted = { from: q.from, to: q.to, programme: q.programme ?? null }
  const lines = await versioned(db, 'reports/funding-counts', counted, (trx) =>
    fundingCountRows(trx, firstOfMonth(q.from), firstOfMonth(q.to), q.programme ?? null),
  )
  const names = await boroughNames(db)
  const of = (line: string) => new Map(lines.filter((l) => l.line === line).map((l) => [l.borough!, l.n]))
  const residents = of('residence')
  const active = of('activity')
  const total = lines.find((l) => l.line === 'total')?.n ?? 0
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
  const [allResidents, allActive] = [sum(residents), sum(active)]
  const rows = [...residents.keys()].map((code): FundingReportRow => {
    const r = residents.get(code) ?? 0
    const a = active.get(code) ?? 0
    const share = (allResidents ? weight * (r / allResidents) : 0) + (allActive ? (1 - weight) * (a / allActive) : 0)
    return {
      borough: { code, name: names.get(code) ?? code },
      count: round(share * total, 4),
      share: round(share, 6),
      residents: r,
      active: a,
      referrals: null,
      crossBorough: null,
      suppressed: false,
    }
  })
  const byName = (x: FundingReportRow, y: FundingReportRow) =>
    x.borough.name.localeCompare(y.borough.name, 'en-GB') || (x.borough.code < y.borough.code ? -1 : 1)
  return {
    basis: q.basis,
    weight: q.basis === 'blend' ? weight : null,
    from: q.from,
    to: q.to,
    programme: q.programme ?? null,
    k,
    ...disclosureNote(k),
    rows: rows.sort(byName),
    totals: { count: total, referrals: null, crossBorough: null, suppressed: false },
  }
}
