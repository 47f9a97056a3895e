import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { versioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { disclosureNote, published, readerK, type Published as Disclosed } from '../privacy/disclosure.js'
import { boroughAnchors, flowRows } from './flows.repository.js'
import type { HexFilter } from './hex.repository.js'

/**
 * Flows end to end, without HTTP: home borough → incident borough counts from the database's
 * disclosure function (exact for a lead; for every other reader perturbed, the row, column and grand
 * totals each from its own set of referrals), shaped as a matrix and as map lines between points
 * inside the two boroughs.
 */

export interface FlowQuery extends HexFilter {
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
}

export type FlowCell = { origin: string; destination: string } & Disclosed

export interface FlowFeature {
  type: 'Feature'
  id: string
  geometry: { type: 'LineString'; coordinates: [number, number][] }
  properties: { origin: string; originName: string; destination: string; destinationName: string } & Disclosed
}

export interface FlowCollection {
  type: 'FeatureCollection'
  attribution: string
  from: string
  to: string
  /** The k applied; null for a lead, who sees exact counts. */
  k: number | null
  perturbed: boolean
  note: string
  /** Every borough of the matrix, by code. */
  boroughs: Array<{ code: string; name: string }>
  matrix: {
    /** Every origin × destination pair of the boroughs that appear (zeros included), origin then destination. */
    cells: FlowCell[]
    origins: Array<{ code: string } & Disclosed>
    destinations: Array<{ code: string } & Disclosed>
    total: Disclosed
  }
  /** One LineString per cross-borough pair with a published flow above 0. */
  features: FlowFeature[]
}

/** The answer from the per-process cache of answers (server/cache/versioned.ts) when the same question was answered under the same data and scope. */
export async function flows(db: Kysely<DB>, actor: Actor, q: FlowQuery, serviceK: number): Promise<FlowCollection> {
  return versioned(db, 'analysis/flows', { q, serviceK }, (trx) => computeFlows(trx, actor, q, serviceK))
}

async function computeFlows(db: Kysely<DB>, actor: Actor, q: FlowQuery, serviceK: number): Promise<FlowCollection> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  const k = await readerK(db, actor, serviceK)
  const rows = await flowRows(db, `${q.from}-01`, `${q.to}-01`, q)
  const line = (l: string) => rows.filter((r) => r.line === l)
  const byPair = new Map(line('cell').map((c) => [`${c.origin}>${c.destination}`, c.n]))
  const originRows = line('origin').sort((a, b) => (a.origin! < b.origin! ? -1 : 1))
  const destinationRows = line('destination').sort((a, b) => (a.destination! < b.destination! ? -1 : 1))
  const origins = originRows.map((o) => o.origin!)
  const destinations = destinationRows.map((d) => d.destination!)
  // Pairs with no referral are 0 for everyone (a perturbed 0 is 0).
  const matrix: FlowCollection['matrix'] = {
    cells: origins.flatMap((o) => destinations.map((d) => ({ origin: o, destination: d, ...published(byPair.get(`${o}>${d}`)) }))),
    origins: originRows.map((o) => ({ code: o.origin!, ...published(o.n) })),
    destinations: destinationRows.map((d) => ({ code: d.destination!, ...published(d.n) })),
    total: published(line('total')[0]?.n),
  }

  const codes = [...new Set([...origins, ...destinations])].sort()
  const anchors = await boroughAnchors(db, codes)
  const nameOf = (code: string) => anchors.get(code)?.name ?? code
  const features: FlowFeature[] = []
  for (const c of matrix.cells) {
    if (c.origin === c.destination || c.count === 0) continue
    const a = anchors.get(c.origin)
    const b = anchors.get(c.destination)
    // A borough no longer in force has no point to draw from; it stays in the matrix.
    if (!a || !b) continue
    const { origin, destination, ...d } = c
    features.push({
      type: 'Feature',
      id: `${origin}>${destination}`,
      geometry: {
        type: 'LineString',
        coordinates: [
          [a.lon, a.lat],
          [b.lon, b.lat],
        ],
      },
      properties: { origin, originName: a.name, destination, destinationName: b.name, ...d },
    })
  }
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    from: q.from,
    to: q.to,
    k,
    ...disclosureNote(k),
    boroughs: codes.map((code) => ({ code, name: nameOf(code) })),
    matrix,
    features,
  }
}
