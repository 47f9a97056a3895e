import { ProblemError } from '../../api.js'
import { aborted, supersede } from '../../http.js'
import { monthLabel } from '../../state/filters.js'
import { el } from '../../ui/notices.js'
import { dataTable, scrollableTable } from '../../ui/table.js'
import { registerPanel, type PanelContext } from '../registry.js'
import { areasOf, counts, flows, fundingCsvUrl, fundingReport, lastMonths, type Basis, type Period } from './api.js'
import { whenStyleReady } from '../caseworker/layers.js'
import { shareBars } from './bars.js'
import { mountAggregate } from './aggregate.js'
import { band, classRows, removeChoropleth, showChoropleth } from './choropleth.js'
import { legendList } from '../../layers/overlay.js'

const BASIS_WORDS: Record<Basis, string> = {
  residence: 'residence (home borough)',
  activity: 'activity (incidents, school, hangouts)',
  blend: 'a blend of residence and activity',
}
/** "March 2026 to February 2027" (a month not yet over marked "so far"). */
const span = (from: string, to: string) => (from === to ? monthLabel(from) : `${monthLabel(from)} to ${monthLabel(to)}`)
const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
const SOURCE = 'commissioner-counts'

/** The lead's view: exact figures, any whole-month range, the three bases with the default blend. */
function mountExact(root: HTMLElement, ctx: PanelContext): () => void {
  const { map } = ctx
  // A newer period or choice cancels the request it supersedes.
  const nextFunding = supersede(),
    nextCounts = supersede(),
    nextFlows = supersede()
  // The period of the filters (the URL hash) when it names whole months, else the last twelve.
  const f = ctx.filters.get()
  const isMonth = (m: string | undefined): m is string => m !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(m)
  const initial = isMonth(f.from) && isMonth(f.to) ? { from: f.from, to: f.to } : lastMonths(12)
  root.innerHTML = `
    <form id="cm-form" class="period-form" novalidate>
      <div class="field"><label for="cm-from">From (month)</label><input id="cm-from" type="month" value="${initial.from}" required /></div>
      <div class="field"><label for="cm-to">To (month)</label><input id="cm-to" type="month" value="${initial.to}" required /></div>
      <div class="field"><label for="cm-basis">Count by</label>
        <select id="cm-basis"><option value="residence">Residence (home borough)</option><option value="activity">Activity (incidents, school, hangouts)</option><option value="blend">Blend of both</option></select></div>
      <button type="submit">Show</button>
    </form>
    <h3>Funding report</h3>
    <p class="hint">Counts from 1 to ${ctx.k - 1} are never shown: they read "fewer than ${ctx.k}", and a few more are hidden so they cannot be worked out from the totals.</p>
    <div id="cm-funding" aria-live="polite"></div>
    <div id="cm-chart"></div>
    <p><a id="cm-csv" class="button-link" download>Download the funding report (CSV)</a></p>
    <h3>Referrals by area</h3>
    <div class="field"><label for="cm-geo">Areas</label><select id="cm-geo"><option value="borough">Boroughs</option><option value="ward">Wards</option></select></div>
    <p id="cm-counts-summary" class="hint" aria-live="polite"></p>
    <details><summary>Referrals by area (table)</summary><div id="cm-counts" class="table-wrap" tabindex="0" role="region" aria-label="Referrals by area"></div></details>
    <h3>Flows between boroughs</h3>
    <p class="hint">From the borough where a young person lives to the borough of an incident.</p>
    <div id="cm-flows" class="table-wrap" tabindex="0" role="region" aria-label="Flows between boroughs"></div>`

  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  const fewer = (k: number) => `fewer than ${k}`
  let destroyChart: (() => void) | null = null
  let seq = 0

  const period = (): Period => ({ from: $<HTMLInputElement>('#cm-from').value, to: $<HTMLInputElement>('#cm-to').value })

  const loadFunding = async (p: Period, basis: Basis) => {
    const out = $('#cm-funding')
    $<HTMLAnchorElement>('#cm-csv').href = fundingCsvUrl(p, basis)
    try {
      const r = await fundingReport(p, basis, nextFunding())
      const k = r.k ?? ctx.k
      const show = (v: number | null | undefined, suppressed: boolean, f: (n: number) => string = String) =>
        v === null || v === undefined ? (suppressed ? fewer(k) : '—') : f(v)
      const pct = (v: number) => `${(v * 100).toFixed(1)} %`
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
      out.replaceChildren(t)
      // A blend count mixes two counts, so it can have decimals: say how it is made.
      if (r.basis === 'blend')
        out.append(
          el(
            'p',
            'Blend: each young person counts half for the borough they live in and half, shared out, for the boroughs of their activity (the service’s default weight), so a count can have a decimal part.',
            'hint',
          ),
        )
      destroyChart?.()
      const top = [...r.rows].filter((x) => x.share !== null).sort((a, b) => b.share! - a.share!)
      const summary = top.length
        ? `Largest shares: ${top
            .slice(0, 3)
            .map((x) => `${x.borough.name} ${pct(x.share!)}`)
            .join(', ')}. The table lists every borough.`
        : 'No shares to show.'
      destroyChart = r.rows.length
        ? shareBars(
            $('#cm-chart'),
            r.rows.map((x) => x.borough.name),
            r.rows.map((x) => x.share),
            summary,
          )
        : null
    } catch (e) {
      if (aborted(e)) return
      out.replaceChildren(
        el('p', e instanceof ProblemError && e.status === 404 ? 'The funding report is not available on this service yet.' : problemText(e), 'problem'),
      )
    }
  }

  const loadCounts = async (p: Period, geography: 'borough' | 'ward') => {
    const mine = ++seq
    $('#cm-counts-summary').textContent = 'Loading…'
    try {
      const [c, areas] = await Promise.all([counts(p, geography, nextCounts()), areasOf(geography)])
      if (mine !== seq) return
      const byCode = new Map(c.cells.map((x) => [x.area, x]))
      const shown = c.cells.filter((x) => x.count !== null).map((x) => x.count!)
      const max = Math.max(1, ...shown)
      const features = areas.features
        .filter((f) => byCode.has(f.properties.code))
        .map((f) => {
          const cell = byCode.get(f.properties.code)!
          return {
            ...f,
            properties: {
              code: f.properties.code,
              name: f.properties.name,
              count: cell.count ?? -1,
              suppressed: cell.suppressed,
              band: cell.count === null ? -1 : band(cell.count, max),
            },
          }
        })
      showChoropleth(map, SOURCE, { type: 'FeatureCollection', features })
      const suppressed = c.cells.filter((x) => x.suppressed).length
      ctx.tools.setLegend('choropleth', 'Referrals by area', legendList('Referrals by area', classRows(max, suppressed ? fewer(ctx.k) : undefined)))
      $('#cm-counts-summary').textContent =
        `${c.cells.length} ${geography === 'borough' ? 'boroughs' : 'wards'} on the map, darker = more referrals; ${suppressed} hatched as "${fewer(ctx.k)}" (or hidden to protect them).`
      const rows = c.cells.map((x) => [
        ctx.areaName(x.area) === x.area ? (areas.features.find((f) => f.properties.code === x.area)?.properties.name ?? x.area) : ctx.areaName(x.area),
        x.count === null ? fewer(ctx.k) : x.count,
      ])
      scrollableTable(
        { caption: `Distinct referrals per ${geography}, ${span(p.from, p.to)}`, head: [geography === 'borough' ? 'Borough' : 'Ward', 'Referrals'], rows },
        $('#cm-counts'),
      )
    } catch (e) {
      if (aborted(e)) return
      if (mine === seq) $('#cm-counts-summary').textContent = problemText(e)
    }
  }

  const loadFlows = async (p: Period) => {
    const out = $('#cm-flows')
    try {
      const f = await flows(p, nextFlows())
      const name = new Map(f.boroughs.map((b) => [b.code, b.name]))
      const cells = f.matrix.cells.filter((c) => c.origin !== c.destination && (c.suppressed || (c.count ?? 0) > 0))
      if (!cells.length) return void out.replaceChildren(el('p', 'No flows between boroughs in this period.', 'hint'))
      cells.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
      scrollableTable(
        {
          caption: 'Young people living in one borough with an incident in another',
          head: ['From (home)', 'To (incident)', 'Referrals'],
          rows: cells.map((c) => [name.get(c.origin) ?? c.origin, name.get(c.destination) ?? c.destination, c.count === null ? fewer(ctx.k) : c.count]),
        },
        out,
      )
    } catch (e) {
      if (aborted(e)) return
      out.replaceChildren(el('p', e instanceof ProblemError && e.status === 404 ? 'Flows are not available on this service yet.' : problemText(e), 'hint'))
    }
  }

  const refresh = () => {
    const p = period()
    if (!p.from || !p.to || p.from > p.to) return void $('#cm-funding').replaceChildren(el('p', 'Choose a first month no later than the last.', 'problem'))
    void loadFunding(p, $<HTMLSelectElement>('#cm-basis').value as Basis)
    void loadCounts(p, $<HTMLSelectElement>('#cm-geo').value as 'borough' | 'ward')
    void loadFlows(p)
  }
  $<HTMLFormElement>('#cm-form').addEventListener('submit', (ev) => {
    ev.preventDefault()
    refresh()
  })
  $('#cm-geo').addEventListener('change', () => void loadCounts(period(), $<HTMLSelectElement>('#cm-geo').value as 'borough' | 'ward'))
  // A commissioner comes here for this view: it loads at once. A lead asks for it (the report and the
  // counts are heavy queries on a small embedded database, and the lead has other panels loading).
  const cancelStart = ctx.me.role === 'commissioner' ? whenStyleReady(map, refresh) : () => {}
  const stopIdentify = ctx.tools.identify(`${SOURCE}-fill`, (f) => ({
    title: String(f.properties.name),
    lines: [`${Number(f.properties.count).toLocaleString('en-GB')} referrals`],
  }))
  const stopIdentifyHatch = ctx.tools.identify(`${SOURCE}-hatch`, (f) => ({ title: String(f.properties.name), lines: [fewer(ctx.k) + ' referrals'] }))
  if (ctx.me.role !== 'commissioner')
    $('#cm-funding').replaceChildren(el('p', 'Choose the months and press Show to see the funding report, the counts by area and the flows.', 'hint'))

  return () => {
    cancelStart()
    seq++
    destroyChart?.()
    stopIdentify()
    stopIdentifyHatch()
    ctx.tools.setLegend('choropleth', '', null)
    removeChoropleth(map, SOURCE)
  }
}

/** Leads see exact figures; every other reader of this panel (commissioners) the perturbed, fixed-period view. */
const mount = (root: HTMLElement, ctx: PanelContext) => (ctx.me.role === 'lead' ? mountExact(root, ctx) : mountAggregate(root, ctx))

registerPanel({ id: 'funding', title: 'Funding and aggregates', tab: 'Funding', roles: ['commissioner', 'lead'], order: 50, mount })
