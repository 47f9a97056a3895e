import { OGL_ATTRIBUTION } from '../geodata/attribution.js'

/**
 * A MapLibre style (version 8) for the public boundaries: one vector source (the areas TileJSON) and
 * fills and outlines of boroughs, wards, LSOAs, estates and patches, without a background or labels,
 * so it lies over any basemap and needs no fonts. QGIS (Vector Tiles → "Load style" from URL) and
 * MapLibre take it as it is. Colours follow the web map's (Okabe–Ito hues, contrast ≥ 3:1).
 */

const COLOURS = {
  boroughFill: 'rgba(0, 114, 178, 0.06)',
  boroughOutline: '#3d3d3d',
  wardOutline: '#0072B2',
  lsoaOutline: '#7a7a7a',
  estateFill: 'rgba(213, 94, 0, 0.18)',
  estateOutline: '#D55E00',
  patchOutline: '#CC79A7',
} as const

const byZoom = (...stops: number[]) => ['interpolate', ['linear'], ['zoom'], ...stops]

export function boundariesStyle(tileJsonUrl: string) {
  const source = 'crossborough'
  return {
    version: 8,
    name: 'crossborough boundaries',
    metadata: { attribution: OGL_ATTRIBUTION },
    sources: { [source]: { type: 'vector', url: tileJsonUrl, attribution: OGL_ATTRIBUTION } },
    layers: [
      { id: 'borough-fill', type: 'fill', source, 'source-layer': 'boroughs', paint: { 'fill-color': COLOURS.boroughFill } },
      { id: 'estate-fill', type: 'fill', source, 'source-layer': 'estates', minzoom: 11, paint: { 'fill-color': COLOURS.estateFill } },
      {
        id: 'lsoa-outline',
        type: 'line',
        source,
        'source-layer': 'lsoas',
        minzoom: 12,
        paint: { 'line-color': COLOURS.lsoaOutline, 'line-width': byZoom(12, 0.5, 16, 1.2), 'line-dasharray': [3, 2] },
      },
      {
        id: 'ward-outline',
        type: 'line',
        source,
        'source-layer': 'wards',
        minzoom: 10,
        paint: { 'line-color': COLOURS.wardOutline, 'line-width': byZoom(10, 0.6, 15, 1.6) },
      },
      { id: 'estate-outline', type: 'line', source, 'source-layer': 'estates', minzoom: 11, paint: { 'line-color': COLOURS.estateOutline, 'line-width': 1.2 } },
      {
        id: 'patch-outline',
        type: 'line',
        source,
        'source-layer': 'patches',
        minzoom: 11,
        paint: { 'line-color': COLOURS.patchOutline, 'line-width': 1.2, 'line-dasharray': [2, 1] },
      },
      {
        id: 'borough-outline',
        type: 'line',
        source,
        'source-layer': 'boroughs',
        paint: { 'line-color': COLOURS.boroughOutline, 'line-width': byZoom(8, 0.8, 12, 1.6, 16, 2.5) },
      },
    ],
  }
}
