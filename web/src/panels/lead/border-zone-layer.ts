import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource } from 'maplibre-gl'
import { BORDER_ZONE_BEFORE, BORDER_ZONE_LAYERS, BORDER_ZONE_SOURCE, borderZoneLayers, borderZoneSides } from '../../layers/border-zone.js'
import { addOverlay, removeOverlay, setOverlayData, setOverlayVisible } from '../../layers/overlay.js'
import { el } from '../../ui/notices.js'
import type { PanelContext } from '../registry.js'
import { BRENT_WESTMINSTER } from './border-zone-view.js'

type Border = Parameters<typeof borderZoneSides>[0]
type Side = Parameters<typeof borderZoneSides>[2][number]

/**
 * The border zone on the map: its two sides within `d` metres of the border, its popup and legend.
 * The boroughs' shapes are read once from the base map, to cut the zone into its two sides.
 */
export function borderZoneLayer(ctx: PanelContext) {
  const { map } = ctx
  addOverlay(map, BORDER_ZONE_SOURCE, borderZoneLayers(), BORDER_ZONE_BEFORE)
  let boroughShapes: Promise<FeatureCollection> | undefined
  const layer = {
    /** The distance drawn last, for the popup. */
    distance: ctx.limits.borderZoneM,
    shapes: () => (boroughShapes ??= map.getSource<GeoJSONSource>('boroughs')!.getData() as Promise<FeatureCollection>),
    setVisible(visible: boolean) {
      setOverlayVisible(map, [...BORDER_ZONE_LAYERS], visible)
    },
    draw(border: Border, d: number, boroughs: FeatureCollection, pair: [string, string]) {
      const side = (code: string) => boroughs.features.find((f) => f.properties?.code === code) as Side
      setOverlayData(map, BORDER_ZONE_SOURCE, borderZoneSides(border, d, pair.map(side).filter(Boolean)))
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
