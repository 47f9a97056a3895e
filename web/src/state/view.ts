import { LAYER_GROUP_NAMES, type LayerGroup } from '../style/layers.js'

/** What a shared link reproduces: the camera and which layer groups are switched on. */
export interface ViewState {
  zoom: number
  lat: number
  lon: number
  layers: Record<LayerGroup, boolean>
}

/** The zooms the map allows (a camera outside them is brought inside). */
export const MIN_ZOOM = 8
export const MAX_ZOOM = 18

/** All of Greater London. */
export const DEFAULT_VIEW: ViewState = {
  zoom: 9.6,
  lat: 51.4893,
  lon: -0.0881,
  layers: { boroughs: true, borders: true, wards: true, lsoas: true, labels: true },
}

/** `#map=zoom/lat/lon&layers=a,b` — zoom to 2 decimals and degrees to 5 (about a metre). */
export function formatHash(view: ViewState): string {
  const on = LAYER_GROUP_NAMES.filter((g) => view.layers[g])
  return `#map=${view.zoom.toFixed(2)}/${view.lat.toFixed(5)}/${view.lon.toFixed(5)}&layers=${on.join(',')}`
}

/** Reads a hash written by `formatHash`; anything missing or malformed keeps the fallback's value. */
export function parseHash(hash: string, fallback: ViewState = DEFAULT_VIEW): ViewState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const view: ViewState = { ...fallback, layers: { ...fallback.layers } }
  const map = params.get('map')?.split('/').map(Number)
  if (map && map.length === 3 && map.every(Number.isFinite)) {
    const [zoom, lat, lon] = map as [number, number, number]
    if (zoom >= 0 && zoom <= 22 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180) Object.assign(view, { zoom, lat, lon })
  }
  const layers = params.get('layers')
  if (layers !== null) {
    const on = new Set(layers.split(',').filter(Boolean))
    for (const g of LAYER_GROUP_NAMES) view.layers[g] = on.has(g)
  }
  return view
}
