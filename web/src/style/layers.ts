import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { Theme } from './theme.js'

/** GeoJSON sources of the style; layer ids are `${source}-${kind}`. */
export const SOURCE = {
  boroughs: 'boroughs',
  wards: 'wards',
  lsoas: 'lsoas',
  borders: 'borders',
  highlight: 'highlight',
  labels: 'labels',
  selection: 'selection',
} as const
export type SourceId = (typeof SOURCE)[keyof typeof SOURCE]

/** Zoom at which wards and LSOAs are drawn (and their GeoJSON first fetched). */
export const WARD_MINZOOM = 11
export const LSOA_MINZOOM = 13

/**
 * Text is drawn by MapLibre from the browser's own fonts (the style has no `glyphs` URL), so a
 * font stack here is a CSS font-family list; the first name also carries the weight/style.
 */
const BOLD_SANS = ['Noto Sans Bold', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'DejaVu Sans']
const ITALIC_SANS = ['Noto Sans Italic', 'Helvetica Neue', 'Arial', 'Liberation Sans', 'DejaVu Sans']

const byZoom = (...stops: readonly number[]): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification

/** Opacity of the borough fill (the overview draws with it too: map/overview.ts). */
export const BOROUGH_FILL_OPACITY = 0.95

/** Line widths in pixels by zoom, as `zoom, width, zoom, width, …` stops (the overview draws with them too: map/overview.ts). */
export const LINE_WIDTHS = {
  boroughOutline: [8, 0.8, 12, 1.6, 16, 2.5],
  borderCasing: [8, 4.5, 12, 7.5, 16, 12],
  border: [8, 2, 12, 4, 16, 7],
  highlightCasing: [8, 7, 12, 12, 16, 18],
  highlight: [8, 3.5, 12, 6, 16, 9],
} as const

/** The width at `zoom` as the style computes it: linear between stops, the end value beyond them. */
export function widthAt(stops: readonly number[], zoom: number): number {
  if (zoom <= stops[0]!) return stops[1]!
  for (let i = 2; i < stops.length; i += 2) {
    const [z0, w0, z1, w1] = [stops[i - 2]!, stops[i - 1]!, stops[i]!, stops[i + 1]!]
    if (zoom <= z1) return w0 + ((w1 - w0) * (zoom - z0)) / (z1 - z0)
  }
  return stops[stops.length - 1]!
}

/** A line over a wider casing (ids `${source}-casing`, `${source}-line`): colour and width stops by zoom of each. */
const casedLine = (source: SourceId, casing: [string, readonly number[]], line: [string, readonly number[]]): LayerSpecification[] =>
  (
    [
      ['casing', casing],
      ['line', line],
    ] as const
  ).map(([kind, [colour, stops]]) => ({
    id: `${source}-${kind}`,
    type: 'line',
    source,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': colour, 'line-width': byZoom(...stops) },
  }))

/** The labels, on top: the names along shared borders, ward names (zoomed in), borough names. */
function labelLayers(theme: Theme): LayerSpecification[] {
  return [
    {
      id: 'borders-label',
      type: 'symbol',
      source: SOURCE.borders,
      minzoom: 12,
      layout: {
        'symbol-placement': 'line',
        'symbol-spacing': 400,
        'text-field': ['concat', ['at', 0, ['get', 'names']], '  |  ', ['at', 1, ['get', 'names']]],
        'text-font': BOLD_SANS,
        'text-size': byZoom(12, 11, 16, 13),
        'text-offset': [0, -1.1],
        'text-max-angle': 30,
      },
      paint: { 'text-color': theme.borderLabel, 'text-halo-color': theme.labelHalo, 'text-halo-width': 2 },
    },
    {
      id: 'labels-ward',
      type: 'symbol',
      source: SOURCE.labels,
      minzoom: WARD_MINZOOM + 1,
      filter: ['==', ['get', 'kind'], 'ward'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ITALIC_SANS,
        'text-size': byZoom(12, 11, 16, 14),
        'text-max-width': 8,
        'text-padding': 4,
      },
      paint: { 'text-color': theme.wardLabel, 'text-halo-color': theme.labelHalo, 'text-halo-width': 1.5 },
    },
    {
      id: 'labels-borough',
      type: 'symbol',
      source: SOURCE.labels,
      filter: ['==', ['get', 'kind'], 'borough'],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': BOLD_SANS,
        'text-size': byZoom(8, 10, 10, 11.5, 12, 14, 14, 17),
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.06,
        'text-max-width': 7,
        'text-padding': 2,
        // Smaller boroughs first (lower keys are placed first): the big outer ones have room to spare.
        'symbol-sort-key': ['get', 'rank'],
        'text-variable-anchor-offset': ['center', [0, 0], 'top', [0, 0.7], 'bottom', [0, -0.7]],
      },
      paint: { 'text-color': theme.boroughLabel, 'text-halo-color': theme.labelHalo, 'text-halo-width': 2 },
    },
  ]
}

/**
 * The service's own layers, bottom to top: area fills, finer outlines, borough outlines, shared
 * borders with a casing, the highlighted border, the looked-up point, then labels.
 */
export function layers(theme: Theme): LayerSpecification[] {
  return [
    { id: 'background', type: 'background', paint: { 'background-color': theme.background } },
    {
      id: 'boroughs-fill',
      type: 'fill',
      source: SOURCE.boroughs,
      paint: {
        'fill-color': ['case', ['boolean', ['feature-state', 'selected'], false], theme.boroughSelectedFill, theme.boroughFill],
        'fill-opacity': BOROUGH_FILL_OPACITY,
      },
    },
    {
      id: 'lsoas-outline',
      type: 'line',
      source: SOURCE.lsoas,
      minzoom: LSOA_MINZOOM,
      paint: { 'line-color': theme.lsoaOutline, 'line-width': byZoom(13, 0.6, 16, 1.2), 'line-dasharray': [3, 2] },
    },
    {
      id: 'wards-outline',
      type: 'line',
      source: SOURCE.wards,
      minzoom: WARD_MINZOOM,
      paint: { 'line-color': theme.wardOutline, 'line-width': byZoom(11, 0.7, 15, 1.6) },
    },
    {
      id: 'boroughs-outline',
      type: 'line',
      source: SOURCE.boroughs,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': theme.boroughOutline, 'line-width': byZoom(...LINE_WIDTHS.boroughOutline) },
    },
    ...casedLine(SOURCE.borders, [theme.borderCasing, LINE_WIDTHS.borderCasing], [theme.border, LINE_WIDTHS.border]),
    ...casedLine(SOURCE.highlight, [theme.borderHighlightCasing, LINE_WIDTHS.highlightCasing], [theme.borderHighlight, LINE_WIDTHS.highlight]),
    {
      id: 'selection-point',
      type: 'circle',
      source: SOURCE.selection,
      paint: {
        'circle-radius': 6,
        'circle-color': theme.selectionPoint,
        'circle-stroke-color': theme.selectionStroke,
        'circle-stroke-width': 3,
      },
    },
    ...labelLayers(theme),
  ]
}

/** Layers switched together by one checkbox; the key is what the URL hash records. */
export const LAYER_GROUPS = {
  boroughs: ['boroughs-fill', 'boroughs-outline'],
  borders: ['borders-casing', 'borders-line', 'borders-label'],
  wards: ['wards-outline', 'labels-ward'],
  lsoas: ['lsoas-outline'],
  labels: ['labels-borough'],
} as const satisfies Record<string, readonly string[]>
export type LayerGroup = keyof typeof LAYER_GROUPS
export const LAYER_GROUP_NAMES = Object.keys(LAYER_GROUPS) as LayerGroup[]
