import { clusters } from '../../layers/clusters.js'
import { flows } from '../../layers/flows.js'
import { createHexbins } from '../../layers/hexbins.js'
import { createHotspots } from '../../layers/hotspots.js'
import { exactPoints } from '../../layers/exact-points.js'
import { addOverlay, removeOverlay } from '../../layers/overlay.js'
import { points } from '../../layers/points.js'
import { isTileOverlay, layerIds, type AnyOverlayDef } from '../../layers/types.js'
import { el } from '../../ui/notices.js'
import type { Filters, PanelContext } from '../registry.js'
import { fetchKey, flowsTop, hexSize, onSet, overlayChoices, overlayQuery, overlayRow, type OverlayEntry } from './overlay-controls.js'
import { refreshOverlay, watchTiles } from './overlay-layers.js'

/** The overlays of one mount, in panel order: the hot spots and hexagons hold state of their own, so each mount makes its own. */
export const createOverlays = (): AnyOverlayDef[] => [createHotspots(), createHexbins(), points, exactPoints, clusters, flows]

/**
 * The lead's analysis overlays: one checkbox per layer with its legend, a live status sentence and
 * the layer's figures as a table. Each switched-on overlay refetches when the filters change (the
 * previous request is aborted); an endpoint the server does not have yet (404) is shown as
 * unavailable instead of failing. Tile overlays (exact points) are not fetched here: the map asks
 * for their tiles as it moves, and their sentence says what is drawn in view whenever the map settles.
 */
export function mountOverlays(body: HTMLElement, ctx: PanelContext): () => void {
  const { map, filters } = ctx
  const OVERLAYS = createOverlays()
  const intro = el('p', 'Switch layers on to draw them on the map. Each one follows the period and filters below; its figures are also in a table.', 'hint')
  const choices = overlayChoices(filters)
  const list = el('div', undefined, 'overlay-list')
  body.append(intro, list, ...choices.rows)
  const query = (f: Filters) => overlayQuery(f, ctx.areaName)
  const stopIdentify = OVERLAYS.flatMap((def) =>
    def.identify ? [ctx.tools.identify(def.identify.layer, (f) => def.identify!.describe(f, query(filters.get())))] : [],
  )
  const entries = new Map<string, OverlayEntry>()
  for (const def of OVERLAYS) {
    if (!isTileOverlay(def)) addOverlay(map, def.source, def.layers(), def.beforeId)
    const { row, entry } = overlayRow(def, filters)
    list.append(row)
    entries.set(def.id, entry)
  }
  const refresh = (f: Filters) => {
    const on = onSet(f)
    const key = fetchKey(f)
    for (const def of OVERLAYS) {
      const s = entries.get(def.id)!
      refreshOverlay(ctx, def, s, on.has(def.id) && !s.unavailable, query(f), key)
    }
  }
  const stopTiles = watchTiles(ctx, OVERLAYS, entries)
  const unsubscribe = filters.subscribe((f, prev) => {
    if (f.hexSize !== prev.hexSize) choices.size.value = String(hexSize(f))
    if (f.flowsTop !== prev.flowsTop) choices.top.value = flowsTop(f)
    if (f.overlays !== prev.overlays || fetchKey(f) !== fetchKey(prev)) refresh(f)
  })
  refresh(filters.get())

  return () => {
    unsubscribe()
    stopTiles()
    for (const stop of stopIdentify) stop()
    for (const def of OVERLAYS) {
      ctx.tools.setLegend(def.id, def.label, null)
      entries.get(def.id)?.controller?.abort()
      removeOverlay(map, def.source, layerIds(def))
    }
  }
}
