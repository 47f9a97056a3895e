import { ProblemError } from '../../api.js'
import { aborted } from '../../http.js'
import { legendList } from '../../layers/overlay.js'
import { monthLabel } from '../../state/filters.js'
import { el } from '../../ui/notices.js'
import { dataTable, scrollableTable } from '../../ui/table.js'
import { AREAS_HEAD, FLOWS_HEAD, FUNDING_OUTPUT } from './view.js'
import { whenStyleReady } from '../caseworker/layers.js'
import type { PanelContext } from '../registry.js'
import { fundingCsvUrl, fundingReport, lastMonths, type Basis, type FundingReport, type Period } from './api.js'
import { band, classRows } from './choropleth.js'
import { areaFeatures, countsLayer, type CountsLayer } from './counts-layer.js'
import { createFundingPanel, geography, loadCounts, loadFlows, pct, problemText, showShares, type FundingPanel, type Geography } from './state.js'

const BASIS_WORDS: Record<Basis, string> = {
  residence: 'residence (home borough)',
  activity: 'activity (incidents, school, hangouts)',
  blend: 'a blend of residence and activity',
}
/** "March 2026 to February 2027" (a month not yet over marked "so far"). */
const span = (from: string, to: string) => (from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`)
const fewer = (k: number) => `fewer than ${k}`
const isMonth = (m: string | undefined): m is string => m !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(m)

const exactHtml = (initial: Period, k: number) => `
    <form id="cm-form" class="period-form" novalidate>
      <div class="field"><label for="cm-from">From (month)</label><input id="cm-from" type="month" value="${initial.from}" required /></div>
      <div class="field"><label for="cm-to">To (month)</label><input id="cm-to" type="month" value="${initial.to}" required /></div>
      <div class="field"><label for="cm-basis">Count by</label>
        <select id="cm-basis"><option value="residence">Residence (home borough)</option><option value="activity">Activity (incidents, school, hangouts)</option><option value="blend">Blend of both</option></select></div>
      <button type="submit">Show</button>
    </form>
    <h3>Funding report</h3>
    <p class="hint">Counts from 1 to ${k - 1} are never shown: they read "fewer than ${k}", and a few more are hidden so they cannot be worked out from the totals.</p>
    ${FUNDING_OUTPUT}
    ${AREAS_HEAD}
    <details><summary>Referrals by area (table)</summary><div id="cm-counts" class="table-wrap" tabindex="0" role="region" aria-label="Referrals by area"></div></details>
    ${FLOWS_HEAD}
    <div id="cm-flows" class="table-wrap" tabindex="0" role="region" aria-label="Flows between boroughs"></div>`

function fundingTable(r: FundingReport, fallbackK: number): HTMLTableElement {
  const k = r.k ?? fallbackK
  const show = (v: number | null | undefined, suppressed: boolean, f: (n: number) => string = String) =>
    v === null || v === undefined ? (suppressed ? fewer(k) : '—') : f(v)
  const rows = r.rows.map((row) => [
    row.borough.name,
    show(row.count, row.suppressed, (n) => n.toLocaleString('en-GB', { maximumFractionDigits: 1 })),
    show(row.share, row.suppressed, pct),
    show(row.crossBorough, row.suppressed),
  ])
  rows.push([
    'Total',
    show(r.totals.count, r.totals.suppressed),
    r.totals.count === null ? '—' : '100 %',
    show(r.totals.crossBorough ?? null, r.totals.suppressed),
  ])
  const t = dataTable({
    caption: `Caseload by ${BASIS_WORDS[r.basis as Basis] ?? r.basis}, ${span(r.from, r.to)}`,
    head: ['Borough', r.basis === 'blend' ? 'Referrals (blend)' : 'Referrals', 'Share', 'Of which cross-borough'],
    rows,
  })
  t.id = 'funding-table'
  return t
}

async function loadFunding(panel: FundingPanel, p: Period, basis: Basis): Promise<void> {
  const out = panel.$('#cm-funding')
  panel.$<HTMLAnchorElement>('#cm-csv').href = fundingCsvUrl(p, basis)
  try {
    const r = await fundingReport(p, basis, panel.next.funding())
    out.replaceChildren(fundingTable(r, panel.ctx.k))
    // A blend count mixes two counts, so it can have decimals: say how it is made.
    if (r.basis === 'blend')
      out.append(
        el(
          'p',
          'Blend: each young person counts half for the borough they live in and half, shared out, for the boroughs of their activity (the service’s default weight), so a count can have a decimal part.',
          'hint',
        ),
      )
    showShares(panel, r.rows, 'Largest shares')
  } catch (e) {
    if (aborted(e)) return
    out.replaceChildren(
      el('p', e instanceof ProblemError && e.status === 404 ? 'The funding report is not available on this service yet.' : problemText(e), 'problem'),
    )
  }
}

const exactCounts = (panel: FundingPanel, layer: CountsLayer, p: Period, geo: Geography) =>
  loadCounts(panel, p, geo, (c, areas) => {
    const { ctx } = panel
    const byCode = new Map(c.cells.map((x) => [x.area, x]))
    const max = Math.max(1, ...c.cells.filter((x) => x.count !== null).map((x) => x.count!))
    layer.show(
      areaFeatures(areas, byCode, (cell) => ({ count: cell.count ?? -1, suppressed: cell.suppressed, band: cell.count === null ? -1 : band(cell.count, max) })),
    )
    const suppressed = c.cells.filter((x) => x.suppressed).length
    ctx.tools.setLegend('choropleth', 'Referrals by area', legendList('Referrals by area', classRows(max, suppressed ? fewer(ctx.k) : undefined)))
    panel.$('#cm-counts-summary').textContent =
      `${c.cells.length} ${geo === 'borough' ? 'boroughs' : 'wards'} on the map, darker = more referrals; ${suppressed} hatched as "${fewer(ctx.k)}" (or hidden to protect them).`
    const rows = c.cells.map((x) => [
      ctx.areaName(x.area) === x.area ? (areas.features.find((f) => f.properties.code === x.area)?.properties.name ?? x.area) : ctx.areaName(x.area),
      x.count === null ? fewer(ctx.k) : x.count,
    ])
    scrollableTable(
      { caption: `Distinct referrals per ${geo}, ${span(p.from, p.to)}`, head: [geo === 'borough' ? 'Borough' : 'Ward', 'Referrals'], rows },
      panel.$('#cm-counts'),
    )
  })

const exactFlows = (panel: FundingPanel, p: Period) =>
  loadFlows(panel, p, {
    keep: (c) => c.suppressed || (c.count ?? 0) > 0,
    count: (c) => (c.count === null ? fewer(panel.ctx.k) : c.count),
    caption: () => 'Young people living in one borough with an incident in another',
    failure: (e) => (e instanceof ProblemError && e.status === 404 ? 'Flows are not available on this service yet.' : problemText(e)),
  })

/** The lead's view: exact figures, any whole-month range, the three bases with the default blend. */
export function mountExact(root: HTMLElement, ctx: PanelContext): () => void {
  // The period of the filters (the URL hash) when it names whole months, else the last twelve.
  const f = ctx.filters.get()
  root.innerHTML = exactHtml(isMonth(f.from) && isMonth(f.to) ? { from: f.from, to: f.to } : lastMonths(12), ctx.k)
  const panel = createFundingPanel(root, ctx)
  const { $ } = panel
  const period = (): Period => ({ from: $<HTMLInputElement>('#cm-from').value, to: $<HTMLInputElement>('#cm-to').value })
  const layer = countsLayer(ctx, {
    fill: (f) => ({ title: String(f.properties.name), lines: [`${Number(f.properties.count).toLocaleString('en-GB')} referrals`] }),
    hatch: (f) => ({ title: String(f.properties.name), lines: [`${fewer(ctx.k)} referrals`] }),
  })
  const refresh = () => {
    const p = period()
    if (!p.from || !p.to || p.from > p.to) return void $('#cm-funding').replaceChildren(el('p', 'Choose a first month no later than the last.', 'problem'))
    void loadFunding(panel, p, $<HTMLSelectElement>('#cm-basis').value as Basis)
    // The counts and flows do not depend on the basis: asked again only for another period.
    if (shownPeriod === `${p.from}/${p.to}`) return
    shownPeriod = `${p.from}/${p.to}`
    void exactCounts(panel, layer, p, geography(panel))
    void exactFlows(panel, p)
  }
  let shownPeriod = ''
  $<HTMLFormElement>('#cm-form').addEventListener('submit', (ev) => {
    ev.preventDefault()
    refresh()
  })
  $('#cm-geo').addEventListener('change', () => void exactCounts(panel, layer, period(), geography(panel)))
  // A commissioner comes here for this view: it loads at once. A lead asks for it (the report and the
  // counts are heavy queries on a small embedded database, and the lead has other panels loading).
  const cancelStart = ctx.me.role === 'commissioner' ? whenStyleReady(ctx.map, refresh) : () => {}
  if (ctx.me.role !== 'commissioner')
    $('#cm-funding').replaceChildren(el('p', 'Choose the months and press Show to see the funding report, the counts by area and the flows.', 'hint'))
  return () => {
    cancelStart()
    panel.seq++
    panel.destroyChart?.()
    layer.remove()
  }
}
