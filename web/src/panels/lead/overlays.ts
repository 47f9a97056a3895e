import { ProblemError } from '../../api.js'
import { clusters } from '../../layers/clusters.js'
import { flows } from '../../layers/flows.js'
import { hexbins } from '../../layers/hexbins.js'
import { hotspots } from '../../layers/hotspots.js'
import { exactPoints } from '../../layers/exact-points.js'
import { addOverlay, EMPTY, removeOverlay, setOverlayData, setOverlayVisible, setTileOverlay } from '../../layers/overlay.js'
import { points } from '../../layers/points.js'
import { isTileOverlay, layerIds, type AnyOverlayDef } from '../../layers/types.js'
import { el } from '../../ui/notices.js'
import { tableDetails } from '../../ui/table.js'
import type { Filters, PanelContext } from '../registry.js'

const OVERLAYS: AnyOverlayDef[] = [hotspots, hexbins, points, exactPoints, clusters, flows]
const DEFAULT_ON = ['hotspots']
export const HEX_SIZES = [250, 500, 1000] as const
const DEFAULT_SIZE = 500

/** Which overlays the filters switch on (`overlays` in the URL hash). */
const onSet = (f: Filters) => new Set(f.overlays === undefined ? DEFAULT_ON : f.overlays.split(',').filter(Boolean))
const hexSize = (f: Filters) => {
  const n = Number(f.hexSize)
  return (HEX_SIZES as readonly number[]).includes(n) ? n : DEFAULT_SIZE
}
export const FLOWS_TOP = ['10', '25', '50', 'all'] as const
const DEFAULT_TOP = '25'
const flowsTop = (f: Filters) => ((FLOWS_TOP as readonly string[]).includes(f.flowsTop ?? '') ? f.flowsTop! : DEFAULT_TOP)
/** The filter values a fetch depends on: a change to any refetches the visible overlays. */
const fetchKey = (f: Filters) => JSON.stringify([f.from, f.to, f.month, f.programme, f.subjectRole, f.ageBand, f.crossBoundary, f.hexSize, flowsTop(f)])

/**
 * The lead's analysis overlays: one checkbox per layer with its legend, a live status sentence and
 * the layer's figures as a table. Each switched-on overlay refetches when the filters change (the
 * previous request is aborted); an endpoint the server does not have yet (404) is shown as
 * unavailable instead of failing. Tile overlays (exact points) are not fetched here: the map asks
 * for their tiles as it moves, and their sentence says what is drawn in view whenever the map settles.
 */
export function mountOverlays(body: HTMLElement, ctx: PanelContext): () => void {
  const { map, filters } = ctx
  const intro = el('p', 'Switch layers on to draw them on the map. Each one follows the period and filters below; its figures are also in a table.', 'hint')
  const sizeRow = el('div', undefined, 'field')
  const sizeLabel = el('label', 'Hexagon size')
  sizeLabel.htmlFor = 'hex-size'
  const sizeSelect = el('select')
  sizeSelect.id = 'hex-size'
  for (const s of HEX_SIZES) {
    const o = el('option', `${s} m`)
    o.value = String(s)
    sizeSelect.append(o)
  }
  sizeSelect.value = String(hexSize(filters.get()))
  sizeSelect.addEventListener('change', () => filters.set({ hexSize: sizeSelect.value }))
  sizeRow.append(sizeLabel, sizeSelect)
  const topRow = el('div', undefined, 'field')
  const topLabel = el('label', 'Flows drawn')
  topLabel.htmlFor = 'flows-top'
  const topSelect = el('select')
  topSelect.id = 'flows-top'
  for (const t of FLOWS_TOP) topSelect.append(Object.assign(el('option', t === 'all' ? 'Every flow' : `The ${t} largest`), { value: t }))
  topSelect.value = flowsTop(filters.get())
  topSelect.addEventListener('change', () => filters.set({ flowsTop: topSelect.value }))
  topRow.append(topLabel, topSelect)
  const list = el('div', undefined, 'overlay-list')
  body.append(intro, list, sizeRow, topRow)
  const query = (f: Filters) => ({ filters: f, size: hexSize(f), flowsTop: flowsTop(f) === 'all' ? Infinity : Number(flowsTop(f)), areaName: ctx.areaName })
  const stopIdentify = OVERLAYS.flatMap((def) =>
    def.identify ? [ctx.tools.identify(def.identify.layer, (f) => def.identify!.describe(f, query(filters.get())))] : [],
  )

  const state = new Map<
    string,
    { controller?: AbortController; key?: string; status: HTMLElement; table: HTMLElement; input: HTMLInputElement; unavailable?: boolean; failed?: boolean }
  >()

  for (const def of OVERLAYS) {
    if (!isTileOverlay(def)) addOverlay(map, def.source, def.layers(), def.beforeId)
    const row = el('div', undefined, 'overlay')
    row.dataset.overlay = def.id
    const input = el('input')
    input.type = 'checkbox'
    input.id = `overlay-${def.id}`
    const label = el('label', def.label)
    label.htmlFor = input.id
    const status = el('p', undefined, 'overlay-status')
    status.id = `overlay-${def.id}-status`
    status.setAttribute('aria-live', 'polite')
    input.setAttribute('aria-describedby', status.id)
    const table = el('div', undefined, 'overlay-table')
    const head = el('div', undefined, 'toggle')
    head.append(input, label)
    row.append(head, status, table)
    list.append(row)
    state.set(def.id, { status, table, input })
    input.addEventListener('change', () => {
      const on = onSet(filters.get())
      if (input.checked) on.add(def.id)
      else on.delete(def.id)
      filters.set({ overlays: [...on].join(',') })
    })
  }

  const refresh = (f: Filters) => {
    const on = onSet(f)
    const key = fetchKey(f)
    for (const def of OVERLAYS) {
      const s = state.get(def.id)!
      const visible = on.has(def.id) && !s.unavailable
      s.input.checked = visible
      setOverlayVisible(map, layerIds(def), visible)
      const legend = { replaceChildren: (...els: HTMLElement[]) => ctx.tools.setLegend(def.id, def.label, els[0] ?? null) }
      legend.replaceChildren(...(visible ? [def.legend()] : []))
      if (!visible) {
        s.controller?.abort()
        s.key = undefined
        if (!s.unavailable) s.status.textContent = ''
        s.table.replaceChildren()
        continue
      }
      if (isTileOverlay(def)) {
        // The tile URL is the key: a filter the tiles do not take (hexagon size) reloads nothing.
        const url = def.tileUrl(query(f))
        if (s.key === url) continue
        s.key = url
        s.failed = false
        setTileOverlay(map, def.source, url, def.minzoom, def.layers(), def.beforeId)
        s.status.textContent = 'Loading…'
        continue
      }
      if (s.key === key) continue
      s.key = key
      s.controller?.abort()
      const controller = new AbortController()
      s.controller = controller
      s.status.textContent = 'Loading…'
      def.fetch(query(f), controller.signal).then(
        (result) => {
          if (controller.signal.aborted) return
          setOverlayData(map, def.source, result.data)
          def.update?.(map)
          legend.replaceChildren(def.legend())
          s.status.textContent = result.summary
          s.table.replaceChildren(...(result.table ? [tableDetails(`${def.label} (table)`, result.table)] : []))
        },
        (e: unknown) => {
          if (controller.signal.aborted || (e as Error).name === 'AbortError') return
          s.key = undefined
          if (e instanceof ProblemError && (e.status === 404 || e.status === 501)) {
            s.unavailable = true
            s.input.checked = false
            s.input.disabled = true
            setOverlayVisible(map, layerIds(def), false)
            legend.replaceChildren()
            s.status.textContent = 'Not available on this server yet.'
            return
          }
          setOverlayData(map, def.source, EMPTY)
          s.status.textContent = `Could not load: ${e instanceof ProblemError ? e.detail : String(e)}`
        },
      )
    }
  }

  // What the tile overlays draw in view, each time the map settles (after a move or new tiles).
  const describeTiles = () => {
    for (const def of OVERLAYS) {
      const s = state.get(def.id)!
      if (isTileOverlay(def) && s.key !== undefined && !s.failed && map.getLayer(layerIds(def)[0]!)) s.status.textContent = def.summary(map)
    }
  }
  // A tile the service refuses (403 without the right, 400) is said in the overlay's sentence.
  const tileError = (e: { sourceId?: string; error?: { message?: string; status?: number } }) => {
    const def = OVERLAYS.find((d) => isTileOverlay(d) && d.source === e.sourceId)
    if (!def) return
    const s = state.get(def.id)!
    s.failed = true
    s.status.textContent = `Could not load its tiles${e.error?.status ? ` (HTTP ${e.error.status})` : ''}: ${e.error?.message ?? 'unknown error'}`
  }
  map.on('idle', describeTiles)
  map.on('error', tileError)

  const unsubscribe = filters.subscribe((f, prev) => {
    if (f.hexSize !== prev.hexSize) sizeSelect.value = String(hexSize(f))
    if (f.flowsTop !== prev.flowsTop) topSelect.value = flowsTop(f)
    if (f.overlays !== prev.overlays || fetchKey(f) !== fetchKey(prev)) refresh(f)
  })
  refresh(filters.get())

  return () => {
    unsubscribe()
    map.off('idle', describeTiles)
    map.off('error', tileError)
    for (const stop of stopIdentify) stop()
    for (const def of OVERLAYS) {
      ctx.tools.setLegend(def.id, def.label, null)
      state.get(def.id)?.controller?.abort()
      removeOverlay(map, def.source, layerIds(def))
    }
  }
}
