import type { ApiJson } from '../../api.js'
import { api, apiUrl } from '../../http.js'

export type Basis = 'residence' | 'activity' | 'blend'
/** The funding report as the API answers it (the generated API types). */
export type FundingReport = ApiJson<'/api/v1/reports/funding'>
export type FundingRow = FundingReport['rows'][number]
export interface Period {
  from: string
  to: string
}

export const fundingReport = (p: Period, basis: Basis, signal?: AbortSignal) => api<FundingReport>('/reports/funding', { query: { ...p, basis }, signal })
export const fundingCsvUrl = (p: Period, basis: Basis) => apiUrl('/reports/funding', { ...p, basis, format: 'csv' })

export type CountCell = ApiJson<'/api/v1/stats/counts'>['cells'][number]
export const counts = (p: Period, geography: 'borough' | 'ward', signal?: AbortSignal) =>
  api<ApiJson<'/api/v1/stats/counts'>>('/stats/counts', {
    query: { ...p, geography },
    signal,
  })

type NamedAreas = GeoJSON.FeatureCollection<GeoJSON.Geometry, { code: string; name: string }>
const areasAsked = new Map<string, Promise<NamedAreas>>()
/**
 * Borough or ward shapes at the display detail, asked for once per page (public boundaries; a failed
 * request is asked again next time): the choropleth is shaded at any zoom. The map opening far out
 * holds the overview's coarser boroughs instead (map/detail.ts), so this is then a copy of its own;
 * once the map is zoomed in it asks for the same URL as this.
 */
export const areasOf = (kind: 'borough' | 'ward'): Promise<NamedAreas> => {
  let asked = areasAsked.get(kind)
  if (!asked) {
    asked = api<NamedAreas>('/areas', { query: { kind, detail: 'display' } })
    asked.catch(() => areasAsked.delete(kind))
    areasAsked.set(kind, asked)
  }
  return asked
}

export type Flows = ApiJson<'/api/v1/analysis/flows'>
export const flows = (p: Period, signal?: AbortSignal) => api<Flows>('/analysis/flows', { query: { ...p }, signal })

/** The last `n` whole months before this one, as a period. */
export function lastMonths(n: number, now = new Date()): Period {
  const month = (d: Date) => d.toISOString().slice(0, 7)
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1))
  return { from: month(from), to: month(to) }
}

// --- Aggregate readers (commissioners; every role but lead): the cell-key contract ---------------------

/** The blend weights an aggregate reader may ask for (weight of residence; activity gets 1 − weight). */
export const BLEND_WEIGHTS = [1, 0.75, 0.5, 0.25, 0] as const
export type BlendWeight = (typeof BLEND_WEIGHTS)[number]

/**
 * One borough of the funding report as an aggregate reader gets it: the published (perturbed)
 * count of referrals living there (latest home in the period) and of referrals with activity there
 * (incident, school, hangout), and the blended share computed from those published integers only.
 */
export interface PublishedFundingRow {
  borough: { code: string; name: string }
  residence: number
  activity: number
  share: number
}
export interface PublishedFunding {
  from: string
  to: string
  weight: number
  k: number
  noise: number | null
  rows: PublishedFundingRow[]
  /** Referrals counted in the whole report (resident or active in any borough of the scope), perturbed as a cell of its own. */
  totals: { referrals: number | null }
}

type Loose = Record<string, unknown>
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

/**
 * The blended share of each borough from published integers only:
 * share_B = w · res_B / Σres + (1 − w) · act_B / Σact (a part with nothing in it contributes 0).
 */
export function blendShares(rows: { residence: number; activity: number }[], weight: number): number[] {
  const sumRes = rows.reduce((s, r) => s + r.residence, 0)
  const sumAct = rows.reduce((s, r) => s + r.activity, 0)
  return rows.map((r) => weight * (sumRes ? r.residence / sumRes : 0) + (1 - weight) * (sumAct ? r.activity / sumAct : 0))
}

/**
 * The report an aggregate reader asked for (basis=blend with one of BLEND_WEIGHTS), read from the
 * service's answer: residence and activity per borough, the service's share when it sends one (else
 * the same formula here, on the same published integers).
 */
export async function publishedFunding(p: Period, weight: BlendWeight, fallbackK: number, signal?: AbortSignal): Promise<PublishedFunding> {
  const r = await api<Loose>('/reports/funding', { query: { ...p, basis: 'blend', weight }, signal })
  const rows = ((r.rows as Loose[] | undefined) ?? []).map((row) => ({
    borough: row.borough as { code: string; name: string },
    residence: int(row.residents) ?? 0,
    activity: int(row.active) ?? 0,
    share: int(row.share),
  }))
  const computed = blendShares(rows, weight)
  const totals = (r.totals ?? {}) as Loose
  return {
    from: String(r.from ?? p.from),
    to: String(r.to ?? p.to),
    weight,
    k: int(r.k) ?? fallbackK,
    noise: int(r.noise),
    rows: rows.map((row, i) => ({ ...row, share: row.share ?? computed[i]! })),
    totals: { referrals: int(totals.count) },
  }
}
export const publishedFundingCsvUrl = (p: Period, weight: BlendWeight) => apiUrl('/reports/funding', { ...p, basis: 'blend', weight, format: 'csv' })
