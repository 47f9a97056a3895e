import type { Kysely } from 'kysely'
import { latticeHotspotsYielding, type Inference } from '../analysis/hotspots-lattice.js'
import { hexLattice } from '../analysis/lattice.js'
import { DEFAULT_PERMUTATIONS, DEFAULT_SEED, MAX_PERMUTATIONS, MIN_PERMUTATIONS, REFINED_PERMUTATIONS } from '../analysis/local-g.js'
import { formatCellId, isValidHexSize, MAX_HEX_SIZE, MIN_HEX_SIZE, parseCellId } from '../analysis/hexgrid.js'
import type { HotspotClass } from '../analysis/fdr.js'
import type { Actor } from '../auth/actor.js'
import { versioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { disclosureNote, published as publishedCount, readerK } from '../privacy/disclosure.js'
import { hexCounts, hexShapes, studyArea, type HexFilter } from './hex.repository.js'
import { hotspotSummary } from './hotspot-summary.js'
import { actingRole, leadHexCounts, type CellCountOptions, type CountUnit } from './lead-counts.repository.js'
import { chooseStudyArea, type StudyAreaChoice, type StudyAreaSource } from './study-area.js'

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

export interface HotspotQuery extends HexQuery, CellCountOptions {
  /** Distance band in hex steps (the cell itself included); 1 = the cell and its six neighbours. */
  band?: number | undefined
  /** Benjamini–Hochberg correction (default true). */
  fdr?: boolean | undefined
  /** Every study-area cell, not only those with a count or a class. */
  all?: boolean | undefined
  /** Permutation pseudo p-values (default) or the normal approximation. */
  inference?: Inference | undefined
  permutations?: number | undefined
  seed?: number | undefined
}

type Polygon = { type: 'Polygon'; coordinates: number[][][] }
const firstOfMonth = (ym: string) => `${ym}-01`
/** The members every hex-grid answer starts with. */
const collectionHead = (q: { size: number; from: string; to: string }) =>
  ({ type: 'FeatureCollection', attribution: OGL_ATTRIBUTION, size: q.size, from: q.from, to: q.to }) as const
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
  return versioned(db, 'hexbins', { q, serviceK }, (trx) => computeHexbins(trx, actor, q, serviceK))
}

async function computeHexbins(db: Kysely<DB>, actor: Actor, q: HexQuery, serviceK: number): Promise<HexbinCollection> {
  const k = await readerK(db, actor, serviceK)
  const rows = await hexCounts(db, q.size, firstOfMonth(q.from), firstOfMonth(q.to), q)
  // A hex published as 0 is left out, as a hex with no referrals is.
  const published = rows.filter((r) => r.line === 'cell' && (r.n ?? 0) > 0).map((r) => ({ id: formatCellId(q.size, r.q!, r.r!), ...publishedCount(r.n) }))
  const publishedTotal = publishedCount(rows.find((r) => r.line === 'total')?.n)

  const shapes = await hexShapes(
    db,
    q.size,
    published.map((c) => parseCellId(c.id)),
  )
  return {
    ...collectionHead(q),
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
  properties: {
    id: string
    count: number
    z: number
    p: number
    pSim: number | null
    draws: number | null
    pAdjusted: number
    class: HotspotClass
    group: number | null
    crossBorder: boolean
  }
}

export interface StudyAreaSummary {
  source: StudyAreaSource
  /** Borough codes whose hexagons (by centre) make the study area. */
  boroughs: string[]
  /** Cells in the study area (= n), and how many of them had no count. */
  cells: number
  emptyCells: number
  /** Counts in cells outside the study area (outside every chosen borough): not analysed. */
  outside: { cells: number; count: number }
}

export interface HotspotCollection {
  type: 'FeatureCollection'
  attribution: string
  size: number
  from: string
  to: string
  band: number
  fdr: boolean
  inference: Inference
  /** Permutations and seed of the conditional permutation test (null under analytical inference). */
  permutations: number | null
  /** Draws of an extreme cell whose exact probability was too much work to count (null: analytical). */
  refinedPermutations: number | null
  seed: number | null
  /** What a count is: distinct referrals or located events per cell, of one location kind or all. */
  unit: CountUnit
  kind: string | null
  /** The same in words. */
  unitDescription: string
  /** Cells in the study area. */
  n: number
  studyArea: StudyAreaSummary
  /** Whether any cell could be classed cold (an empty band is usually ordinary when most cells are empty). */
  coldSpotsPossible: boolean
  /** The lowest p-value a cold cell could reach, before the FDR correction. */
  lowestColdP: number
  summary: string
  groups: Array<{
    id: number
    sign: 'hot' | 'cold'
    cells: string[]
    count: number
    peakClass: HotspotClass
    maxAbsZ: number
    boroughs: { code: string; share: number }[]
    crossBorder: boolean
  }>
  features: HotspotFeature[]
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits

/** What the hex analyses count in a cell, in words. */
export function unitDescription(unit: CountUnit, kind: string | null): string {
  const what = kind === null ? 'located event (home, incident, school, …)' : `${kind.replace('_', ' ')} location`
  return unit === 'events'
    ? `located events per cell${kind === null ? '' : ` (${kind.replace('_', ' ')} only)`}: every event counts where it happened`
    : `referrals per cell: a referral counts once in each cell where it has a ${what} in the months, so one referral with events in two cells counts in both`
}

/**
 * Getis-Ord Gi* on exact hex counts over the study area (server/analysis-data/study-area.ts), classes
 * from conditional permutation pseudo p-values (default; inference=analytical: the normal
 * approximation), Benjamini–Hochberg adjusted, and hotspot groups, each flagged cross-border when its
 * cells cover two or more boroughs (shares computed in SQL for the grouped cells). Leads only: z-scores
 * on exact counts could let an aggregate role infer small numbers (a z of a lone cell pins its count
 * given the rest), so aggregate roles get none.
 */
export async function hotspots(db: Kysely<DB>, actor: Actor, q: HotspotQuery): Promise<HotspotCollection> {
  // The route allows leads only; this guards any other caller of the service.
  if (actor.role !== 'lead') throw forbidden('Hotspots are computed on exact counts: leads only.')
  checkQuery(q)
  const band = q.band ?? 1
  const fdr = q.fdr ?? true
  const inference = q.inference ?? 'permutation'
  const permutations = q.permutations ?? DEFAULT_PERMUTATIONS
  const seed = q.seed ?? DEFAULT_SEED
  if (inference === 'permutation' && !(Number.isInteger(permutations) && permutations >= MIN_PERMUTATIONS && permutations <= MAX_PERMUTATIONS)) {
    throw invalid('permutations', `must be a whole number from ${MIN_PERMUTATIONS} to ${MAX_PERMUTATIONS}`)
  }
  // The study area follows the organisation's working boroughs, which no data version tracks: it is
  // resolved first and is part of the cache key.
  const choice = await chooseStudyArea(db, actor, q.boroughs)
  const query = { ...q, band, fdr, inference, permutations, seed, unit: q.unit ?? 'referrals', kind: q.kind ?? null, boroughs: undefined }
  return versioned(db, 'hotspots', { query, choice }, (trx) => computeHotspots(trx, q, { band, fdr, inference, permutations, seed }, choice))
}

async function computeHotspots(
  db: Kysely<DB>,
  q: HotspotQuery,
  { band, fdr, inference, permutations, seed }: { band: number; fdr: boolean; inference: Inference; permutations: number; seed: number },
  choice: StudyAreaChoice,
): Promise<HotspotCollection> {
  const area = await studyArea(db, q.size, choice.filter)
  const lattice = hexLattice(area, band)
  const counts = new Float64Array(area.length)
  const outside = { cells: 0, count: 0 }
  const unit = q.unit ?? 'referrals'
  const kind = q.kind ?? null
  // A lead's own transaction counts exact events directly (fast at any size); inside another role's
  // transaction (the relocation check) counts come through the disclosure function.
  const lead = (await actingRole(db)) === 'lead'
  if (!lead && (unit !== 'referrals' || kind !== null)) throw forbidden('Events and location kinds are counted for leads only.')
  const rows = lead
    ? (await leadHexCounts(db, q.size, firstOfMonth(q.from), firstOfMonth(q.to), q, { unit, kind })).map((c) => ({ line: 'cell' as const, ...c }))
    : await hexCounts(db, q.size, firstOfMonth(q.from), firstOfMonth(q.to), q)
  for (const row of rows) {
    if (row.line !== 'cell' || !row.n) continue
    const i = lattice.find(row.q!, row.r!)
    if (i === -1) {
      // Outside the study area (the cell's centre is in no chosen borough): reported, not analysed.
      outside.cells++
      outside.count += row.n
    } else counts[i] = row.n
  }
  const res = await latticeHotspotsYielding(area, counts, { band, inference, permutations, seed, fdr, lattice })
  const idOf = (i: number) => formatCellId(q.size, area[i]!.q, area[i]!.r)

  // Borough shares only matter for grouped cells (cross-border flags); computed for those alone.
  const grouped = res.groups.flatMap((g) => g.cells)
  const shareShapes = await hexShapes(
    db,
    q.size,
    grouped.map((i) => area[i]!),
    { geometry: false, shares: true },
  )
  const groups = res.groups.map((g) => {
    const sums = new Map<string, number>()
    for (const i of g.cells) {
      for (const b of shareShapes.get(key(area[i]!.q, area[i]!.r))!.boroughs) if (b.share > 0) sums.set(b.code, (sums.get(b.code) ?? 0) + b.share)
    }
    const boroughs = [...sums]
      .map(([code, s]) => ({ code, share: round(s / g.cells.length) }))
      .sort((a, b) => b.share - a.share || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    return {
      id: g.id,
      sign: g.sign,
      cells: g.cells.map(idOf),
      count: g.count,
      peakClass: g.peakClass,
      maxAbsZ: round(g.maxAbsZ),
      boroughs,
      crossBorder: boroughs.length >= 2,
    }
  })
  const shown: number[] = []
  let empty = 0
  for (let i = 0; i < area.length; i++) {
    if (counts[i] === 0) empty++
    if (q.all || counts[i]! > 0 || res.classes[i] !== 'none') shown.push(i)
  }
  const geometries = await hexShapes(
    db,
    q.size,
    shown.map((i) => area[i]!),
    { geometry: true, shares: false },
  )
  const studyAreaSummary: StudyAreaSummary = { source: choice.source, boroughs: choice.boroughs, cells: area.length, emptyCells: empty, outside }
  return {
    ...collectionHead(q),
    band,
    fdr,
    inference,
    permutations: inference === 'permutation' ? permutations : null,
    refinedPermutations: inference === 'permutation' ? Math.max(permutations, REFINED_PERMUTATIONS) : null,
    seed: inference === 'permutation' ? seed : null,
    unit,
    kind,
    unitDescription: unitDescription(unit, kind),
    n: area.length,
    studyArea: studyAreaSummary,
    coldSpotsPossible: res.coldSpotsPossible,
    lowestColdP: round(res.lowestColdP),
    summary: hotspotSummary({
      size: q.size,
      inference,
      permutations,
      choice,
      area: studyAreaSummary,
      groups,
      coldSpotsPossible: res.coldSpotsPossible,
      lowestColdP: res.lowestColdP,
    }),
    groups,
    features: shown.map((i) => {
      const a = area[i]!
      const g = res.group[i]!
      return {
        type: 'Feature' as const,
        id: idOf(i),
        geometry: JSON.parse(geometries.get(key(a.q, a.r))!.geometry!) as Polygon,
        properties: {
          id: idOf(i),
          count: counts[i]!,
          z: round(res.z[i]!),
          p: res.p[i]!,
          pSim: res.pSim === null ? null : res.pSim[i]!,
          draws: res.draws === null ? null : res.draws[i]!,
          pAdjusted: res.pAdjusted[i]!,
          class: res.classes[i]!,
          group: g === 0 ? null : g,
          crossBorder: g === 0 ? false : groups[g - 1]!.crossBorder,
        },
      }
    }),
  }
}
