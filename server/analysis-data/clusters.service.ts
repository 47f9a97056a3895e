import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { type Bounded, boundedValue } from '../schemas/bounded.js'
import { clusterRows } from './clusters.repository.js'
import type { HexFilter } from './hex.repository.js'
import { audit } from '../audit/audit.js'

/**
 * DBSCAN clusters of exact points end to end, without HTTP (leads only): PostGIS clusters
 * the organisation's located events (ST_ClusterDBSCAN), each cluster comes back as its convex hull
 * with its sizes and the boroughs its members lie in; the read is audited (hulls are drawn around
 * exact locations).
 */

/** Neighbourhood radius, metres. */
export const EPS: Bounded = { min: 1, max: 5000, default: 200, unit: 'metres' }
/** Located events within eps (the point itself included) that make a core point. */
export const MIN_POINTS: Bounded = { min: 2, max: 1000, default: 5, integer: true }

export interface ClusterQuery extends HexFilter {
  from: string
  to: string
  /** Neighbourhood radius in metres. */
  eps?: number | undefined
  /** Located events within eps (the point itself included) that make a core point. */
  minPoints?: number | undefined
}

type Geometry = { type: 'Point' | 'LineString' | 'Polygon'; coordinates: unknown[] }

export interface ClusterFeature {
  type: 'Feature'
  id: string
  geometry: Geometry
  properties: {
    id: number
    locations: number
    referrals: number
    areaM2: number
    boroughs: Array<{ code: string; locations: number }>
    crossBorder: boolean
  }
}

export interface ClusterCollection {
  type: 'FeatureCollection'
  attribution: string
  from: string
  to: string
  eps: number
  minPoints: number
  /** Located events clustered (members and noise). */
  points: number
  /** Located events in no cluster. */
  noise: number
  features: ClusterFeature[]
}

export async function clusters(db: Kysely<DB>, actor: Actor, q: ClusterQuery): Promise<ClusterCollection> {
  // The route allows leads only; this guards any other caller (the database refuses them too).
  if (actor.role !== 'lead') throw forbidden('Clusters are drawn around exact locations: leads only.')
  const eps = boundedValue('eps', q.eps, EPS)
  const minPoints = boundedValue('minPoints', q.minPoints, MIN_POINTS)
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  const rows = await clusterRows(db, eps, minPoints, `${q.from}-01`, `${q.to}-01`, q)
  const members = rows.filter((r) => r.cid !== null).sort((a, b) => b.referrals - a.referrals || b.locations - a.locations || a.hull!.localeCompare(b.hull!))
  const noise = rows.find((r) => r.cid === null)?.locations ?? 0
  const points = rows.reduce((s, r) => s + r.locations, 0)
  const filter = { from: q.from, to: q.to, eps, minPoints, programme: q.programme ?? null, subjectRole: q.subjectRole ?? null, ageBand: q.ageBand ?? null }
  await audit(db, 'analysis.clusters', { filter, clusters: members.length }, points)
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    from: q.from,
    to: q.to,
    eps,
    minPoints,
    points,
    noise,
    features: members.map((r, i) => ({
      type: 'Feature' as const,
      id: `C${i + 1}`,
      geometry: JSON.parse(r.hull!) as Geometry,
      properties: {
        id: i + 1,
        locations: r.locations,
        referrals: r.referrals,
        areaM2: Math.round(r.areaM2 * 10) / 10,
        boroughs: r.boroughs,
        crossBorder: r.boroughs.length >= 2,
      },
    })),
  }
}
