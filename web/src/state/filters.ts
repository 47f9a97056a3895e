import { firstViewPeriod } from '../../../server/analysis-data/first-view.js'
import { addMonths, monthOf } from '../../../server/analysis-data/month-arithmetic.js'
import type { Filters } from './filter-types.js'

/** Filter keys in the order the URL hash writes them. */
export const FILTER_KEYS = [
  'from',
  'to',
  'month',
  'programme',
  'subjectRole',
  'ageBand',
  'crossBoundary',
  'overlays',
  'hexSize',
  'flowsTop',
] as const satisfies readonly (keyof Filters)[]

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/
const SLUG = /^[a-z0-9][a-z0-9_,-]{0,62}$/

export { addMonths, monthOf }

/** Every month from `from` to `to`, inclusive (empty when to < from). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  for (let m = from; m <= to && out.length < 240; m = addMonths(m, 1)) out.push(m)
  return out
}

/** "March 2026" */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/** True for the calendar month that has not ended yet (its figures are still coming in). */
export const isPartialMonth = (month: string, today = new Date()) => month === monthOf(today)

/** "March 2026", and "December 2026 (so far, to 5 December)" for the month not yet over. */
export function monthLabel(month: string, today = new Date()): string {
  if (!isPartialMonth(month, today)) return monthName(month)
  return `${monthName(month)} (so far, to ${today.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' })})`
}

/** The first view's period (server/analysis-data/first-view.ts, also answered by the service at start-up). */
export function defaultFilters(today = new Date()): Filters {
  return { ...firstViewPeriod(today) }
}

/** The months a query covers: the time slider's month when one is chosen, else from–to. */
export function period(f: Filters): { from: string; to: string } {
  const d = defaultFilters()
  if (f.month) return { from: f.month, to: f.month }
  return { from: f.from ?? d.from!, to: f.to ?? d.to! }
}

/** Reads the filters from a URL hash (`…&from=2025-12&to=2026-11&programme=mentoring`); bad values are dropped. */
export function parseFilters(hash: string, fallback: Filters = defaultFilters()): Filters {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const out: Filters = { ...fallback }
  for (const key of FILTER_KEYS) {
    const v = params.get(key)
    if (v === null) continue
    const ok = key === 'from' || key === 'to' || key === 'month' ? MONTH.test(v) : v === '' || SLUG.test(v)
    // An empty overlay list means "none switched on", which differs from "the defaults" (absent).
    if (ok) out[key] = v || (key === 'overlays' ? '' : undefined)
  }
  if (out.from && out.to && out.to < out.from) out.to = out.from
  if (out.month && ((out.from && out.month < out.from) || (out.to && out.month > out.to))) out.month = undefined
  return out
}

/** The filters as hash parameters to append to the view's (`&from=…`), empty ones left out. */
export function formatFilters(f: Filters): string {
  const params = new URLSearchParams()
  for (const key of FILTER_KEYS) if (f[key] || (key === 'overlays' && f[key] === '')) params.set(key, f[key]!)
  const s = params.toString()
  return s ? `&${s}` : ''
}

/** Query parameters the analysis endpoints accept, from the filters. */
export function analysisQuery(f: Filters): Record<string, string | undefined> {
  return { ...period(f), programme: f.programme, subjectRole: f.subjectRole, ageBand: f.ageBand }
}
