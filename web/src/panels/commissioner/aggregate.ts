import { FIRST_VIEW } from '../../../../server/analysis-data/first-view.js'
import { aborted } from '../../http.js'
import { legendList } from '../../layers/overlay.js'
import type { FixedPeriod } from '../../state/fixed-periods.js'
import { perturbedNote, perturbedSentence, perturbedShort } from '../../ui/disclosure.js'
import { el } from '../../ui/notices.js'
import { periodPicker } from '../../ui/period-picker.js'
import { dataTable, scrollableTable, scrollBox } from '../../ui/table.js'
import { whenStyleReady } from '../caseworker/layers.js'
import type { PanelContext } from '../registry.js'
import { aggregateHtml, int, span, WEIGHT_LABELS, weightRadios } from './aggregate-view.js'
import { BLEND_WEIGHTS, publishedFunding, publishedFundingCsvUrl, type BlendWeight, type PublishedFunding } from './api.js'
import { band, classRows } from './choropleth.js'
import { areaFeatures, countsLayer, type CountsLayer } from './counts-layer.js'
import { createFundingPanel, geography, loadCounts, loadFlows, pct, problemText, showShares, type FundingPanel, type Geography } from './state.js'

/** The funding panel of an aggregate reader: the shared state, its map layer and the k the service answers with. */
interface AggregatePanel extends FundingPanel {
  layer: CountsLayer
  // The page's k until an answer names the service's own (K_ANONYMITY may differ from the default).
  k: number
}

const learnK = (panel: AggregatePanel, answered: number | null | undefined) => {
  if (typeof answered !== 'number' || answered === panel.k) return
  panel.k = answered
  panel.$('#cm-privacy').textContent = perturbedSentence(panel.k)
}
const weight = (panel: AggregatePanel) =>
  Number(panel.root.querySelector<HTMLInputElement>('input[name="cm-weight"]:checked')?.value ?? FIRST_VIEW.blendWeight) as BlendWeight

function fundingOutput(r: PublishedFunding, p: FixedPeriod, w: BlendWeight): HTMLElement[] {
  const t = dataTable({
    caption: `Funding report, ${p.label}: ${WEIGHT_LABELS[w].toLowerCase()} (${perturbedShort(r.k)})`,
    head: ['Borough', 'Living there', 'With activity there', 'Blended share'],
    rows: r.rows.map((row) => [row.borough.name, row.residence, row.activity, pct(row.share)]),
  })
  t.id = 'funding-table'
  t.dataset.perturbed = 'true'
  const total = el(
    'p',
    `Young people counted in all (living or active in any of these boroughs): ${int(r.totals.referrals).toLocaleString('en-GB')} — counted on its own, so it need not equal the sum of the rows.`,
    'hint',
  )
  total.id = 'cm-funding-total'
  return [t, total]
}

async function loadFunding(panel: AggregatePanel, p: FixedPeriod, w: BlendWeight): Promise<void> {
  const out = panel.$('#cm-funding')
  panel.$<HTMLAnchorElement>('#cm-csv').href = publishedFundingCsvUrl(span(p), w)
  try {
    const r = await publishedFunding(span(p), w, panel.k, panel.next.funding())
    learnK(panel, r.k)
    out.replaceChildren(...fundingOutput(r, p, w))
    showShares(panel, r.rows, 'Largest blended shares', 'Blended share by borough (%), from perturbed counts')
  } catch (e) {
    if (aborted(e)) return
    out.replaceChildren(el('p', problemText(e), 'problem'))
  }
}

function renderLegend(panel: AggregatePanel, max: number): void {
  panel
    .$('#cm-legend')
    .replaceChildren(
      legendList('Referrals by area (perturbed counts)', classRows(max)),
      el('p', `Map: distinct referrals per area, ${perturbedShort(panel.k)}.`, 'hint'),
    )
  panel.ctx.tools.setLegend('choropleth', 'Referrals by area', legendList('Referrals by area (perturbed counts)', classRows(max)))
}

const aggregateCounts = (panel: AggregatePanel, p: FixedPeriod, geo: Geography) =>
  loadCounts(panel, span(p), geo, (c, areas) => {
    learnK(panel, c.k)
    const byCode = new Map(c.cells.map((x) => [x.area, x.count ?? 0]))
    const max = Math.max(1, ...byCode.values())
    panel.layer.show(areaFeatures(areas, byCode, (n) => ({ count: n, band: band(n, max) })))
    renderLegend(panel, max)
    const plural = geo === 'borough' ? 'boroughs' : 'wards'
    panel.$('#cm-counts-summary').textContent = `${c.cells.length} ${plural} on the map, darker = more referrals (perturbed counts).`
    const nameOf = (code: string) => areas.features.find((a) => a.properties.code === code)?.properties.name ?? panel.ctx.areaName(code)
    const rows: (string | number)[][] = c.cells.map((x) => [nameOf(x.area), x.count ?? 0])
    rows.push([`All ${plural} (counted separately)`, int(c.totals.count)])
    scrollableTable(
      { caption: `Distinct referrals per ${geo}, ${p.label} (${perturbedShort(panel.k)})`, head: [geo === 'borough' ? 'Borough' : 'Ward', 'Referrals'], rows },
      panel.$('#cm-counts'),
    )
  })

const aggregateFlows = (panel: AggregatePanel, p: FixedPeriod) =>
  loadFlows(panel, span(p), {
    keep: (c) => (c.count ?? 0) > 0,
    count: (c) => c.count ?? 0,
    caption: () => `Young people living in one borough with an incident in another, ${p.label} (${perturbedShort(panel.k)})`,
    failure: problemText,
    answered: (f) => learnK(panel, f.k),
    shown: (f) => {
      const total = f.matrix.total?.count
      panel.$('#cm-flows-total').textContent =
        typeof total === 'number'
          ? `${total.toLocaleString('en-GB')} young people in all had a home and an incident in these boroughs (counted on its own, so it need not equal the sum of the table).`
          : ''
    },
  })

/**
 * The funding view of an aggregate reader (a commissioner): fixed periods only, five blend weights,
 * and every figure an integer perturbed by the cell-key method — said in the text above the figures,
 * in each table's caption, the chart's caption and the map legend. Nothing reads "fewer than k" any
 * more: nothing is withheld, small counts are published as 0 or k.
 */
export function mountAggregate(root: HTMLElement, ctx: PanelContext): () => void {
  const f = ctx.filters.get()
  const picker = periodPicker('cm-period', { wanted: { from: f.from, to: f.to } })
  root.innerHTML = aggregateHtml()
  const layer = countsLayer(ctx, {
    fill: (f) => ({
      title: String(f.properties.name),
      lines: [`${Number(f.properties.count).toLocaleString('en-GB')} referrals (${perturbedShort(panel.k)})`],
    }),
  })
  const panel: AggregatePanel = { ...createFundingPanel(root, ctx), k: ctx.k, layer }
  const { $ } = panel
  $('#cm-period-slot').replaceWith(picker.field)
  $('#cm-privacy-slot').replaceWith(perturbedNote(panel.k, null, 'cm-privacy'))
  $('#cm-counts-slot').replaceWith(scrollBox('Referrals by area', 'cm-counts'))
  $('#cm-flows-slot').replaceWith(scrollBox('Flows between boroughs', 'cm-flows'))
  weightRadios($('#cm-weight'), BLEND_WEIGHTS)
  const refresh = () => {
    const p = picker.get()
    if (!p)
      return void $('#cm-funding').replaceChildren(
        el('p', 'No period has ended yet: figures are published for whole months, quarters and financial years.', 'problem'),
      )
    // A shared link reproduces the period (the shell keeps the filters in the URL hash).
    ctx.filters.set({ from: p.from, to: p.to, month: undefined })
    void loadFunding(panel, p, weight(panel))
    // The counts and flows do not depend on the blend weight: asked again only for another period.
    if (shownPeriod === `${p.from}/${p.to}`) return
    shownPeriod = `${p.from}/${p.to}`
    void aggregateCounts(panel, p, geography(panel))
    void aggregateFlows(panel, p)
  }
  let shownPeriod = ''
  $<HTMLFormElement>('#cm-form').addEventListener('submit', (ev) => {
    ev.preventDefault()
    refresh()
  })
  $('#cm-geo').addEventListener('change', () => {
    const p = picker.get()
    if (p) void aggregateCounts(panel, p, geography(panel))
  })
  const cancelStart = whenStyleReady(ctx.map, refresh)
  return () => {
    cancelStart()
    panel.seq++
    panel.destroyChart?.()
    panel.layer.remove()
  }
}
