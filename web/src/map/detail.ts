import { OVERVIEW_MAX_ZOOM } from '../../../server/areas/overview.js'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { SOURCE } from '../style/layers.js'
import { areasUrl, bordersUrl, type BoundaryDetail } from '../style/style.js'

/**
 * The boroughs and borders a map opening at `zoom` starts with: the overview's detail (12 m, under a
 * pixel up to OVERVIEW_MAX_ZOOM) when it opens that far out, else the display detail. The overview
 * detail has about a seventh of the vertices, so the map's worker parses and tiles that much less
 * before its first frame (docs/performance.md).
 */
export const firstDetail = (zoom: number): BoundaryDetail => (zoom <= OVERVIEW_MAX_ZOOM ? 'overview' : 'display')

/** How far below OVERVIEW_MAX_ZOOM the finer shapes are asked for, so they are in before a pixel shows the difference. */
const AHEAD = 0.5

/**
 * Swaps the boroughs and borders to the display detail the first time the view comes near enough
 * for the overview's 12 m to show; once, and never back (the display detail is right at any zoom).
 */
export function sharpenWhenNear(map: MapLibreMap, apiBase: string, detail: BoundaryDetail): void {
  if (detail === 'display') return
  const check = () => {
    if (map.getZoom() < OVERVIEW_MAX_ZOOM - AHEAD) return
    map.off('zoom', check)
    map.getSource<GeoJSONSource>(SOURCE.boroughs)?.setData(areasUrl(apiBase, 'borough', 'display'))
    map.getSource<GeoJSONSource>(SOURCE.borders)?.setData(bordersUrl(apiBase, 'display'))
  }
  map.on('zoom', check)
  check()
}
