import type { CircleLayerSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'

/**
 * Colours by location kind from Paul Tol's colour-blind-safe "bright" and "high-contrast" sets,
 * chosen apart from the base map's own colours (vermilion shared borders, the black highlighted
 * border, grey outlines): no kind looks like a boundary. The kind is also in every table and popup.
 */
export const KIND_COLOURS: Record<string, string> = {
  home: '#4477AA',
  incident: '#AA3377',
  school: '#228833',
  hangout: '#997700',
  relocation_from: '#66CCEE',
  relocation_to: '#004488',
}
const kindColour = ['match', ['get', 'kind'], ...Object.entries(KIND_COLOURS).flat(), '#555555']

/** Caseload dots sit above the areas and borders but under every label, so names stay readable. */
const UNDER_LABELS = 'borders-label'

/** Whether the map's style has been parsed: sources and layers may be added. */
export const styleLoaded = (map: MapLibreMap): boolean => (map as unknown as { style?: { _loaded?: boolean } }).style?._loaded === true

/**
 * Runs `fn` as soon as the map's style has been parsed (sources and layers may be added), even while
 * tiles are still loading — 'idle' may not come for a long time on a busy map. Returns a cancel.
 */
export function whenStyleReady(map: MapLibreMap, fn: () => void): () => void {
  let cancelled = false
  const attempt = () => {
    if (cancelled) return
    if (!styleLoaded(map)) return void setTimeout(attempt, 150)
    fn()
  }
  attempt()
  return () => {
    cancelled = true
  }
}

/** The circle layer of pointLayer: the caseload's filled dots, or a form's placed points as rings. */
export function pointLayerSpec(id: string, radius: number, placed = false): CircleLayerSpecification {
  return {
    id,
    type: 'circle',
    source: id,
    paint: placed
      ? { 'circle-radius': radius, 'circle-color': '#ffffff', 'circle-stroke-color': kindColour as never, 'circle-stroke-width': 4 }
      : { 'circle-radius': radius, 'circle-color': kindColour as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
  }
}

/**
 * A point layer of its own GeoJSON source; returns setData and a cleanup. `placed` draws the points
 * of a form not yet saved as rings (a white centre in the kind's colour, larger), apart from the
 * saved caseload's filled dots.
 */
export function pointLayer(map: MapLibreMap, id: string, radius: number, placed = false): { set(fc: GeoJSON.FeatureCollection): void; remove(): void } {
  let pending: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] }
  const add = () => {
    if (!map.getSource(id)) map.addSource(id, { type: 'geojson', data: pending })
    if (!map.getLayer(id)) map.addLayer(pointLayerSpec(id, radius, placed), map.getLayer(UNDER_LABELS) ? UNDER_LABELS : undefined)
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

export const points = (items: { kind: string; lon: number; lat: number; label?: string; programme?: string }[]): GeoJSON.FeatureCollection => ({
  type: 'FeatureCollection',
  features: items.map((p) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
    properties: { kind: p.kind, label: p.label ?? '', programme: p.programme ?? '' },
  })),
})
