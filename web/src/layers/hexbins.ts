import type { ApiJson } from '../api.js'
import type { ExpressionSpecification } from 'maplibre-gl'
import { api } from '../http.js'
import { analysisQuery } from '../state/filters.js'
import { BELOW_BORDERS, legendList, legendRow } from './overlay.js'
import { VIRIDIS } from './palette.js'
import { fmt, parsed, type OverlayDef } from './types.js'

/** Hexagons as GET /analysis/hexbins answers them (the generated API types). */
type Hexbins = ApiJson<'/api/v1/analysis/hexbins'>

/** Colour by count on a viridis ramp between 1 and the busiest hex (`max` is set per answer). */
const fillColour = (max: number): ExpressionSpecification =>
  [
    'interpolate',
    ['linear'],
    ['coalesce', ['get', 'count'], 0],
    ...VIRIDIS.flatMap((c, i) => [1 + ((Math.max(max, 5) - 1) * i) / (VIRIDIS.length - 1), c]),
  ] as ExpressionSpecification

/**
 * Referrals per hexagon of the fixed-origin grid (GET /analysis/hexbins). Each call makes an overlay
 * of its own, holding the busiest count and k of its last answer (for the colour ramp and popups).
 */
export function createHexbins(): OverlayDef {
  let currentMax = 5
  let currentK = 5
  return {
    id: 'hexbins',
    label: 'Referrals per hexagon',
    source: 'hexbins',
    beforeId: BELOW_BORDERS,
    layers: () => [
      {
        id: 'hexbins-fill',
        type: 'fill',
        source: 'hexbins',
        filter: ['>', ['coalesce', ['get', 'count'], 0], 0],
        paint: { 'fill-color': fillColour(currentMax), 'fill-opacity': 0.7 },
      },
      {
        id: 'hexbins-outline',
        type: 'line',
        source: 'hexbins',
        minzoom: 12,
        filter: ['>', ['coalesce', ['get', 'count'], 0], 0],
        paint: { 'line-color': '#ffffff', 'line-width': 0.5 },
      },
    ],
    legend: () =>
      legendList('Referrals per hexagon', [
        legendRow('fill', VIRIDIS[0], 'fewest'),
        legendRow('fill', VIRIDIS[2], 'middle'),
        legendRow('fill', VIRIDIS[4], `most (the busiest hexagon: ${fmt(currentMax)})`),
      ]),
    identify: {
      layer: 'hexbins-fill',
      describe(f, q) {
        const p = f.properties
        const boroughs = parsed<{ code: string; share: number }[]>(p.boroughs, [])
        return {
          title: `Hexagon of ${q.size} m`,
          lines: [
            p.count === null || p.count === undefined
              ? `Fewer than ${currentK} referrals`
              : `${fmt(Number(p.count))} referral${Number(p.count) === 1 ? '' : 's'}`,
            ...(boroughs.length ? [boroughs.map((b) => `${q.areaName(b.code)} ${Math.round(b.share * 100)} %`).join(', ')] : []),
          ],
        }
      },
    },
    update(map) {
      if (map.getLayer('hexbins-fill')) map.setPaintProperty('hexbins-fill', 'fill-color', fillColour(currentMax))
    },
    async fetch(q, signal) {
      const fc = await api<Hexbins>('/analysis/hexbins', { query: { ...analysisQuery(q.filters), size: q.size }, signal })
      const counts = fc.features.map((f) => f.properties.count ?? 0)
      currentMax = Math.max(1, ...counts)
      currentK = fc.k ?? 5
      const top = [...fc.features].sort((a, b) => (b.properties.count ?? 0) - (a.properties.count ?? 0)).slice(0, 10)
      return {
        data: fc,
        summary: `${fmt(fc.features.length)} hexagons of ${q.size} m hold ${fc.total.count === null ? 'a suppressed number of' : fmt(fc.total.count)} referrals; the busiest holds ${fmt(currentMax)}.`,
        table: {
          caption: 'The ten busiest hexagons',
          head: ['Hexagon', 'Referrals', 'Boroughs (share of area)'],
          rows: top.map((f) => [
            f.properties.id,
            f.properties.count ?? `fewer than ${fc.k ?? 5}`,
            f.properties.boroughs.map((b) => `${q.areaName(b.code)} ${Math.round(b.share * 100)} %`).join(', '),
          ]),
        },
      }
    },
  }
}
