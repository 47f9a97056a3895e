import { api } from '../http.js'
import { period } from '../state/filters.js'
import { BELOW_LABELS, legendList, legendRow } from './overlay.js'
import { POINTS } from './palette.js'
import { fmt, type OverlayDef } from './types.js'

interface Points extends GeoJSON.FeatureCollection<GeoJSON.Point, { referrals: number }> {
  cellM: number
}

/** Smallest cell the API snaps points to: the finest view the service gives. */
const CELL_M = 100

/**
 * Referral locations (GET /stats/points): located events snapped to the centre of a 100 m grid cell,
 * one dot per cell sized by its referrals. The service drops cells with fewer than k referrals
 * even for leads, so this is the finest view it gives, not a child's address.
 */
export const points: OverlayDef = {
  id: 'points',
  label: `Referral locations (100 m cells)`,
  source: 'points',
  beforeId: BELOW_LABELS,
  layers: () => [
    {
      id: 'points-circle',
      type: 'circle',
      source: 'points',
      paint: {
        'circle-color': POINTS.fill,
        'circle-stroke-color': POINTS.stroke,
        'circle-stroke-width': 1,
        'circle-radius': ['interpolate', ['linear'], ['get', 'referrals'], 1, 3, 20, 7, 100, 12],
      },
    },
  ],
  legend: () => legendList('Referral locations', [legendRow('dot', POINTS.fill, 'A 100 m cell with referrals; bigger dots hold more')]),
  identify: {
    layer: 'points-circle',
    describe: (f) => ({ title: 'Referral locations (100 m cell)', lines: [`${fmt(Number(f.properties.referrals))} referrals in this cell`] }),
  },
  async fetch(q, signal) {
    const fc = await api<Points>('/stats/points', { query: { ...period(q.filters), cell: CELL_M }, signal })
    const total = fc.features.reduce((s, f) => s + f.properties.referrals, 0)
    const top = [...fc.features].sort((a, b) => b.properties.referrals - a.properties.referrals).slice(0, 10)
    return {
      data: fc,
      summary: `${fmt(fc.features.length)} cells of ${fc.cellM} m with referrals (${fmt(total)} referral–cell pairs).`,
      table: {
        caption: 'The ten busiest 100 m cells',
        head: ['Longitude', 'Latitude', 'Referrals'],
        rows: top.map((f) => [f.geometry.coordinates[0]!.toFixed(4), f.geometry.coordinates[1]!.toFixed(4), f.properties.referrals]),
      },
    }
  },
}
