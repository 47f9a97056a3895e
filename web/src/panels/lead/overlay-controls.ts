import { FIRST_VIEW } from '../../../../server/analysis-data/first-view.js'
import { field, toggle } from '../../ui/fields.js'
import { el } from '../../ui/notices.js'
import type { AnyOverlayDef, OverlayQuery } from '../../layers/types.js'
import type { Store } from '../../state/store.js'
import type { Filters } from '../registry.js'

const DEFAULT_ON = ['hotspots']
export const HEX_SIZES = [250, 500, 1000] as const
/** The first view's size (server/analysis-data/first-view.ts). */
const DEFAULT_SIZE = FIRST_VIEW.hexSizeM
export const FLOWS_TOP = ['10', '25', '50', 'all'] as const
const DEFAULT_TOP = '25'

/** Which overlays the filters switch on (`overlays` in the URL hash). */
export const onSet = (f: Filters) => new Set(f.overlays === undefined ? DEFAULT_ON : f.overlays.split(',').filter(Boolean))
export const hexSize = (f: Filters) => {
  const n = Number(f.hexSize)
  return (HEX_SIZES as readonly number[]).includes(n) ? n : DEFAULT_SIZE
}
export const flowsTop = (f: Filters) => ((FLOWS_TOP as readonly string[]).includes(f.flowsTop ?? '') ? f.flowsTop! : DEFAULT_TOP)
/** The filter values a fetch depends on: a change to any refetches the visible overlays. */
export const fetchKey = (f: Filters) => JSON.stringify([f.from, f.to, f.month, f.programme, f.subjectRole, f.ageBand, f.crossBoundary, f.hexSize, flowsTop(f)])
export const overlayQuery = (f: Filters, areaName: (code: string) => string): OverlayQuery => ({
  filters: f,
  size: hexSize(f),
  flowsTop: flowsTop(f) === 'all' ? Infinity : Number(flowsTop(f)),
  areaName,
})

/** The hexagon size and flows-drawn choices, kept in the filters (the URL hash). */
export function overlayChoices(filters: Store<Filters>) {
  const size = el('select')
  for (const s of HEX_SIZES) size.append(Object.assign(el('option', `${s} m`), { value: String(s) }))
  size.value = String(hexSize(filters.get()))
  size.addEventListener('change', () => filters.set({ hexSize: size.value }))
  const top = el('select')
  for (const t of FLOWS_TOP) top.append(Object.assign(el('option', t === 'all' ? 'Every flow' : `The ${t} largest`), { value: t }))
  top.value = flowsTop(filters.get())
  top.addEventListener('change', () => filters.set({ flowsTop: top.value }))
  return { size, top, rows: [field('hex-size', 'Hexagon size', size), field('flows-top', 'Flows drawn', top)] }
}

/** An overlay's row in the panel while mounted: its checkbox, sentence and table, and what it is fetching. */
export interface OverlayEntry {
  controller?: AbortController
  /** What is drawn: the fetch key, or a tile overlay's URL. */
  key?: string
  status: HTMLElement
  table: HTMLElement
  input: HTMLInputElement
  unavailable?: boolean
  failed?: boolean
}

/** The checkbox row of an overlay: switching it changes `overlays` in the filters. */
export function overlayRow(def: AnyOverlayDef, filters: Store<Filters>): { row: HTMLElement; entry: OverlayEntry } {
  const row = el('div', undefined, 'overlay')
  row.dataset.overlay = def.id
  const input = el('input')
  const status = el('p', undefined, 'overlay-status')
  status.id = `overlay-${def.id}-status`
  status.setAttribute('aria-live', 'polite')
  input.setAttribute('aria-describedby', status.id)
  const table = el('div', undefined, 'overlay-table')
  row.append(toggle(`overlay-${def.id}`, def.label, input), status, table)
  input.addEventListener('change', () => {
    const on = onSet(filters.get())
    if (input.checked) on.add(def.id)
    else on.delete(def.id)
    filters.set({ overlays: [...on].join(',') })
  })
  return { row, entry: { status, table, input } }
}
