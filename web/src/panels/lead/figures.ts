import { ProblemError, type ApiJson } from '../../api.js'
import { api } from '../../http.js'
import { analysisQuery, monthLabel, monthsBetween, period } from '../../state/filters.js'
import { barChart, monthlyChart } from '../../ui/chart.js'
import { el } from '../../ui/notices.js'
import type { Filters, PanelContext } from '../registry.js'

/** Counts as GET /stats/counts answers them (the generated API types). */
type Counts = ApiJson<'/api/v1/stats/counts'>

const key = (f: Filters) => JSON.stringify([f.from, f.to, f.month, f.programme, f.subjectRole, f.ageBand])

/**
 * The figures for the period and filters: referrals per month (a line) and per borough (bars), from
 * GET /stats/counts?geography=borough&by=month; each chart has a sentence and a table. With a month
 * chosen on the time slider the trend still shows the whole period, the borough split that month.
 */
export function mountFigures(body: HTMLElement, ctx: PanelContext): () => void {
  const { filters } = ctx
  const out = el('div', undefined, 'figures')
  out.setAttribute('aria-busy', 'false')
  const status = el('p', undefined, 'hint')
  status.setAttribute('aria-live', 'polite')
  body.append(status, out)
  let destroy: (() => void)[] = []
  let controller: AbortController | undefined

  const load = async (f: Filters) => {
    controller?.abort()
    const c = (controller = new AbortController())
    const whole = { ...f, month: undefined }
    const { from, to } = period(whole)
    status.textContent = 'Loading figures…'
    out.setAttribute('aria-busy', 'true')
    try {
      const q = { ...analysisQuery(whole), geography: 'borough' }
      const [trend, split] = await Promise.all([
        api<Counts>('/stats/counts', { query: { ...q, by: 'month' }, signal: c.signal }),
        f.month ? api<Counts>('/stats/counts', { query: { ...q, from: f.month, to: f.month }, signal: c.signal }) : null,
      ])
      if (c.signal.aborted) return
      for (const d of destroy) d()
      destroy = []
      out.replaceChildren()
      const byMonth = new Map((trend.totals.months ?? []).map((m) => [m.month, m]))
      const months = monthsBetween(from, to)
      const total = trend.totals.count
      destroy.push(
        monthlyChart(out, {
          title: 'Referrals per month (distinct referrals with a located event that month)',
          months,
          values: months.map((m) => {
            const v = byMonth.get(m)
            return v ? v.count : 0
          }),
          k: trend.k,
          unit: 'referrals',
        }),
      )
      const areas = (split ?? trend).totals.areas.filter((a) => a.count !== 0).sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
      destroy.push(
        barChart(out, {
          title: `Referrals by borough, ${f.month ? monthLabel(f.month) : `${monthLabel(from)} to ${monthLabel(to)}`}`,
          labels: areas.map((a) => ctx.areaName(a.area)),
          values: areas.map((a) => a.count),
          k: (split ?? trend).k,
          unit: 'referrals',
        }),
      )
      status.textContent = `${total === null ? 'A suppressed number of' : total.toLocaleString('en-GB')} referral-months from ${monthLabel(from)} to ${monthLabel(to)} across ${areas.length} boroughs.`
    } catch (e) {
      if (c.signal.aborted || (e as Error).name === 'AbortError') return
      status.textContent = `Figures could not load: ${e instanceof ProblemError ? e.detail : String(e)}`
    } finally {
      if (!c.signal.aborted) out.setAttribute('aria-busy', 'false')
    }
  }
  const unsubscribe = filters.subscribe((f, prev) => key(f) !== key(prev) && void load(f))
  void load(filters.get())
  return () => {
    unsubscribe()
    controller?.abort()
    for (const d of destroy) d()
  }
}
