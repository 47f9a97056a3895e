import type { Feature, LineString, Position } from 'geojson'
import { api } from '../http.js'
import { analysisQuery } from '../state/filters.js'
import { BELOW_LABELS, legendList, legendRow } from './overlay.js'
import { FLOWS } from './palette.js'
import { fmt, type OverlayDef } from './types.js'

type FlowProps = { origin: string; originName?: string; destination: string; destinationName?: string; count: number | null; suppressed: boolean }
interface Flows extends GeoJSON.FeatureCollection<LineString, FlowProps> {
  k: number | null
}

/**
 * A line from A to B bent into an arc: a quadratic Bézier whose control point sits off the middle,
 * always on the left of travel, so A→B and B→A are two separate arcs.
 */
export function arc(a: Position, b: Position, steps = 24): Position[] {
  const [x0, y0] = a as [number, number]
  const [x1, y1] = b as [number, number]
  const mx = (x0 + x1) / 2,
    my = (y0 + y1) / 2
  const dx = x1 - x0,
    dy = y1 - y0
  const cx = mx - dy * 0.25,
    cy = my + dx * 0.25
  const out: Position[] = []
  for (let i = 0; i <= steps; i++) {
    const t = i / steps,
      u = 1 - t
    out.push([+(u * u * x0 + 2 * u * t * cx + t * t * x1).toFixed(6), +(u * u * y0 + 2 * u * t * cy + t * t * y1).toFixed(6)])
  }
  return out
}

/** Home borough → incident borough (GET /analysis/flows) as arcs, thicker for more referrals. */
export const flows: OverlayDef = {
  id: 'flows',
  label: 'Flows between boroughs (home → incident)',
  source: 'flows',
  beforeId: BELOW_LABELS,
  layers: () => [
    {
      id: 'flows-casing',
      type: 'line',
      source: 'flows',
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': '#ffffff', 'line-width': ['interpolate', ['linear'], ['coalesce', ['get', 'count'], 1], 1, 3.5, 50, 11] },
    },
    {
      id: 'flows-line',
      type: 'line',
      source: 'flows',
      layout: { 'line-cap': 'round' },
      paint: { 'line-color': FLOWS.line, 'line-width': ['interpolate', ['linear'], ['coalesce', ['get', 'count'], 1], 1, 1.5, 50, 8] },
    },
    {
      id: 'flows-arrow',
      type: 'symbol',
      source: 'flows',
      layout: {
        'symbol-placement': 'line-center',
        'text-field': '▶',
        'text-size': 13,
        'text-keep-upright': false,
        'text-allow-overlap': true,
        'text-font': ['DejaVu Sans', 'Arial', 'sans-serif'],
      },
      paint: { 'text-color': FLOWS.casing, 'text-halo-color': '#ffffff', 'text-halo-width': 1 },
    },
  ],
  legend: () =>
    legendList('Flows', [
      legendRow('line', FLOWS.line, 'From the borough where young people live to the borough of an incident; arrow shows direction, width shows referrals'),
    ]),
  identify: {
    layer: 'flows-line',
    describe(f, q) {
      const p = f.properties as FlowProps
      return {
        title: `${p.originName ?? q.areaName(p.origin)} → ${p.destinationName ?? q.areaName(p.destination)}`,
        lines: [
          p.count === null || p.count === undefined || p.count < 0
            ? 'Fewer than k referrals'
            : `${fmt(Number(p.count))} young people living in the first with an incident in the second`,
        ],
      }
    },
  },
  async fetch(q, signal) {
    const fc = await api<Flows>('/analysis/flows', { query: analysisQuery(q.filters), signal })
    const name = (code: string, n?: string) => n ?? q.areaName(code)
    const features: Feature<LineString, FlowProps>[] = fc.features
      .filter((f) => f.geometry.coordinates.length >= 2 && f.properties.origin !== f.properties.destination)
      .map((f) => ({ ...f, geometry: { type: 'LineString', coordinates: arc(f.geometry.coordinates[0]!, f.geometry.coordinates.at(-1)!) } }))
    const sorted = [...features].sort((a, b) => (b.properties.count ?? 0) - (a.properties.count ?? 0))
    const k = fc.k ?? 5
    // The largest flows only, so the few that matter are not lost in a tangle of small ones.
    const drawn = sorted.slice(0, q.flowsTop)
    return {
      data: { type: 'FeatureCollection', features: drawn },
      summary: sorted.length
        ? `${fmt(sorted.length)} cross-borough flows${drawn.length < sorted.length ? ` (the ${drawn.length} largest drawn)` : ''}; the largest: ${name(sorted[0]!.properties.origin, sorted[0]!.properties.originName)} → ${name(sorted[0]!.properties.destination, sorted[0]!.properties.destinationName)} (${sorted[0]!.properties.count ?? `fewer than ${k}`}).`
        : 'No referral has an incident outside its home borough in this period.',
      table: {
        caption: 'Cross-borough flows, largest first',
        head: ['Home borough', 'Incident borough', 'Referrals'],
        rows: sorted
          .slice(0, 25)
          .map((f) => [
            name(f.properties.origin, f.properties.originName),
            name(f.properties.destination, f.properties.destinationName),
            f.properties.count ?? `fewer than ${k}`,
          ]),
      },
    }
  },
}
