/**
 * Fixed periods: the only periods an aggregate reader (commissioner, partner, a caseworker's
 * organisation-wide figures) may ask for. Free from–to ranges let running or overlapping ranges be
 * subtracted from each other, so the server accepts exactly three shapes of `from`/`to` (YYYY-MM):
 *
 * - a calendar month: from = to;
 * - a calendar quarter: from in 01, 04, 07 or 10, to = from + 2 months;
 * - a financial year (UK, April to March): from = YYYY-04, to = (YYYY+1)-03.
 *
 * Anything else is a 400 naming `from`. Leads may use any whole-month range (they do not use this).
 * The picker offers only periods that have ended (the month in progress is not complete, and "this
 * financial year to date" is not a fixed period).
 */

// Pure month arithmetic (no DOM types), so this module's unit tests run under Node.
import { addMonths, monthOf } from '../../../server/analysis-data/month-arithmetic.js'

const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
const monthName = (month: string) => `${LONG[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`

export type FixedPeriodKind = 'financial-year' | 'quarter' | 'month'

export interface FixedPeriod {
  kind: FixedPeriodKind
  /** First month, YYYY-MM. */
  from: string
  /** Last month, YYYY-MM (inclusive). */
  to: string
  /** "Financial year 2025/26", "Quarter Jan–Mar 2026", "March 2026". */
  label: string
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const parts = (month: string): [number, number] | null => {
  const m = MONTH.exec(month)
  return m ? [Number(m[1]), Number(m[2])] : null
}

/** The fixed period that `from`–`to` is, or null when it is none (which the server answers 400). */
export function fixedPeriodOf(from: string | undefined, to: string | undefined): FixedPeriod | null {
  if (from === undefined || to === undefined) return null
  const a = parts(from)
  if (!a || !parts(to)) return null
  const [year, month] = a
  if (from === to) return { kind: 'month', from, to, label: monthName(from) }
  if (month === 4 && to === addMonths(from, 11)) {
    return { kind: 'financial-year', from, to, label: `Financial year ${year}/${String((year + 1) % 100).padStart(2, '0')}` }
  }
  if ((month - 1) % 3 === 0 && to === addMonths(from, 2)) {
    return { kind: 'quarter', from, to, label: `Quarter ${SHORT[month - 1]}–${SHORT[month + 1]} ${year}` }
  }
  return null
}

/** Whether the server accepts `from`–`to` from an aggregate reader. */
export const isFixedPeriod = (from: string | undefined, to: string | undefined): boolean => fixedPeriodOf(from, to) !== null

/** The last month that has ended before `now` (UTC). */
export const lastCompleteMonth = (now = new Date()): string => addMonths(monthOf(now), -1)

/** The financial year that holds `month`. */
export function financialYearOf(month: string): FixedPeriod {
  const [y, m] = parts(month) ?? [0, 1]
  const from = `${m >= 4 ? y : y - 1}-04`
  return fixedPeriodOf(from, addMonths(from, 11))!
}

/** The calendar quarter that holds `month`. */
export function quarterOf(month: string): FixedPeriod {
  const [y, m] = parts(month) ?? [0, 1]
  const from = `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}`
  return fixedPeriodOf(from, addMonths(from, 2))!
}

/** The last calendar quarter that has ended before `now`: the aggregate readers' default period. */
export function lastCompleteQuarter(now = new Date()): FixedPeriod {
  const last = lastCompleteMonth(now)
  const q = quarterOf(last)
  return q.to === last ? q : quarterOf(addMonths(q.from, -1))
}

export interface FixedPeriodBounds {
  /** First month any offered period may start in (YYYY-MM); default 36 months before the latest. */
  earliest?: string
  /** Last month any offered period may end in; default (and never later than) the last complete month. */
  latest?: string
}

export interface FixedPeriodGroups {
  'financial-year': FixedPeriod[]
  quarter: FixedPeriod[]
  month: FixedPeriod[]
}

/** The periods to offer, newest first in each kind: every one that has ended and lies within the bounds. */
export function fixedPeriodOptions(now = new Date(), bounds: FixedPeriodBounds = {}): FixedPeriodGroups {
  const complete = lastCompleteMonth(now)
  const latest = bounds.latest && bounds.latest < complete ? bounds.latest : complete
  const earliest = bounds.earliest ?? addMonths(latest, -35)
  const out: FixedPeriodGroups = { 'financial-year': [], quarter: [], month: [] }
  const within = (p: FixedPeriod) => p.from >= earliest && p.to <= latest
  for (let m = latest; m >= earliest; m = addMonths(m, -1)) {
    const month = fixedPeriodOf(m, m)!
    out.month.push(month)
    const q = quarterOf(m)
    if (q.to === m && within(q)) out.quarter.push(q)
    const fy = financialYearOf(m)
    if (fy.to === m && within(fy)) out['financial-year'].push(fy)
  }
  return out
}

/**
 * The period an aggregate reader starts on: `wanted` (e.g. from a shared link) when it is a fixed
 * period, else the last complete quarter when it is on offer, else the newest offered period.
 */
export function defaultFixedPeriod(groups: FixedPeriodGroups, now = new Date(), wanted?: { from?: string; to?: string }): FixedPeriod | null {
  const asked = fixedPeriodOf(wanted?.from, wanted?.to)
  if (asked) return asked
  const all = [...groups['financial-year'], ...groups.quarter, ...groups.month]
  const q = lastCompleteQuarter(now)
  return all.find((p) => p.from === q.from && p.to === q.to) ?? groups.quarter[0] ?? groups.month[0] ?? groups['financial-year'][0] ?? null
}

/** `from`/`to` as the value of a picker option ("2026-07/2026-09"), and back. */
export const periodValue = (p: { from: string; to: string }): string => `${p.from}/${p.to}`
export function parsePeriodValue(value: string): FixedPeriod | null {
  const [from, to] = value.split('/')
  return fixedPeriodOf(from, to)
}

/** The months of a fixed period, for `by=month` (each month is itself a fixed period). */
export function monthsOf(p: { from: string; to: string }): string[] {
  const out: string[] = []
  for (let m = p.from; m <= p.to && out.length < 12; m = addMonths(m, 1)) out.push(m)
  return out
}

/** The first and last day of a period (YYYY-MM-DD), for routes that take dates (exports). */
export function periodDates(p: { from: string; to: string }): { from: string; to: string } {
  const [y, m] = parts(p.to) ?? [1970, 1]
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
  return { from: `${p.from}-01`, to: last }
}
