import { ProblemError } from '../../api.js'
import { api, apiResponse } from '../../http.js'
import { el } from '../../ui/notices.js'
import { periodDates } from '../../state/fixed-periods.js'
import { perturbedNote, perturbedSentence } from '../../ui/disclosure.js'
import { periodPicker } from '../../ui/period-picker.js'
import { boroughList } from '../caseworker/api.js'
import { registerPanel, type Me, type PanelContext } from '../registry.js'

const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
const FIELD_NAMES: Record<string, string> = {
  programme: 'programme',
  subjectRole: 'subject role',
  ageBand: 'age band',
  month: 'month',
  borough: 'borough',
  ward: 'ward',
  kind: 'kind of place',
}
/** What a level allows: wards only when the agreement lists the field, hexagons only at the agreement's cell size. */
const LEVELS: Record<string, (cellM: number, wards: boolean) => string> = {
  aggregate: (_cellM, wards) => `counts per borough${wards ? ' and ward' : ''}`,
  generalised: (cellM, wards) =>
    `counts per borough${wards ? ', ward' : ''}, LSOA or ${cellM} m hexagon, and generalised points: places snapped to the centre of a ${cellM} m grid cell`,
}
/** The agreement's cell size: generalised points, hexagons and exports use exactly this (older servers: 250 m). */
export const cellOf = (a: NonNullable<Me['agreement']>): number => a.cellM ?? 250
const longDate = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

/** The agreement in plain words: what, where, which fields, until when. */
export function agreementSentences(a: NonNullable<Me['agreement']>, name: (code: string) => string): string[] {
  return [
    `Agreement "${a.name}" ${a.inForce ? 'is in force' : 'is NOT in force'}: from ${longDate(a.validFrom)} until ${longDate(a.validUntil)}.`,
    `You may see ${LEVELS[a.level]?.(cellOf(a), a.fields.includes('ward')) ?? a.level}, for whole months, calendar quarters or financial years.`,
    `Boroughs: ${a.boroughs.map(name).join(', ')}. Nothing outside them.`,
    a.fields.length ? `Counts may be broken down by: ${a.fields.map((f) => FIELD_NAMES[f] ?? f).join(', ')}.` : 'Counts may not be broken down by any field.',
    perturbedSentence(a.k),
    a.includeVictims ? 'Victims are included in the counts.' : 'Victims are never included.',
    'Exact addresses and individual referrals never leave the service.',
  ]
}

/**
 * Several agreements in force and none chosen for this session: the partner chooses one (POST
 * /session/agreement) and the page starts again under it — the scope never changes silently.
 */
function mountChooser(root: HTMLElement, choices: NonNullable<Me['agreementChoices']>): () => void {
  const form = el('form')
  form.id = 'pt-choose'
  const intro = el(
    'p',
    'Your organisation has more than one data-sharing agreement in force. Choose the one this session acts under; everything you see and export then follows it.',
  )
  const field = el('div', undefined, 'field')
  const label = el('label', 'Agreement')
  label.htmlFor = 'pt-choice'
  const select = el('select')
  select.id = 'pt-choice'
  for (const c of choices) select.append(Object.assign(el('option', `${c.name} (${c.owner.name}, until ${longDate(c.validUntil)})`), { value: c.id }))
  field.append(label, select)
  const submit = Object.assign(el('button', 'Act under this agreement'), { type: 'submit' })
  const error = el('p', undefined, 'problem')
  error.setAttribute('role', 'alert')
  form.append(intro, field, submit, error)
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    error.textContent = ''
    submit.disabled = true
    try {
      await api('/session/agreement', { method: 'POST', body: { agreementId: select.value } })
      location.reload()
    } catch (e) {
      error.textContent = problemText(e)
      submit.disabled = false
    }
  })
  root.replaceChildren(form)
  return () => {}
}

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  const a = ctx.me.agreement
  if (!a && ctx.me.agreementChoices?.length) return mountChooser(root, ctx.me.agreementChoices)
  if (!a) {
    root.replaceChildren(el('p', 'You have no data-sharing agreement in force, so no data can be shared with you.', 'problem'))
    return () => {}
  }
  const cellM = cellOf(a)
  // Fixed periods only (those that have ended). The agreement's validity says when it is in force,
  // not which months of data it covers, so it does not bound the choice.
  const picker = periodPicker('pt-period')
  root.innerHTML = `
    <h3>What your agreement allows</h3>
    <ul id="pt-agreement" class="agreement"></ul>
    <h3>Export</h3>
    <button type="button" id="pt-open" ${a.inForce && a.level === 'generalised' ? '' : 'disabled aria-describedby="pt-why"'}>Export data…</button>
    <p id="pt-why" class="hint">${!a.inForce ? 'The agreement is not in force.' : a.level !== 'generalised' ? 'Your agreement allows aggregate counts only, not an export of generalised points.' : 'You will see what leaves before anything is downloaded.'}</p>
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
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  $('#pt-period-slot').replaceWith(picker.field)
  const names = new Map<string, string>()
  const name = (code: string) => names.get(code) ?? ctx.areaName(code)
  const renderStatement = () => $('#pt-agreement').replaceChildren(...agreementSentences(a, name).map((s) => el('li', s)))
  renderStatement()
  // Borough names (the map's may not have loaded yet): the statement names places, not codes.
  void boroughList()
    .then((list) => {
      for (const b of list) names.set(b.code, b.name)
      renderStatement()
    })
    .catch(() => undefined)
  $('#pt-fields').replaceChildren(
    ...(a.fields.length
      ? a.fields.map((f) => {
          const label = el('label')
          const box = Object.assign(el('input'), { type: 'checkbox', name: 'pt-by', value: f })
          label.append(box, ` ${FIELD_NAMES[f] ?? f}`)
          return label
        })
      : [el('p', 'None: your agreement lists no fields.', 'hint')]),
  )

  const dialog = $<HTMLDialogElement>('#pt-dialog')
  const download = $<HTMLButtonElement>('#pt-download')
  const error = $('#pt-error')
  const choice = () => {
    const period = picker.get()
    const format = root.querySelector<HTMLInputElement>('input[name="pt-format"]:checked')!.value as 'geojson' | 'csv'
    const by = [...root.querySelectorAll<HTMLInputElement>('input[name="pt-by"]:checked')].map((b) => b.value)
    // Only the agreement's fields, whatever the page was made to hold.
    return { period, format, by: by.filter((f) => a.fields.includes(f)) }
  }
  const invalidate = () => {
    download.disabled = true
    $('#pt-summary').replaceChildren()
  }
  dialog.addEventListener('change', invalidate)
  $('#pt-open').addEventListener('click', () => {
    invalidate()
    error.textContent = ''
    dialog.showModal()
  })
  $('#pt-cancel').addEventListener('click', () => dialog.close())

  $('#pt-preview').addEventListener('click', async () => {
    error.textContent = ''
    const c = choice()
    if (!c.period) return void (error.textContent = 'No period of your agreement has ended yet: exports cover whole months, quarters or financial years.')
    const p = c.period
    $('#pt-summary').replaceChildren(el('p', 'Counting…', 'hint'))
    try {
      // The same generalisation the export applies (the agreement's cell size, perturbed counts), for the same period.
      const pts = await api<GeoJSON.FeatureCollection<GeoJSON.Point, { referrals: number }>>('/stats/points', {
        query: { from: p.from, to: p.to, cell: cellM },
      })
      const referrals = pts.features.reduce((s, f) => s + (f.properties.referrals ?? 0), 0)
      const fields = ['cell centre (longitude, latitude)', 'count of referrals', ...c.by.map((f) => FIELD_NAMES[f] ?? f)]
      const summary = $('#pt-summary')
      summary.replaceChildren(
        el('p', `Level: generalised — ${cellM} m grid-cell centres, never addresses.`),
        el('p', `Fields: ${fields.join(', ')}.`),
        el(
          'p',
          `About ${pts.features.length.toLocaleString('en-GB')} cells holding ${referrals.toLocaleString('en-GB')} referral counts, ${p.label}, in ${a.boroughs.map(name).join(', ')}${c.by.length ? ' (more rows when broken down)' : ''}.`,
        ),
        perturbedNote(a.k),
        el('p', "The download is recorded in the data owner's audit log.", 'hint'),
      )
      summary.dataset.cells = String(pts.features.length)
      download.disabled = false
      download.focus()
    } catch (e) {
      $('#pt-summary').replaceChildren()
      error.textContent = problemText(e)
    }
  })

  download.addEventListener('click', async () => {
    error.textContent = ''
    const c = choice()
    if (!c.period) return
    const p = c.period
    download.disabled = true
    try {
      const response = await apiResponse(`/exports/referrals.${c.format}`, {
        query: { ...periodDates(p), cell: cellM, by: c.by.length ? c.by.join(',') : undefined },
        accept: c.format === 'csv' ? 'text/csv' : 'application/geo+json',
      })
      const blob = await response.blob()
      const url = URL.createObjectURL(blob)
      const link = Object.assign(el('a'), { href: url, download: `crossborough-${p.from}-${p.to}.${c.format}` })
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      dialog.close()
      $('#pt-done').textContent = `Downloaded ${link.download} (${Math.round(blob.size / 1024)} KiB).`
      ctx.announce(`Downloaded ${link.download}.`)
    } catch (e) {
      error.textContent = problemText(e)
      download.disabled = false
    }
  })
  return () => {
    if (dialog.open) dialog.close()
  }
}

registerPanel({ id: 'partner', title: 'Your data-sharing agreement', roles: ['partner'], order: 30, mount })
