import type { Kysely } from 'kysely'
import { findHotspots, type BoroughShares } from '../analysis/hotspots.js'
import { formatCellId, isValidHexSize, MAX_HEX_SIZE, MIN_HEX_SIZE, parseCellId } from '../analysis/hexgrid.js'
import type { HotspotClass } from '../analysis/fdr.js'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { disclosureNote, published as publishedCount, readerK } from '../privacy/disclosure.js'
import { hexCounts, hexShapes, studyArea, type HexFilter } from './hex.repository.js'

/**
 * The hex-grid analyses end to end: counts from the database's disclosure function (exact for leads,
 * perturbed for every other reader), Gi* hotspots from the statistics core
 * (server/analysis), shaped as RFC 7946 FeatureCollections. No HTTP here.
 */

export interface HexQuery extends HexFilter {
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
  /** Hex circumradius in metres, 100–1000. */
  size: number
}

export interface HotspotQuery extends HexQuery {
  /** Distance band in hex steps (the cell itself included); 1 = the cell and its six neighbours. */
  band?: number | undefined
  /** Benjamini–Hochberg correction (default true). */
  fdr?: boolean | undefined
  /** Every study-area cell, not only those with a count or a class. */
  all?: boolean | undefined
}

type Polygon = { type: 'Polygon'; coordinates: number[][][] }
const firstOfMonth = (ym: string) => `${ym}-01`
const key = (q: number, r: number) => `${q}:${r}`

function checkQuery(q: HexQuery): void {
  if (!isValidHexSize(q.size)) throw invalid('size', `must be a whole number of metres from ${MIN_HEX_SIZE} to ${MAX_HEX_SIZE}`)
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
}

export interface HexbinFeature {
  type: 'Feature'
  id: string
  geometry: Polygon
  properties: { id: string; count: number | null; suppressed: boolean; boroughs: { code: string; share: number }[] }
}

export interface HexbinCollection {
  type: 'FeatureCollection'
  attribution: string
  size: number
  from: string
  to: string
  /** The k applied; null for a lead, who sees exact counts. */
  k: number | null
  perturbed: boolean
  note: string
  total: { count: number | null; suppressed: boolean }
  features: HexbinFeature[]
}

/**
 * Distinct referrals per hex over whole months, each hex with its borough shares, and the total
 * (distinct referrals in any hex). Leads see exact counts; every other reader the database's cell-key
 * perturbation, at the fixed sizes and periods only (migration 0021).
 */
export async function hexbins(db: Kysely<DB>, actor: Actor, q: HexQuery, serviceK: number): Promise<HexbinCollection> {
  checkQuery(q)
  const k = await readerK(db, actor, serviceK)
  const rows = await hexCounts(db, q.size, firstOfMonth(q.from), firstOfMonth(q.to), q)
  // A hex published as 0 is left out, as a hex with no referrals is.
  const published = rows.filter((r) => r.line === 'cell' && (r.n ?? 0) > 0)
    .map((r) => ({ id: formatCellId(q.size, r.q!, r.r!), ...publishedCount(r.n) }))
  const publishedTotal = publishedCount(rows.find((r) => r.line === 'total')?.n)

  const shapes = await hexShapes(db, q.size, published.map((c) => parseCellId(c.id)))
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    size: q.size,
    from: q.from,
    to: q.to,
    k,
    ...disclosureNote(k),
    total: publishedTotal,
    features: published.map((c) => {
      const { q: cq, r: cr } = parseCellId(c.id)
      const shape = shapes.get(key(cq, cr))!
      return {
        type: 'Feature' as const,
        id: c.id,
        geometry: JSON.parse(shape.geometry!) as Polygon,
        properties: { id: c.id, count: c.count, suppressed: c.suppressed, boroughs: shape.boroughs },
      }
    }),
  }
}

export interface HotspotFeature {
  type: 'Feature'
  id: string
  geometry: Polygon
  properties: { id: string; count: number; z: number; p: number; pAdjusted: number; class: HotspotClass; group: number | null; crossBorder: boolean }
}

export interface HotspotCollection {
  type: 'FeatureCollection'
  attribution: string
  size: number
  from: string
  to: string
  band: number
  fdr: boolean
  /** Cells in the study area (every cell whose centre lies in a borough in force). */
  n: number
  groups: Array<{ id: number; sign: 'hot' | 'cold'; cells: string[]; count: number; peakClass: HotspotClass; maxAbsZ: number; boroughs: { code: string; share: number }[]; crossBorder: boolean }>
  features: HotspotFeature[]
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits

/**
 * Getis-Ord Gi* on exact hex counts over the study area, Benjamini–Hochberg classes and hotspot
 * groups, each flagged cross-border when its cells cover two or more boroughs (shares computed in
 * SQL for the grouped cells). Leads only: z-scores on exact counts could let an aggregate role infer
 * small numbers (a z of a lone cell pins its count given the rest), so aggregate roles get none.
 */
export async function hotspots(db: Kysely<DB>, actor: Actor, q: HotspotQuery): Promise<HotspotCollection> {
  // The route allows leads only; this guards any other caller of the service.
  if (actor.role !== 'lead') throw forbidden('Hotspots are computed on exact counts: leads only.')
  checkQuery(q)
  const band = q.band ?? 1
  const fdr = q.fdr ?? true
  const area = await studyArea(db, q.size, actor.boroughs)
  const ids = area.map((c) => formatCellId(q.size, c.q, c.r))
  const inArea = new Set(ids)
  const rows = await hexCounts(db, q.size, firstOfMonth(q.from), firstOfMonth(q.to), q)
  const counts = new Map<string, number>()
  for (const row of rows) {
    if (row.line !== 'cell') continue
    const id = formatCellId(q.size, row.q!, row.r!)
    // Locations whose cell's centre lies outside every borough are outside the study area.
    if (inArea.has(id)) counts.set(id, row.n ?? 0)
  }
  const options = { band: { hexDistance: band }, fdr }
  const first = findHotspots(ids, counts, options)
  // Borough shares only matter for grouped cells (cross-border flags); compute them for those alone.
  const grouped = first.cells.filter((c) => c.group !== null)
  const shown = q.all ? first.cells : first.cells.filter((c) => c.count > 0 || c.class !== 'none')
  const shareShapes = await hexShapes(db, q.size, grouped, { geometry: false, shares: true })
  const shares: BoroughShares = new Map(grouped.map((c) => [c.id, new Map(shareShapes.get(key(c.q, c.r))!.boroughs.map((b) => [b.code, b.share]))]))
  const result = grouped.length > 0 ? findHotspots(ids, counts, { ...options, boroughShares: shares }) : first
  const byId = new Map(result.cells.map((c) => [c.id, c]))
  const crossBorder = new Map(result.groups.map((g) => [g.id, g.crossBorder]))
  const geometries = await hexShapes(db, q.size, shown, { geometry: true, shares: false })
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    size: q.size,
    from: q.from,
    to: q.to,
    band,
    fdr,
    n: result.n,
    groups: result.groups.map((g) => ({
      id: g.id, sign: g.sign, cells: [...g.cells], count: g.count, peakClass: g.peakClass, maxAbsZ: round(g.maxAbsZ),
      boroughs: g.boroughs.map((b) => ({ code: b.code, share: round(b.share) })), crossBorder: g.crossBorder,
    })),
    features: shown.map((s) => {
      const c = byId.get(s.id)!
      return {
        type: 'Feature' as const,
        id: c.id,
        geometry: JSON.parse(geometries.get(key(c.q, c.r))!.geometry!) as Polygon,
        properties: {
          id: c.id, count: c.count, z: round(c.z), p: c.p, pAdjusted: c.pAdjusted, class: c.class, group: c.group,
          crossBorder: c.group === null ? false : crossBorder.get(c.group)!,
        },
      }
    }),
  }
}
