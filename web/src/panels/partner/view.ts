import { ProblemError } from '../../api.js'
import { el } from '../../ui/notices.js'
import { FIELD_NAMES, type Agreement } from './agreement.js'

export const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))

/** Why the export button is (not) available. */
const whyText = (a: Agreement) =>
  !a.inForce
    ? 'The agreement is not in force.'
    : a.level !== 'generalised'
      ? 'Your agreement allows aggregate counts only, not an export of generalised points.'
      : 'You will see what leaves before anything is downloaded.'

/** The agreement statement, the export button and its dialog (the period picker goes into #pt-period-slot). */
export const partnerHtml = (a: Agreement) => `
    <h3>What your agreement allows</h3>
    <ul id="pt-agreement" class="agreement"></ul>
    <h3>Export</h3>
    <button type="button" id="pt-open" ${a.inForce && a.level === 'generalised' ? '' : 'disabled aria-describedby="pt-why"'}>Export data…</button>
    <p id="pt-why" class="hint">${whyText(a)}</p>
    <p id="pt-done" class="hint" aria-live="polite"></p>
    <dialog id="pt-dialog" aria-labelledby="pt-dialog-title">
      <form method="dialog" id="pt-form" novalidate>
        <h3 id="pt-dialog-title">Export generalised data</h3>
        <div id="pt-period-slot"></div>
        <fieldset><legend>Format</legend>
          <label><input type="radio" name="pt-format" value="geojson" checked /> GeoJSON (for GIS)</label>
          <label><input type="radio" name="pt-format" value="csv" /> CSV (for spreadsheets)</label>
        </fieldset>
        <fieldset><legend>Break counts down by</legend><div id="pt-fields"></div></fieldset>
        <button type="button" id="pt-preview">Show what will leave</button>
        <div id="pt-summary" class="export-summary" aria-live="polite"></div>
        <div class="button-row">
          <button type="button" id="pt-download" disabled>Download</button>
          <button type="button" id="pt-cancel">Cancel</button>
        </div>
        <div id="pt-error" class="problem" role="alert"></div>
      </form>
    </dialog>`

/** A checkbox for each field of the agreement the counts may be broken down by. */
export const fieldBoxes = (a: Agreement): HTMLElement[] =>
  a.fields.length
    ? a.fields.map((f) => {
        const label = el('label')
        const box = Object.assign(el('input'), { type: 'checkbox', name: 'pt-by', value: f })
        label.append(box, ` ${FIELD_NAMES[f] ?? f}`)
        return label
      })
    : [el('p', 'None: your agreement lists no fields.', 'hint')]
