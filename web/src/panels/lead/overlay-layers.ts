import { ProblemError } from '../../api.js'
import { EMPTY, setOverlayData, setOverlayVisible, setTileOverlay } from '../../layers/overlay.js'
import { isTileOverlay, layerIds, type AnyOverlayDef, type OverlayDef, type OverlayQuery, type TileOverlayDef } from '../../layers/types.js'
import { tableDetails } from '../../ui/table.js'
import type { PanelContext } from '../registry.js'
import type { OverlayEntry } from './overlay-controls.js'

type SetLegend = (node: HTMLElement | null) => void

/** A tile overlay: the tile URL is the key, so a filter the tiles do not take (hexagon size) reloads nothing. */
function showTiles(ctx: PanelContext, def: TileOverlayDef, s: OverlayEntry, q: OverlayQuery): void {
  const url = def.tileUrl(q)
  if (s.key === url) return
  s.key = url
  s.failed = false
  setTileOverlay(ctx.map, def.source, url, def.minzoom, def.layers(), def.beforeId)
  s.status.textContent = 'Loading…'
}

/** A fetched overlay: a new key aborts the request in flight; a 404 or 501 marks the overlay unavailable. */
function fetchOverlay(ctx: PanelContext, def: OverlayDef, s: OverlayEntry, q: OverlayQuery, key: string, setLegend: SetLegend): void {
  const { map } = ctx
  if (s.key === key) return
  s.key = key
  s.controller?.abort()
  const controller = new AbortController()
  s.controller = controller
  s.status.textContent = 'Loading…'
  def.fetch(q, controller.signal).then(
    (result) => {
      if (controller.signal.aborted) return
      setOverlayData(map, def.source, result.data)
      def.update?.(map)
      setLegend(def.legend())
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
        setLegend(null)
        s.status.textContent = 'Not available on this server yet.'
        return
      }
      setOverlayData(map, def.source, EMPTY)
      s.status.textContent = `Could not load: ${e instanceof ProblemError ? e.detail : String(e)}`
    },
  )
}

/** Shows or hides one overlay for the filters, fetching (or pointing its tiles) when what it shows has changed. */
export function refreshOverlay(ctx: PanelContext, def: AnyOverlayDef, s: OverlayEntry, visible: boolean, q: OverlayQuery, key: string): void {
  s.input.checked = visible
  setOverlayVisible(ctx.map, layerIds(def), visible)
  const setLegend: SetLegend = (node) => ctx.tools.setLegend(def.id, def.label, node)
  setLegend(visible ? def.legend() : null)
  if (!visible) {
    s.controller?.abort()
    s.key = undefined
    if (!s.unavailable) s.status.textContent = ''
    s.table.replaceChildren()
    return
  }
  if (isTileOverlay(def)) showTiles(ctx, def, s, q)
  else fetchOverlay(ctx, def, s, q, key, setLegend)
}

/**
 * The tile overlays' sentences: what they draw in view each time the map settles (after a move or new
 * tiles), and a tile the service refuses (403 without the right, 400). Returns the cleanup.
 */
export function watchTiles(ctx: PanelContext, overlays: readonly AnyOverlayDef[], entries: Map<string, OverlayEntry>): () => void {
  const { map } = ctx
  const describeTiles = () => {
    for (const def of overlays) {
      const s = entries.get(def.id)!
      if (isTileOverlay(def) && s.key !== undefined && !s.failed && map.getLayer(layerIds(def)[0]!)) s.status.textContent = def.summary(map)
    }
  }
  const tileError = (e: { sourceId?: string; error?: { message?: string; status?: number } }) => {
    const def = overlays.find((d) => isTileOverlay(d) && d.source === e.sourceId)
    if (!def) return
    const s = entries.get(def.id)!
    s.failed = true
    s.status.textContent = `Could not load its tiles${e.error?.status ? ` (HTTP ${e.error.status})` : ''}: ${e.error?.message ?? 'unknown error'}`
  }
  map.on('idle', describeTiles)
  map.on('error', tileError)
  return () => {
    map.off('idle', describeTiles)
    map.off('error', tileError)
  }
}
