import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'

/** Okabe–Ito colours by location kind (colour-blind safe); the kind is also in every table. */
const KIND_COLOURS = ['match', ['get', 'kind'],
  'home', '#0072b2', 'incident', '#d55e00', 'school', '#009e73', 'hangout', '#cc79a7', 'relocation_from', '#e69f00', 'relocation_to', '#56b4e9', '#000000']

/**
 * Runs `fn` as soon as the map's style has been parsed (sources and layers may be added), even while
 * tiles are still loading — 'idle' may not come for a long time on a busy map. Returns a cancel.
 */
export function whenStyleReady(map: MapLibreMap, fn: () => void): () => void {
  let cancelled = false
  const styleParsed = () => (map as unknown as { style?: { _loaded?: boolean } }).style?._loaded === true
  const attempt = () => {
    if (cancelled) return
    if (!styleParsed()) return void setTimeout(attempt, 150)
    fn()
  }
  attempt()
  return () => { cancelled = true }
}

/** A point layer of its own GeoJSON source; returns setData and a cleanup. */
export function pointLayer(map: MapLibreMap, id: string, radius: number): { set(fc: GeoJSON.FeatureCollection): void; remove(): void } {
  let pending: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
  const add = () => {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: pending })
    if (!map.getLayer(id)) map.addLayer({
      id, type: 'circle', source: id,
      paint: { 'circle-radius': radius, 'circle-color': KIND_COLOURS as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    })
  }
  const cancel = whenStyleReady(map, add)
  return {
    set(fc) {
      pending = fc
      map.getSource<GeoJSONSource>(id)?.setData(fc)
    },
    remove() {
      cancel()
      if (map.getLayer(id)) map.removeLayer(id)
      if (map.getSource(id)) map.removeSource(id)
    },
  }
}

export const points = (items: { kind: string; lon: number; lat: number; label?: string }[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: items.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { kind: p.kind, label: p.label ?? '' } })),
})
