import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { lookupPoint, ProblemError } from '../api.js'
import { SOURCE } from '../style/layers.js'
import { renderLookup } from '../ui/lookup-panel.js'
import { byId, el } from '../ui/notices.js'
import type { StagedStyle } from './staged-style.js'
import type { MapTools } from './tools.js'

/**
 * What is here: a click (or Enter on the map, or the toolbar button, for the map centre) opens a
 * popup by the place naming what the visible layers draw there and the areas that hold it; the
 * same answer goes to a polite live region for screen readers. The borough found is highlighted.
 */
export function wireWhatIsHere(map: MapLibreMap, staged: StagedStyle, tools: MapTools): void {
  const result = byId('lookup-result')
  const state: { selectedBorough: string | null; controller?: AbortController } = { selectedBorough: null }
  const selectBorough = (code: string | null) => {
    if (state.selectedBorough) map.setFeatureState({ source: SOURCE.boroughs, id: state.selectedBorough }, { selected: false })
    if (code) map.setFeatureState({ source: SOURCE.boroughs, id: code }, { selected: true })
    state.selectedBorough = code
  }
  async function lookup(lon: number, lat: number) {
    // A newer click supersedes the one still being answered: its request is cancelled.
    state.controller?.abort()
    const controller = (state.controller = new AbortController())
    staged.complete() // the selection's source, should this come before the map's first frame
    void staged.completed.then(() => map.getSource<GeoJSONSource>(SOURCE.selection)?.setData({ type: 'Point', coordinates: [lon, lat] }))
    const inPopup = el('div', undefined, 'popup-lookup')
    const show = (view: Parameters<typeof renderLookup>[1]) => {
      renderLookup(result, view)
      renderLookup(inPopup, view)
    }
    show({ state: 'loading', lon, lat })
    tools.openPopup([lon, lat], map.project([lon, lat]), inPopup)
    try {
      const found = await lookupPoint(lon, lat, controller.signal)
      selectBorough(found.borough?.code ?? null)
      show({ state: 'done', lon, lat, result: found })
    } catch (e) {
      if (controller.signal.aborted) return
      selectBorough(null)
      show({ state: 'error', lon, lat, detail: e instanceof ProblemError ? e.detail : String(e) })
    }
  }
  map.on('click', (e) => {
    if (!tools.clicksClaimed()) void lookup(e.lngLat.lng, e.lngLat.lat)
  })
  const lookupCentre = () => {
    const c = map.getCenter()
    void lookup(c.lng, c.lat)
  }
  byId('lookup-centre').addEventListener('click', lookupCentre)
  map.getCanvas().addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !tools.clicksClaimed()) lookupCentre()
    if (e.key === 'Escape') tools.closePopup()
  })
}
