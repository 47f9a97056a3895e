import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, LayerSpecification, Map as MapLibreMap, VectorTileSource } from 'maplibre-gl'
import { el } from '../ui/notices.js'

export const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Layers are slid in under the base map's borders, so shared borders and labels stay on top. */
export const BELOW_BORDERS = 'borders-casing'
/** Point-like overlays go above the borders but under the labels. */
export const BELOW_LABELS = 'borders-label'

/** Adds a GeoJSON source (empty) and its layers once; a later call is a no-op. Ids: `${source}-${kind}`. */
export function addOverlay(map: MapLibreMap, source: string, layers: LayerSpecification[], beforeId: string): void {
  if (!map.getSource(source)) map.addSource(source, { type: 'geojson', data: EMPTY })
  addLayers(map, layers, beforeId)
}

/** Adds the layers not on the map yet, under `beforeId` when the style has it. */
function addLayers(map: MapLibreMap, layers: LayerSpecification[], beforeId: string): void {
  for (const layer of layers) if (!map.getLayer(layer.id)) map.addLayer(layer, map.getLayer(beforeId) ? beforeId : undefined)
}

/**
 * Points a vector-tile overlay at `url` (a {z}/{x}/{y} template): adds the source and its layers the
 * first time, otherwise swaps the tiles, which drops the ones already loaded. Tiles are asked for
 * up to zoom 14 and over-zoomed beyond it.
 */
export function setTileOverlay(map: MapLibreMap, source: string, url: string, minzoom: number, layers: LayerSpecification[], beforeId: string): void {
  const existing = map.getSource<VectorTileSource>(source)
  if (existing) existing.setTiles([url])
  else map.addSource(source, { type: 'vector', tiles: [url], minzoom, maxzoom: 14 })
  addLayers(map, layers, beforeId)
}

/** Removes an overlay's layers and then its source. */
export function removeOverlay(map: MapLibreMap, source: string, layerIds: readonly string[]): void {
  for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id)
  if (map.getSource(source)) map.removeSource(source)
}

export function setOverlayData(map: MapLibreMap, source: string, data: FeatureCollection): void {
  map.getSource<GeoJSONSource>(source)?.setData(data)
}

export function setOverlayVisible(map: MapLibreMap, layerIds: readonly string[], on: boolean): void {
  for (const id of layerIds) if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none')
}

/** One legend row: a swatch (fill, line or dot) and its words. */
export function legendRow(kind: 'fill' | 'line' | 'dash' | 'dot' | 'ring' | 'outline' | 'hatch', colour: string, text: string): HTMLElement {
  const row = el('li', undefined, 'legend-row')
  const key = el('span', undefined, `legend-key legend-${kind}`)
  key.style.setProperty('--key', colour)
  key.setAttribute('aria-hidden', 'true')
  row.append(key, text)
  return row
}

export function legendList(label: string, rows: HTMLElement[]): HTMLElement {
  const ul = el('ul', undefined, 'legend')
  ul.setAttribute('aria-label', label)
  ul.append(...rows)
  return ul
}
