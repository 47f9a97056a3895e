import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource } from 'maplibre-gl'
import type { ApiJson } from '../../api.js'
import { api } from '../../http.js'
import { BORDER_ZONE_BEFORE, BORDER_ZONE_LAYERS, BORDER_ZONE_SOURCE, borderZoneLayers } from '../../layers/border-zone.js'
import { addOverlay, removeOverlay, setOverlayData, setOverlayVisible } from '../../layers/overlay.js'
import { el } from '../../ui/notices.js'
import type { PanelContext } from '../registry.js'
import { BRENT_WESTMINSTER } from './border-zone-view.js'

/** The zone's two sides as the API answers them (cut by the database: GET /borders/zone). */
export type BorderZoneSides = ApiJson<'/api/v1/borders/zone'>

/** The border zone on the map: its two sides within `d` metres of the border, its popup and legend. */
export function borderZoneLayer(ctx: PanelContext) {
  const { map } = ctx
  addOverlay(map, BORDER_ZONE_SOURCE, borderZoneLayers(), BORDER_ZONE_BEFORE)
  const layer = {
    /** The distance drawn last, for the popup. */
    distance: ctx.limits.borderZoneM,
    /** The two sides of the zone within `d` metres of the border of `pair`, side 0 first. */
    sides: (pair: [string, string], d: number, signal: AbortSignal) =>
      api<BorderZoneSides>('/borders/zone', { query: { between: pair.join(','), distance: d }, signal }),
    setVisible(visible: boolean) {
      setOverlayVisible(map, [...BORDER_ZONE_LAYERS], visible)
    },
    draw(sides: BorderZoneSides) {
      setOverlayData(map, BORDER_ZONE_SOURCE, sides as FeatureCollection)
    },
    remove() {
      stopIdentify()
      ctx.tools.setLegend('border-zone', '', null)
      removeOverlay(map, BORDER_ZONE_SOURCE, [...BORDER_ZONE_LAYERS])
    },
  }
  const stopIdentify = ctx.tools.identify('borderzone-band', (f) => ({
    title: String(f.properties.label),
    lines: [`Within ${layer.distance} m of the border`],
  }))
  return layer
}

/** Every shared border, by name, from the base map's borders source, as the choices of `pair` (the fallback stays on failure). */
export function fillBorderChoices(ctx: PanelContext, pair: HTMLSelectElement): void {
  void ctx.map
    .getSource<GeoJSONSource>('borders')
    ?.getData()
    .then((data) => {
      const options = (data as FeatureCollection).features
        .map((f) => f.properties as { between: [string, string]; names: [string, string] })
        .filter((p) => p?.between && p.names)
        .map((p) => ({ value: p.between.join(','), text: p.names.join(' | ') }))
        .sort((a, b) => a.text.localeCompare(b.text))
      if (!options.length) return
      const chosen = pair.value
      pair.replaceChildren(...options.map((o) => Object.assign(el('option', o.text), { value: o.value })))
      pair.value = options.some((o) => o.value === chosen) ? chosen : BRENT_WESTMINSTER
    })
    .catch(() => {
      /* the fallback option stays */
    })
}
