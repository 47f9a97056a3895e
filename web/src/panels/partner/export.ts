import { api, apiResponse } from '../../http.js'
import { periodDates } from '../../state/fixed-periods.js'
import { perturbedNote } from '../../ui/disclosure.js'
import { el } from '../../ui/notices.js'
import type { periodPicker } from '../../ui/period-picker.js'
import type { PanelContext } from '../registry.js'
import { cellOf, FIELD_NAMES, type Agreement } from './agreement.js'
import { problemText } from './view.js'

/** The export dialog while the panel is mounted: the agreement, the choices and the dialog's controls. Created by the mount. */
export interface PartnerExport {
  ctx: PanelContext
  root: HTMLElement
  $<T extends HTMLElement>(sel: string): T
  agreement: Agreement
  cellM: number
  picker: ReturnType<typeof periodPicker>
  name(code: string): string
  dialog: HTMLDialogElement
  download: HTMLButtonElement
  error: HTMLElement
}

export function createPartnerExport(root: HTMLElement, ctx: PanelContext, a: Agreement, picker: PartnerExport['picker'], name: PartnerExport['name']) {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  const x: PartnerExport = {
    ctx,
    root,
    $,
    agreement: a,
    cellM: cellOf(a),
    picker,
    name,
    dialog: $<HTMLDialogElement>('#pt-dialog'),
    download: $<HTMLButtonElement>('#pt-download'),
    error: $('#pt-error'),
  }
  return x
}

function choice(x: PartnerExport) {
  const period = x.picker.get()
  const format = x.root.querySelector<HTMLInputElement>('input[name="pt-format"]:checked')!.value as 'geojson' | 'csv'
  const by = [...x.root.querySelectorAll<HTMLInputElement>('input[name="pt-by"]:checked')].map((b) => b.value)
  // Only the agreement's fields, whatever the page was made to hold.
  return { period, format, by: by.filter((f) => x.agreement.fields.includes(f)) }
}

/** Counts what the export would hold (the same generalisation, for the same period) and says so before any download. */
async function preview(x: PartnerExport): Promise<void> {
  const { error, cellM, agreement: a } = x
  error.textContent = ''
  const c = choice(x)
  if (!c.period) return void (error.textContent = 'No period of your agreement has ended yet: exports cover whole months, quarters or financial years.')
  const p = c.period
  const summary = x.$('#pt-summary')
  summary.replaceChildren(el('p', 'Counting…', 'hint'))
  try {
    // The same generalisation the export applies (the agreement's cell size, perturbed counts), for the same period.
    const pts = await api<GeoJSON.FeatureCollection<GeoJSON.Point, { referrals: number }>>('/stats/points', {
      query: { from: p.from, to: p.to, cell: cellM },
    })
    const referrals = pts.features.reduce((s, f) => s + (f.properties.referrals ?? 0), 0)
    const fields = ['cell centre (longitude, latitude)', 'count of referrals', ...c.by.map((f) => FIELD_NAMES[f] ?? f)]
    summary.replaceChildren(
      el('p', `Level: generalised — ${cellM} m grid-cell centres, never addresses.`),
      el('p', `Fields: ${fields.join(', ')}.`),
      el(
        'p',
        `About ${pts.features.length.toLocaleString('en-GB')} cells holding ${referrals.toLocaleString('en-GB')} referral counts, ${p.label}, in ${a.boroughs.map(x.name).join(', ')}${c.by.length ? ' (more rows when broken down)' : ''}.`,
      ),
      perturbedNote(a.k),
      el('p', "The download is recorded in the data owner's audit log.", 'hint'),
    )
    summary.dataset.cells = String(pts.features.length)
    x.download.disabled = false
    x.download.focus()
  } catch (e) {
    summary.replaceChildren()
    error.textContent = problemText(e)
  }
}

/** Downloads the export (recorded in the owner's audit log) as a file, and says what was downloaded. */
async function downloadExport(x: PartnerExport): Promise<void> {
  const { error, download } = x
  error.textContent = ''
  const c = choice(x)
  if (!c.period) return
  const p = c.period
  download.disabled = true
  try {
    const response = await apiResponse(`/exports/referrals.${c.format}`, {
      query: { ...periodDates(p), cell: x.cellM, by: c.by.length ? c.by.join(',') : undefined },
      accept: c.format === 'csv' ? 'text/csv' : 'application/geo+json',
    })
    const blob = await response.blob()
    const url = URL.createObjectURL(blob)
    const link = Object.assign(el('a'), { href: url, download: `crossborough-${p.from}-${p.to}.${c.format}` })
    document.body.append(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    x.dialog.close()
    x.$('#pt-done').textContent = `Downloaded ${link.download} (${Math.round(blob.size / 1024)} KiB).`
    x.ctx.announce(`Downloaded ${link.download}.`)
  } catch (e) {
    error.textContent = problemText(e)
    download.disabled = false
  }
}

/** Opening, changing, previewing, downloading and cancelling in the export dialog. */
export function wireExport(x: PartnerExport): void {
  const invalidate = () => {
    x.download.disabled = true
    x.$('#pt-summary').replaceChildren()
  }
  x.dialog.addEventListener('change', invalidate)
  x.$('#pt-open').addEventListener('click', () => {
    invalidate()
    x.error.textContent = ''
    x.dialog.showModal()
  })
  x.$('#pt-cancel').addEventListener('click', () => x.dialog.close())
  x.$('#pt-preview').addEventListener('click', () => void preview(x))
  x.download.addEventListener('click', () => void downloadExport(x))
}
