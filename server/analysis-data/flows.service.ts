import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { suppressTable, type Disclosed } from '../privacy/suppression.js'
import { boroughAnchors, flowRows } from './flows.repository.js'
import type { HexFilter } from './hex.repository.js'

/**
 * Flows end to end, without HTTP: home borough → incident borough counts from the database's
 * disclosure function, then, for every role but leads, secondary suppression of the origin ×
 * destination matrix and its row, column and grand totals (so no suppressed cell can be worked out
 * from the totals); shaped as a matrix and as map lines between points inside the two boroughs.
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
  /** Every borough of the matrix, by code. */
  boroughs: Array<{ code: string; name: string }>
  matrix: {
    /** Every origin × destination pair of the boroughs that appear (zeros included), origin then destination. */
    cells: FlowCell[]
    origins: Array<{ code: string } & Disclosed>
    destinations: Array<{ code: string } & Disclosed>
    total: Disclosed
  }
  /** One LineString per cross-borough pair with a flow (suppressed pairs too, count null). */
  features: FlowFeature[]
}

export async function flows(db: Kysely<DB>, actor: Actor, q: FlowQuery, serviceK: number): Promise<FlowCollection> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  let k = serviceK
  if (actor.role === 'partner') k = Math.max(k, (await agreementInForce(db)).k)
  const rows = await flowRows(db, `${q.from}-01`, `${q.to}-01`, q)
  const cells = rows.filter((r) => r.line === 'cell')
  const total = rows.find((r) => r.line === 'total')?.n ?? 0
  const originTotals = rows.filter((r) => r.line === 'origin').map((r) => ({ area: r.origin!, count: r.n ?? 0 }))
  const destinationTotals = rows.filter((r) => r.line === 'destination').map((r) => ({ month: r.destination!, count: r.n ?? 0 }))
  const origins = originTotals.map((o) => o.area).sort()
  const destinations = destinationTotals.map((d) => d.month).sort()

  let matrix: FlowCollection['matrix']
  if (actor.role === 'lead') {
    const byPair = new Map(cells.map((c) => [`${c.origin}>${c.destination}`, c.n ?? 0]))
    const shown = (count: number) => ({ count, suppressed: false as const })
    matrix = {
      cells: origins.flatMap((o) => destinations.map((d) => ({ origin: o, destination: d, ...shown(byPair.get(`${o}>${d}`) ?? 0) }))),
      origins: originTotals.sort((a, b) => (a.area < b.area ? -1 : 1)).map((o) => ({ code: o.area, ...shown(o.count) })),
      destinations: destinationTotals.sort((a, b) => (a.month < b.month ? -1 : 1)).map((d) => ({ code: d.month, ...shown(d.count) })),
      total: shown(total),
    }
  } else {
    // Origins are the table's "areas" and destinations its "months": suppressTable works on any 2-D
    // additive table with row, column and grand totals.
    const table = suppressTable({
      areas: origins,
      months: destinations,
      cells: cells.map((c) => ({ area: c.origin!, month: c.destination!, count: c.n })),
      totals: { count: total, areas: originTotals, months: destinationTotals },
    }, { k })
    const { areas, months, ...grand } = table.totals
    matrix = {
      cells: table.cells.map(({ area, month, ...d }) => ({ origin: area, destination: month!, ...d })),
      origins: areas.map(({ area, ...d }) => ({ code: area, ...d })),
      destinations: (months ?? []).map(({ month, ...d }) => ({ code: month, ...d })),
      total: grand,
    }
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
      geometry: { type: 'LineString', coordinates: [[a.lon, a.lat], [b.lon, b.lat]] },
      properties: { origin, originName: a.name, destination, destinationName: b.name, ...d },
    })
  }
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    from: q.from,
    to: q.to,
    k: actor.role === 'lead' ? null : k,
    boroughs: codes.map((code) => ({ code, name: nameOf(code) })),
    matrix,
    features,
  }
}
