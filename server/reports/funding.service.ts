import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { suppressTable } from '../privacy/suppression.js'
import { boroughNames, FUNDING_PARTS, fundingRows, type FundingBasis } from './funding.repository.js'

/**
 * The commissioners' funding report end to end, without HTTP: the split of the caseload between
 * boroughs from the database's disclosure function `funding_report` (migration 0011, where the
 * counting rules are written down), then, for every role but leads, secondary suppression of the
 * borough × {cross-borough, single-borough} table of referral counts and its totals, so no hidden
 * number can be worked out from the rest. A borough's weighted count and share are shown exactly
 * when its referral count is.
 */

export const DEFAULT_BLEND_WEIGHT = 0.5

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
  /** Distinct referrals with a part in the borough; null when suppressed. */
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

export async function fundingReport(db: Kysely<DB>, actor: Actor, q: FundingQuery, serviceK: number): Promise<FundingReport> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  if (q.weight !== undefined && q.basis !== 'blend') throw invalid('weight', 'applies to basis=blend only')
  const weight = q.basis === 'blend' ? q.weight ?? DEFAULT_BLEND_WEIGHT : q.basis === 'residence' ? 1 : 0
  if (!Number.isFinite(weight) || weight < 0 || weight > 1) throw invalid('weight', 'must be from 0 to 1')
  let k = serviceK
  if (actor.role === 'partner') k = Math.max(k, (await agreementInForce(db)).k)

  const lines = await fundingRows(db, q.basis, weight, firstOfMonth(q.from), firstOfMonth(q.to), q.programme ?? null)
  const names = await boroughNames(db)
  const areaLines = lines.filter((l) => l.line === 'area')
  const cells = lines.filter((l) => l.line === 'cell')
  const grand = lines.find((l) => l.line === 'total')
  const total = grand?.n ?? 0
  const referralsCounted = Math.round(grand?.weighted ?? 0)
  const weighted = new Map(areaLines.map((a) => [a.borough!, a.weighted ?? 0]))
  const head = { basis: q.basis, weight: q.basis === 'blend' ? weight : null, from: q.from, to: q.to, programme: q.programme ?? null }
  const share = (count: number) => (referralsCounted === 0 ? 0 : round(count / referralsCounted, 6))
  const named = (code: string) => ({ code, name: names.get(code) ?? code })
  const byName = (a: FundingReportRow, b: FundingReportRow) => a.borough.name.localeCompare(b.borough.name, 'en-GB') || (a.borough.code < b.borough.code ? -1 : 1)

  if (actor.role === 'lead') {
    const cross = new Map(cells.filter((c) => c.part === 'cross').map((c) => [c.borough!, c.n ?? 0]))
    const rows = areaLines.map((a) => {
      const count = round(a.weighted ?? 0, 4)
      return { borough: named(a.borough!), count, share: share(a.weighted ?? 0), referrals: a.n ?? 0, crossBorough: cross.get(a.borough!) ?? 0, suppressed: false }
    })
    const crossTotal = lines.find((l) => l.line === 'part' && l.part === 'cross')?.n ?? 0
    return { ...head, k: null, rows: rows.sort(byName), totals: { count: referralsCounted, referrals: total, crossBorough: crossTotal, suppressed: false } }
  }

  const table = suppressTable({
    areas: areaLines.map((a) => a.borough!),
    months: [...FUNDING_PARTS],
    cells: cells.map((c) => ({ area: c.borough!, month: c.part!, count: c.n })),
    totals: {
      count: total,
      areas: areaLines.map((a) => ({ area: a.borough!, count: a.n ?? 0 })),
      months: lines.filter((l) => l.line === 'part').map((l) => ({ month: l.part!, count: l.n ?? 0 })),
    },
  }, { k })
  // The weighted total is the number of referrals counted: hidden with the table's total, and when small.
  const countShown = !table.totals.suppressed && !(referralsCounted >= 1 && referralsCounted < k)
  const crossCell = new Map(table.cells.filter((c) => c.month === 'cross').map((c) => [c.area, c]))
  const rows = table.totals.areas.map((a): FundingReportRow => {
    const cross = crossCell.get(a.area)!
    if (a.suppressed) return { borough: named(a.area), count: null, share: null, referrals: null, crossBorough: null, suppressed: true }
    const w = weighted.get(a.area) ?? 0
    return {
      borough: named(a.area),
      count: round(w, 4),
      share: countShown ? share(w) : null,
      referrals: a.count,
      crossBorough: cross.count,
      suppressed: cross.suppressed || !countShown,
    }
  })
  const crossTotal = table.totals.months?.find((m) => m.month === 'cross')
  const totals = {
    count: countShown ? referralsCounted : null,
    referrals: table.totals.count,
    crossBorough: crossTotal?.count ?? null,
    suppressed: !countShown || table.totals.suppressed || (crossTotal?.suppressed ?? true),
  }
  return { ...head, k, rows: rows.sort(byName), totals }
}
