import { ProblemError } from '../../api.js'
import { aborted, supersede } from '../../http.js'
import { legendList } from '../../layers/overlay.js'
import type { FixedPeriod } from '../../state/fixed-periods.js'
import { perturbedNote, perturbedSentence, perturbedShort } from '../../ui/disclosure.js'
import { el } from '../../ui/notices.js'
import { periodPicker } from '../../ui/period-picker.js'
import { dataTable, scrollableTable, scrollBox } from '../../ui/table.js'
import { whenStyleReady } from '../caseworker/layers.js'
import type { PanelContext } from '../registry.js'
import { areasOf, BLEND_WEIGHTS, counts, flows, publishedFunding, publishedFundingCsvUrl, type BlendWeight, type Period } from './api.js'
import { shareBars } from './bars.js'
import { band, classRows, removeChoropleth, showChoropleth } from './choropleth.js'

const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
const SOURCE = 'commissioner-counts'
const WEIGHT_LABELS: Record<BlendWeight, string> = {
  1: 'Residence only',
  0.75: '¾ residence, ¼ activity',
  0.5: 'Half residence, half activity',
  0.25: '¼ residence, ¾ activity',
  0: 'Activity only',
}
const pct = (v: number) => `${(v * 100).toFixed(1)} %`
/** Only from and to go to the API (a FixedPeriod also has kind and label). */
const span = (p: FixedPeriod): Period => ({ from: p.from, to: p.to })
const int = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v)

/**
 * The funding view of an aggregate reader (a commissioner): fixed periods only, five blend weights,
 * and every figure an integer perturbed by the cell-key method — said in the text above the figures,
 * in each table's caption, the chart's caption and the map legend. Nothing reads "fewer than k" any
 * more: nothing is withheld, small counts are published as 0 or k.
 */
export function mountAggregate(root: HTMLElement, ctx: PanelContext): () => void {
  const { map } = ctx
  // A newer period or choice cancels the request it supersedes.
  const nextFunding = supersede(),
    nextCounts = supersede(),
    nextFlows = supersede()
  const f = ctx.filters.get()
  const picker = periodPicker('cm-period', { wanted: { from: f.from, to: f.to } })
  // The page's k until an answer names the service's own (K_ANONYMITY may differ from the default).
  let k = ctx.k

  root.innerHTML = `
    <form id="cm-form" class="period-form" novalidate>
      <div id="cm-period-slot"></div>
      <fieldset id="cm-weight"><legend>Funding blend (weight of residence)</legend></fieldset>
      <button type="submit">Show</button>
    </form>
    <div id="cm-privacy-slot"></div>
    <h3>Funding report</h3>
    <p class="hint">Per borough: young people living there (their latest home in the period), young people with activity there
      (an incident, school or hangout), and the borough's share of the blend, worked out from those two published counts.</p>
    <div id="cm-funding" aria-live="polite"></div>
    <div id="cm-chart"></div>
    <p><a id="cm-csv" class="button-link" download>Download the funding report (CSV)</a></p>
    <h3>Referrals by area</h3>
    <div class="field"><label for="cm-geo">Areas</label><select id="cm-geo"><option value="borough">Boroughs</option><option value="ward">Wards</option></select></div>
    <p id="cm-counts-summary" class="hint" aria-live="polite"></p>
    <div id="cm-legend"></div>
    <details><summary>Referrals by area (table)</summary><div id="cm-counts-slot"></div></details>
    <h3>Flows between boroughs</h3>
    <p class="hint">From the borough where a young person lives to the borough of an incident.</p>
    <div id="cm-flows-slot"></div>
    <p id="cm-flows-total" class="hint"></p>`
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  $('#cm-period-slot').replaceWith(picker.field)
  $('#cm-privacy-slot').replaceWith(perturbedNote(k, null, 'cm-privacy'))
  $('#cm-counts-slot').replaceWith(scrollBox('Referrals by area', 'cm-counts'))
  $('#cm-flows-slot').replaceWith(scrollBox('Flows between boroughs', 'cm-flows'))
  const weights = $('#cm-weight')
  for (const w of BLEND_WEIGHTS) {
    const label = el('label')
    const radio = Object.assign(el('input'), { type: 'radio', name: 'cm-weight', value: String(w), checked: w === 0.5 })
    radio.id = `cm-weight-${String(w).replace('.', '')}`
    label.htmlFor = radio.id
    label.append(radio, ` ${WEIGHT_LABELS[w]}`)
    weights.append(label)
  }

  const learnK = (answered: number | null | undefined) => {
    if (typeof answered !== 'number' || answered === k) return
    k = answered
    $('#cm-privacy').textContent = perturbedSentence(k)
  }
  let destroyChart: (() => void) | null = null
  let seq = 0
  const weight = () => Number(root.querySelector<HTMLInputElement>('input[name="cm-weight"]:checked')?.value ?? 0.5) as BlendWeight

  const loadFunding = async (p: FixedPeriod, w: BlendWeight) => {
    const out = $('#cm-funding')
    $<HTMLAnchorElement>('#cm-csv').href = publishedFundingCsvUrl(span(p), w)
    try {
      const r = await publishedFunding(span(p), w, k, nextFunding())
      learnK(r.k)
      const rows: (string | number)[][] = r.rows.map((row) => [row.borough.name, row.residence, row.activity, pct(row.share)])
      const t = dataTable({
        caption: `Funding report, ${p.label}: ${WEIGHT_LABELS[w].toLowerCase()} (${perturbedShort(r.k)})`,
        head: ['Borough', 'Living there', 'With activity there', 'Blended share'],
        rows,
      })
      t.id = 'funding-table'
      t.dataset.perturbed = 'true'
      const total = el(
        'p',
        `Young people counted in all (living or active in any of these boroughs): ${int(r.totals.referrals).toLocaleString('en-GB')} — counted on its own, so it need not equal the sum of the rows.`,
        'hint',
      )
      total.id = 'cm-funding-total'
      out.replaceChildren(t, total)
      destroyChart?.()
      const top = [...r.rows].sort((a, b) => b.share - a.share)
      const summary = top.length
        ? `Largest blended shares: ${top
            .slice(0, 3)
            .map((x) => `${x.borough.name} ${pct(x.share)}`)
            .join(', ')}. The table lists every borough.`
        : 'No shares to show.'
      destroyChart = r.rows.length
        ? shareBars(
            $('#cm-chart'),
            r.rows.map((x) => x.borough.name),
            r.rows.map((x) => x.share),
            summary,
            'Blended share by borough (%), from perturbed counts',
          )
        : null
    } catch (e) {
      if (aborted(e)) return
      out.replaceChildren(el('p', problemText(e), 'problem'))
    }
  }

  const renderLegend = (max: number) => {
    const box = $('#cm-legend')
    box.replaceChildren(
      legendList('Referrals by area (perturbed counts)', classRows(max)),
      el('p', `Map: distinct referrals per area, ${perturbedShort(k)}.`, 'hint'),
    )
    ctx.tools.setLegend('choropleth', 'Referrals by area', legendList('Referrals by area (perturbed counts)', classRows(max)))
  }

  const loadCounts = async (p: FixedPeriod, geography: 'borough' | 'ward') => {
    const mine = ++seq
    $('#cm-counts-summary').textContent = 'Loading…'
    try {
      const [c, areas] = await Promise.all([counts(span(p), geography, nextCounts()), areasOf(geography)])
      if (mine !== seq) return
      learnK(c.k)
      const byCode = new Map(c.cells.map((x) => [x.area, x.count ?? 0]))
      const max = Math.max(1, ...byCode.values())
      const features = areas.features
        .filter((a) => byCode.has(a.properties.code))
        .map((a) => {
          const n = byCode.get(a.properties.code)!
          return { ...a, properties: { code: a.properties.code, name: a.properties.name, count: n, band: band(n, max) } }
        })
      showChoropleth(map, SOURCE, { type: 'FeatureCollection', features })
      renderLegend(max)
      const plural = geography === 'borough' ? 'boroughs' : 'wards'
      $('#cm-counts-summary').textContent = `${c.cells.length} ${plural} on the map, darker = more referrals (perturbed counts).`
      const nameOf = (code: string) => areas.features.find((a) => a.properties.code === code)?.properties.name ?? ctx.areaName(code)
      const rows: (string | number)[][] = c.cells.map((x) => [nameOf(x.area), x.count ?? 0])
      rows.push([`All ${plural} (counted separately)`, int(c.totals.count)])
      scrollableTable(
        {
          caption: `Distinct referrals per ${geography}, ${p.label} (${perturbedShort(k)})`,
          head: [geography === 'borough' ? 'Borough' : 'Ward', 'Referrals'],
          rows,
        },
        $('#cm-counts'),
      )
    } catch (e) {
      if (aborted(e)) return
      if (mine === seq) $('#cm-counts-summary').textContent = problemText(e)
    }
  }

  const loadFlows = async (p: FixedPeriod) => {
    const out = $('#cm-flows')
    try {
      const f = await flows(span(p), nextFlows())
      learnK(f.k)
      const name = new Map(f.boroughs.map((b) => [b.code, b.name]))
      const cells = f.matrix.cells.filter((c) => c.origin !== c.destination && (c.count ?? 0) > 0)
      if (!cells.length) return void out.replaceChildren(el('p', 'No flows between boroughs in this period.', 'hint'))
      cells.sort((a, b) => (b.count ?? 0) - (a.count ?? 0))
      scrollableTable(
        {
          caption: `Young people living in one borough with an incident in another, ${p.label} (${perturbedShort(k)})`,
          head: ['From (home)', 'To (incident)', 'Referrals'],
          rows: cells.map((c) => [name.get(c.origin) ?? c.origin, name.get(c.destination) ?? c.destination, c.count ?? 0]),
        },
        out,
      )
      const total = f.matrix.total?.count
      $('#cm-flows-total').textContent =
        typeof total === 'number'
          ? `${total.toLocaleString('en-GB')} young people in all had a home and an incident in these boroughs (counted on its own, so it need not equal the sum of the table).`
          : ''
    } catch (e) {
      if (aborted(e)) return
      out.replaceChildren(el('p', problemText(e), 'hint'))
    }
  }

  const refresh = () => {
    const p = picker.get()
    if (!p)
      return void $('#cm-funding').replaceChildren(
        el('p', 'No period has ended yet: figures are published for whole months, quarters and financial years.', 'problem'),
      )
    // A shared link reproduces the period (the shell keeps the filters in the URL hash).
    ctx.filters.set({ from: p.from, to: p.to, month: undefined })
    void loadFunding(p, weight())
    void loadCounts(p, $<HTMLSelectElement>('#cm-geo').value as 'borough' | 'ward')
    void loadFlows(p)
  }
  $<HTMLFormElement>('#cm-form').addEventListener('submit', (ev) => {
    ev.preventDefault()
    refresh()
  })
  $('#cm-geo').addEventListener('change', () => {
    const p = picker.get()
    if (p) void loadCounts(p, $<HTMLSelectElement>('#cm-geo').value as 'borough' | 'ward')
  })
  const cancelStart = whenStyleReady(map, refresh)
  const stopIdentify = ctx.tools.identify(`${SOURCE}-fill`, (f) => ({
    title: String(f.properties.name),
    lines: [`${Number(f.properties.count).toLocaleString('en-GB')} referrals (${perturbedShort(k)})`],
  }))

  return () => {
    cancelStart()
    seq++
    destroyChart?.()
    stopIdentify()
    ctx.tools.setLegend('choropleth', '', null)
    removeChoropleth(map, SOURCE)
  }
}
