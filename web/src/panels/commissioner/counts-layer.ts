import type { MapGeoJSONFeature } from 'maplibre-gl'
import type { Identified } from '../../map/tools.js'
import type { PanelContext } from '../registry.js'
import { removeChoropleth, showChoropleth } from './choropleth.js'

const SOURCE = 'commissioner-counts'

/**
 * The funding panel's map layer: referrals by area as a choropleth, its popups (the fill, and the
 * hatch of the cells shown as "fewer than k" where the view has one) and its legend slot.
 */
export function countsLayer(ctx: PanelContext, identify: { fill(f: MapGeoJSONFeature): Identified; hatch?(f: MapGeoJSONFeature): Identified }) {
  const stops = [ctx.tools.identify(`${SOURCE}-fill`, identify.fill)]
  if (identify.hatch) stops.push(ctx.tools.identify(`${SOURCE}-hatch`, identify.hatch))
  return {
    show(features: GeoJSON.Feature[]) {
      showChoropleth(ctx.map, SOURCE, { type: 'FeatureCollection', features })
    },
    remove() {
      for (const stop of stops) stop()
      ctx.tools.setLegend('choropleth', '', null)
      removeChoropleth(ctx.map, SOURCE)
    },
  }
}
export type CountsLayer = ReturnType<typeof countsLayer>

/** The areas that have a cell, each with the properties `props` gives it from its cell. */
export function areaFeatures<C>(
  areas: GeoJSON.FeatureCollection<GeoJSON.Geometry, { code: string; name: string }>,
  byCode: Map<string, C>,
  props: (cell: C) => Record<string, unknown>,
): GeoJSON.Feature[] {
  return areas.features
    .filter((a) => byCode.has(a.properties.code))
    .map((a) => ({ ...a, properties: { code: a.properties.code, name: a.properties.name, ...props(byCode.get(a.properties.code)!) } }))
}
