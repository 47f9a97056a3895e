import { el } from '../../ui/notices.js'
import { createReferral } from './api.js'
import { describe } from './classify.js'
import { loadCaseload } from './caseload.js'
import { renderPlaced } from './placed.js'
import type { Casework } from './state.js'
import { problemText } from './view.js'

/** The first missing required field, in words, with the control to focus; null when the form is complete. */
function missingField(cw: Casework, externalId: string, role: string | undefined): [string, HTMLElement] | null {
  if (!externalId) return ['Give the referral a pseudonymous reference.', cw.$('#cw-ref')]
  if (!role) return ['Choose the subject role: at risk, victim or both.', cw.root.querySelector<HTMLInputElement>('input[name="cw-role"]')!]
  if (!cw.$<HTMLSelectElement>('#cw-funding').value) return ['Choose the funding borough: the borough that pays for this referral.', cw.$('#cw-funding')]
  return null
}

/** A referral with no location asks once before it is saved; returns true while it is asking. */
function askWithoutLocation(cw: Casework): boolean {
  const confirm = cw.$('#cw-confirm')
  if (cw.state.placed.length === 0 && !cw.state.savingWithoutLocation) {
    const go = Object.assign(el('button', 'Save without a location'), { type: 'button', id: 'cw-save-anyway' })
    go.addEventListener('click', () => {
      cw.state.savingWithoutLocation = true
      cw.$<HTMLFormElement>('#cw-form').requestSubmit()
    })
    confirm.replaceChildren(
      el('p', 'This referral has no location, so it will be on no map and in no border or cross-borough figure. Add a place, or save it without one.'),
      go,
    )
    confirm.hidden = false
    go.focus()
    return true
  }
  cw.state.savingWithoutLocation = false
  confirm.hidden = true
  return false
}

async function save(cw: Casework, externalId: string, role: string): Promise<void> {
  const { $ } = cw
  const opened = $<HTMLInputElement>('#cw-opened').value
  const r = await createReferral({
    externalId,
    programme: $<HTMLSelectElement>('#cw-programme').value,
    subjectRole: role,
    ageBand: $<HTMLSelectElement>('#cw-age').value,
    fundingBorough: $<HTMLSelectElement>('#cw-funding').value,
    openedOn: opened,
    locations: cw.state.placed.map((p) => ({
      kind: p.kind,
      lon: Number(p.lon.toFixed(6)),
      lat: Number(p.lat.toFixed(6)),
      observedOn: opened,
      precision: 'exact',
    })),
  })
  const saved = $('#cw-saved')
  saved.replaceChildren(el('strong', `Saved ${r.externalId}. Classification: `), ...describe(r.crossBoundary, cw.name).map((t) => el('div', t)))
  if (r.crossBoundary.straddlingAreas.length) saved.append(el('div', `In a straddling estate or patch: ${r.crossBoundary.straddlingAreas.join(', ')}`))
  saved.dataset.multiBorough = String(r.crossBoundary.multiBorough)
  cw.ctx.announce(`Referral ${r.externalId} saved${r.crossBoundary.multiBorough ? ', multi-borough' : ''}.`)
  cw.state.placed = []
  renderPlaced(cw)
  await loadCaseload(cw)
}

/** The new-referral form: clearing its error on any edit, and saving it. */
export function wireReferralForm(cw: Casework): void {
  const form = cw.$<HTMLFormElement>('#cw-form')
  const error = cw.$('#cw-error')
  // A fixed mistake takes its message away: any edit of the form clears the last error.
  form.addEventListener('input', () => {
    error.textContent = ''
  })
  form.addEventListener('change', () => {
    error.textContent = ''
  })
  cw.$('#cw-funding').addEventListener('change', () => renderPlaced(cw))
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    error.textContent = ''
    const role = cw.root.querySelector<HTMLInputElement>('input[name="cw-role"]:checked')?.value
    const externalId = cw.$<HTMLInputElement>('#cw-ref').value.trim()
    const missing = missingField(cw, externalId, role)
    if (missing) {
      error.textContent = missing[0]
      return missing[1].focus()
    }
    if (askWithoutLocation(cw)) return
    try {
      await save(cw, externalId, role!)
    } catch (e) {
      error.textContent = problemText(e)
    }
  })
}
