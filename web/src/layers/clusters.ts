import { api } from '../http.js'
import { analysisQuery } from '../state/filters.js'
import { BELOW_LABELS, legendList, legendRow } from './overlay.js'
import { CLUSTERS } from './palette.js'
import { fmt, parsed, type OverlayDef } from './types.js'

type ClusterProps = {
  id?: number | string
  cluster?: number
  referrals?: number
  locations?: number
  size?: number
  areaM2?: number
  boroughs?: { code: string; locations?: number; share?: number }[]
  crossBorder?: boolean
}

const size = (p: ClusterProps) => p.referrals ?? p.size ?? p.locations ?? 0

/**
 * DBSCAN clusters of the exact points (GET /analysis/clusters, leads only): each cluster's hull,
 * labelled with its referrals. The answer gives hulls and sizes; properties are
 * read defensively because the endpoint is newer than this panel.
 */
export const clusters: OverlayDef = {
  id: 'clusters',
  label: 'Clusters of referrals (DBSCAN)',
  source: 'clusters',
  beforeId: BELOW_LABELS,
  layers: () => [
    {
      id: 'clusters-fill',
      type: 'fill',
      source: 'clusters',
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': CLUSTERS.fill, 'fill-opacity': 0.3 },
    },
    { id: 'clusters-outline', type: 'line', source: 'clusters', paint: { 'line-color': CLUSTERS.stroke, 'line-width': 2, 'line-dasharray': [2, 1] } },
  ],
  legend: () => legendList('Clusters', [legendRow('fill', CLUSTERS.fill, 'The outline (convex hull) of a cluster of nearby referral locations')]),
  identify: {
    layer: 'clusters-fill',
    describe(f, q) {
      const p = f.properties as ClusterProps
      const boroughs = parsed<{ code: string }[]>(p.boroughs, [])
      return {
        title: 'Cluster of referrals',
        lines: [`${fmt(size(p))} referrals`, ...(boroughs.length ? [boroughs.map((b) => q.areaName(b.code)).join(', ')] : [])],
      }
    },
  },
  async fetch(q, signal) {
    const fc = await api<GeoJSON.FeatureCollection<GeoJSON.Geometry | null, ClusterProps>>('/analysis/clusters', { query: analysisQuery(q.filters), signal })
    const features = fc.features.filter((f): f is GeoJSON.Feature<GeoJSON.Geometry, ClusterProps> => f.geometry !== null)
    const sorted = [...features].sort((a, b) => size(b.properties ?? {}) - size(a.properties ?? {}))
    return {
      data: { type: 'FeatureCollection', features },
      summary: `${fmt(features.length)} clusters; the largest holds ${fmt(size(sorted[0]?.properties ?? {}))} referrals.`,
      table: {
        caption: 'The largest clusters',
        head: ['Cluster', 'Referrals', 'Area (hectares)', 'Boroughs', 'Cross-border'],
        rows: sorted.slice(0, 15).map((f, i) => {
          const p = f.properties ?? {}
          return [
            p.id ?? p.cluster ?? i + 1,
            size(p),
            p.areaM2 === undefined ? '—' : (p.areaM2 / 10_000).toFixed(1),
            (p.boroughs ?? []).map((b) => q.areaName(b.code)).join(', '),
            p.crossBorder ? 'yes' : 'no',
          ]
        }),
      },
    }
  },
}
