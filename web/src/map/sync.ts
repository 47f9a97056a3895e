import type { Map as MapLibreMap } from 'maplibre-gl'
import { formatHash, type ViewState } from '../state/view.js'
import { LAYER_GROUP_NAMES, LAYER_GROUPS, type LayerGroup } from '../style/layers.js'

/** Shows or hides each layer of each group as the state says. */
export function syncLayerVisibility(map: MapLibreMap, layers: Record<LayerGroup, boolean>): void {
  for (const group of LAYER_GROUP_NAMES) {
    const visibility = layers[group] ? 'visible' : 'none'
    for (const id of LAYER_GROUPS[group]) {
      if (map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== visibility) map.setLayoutProperty(id, 'visibility', visibility)
    }
  }
}

/** Moves the camera only when the state differs from it (a pasted link, the back button). */
export function syncCamera(map: MapLibreMap, view: ViewState): void {
  const c = map.getCenter()
  const same = Math.abs(map.getZoom() - view.zoom) < 0.005 && Math.abs(c.lat - view.lat) < 1e-5 && Math.abs(c.lng - view.lon) < 1e-5
  if (!same) map.jumpTo({ center: [view.lon, view.lat], zoom: view.zoom })
}

/** Writes the view (and `extra`, the filters' parameters) into the URL hash without adding a history entry per pan. */
export function syncHash(view: ViewState, extra = ''): void {
  const hash = formatHash(view) + extra
  if (location.hash !== hash) history.replaceState(history.state, '', hash)
}

/** The camera as view state. */
export function cameraOf(map: MapLibreMap): Pick<ViewState, 'zoom' | 'lat' | 'lon'> {
  const c = map.getCenter()
  return { zoom: map.getZoom(), lat: c.lat, lon: c.lng }
}
