import type { ExpressionSpecification, FilterSpecification } from 'maplibre-gl'
import { api } from '../http.js'
import { analysisQuery } from '../state/filters.js'
import { BELOW_BORDERS, legendList, legendRow } from './overlay.js'
import { CROSS_BORDER_OUTLINE, HOTSPOT_CLASSES, HOTSPOT_COLOURS, HOTSPOT_LABELS } from './palette.js'
import { fmt, parsed, type OverlayDef } from './types.js'

interface Group {
  id: number
  sign: 'hot' | 'cold'
  cells: string[]
  count: number
  peakClass: string
  maxAbsZ: number
  boroughs: { code: string; share: number }[]
  crossBorder: boolean
}
interface Hotspots
  extends GeoJSON.FeatureCollection<
    GeoJSON.Polygon,
    { id: string; count: number; z: number; p: number; pAdjusted: number; class: string; group: number | null; crossBorder: boolean }
  > {
  n: number
  fdr: boolean
  /** False when no cell can be classed cold (most cells empty): the legend then offers hot classes only. */
  coldSpotsPossible: boolean
  groups: Group[]
}

const classColour = [
  'match',
  ['get', 'class'],
  ...HOTSPOT_CLASSES.flatMap((c) => [c, HOTSPOT_COLOURS[c]]),
  'rgba(0,0,0,0)',
] as unknown as ExpressionSpecification
const significant: FilterSpecification = ['!=', ['get', 'class'], 'none']

/**
 * Getis-Ord Gi* hot and cold spots (GET /analysis/hotspots, leads only): cells coloured by class on
 * a diverging scheme; cells of a cross-border hotspot group get a heavy black outline. Each call
 * makes an overlay of its own, holding whether its last fetch showed cross-border hot spots only.
 */
export const createHotspots = (): OverlayDef => {
  let onlyCrossBorder = false
  let coldPossible = true
  const visibleFilter = (): FilterSpecification => (onlyCrossBorder ? ['all', significant, ['==', ['get', 'crossBorder'], true]] : significant)
  return {
    id: 'hotspots',
    label: 'Hot and cold spots (Gi*)',
    source: 'hotspots',
    beforeId: BELOW_BORDERS,
    layers: () => [
      { id: 'hotspots-fill', type: 'fill', source: 'hotspots', filter: visibleFilter(), paint: { 'fill-color': classColour, 'fill-opacity': 0.8 } },
      {
        id: 'hotspots-crossborder',
        type: 'line',
        source: 'hotspots',
        filter: ['all', significant, ['==', ['get', 'crossBorder'], true]],
        paint: { 'line-color': CROSS_BORDER_OUTLINE, 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 1.2, 14, 3] },
      },
    ],
    legend: () =>
      legendList('Hot and cold spot classes', [
        ...HOTSPOT_CLASSES.filter((c) => coldPossible || !c.startsWith('cold')).map((c) => legendRow('fill', HOTSPOT_COLOURS[c], HOTSPOT_LABELS[c])),
        legendRow('outline', CROSS_BORDER_OUTLINE, 'Black outline: part of a cross-border hotspot (covers two or more boroughs)'),
      ]),
    identify: {
      layer: 'hotspots-fill',
      describe(f, q) {
        const p = f.properties
        const label = HOTSPOT_LABELS[p.class as keyof typeof HOTSPOT_LABELS]
        if (!label) return null
        return {
          title: label,
          lines: [
            `${fmt(Number(p.count))} referral${Number(p.count) === 1 ? '' : 's'} in this ${q.size} m hexagon`,
            ...(parsed<boolean>(p.crossBorder, false) ? ['Part of a hot spot that crosses a borough border'] : []),
          ],
        }
      },
    },
    update(map) {
      if (map.getLayer('hotspots-fill')) map.setFilter('hotspots-fill', visibleFilter())
    },
    async fetch(q, signal) {
      onlyCrossBorder = q.filters.crossBoundary === 'crossBorderHotspot'
      const fc = await api<Hotspots>('/analysis/hotspots', { query: { ...analysisQuery(q.filters), size: q.size }, signal })
      coldPossible = fc.coldSpotsPossible !== false
      const hot = fc.groups.filter((g) => g.sign === 'hot')
      const cold = fc.groups.filter((g) => g.sign === 'cold')
      const crossing = hot.filter((g) => g.crossBorder)
      const names = (g: Group) => g.boroughs.map((b) => q.areaName(b.code)).join(' | ')
      const sentence =
        hot.length === 0
          ? `No hot spots at ${q.size} m${fc.fdr ? ' after the false-discovery-rate correction' : ''}.`
          : `${hot.length} hot spot${hot.length === 1 ? '' : 's'} (${crossing.length} crossing a borough border${crossing.length ? `: ${crossing.slice(0, 3).map(names).join('; ')}${crossing.length > 3 ? '…' : ''}` : ''}) and ${cold.length} cold spot${cold.length === 1 ? '' : 's'}, from ${fmt(fc.n)} cells of ${q.size} m.`
      return {
        // Only the classed cells go to the map: the layers draw nothing else, and the unclassed ones (nearly
        // all of the demo data's 2,425 cells of 500 m) cost the page their copy to the map's worker and their tiling.
        data: { type: 'FeatureCollection', features: fc.features.filter((f) => f.properties.class !== 'none') },
        summary: onlyCrossBorder ? `${sentence} Showing cross-border hot spots only.` : sentence,
        table: {
          caption: 'Hot and cold spot groups, strongest first',
          head: ['Group', 'Kind', 'Strongest class', 'Cells', 'Referrals', 'Boroughs', 'Cross-border'],
          rows: [...fc.groups]
            .sort((a, b) => b.maxAbsZ - a.maxAbsZ)
            .slice(0, 20)
            .map((g) => [
              g.id,
              g.sign === 'hot' ? 'hot spot' : 'cold spot',
              HOTSPOT_LABELS[g.peakClass as keyof typeof HOTSPOT_LABELS] ?? g.peakClass,
              g.cells.length,
              g.count,
              names(g),
              g.crossBorder ? 'yes' : 'no',
            ]),
        },
      }
    },
  }
}
