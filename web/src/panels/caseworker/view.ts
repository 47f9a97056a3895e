import { ProblemError } from '../../api.js'
import { AGE_BANDS, KIND_NAMES, LOCATION_KINDS, PROGRAMMES } from './api.js'

/** A refusal in words: a taken reference says so rather than the service's field name. */
export const problemText = (e: unknown) => {
  if (!(e instanceof ProblemError)) return e instanceof Error ? e.message : String(e)
  if (e.status === 409) return 'A referral with this reference already exists. Choose another reference.'
  if (e.status === 400 || e.status === 422) return `Check the form: ${e.detail}`
  return e.detail || e.title
}
const today = () => new Date().toISOString().slice(0, 10)
const options = (pairs: readonly (readonly [string, string])[]) => pairs.map(([v, t]) => `<option value="${v}">${t}</option>`).join('')

/** The panel's markup: the caseload, the new-referral form and the relocation check. */
export const caseworkHtml = (isLead: boolean) => `
    <h3 id="cw-caseload-title">${isLead ? "Your organisation's referrals" : 'Your caseload'}</h3>
    <p id="cw-caseload-summary" class="hint" aria-live="polite">Loading…</p>
    <details><summary>Caseload (table)</summary><div id="cw-caseload" class="table-wrap" tabindex="0" role="region" aria-label="Caseload"></div></details>

    <h3 id="cw-form-title">New referral</h3>
    <form id="cw-form" class="referral-form" novalidate aria-labelledby="cw-form-title">
      <div class="field"><label for="cw-ref">Reference</label>
        <input id="cw-ref" required maxlength="64" autocomplete="off" aria-describedby="cw-ref-hint" />
        <span id="cw-ref-hint" class="hint">A pseudonymous reference such as YP-2026-014 — never a name.</span></div>
      <div class="field"><label for="cw-programme">Programme</label><select id="cw-programme">${options(PROGRAMMES)}</select></div>
      <fieldset class="subject-role"><legend>Subject role (required)</legend>
        <label><input type="radio" name="cw-role" value="at_risk" required /> At risk of gang involvement</label>
        <label class="victim-choice"><input type="radio" name="cw-role" value="victim" /> <strong>Victim</strong> — harmed or exploited; never treated as a suspect</label>
        <label><input type="radio" name="cw-role" value="both" /> Both at risk and a victim</label>
      </fieldset>
      <div class="field"><label for="cw-age">Age band</label><select id="cw-age">${options(AGE_BANDS.map((a) => [a, a] as const))}</select></div>
      <div class="field"><label for="cw-funding">Funding borough (required)</label><select id="cw-funding" required><option value="">Loading boroughs…</option></select></div>
      <div class="field"><label for="cw-opened">Opened on</label><input id="cw-opened" type="date" value="${today()}" max="${today()}" /></div>
      <fieldset><legend>Locations</legend>
        <div class="field"><label for="cw-kind">Kind of place</label><select id="cw-kind">${options(LOCATION_KINDS.map((k) => [k, KIND_NAMES[k]] as const))}</select></div>
        <button type="button" id="cw-pick" aria-pressed="false">Place on the map</button>
        <div class="coords">
          <label for="cw-lon">Longitude</label><input id="cw-lon" inputmode="decimal" size="10" />
          <label for="cw-lat">Latitude</label><input id="cw-lat" inputmode="decimal" size="10" />
          <button type="button" id="cw-add">Add</button>
        </div>
        <p class="hint">Click "Place on the map" and then the map, or type longitude and latitude (e.g. −0.195, 51.534).</p>
        <ol id="cw-locations" class="location-list"></ol>
      </fieldset>
      <div id="cw-live" class="classification" aria-live="polite"></div>
      <button type="submit">Save referral</button>
      <div id="cw-error" class="problem" role="alert"></div>
      <div id="cw-confirm" class="warning" hidden></div>
      <div id="cw-saved" class="classification saved" aria-live="polite"></div>
    </form>

    <h3 id="cw-reloc-title">Relocation check</h3>
    <form id="cw-reloc" novalidate aria-labelledby="cw-reloc-title">
      <div class="field"><label for="cw-reloc-ref">Referral</label><select id="cw-reloc-ref"></select></div>
      <div class="coords">
        <label for="cw-reloc-lon">Longitude</label><input id="cw-reloc-lon" inputmode="decimal" size="10" />
        <label for="cw-reloc-lat">Latitude</label><input id="cw-reloc-lat" inputmode="decimal" size="10" />
      </div>
      <button type="button" id="cw-reloc-pick" aria-pressed="false">Pick the destination on the map</button>
      <button type="submit">Check this destination</button>
      <div id="cw-reloc-result" aria-live="polite"></div>
    </form>`

/** Longitude and latitude typed into two inputs (a typographic minus accepted); null unless both are numbers. */
export function readCoords($: <T extends HTMLElement>(sel: string) => T, lonSel: string, latSel: string): [number, number] | null {
  const lon = Number($<HTMLInputElement>(lonSel).value.replace('−', '-'))
  const lat = Number($<HTMLInputElement>(latSel).value.replace('−', '-'))
  return $<HTMLInputElement>(lonSel).value && $<HTMLInputElement>(latSel).value && Number.isFinite(lon) && Number.isFinite(lat) ? [lon, lat] : null
}
