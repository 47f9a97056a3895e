import { OVERVIEW_MAX_ZOOM } from '../../../server/areas/overview.js'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { SOURCE } from '../style/layers.js'
import { areasUrl, bordersUrl, type BoundaryDetail } from '../style/style.js'

/** How far below OVERVIEW_MAX_ZOOM the finer shapes are asked for, so they are in before a pixel shows the difference. */
const AHEAD = 0.5
/** Out to this zoom the overview's 12 m detail is drawn; nearer in, the display detail. */
const NEAR = OVERVIEW_MAX_ZOOM - AHEAD

/**
 * The boroughs and borders a map opening at `zoom` starts with: the overview's detail (12 m, under a
 * pixel up to OVERVIEW_MAX_ZOOM) when it opens further out than NEAR, else the display detail. The
 * overview detail has under a third of the display detail's vertices, so the map's worker parses and
 * tiles that much less before its first frame (docs/performance.md).
 */
export const firstDetail = (zoom: number): BoundaryDetail => (zoom < NEAR ? 'overview' : 'display')

/**
 * Swaps the boroughs and borders to the display detail the first time the view comes near enough
 * for the overview's 12 m to show; once, and never back (the display detail is right at any zoom).
 */
export function sharpenWhenNear(map: MapLibreMap, apiBase: string, detail: BoundaryDetail): void {
  if (detail === 'display') return
  const check = () => {
    const boroughs = map.getSource<GeoJSONSource>(SOURCE.boroughs)
    const borders = map.getSource<GeoJSONSource>(SOURCE.borders)
    if (map.getZoom() < NEAR || !boroughs || !borders) return
    map.off('zoom', check)
    boroughs.setData(areasUrl(apiBase, 'borough', 'display'))
    borders.setData(bordersUrl(apiBase, 'display'))
  }
  // The sources exist once the style has loaded: a zoom before that is looked at then.
  map.once('style.load', () => {
    map.on('zoom', check)
    check()
  })
}
