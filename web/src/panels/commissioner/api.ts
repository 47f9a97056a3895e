import { api, apiUrl } from '../../http.js'

export type Basis = 'residence' | 'activity' | 'blend'
export interface FundingRow {
  borough: { code: string; name: string }
  count: number | null
  share: number | null
  referrals?: number | null
  crossBorough: number | null
  suppressed: boolean
}
export interface FundingReport {
  basis: Basis
  from: string
  to: string
  k: number | null
  rows: FundingRow[]
  totals: { count: number | null; referrals?: number | null; crossBorough?: number | null; suppressed: boolean }
}
export interface Period { from: string; to: string }

export const fundingReport = (p: Period, basis: Basis) => api<FundingReport>('/reports/funding', { query: { ...p, basis } })
export const fundingCsvUrl = (p: Period, basis: Basis) => apiUrl('/reports/funding', { ...p, basis, format: 'csv' })

export interface CountCell { area: string; count: number | null; suppressed: boolean }
export const counts = (p: Period, geography: 'borough' | 'ward') =>
  api<{ cells: CountCell[]; totals: { count: number | null; suppressed?: boolean } }>('/stats/counts', { query: { ...p, geography } })

export const areasOf = (kind: 'borough' | 'ward') =>
  api<GeoJSON.FeatureCollection<GeoJSON.Geometry, { code: string; name: string }>>('/areas', { query: { kind } })

interface Disclosed { count: number | null; suppressed: boolean }
export interface Flows {
  boroughs: { code: string; name: string }[]
  matrix: { cells: ({ origin: string; destination: string } & Disclosed)[] }
}
export const flows = (p: Period) => api<Flows>('/analysis/flows', { query: { ...p } })

/** The last `n` whole months before this one, as a period. */
export function lastMonths(n: number, now = new Date()): Period {
  const month = (d: Date) => d.toISOString().slice(0, 7)
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1))
  return { from: month(from), to: month(to) }
}
