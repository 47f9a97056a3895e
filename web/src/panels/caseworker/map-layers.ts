import type { MapMouseEvent } from 'maplibre-gl'
import { legendList, legendRow } from '../../layers/overlay.js'
import type { PanelContext } from '../registry.js'
import { KIND_NAMES } from './api.js'
import { KIND_COLOURS, pointLayer } from './layers.js'
import type { Picking } from './state.js'

const kindName = (kind: unknown) => KIND_NAMES[kind as keyof typeof KIND_NAMES] ?? 'Place'

/** The panel's two point layers (the caseload, the form's placed locations), their legend and popups. */
export function caseworkLayers(ctx: PanelContext) {
  const { map } = ctx
  const caseload = pointLayer(map, 'caseload-points', 4)
  const placed = pointLayer(map, 'placed-points', 7, true)
  ctx.tools.setLegend(
    'caseload',
    ctx.me.role === 'lead' ? "Organisation's referrals" : 'Your caseload',
    legendList('Caseload by kind of place', [
      ...Object.entries(KIND_COLOURS).map(([kind, colour]) => legendRow('dot', colour, KIND_NAMES[kind as keyof typeof KIND_NAMES])),
      // A lead mostly reads the organisation's referrals: the form's ring is explained by its popup.
      ...(ctx.me.role === 'lead' ? [] : [legendRow('ring', '#1f1e1c', 'Placed on the form, not saved yet')]),
    ]),
  )
  // A dot's popup names the referral and the kind of place: this user may see both (their caseload).
  const stopIdentify = [
    ctx.tools.identify('caseload-points', (f) => ({
      title: String(f.properties.label || 'Referral'),
      lines: [`${kindName(f.properties.kind)}${f.properties.programme ? ` · ${f.properties.programme}` : ''}`],
    })),
    ctx.tools.identify('placed-points', (f) => ({
      title: 'Placed on the form (not saved)',
      lines: [kindName(f.properties.kind)],
    })),
  ]
  return {
    caseload,
    placed,
    remove() {
      for (const stop of stopIdentify) stop()
      ctx.tools.setLegend('caseload', '', null)
      caseload.remove()
      placed.remove()
    },
  }
}
export type CaseworkLayers = ReturnType<typeof caseworkLayers>

/**
 * The map-click mode of the panel: its two toggle buttons, the crosshair cursor and the shell's click
 * ownership. `onClick` receives the clicked point and the mode it was taken in.
 */
export function mapPicker(
  ctx: PanelContext,
  buttons: Record<'location' | 'destination', HTMLButtonElement>,
  state: { picking: Picking },
  onClick: (mode: 'location' | 'destination', lon: number, lat: number) => void,
) {
  const { map } = ctx
  const setPicking = (mode: Picking) => {
    state.picking = mode
    for (const [k, b] of Object.entries(buttons)) b.setAttribute('aria-pressed', String(k === mode))
    map.getCanvas().style.cursor = mode ? 'crosshair' : ''
    ctx.tools.claimClicks('casework', mode !== null)
  }
  const onMapClick = (e: MapMouseEvent) => {
    if (state.picking) onClick(state.picking, e.lngLat.lng, e.lngLat.lat)
  }
  map.on('click', onMapClick)
  buttons.location.addEventListener('click', () => setPicking(state.picking === 'location' ? null : 'location'))
  buttons.destination.addEventListener('click', () => setPicking(state.picking === 'destination' ? null : 'destination'))
  return {
    setPicking,
    remove() {
      map.off('click', onMapClick)
      ctx.tools.claimClicks('casework', false)
      map.getCanvas().style.cursor = ''
    },
  }
}
