import { FIRST_VIEW } from '../../../../server/analysis-data/first-view.js'
import type { FixedPeriod } from '../../state/fixed-periods.js'
import { el } from '../../ui/notices.js'
import { AREAS_HEAD, FLOWS_HEAD, FUNDING_OUTPUT } from './view.js'
import type { BlendWeight, Period } from './api.js'

export const WEIGHT_LABELS: Record<BlendWeight, string> = {
  1: 'Residence only',
  0.75: '¾ residence, ¼ activity',
  0.5: 'Half residence, half activity',
  0.25: '¼ residence, ¾ activity',
  0: 'Activity only',
}
/** Only from and to go to the API (a FixedPeriod also has kind and label). */
export const span = (p: FixedPeriod): Period => ({ from: p.from, to: p.to })
export const int = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v)

/** The aggregate view's markup; the slots are replaced by the period picker, the privacy note and the scroll boxes. */
export const aggregateHtml = () => `
    <form id="cm-form" class="period-form" novalidate>
      <div id="cm-period-slot"></div>
      <fieldset id="cm-weight"><legend>Funding blend (weight of residence)</legend></fieldset>
      <button type="submit">Show</button>
    </form>
    <div id="cm-privacy-slot"></div>
    <h3>Funding report</h3>
    <p class="hint">Per borough: young people living there (their latest home in the period), young people with activity there
      (an incident, school or hangout), and the borough's share of the blend, worked out from those two published counts.</p>
    ${FUNDING_OUTPUT}
    ${AREAS_HEAD}
    <div id="cm-legend"></div>
    <details><summary>Referrals by area (table)</summary><div id="cm-counts-slot"></div></details>
    ${FLOWS_HEAD}
    <div id="cm-flows-slot"></div>
    <p id="cm-flows-total" class="hint"></p>`

/** The five blend weights as radio buttons, half-and-half chosen. */
export function weightRadios(fieldset: HTMLElement, weights: readonly BlendWeight[]): void {
  for (const w of weights) {
    const label = el('label')
    const radio = Object.assign(el('input'), { type: 'radio', name: 'cm-weight', value: String(w), checked: w === FIRST_VIEW.blendWeight })
    radio.id = `cm-weight-${String(w).replace('.', '')}`
    label.htmlFor = radio.id
    label.append(radio, ` ${WEIGHT_LABELS[w]}`)
    fieldset.append(label)
  }
}
