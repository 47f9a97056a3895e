import { stringify } from 'csv-stringify/sync'
import { csvSafeRow } from '../exports/csv-safe.js'
import type { FundingReport } from './funding.service.js'

/** Columns of the funding report's CSV, in order. */
export const FUNDING_CSV_COLUMNS = [
  'borough_code',
  'borough_name',
  'count',
  'share',
  'residents',
  'active',
  'referrals',
  'cross_borough',
  'suppressed',
] as const

/**
 * The funding report as a plain CSV table (RFC 4180, CRLF line ends): a header row, one row per
 * borough in the report's order, then a last row with an empty `borough_code` and `borough_name`
 * "Total". A value not published to the reader is an empty field (a lead's residents/active, an
 * aggregate reader's referrals/cross_borough). No comment lines, no attribution.
 */
export function fundingCsv(report: FundingReport): string {
  const value = (x: number | null) => (x === null ? '' : String(x))
  const lines = report.rows.map((r) => [
    r.borough.code,
    r.borough.name,
    value(r.count),
    value(r.share),
    value(r.residents),
    value(r.active),
    value(r.referrals),
    value(r.crossBorough),
    String(r.suppressed),
  ])
  const t = report.totals
  const share = t.count === null ? '' : t.count === 0 ? '0' : '1'
  lines.push(['', 'Total', value(t.count), share, '', '', value(t.referrals), value(t.crossBorough), String(t.suppressed)])
  return stringify(lines.map(csvSafeRow), { header: true, columns: [...FUNDING_CSV_COLUMNS], record_delimiter: 'windows' })
}
