import type { Map as MapLibreMap } from 'maplibre-gl'
import { KIND_NAMES } from '../panels/caseworker/api.js'
import { analysisQuery } from '../state/filters.js'
import { BELOW_LABELS, legendList, legendRow } from './overlay.js'
import { EXACT_POINTS } from './palette.js'
import { fmt, type TileOverlayDef } from './types.js'

/** The zoom from which the service draws points (server/tiles/tile.ts POINTS_MIN_ZOOM). */
export const EXACT_POINTS_MIN_ZOOM = 10
const SOURCE_LAYER = 'points'

/**
 * The organisation's located events at their exact places, as vector tiles (GET /tiles/points/…):
 * one dot per event, from zoom 10, for the period and filters. Tiles are the layer that stays fast
 * at a million points (the service reads only the tile's box); every tile the map reads is written
 * to the audit log with its feature count, so this overlay is off until a lead switches it on.
 */
export const exactPoints: TileOverlayDef = {
  kind: 'tiles',
  id: 'exact',
  label: 'Exact locations (audited; zoom 10 and closer)',
  source: 'exact',
  minzoom: EXACT_POINTS_MIN_ZOOM,
  beforeId: BELOW_LABELS,
  layers: () => [
    {
      id: 'exact-circle',
      type: 'circle',
      source: 'exact',
      'source-layer': SOURCE_LAYER,
      minzoom: EXACT_POINTS_MIN_ZOOM,
      paint: {
        'circle-color': EXACT_POINTS.fill,
        'circle-stroke-color': EXACT_POINTS.stroke,
        'circle-stroke-width': 1,
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 10, 1.5, 14, 3.5, 17, 6],
      },
    },
  ],
  legend: () =>
    legendList('Exact locations', [legendRow('dot', EXACT_POINTS.fill, 'One located event (home, school, incident, hangout, move) at its exact place')]),
  identify: {
    layer: 'exact-circle',
    describe: (f) => ({
      title: KIND_NAMES[f.properties.kind as keyof typeof KIND_NAMES] ?? 'Located event',
      lines: ['An exact location of a referral (this read is audited)'],
    }),
  },
  tileUrl(q) {
    const params = new URLSearchParams()
    for (const [k, v] of Object.entries(analysisQuery(q.filters))) if (v) params.set(k, v)
    return `${location.origin}/tiles/points/{z}/{x}/{y}.mvt?${params}`
  },
  summary(map: MapLibreMap) {
    if (map.getZoom() < EXACT_POINTS_MIN_ZOOM)
      return `Zoom in to level ${EXACT_POINTS_MIN_ZOOM} or closer to see exact locations (now ${map.getZoom().toFixed(1)}).`
    const features = map.queryRenderedFeatures({ layers: ['exact-circle'] })
    const referrals = new Set(features.map((f) => String(f.properties.referralId)))
    const byKind = new Map<string, number>()
    for (const f of features) byKind.set(String(f.properties.kind), (byKind.get(String(f.properties.kind)) ?? 0) + 1)
    const kinds = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${fmt(n)} ${(KIND_NAMES[k as keyof typeof KIND_NAMES] ?? k).toLowerCase()}`)
      .join(', ')
    return features.length === 0
      ? 'No located events in view for this period and these filters.'
      : `${fmt(features.length)} located events of ${fmt(referrals.size)} referrals in view${kinds ? ` (${kinds})` : ''}. Each tile read is audited.`
  },
}
