import type { Kysely } from 'kysely'
import { emergingHotspots, type EmergingPattern } from '../analysis/emerging.js'
import type { HotspotClass } from '../analysis/fdr.js'
import { formatCellId, isValidHexSize, MAX_HEX_SIZE, MIN_HEX_SIZE, parseCellId } from '../analysis/hexgrid.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { hexShapes, studyArea, type HexFilter } from './hex.repository.js'
import { usableMonths } from './months.js'
import { leadHexMonthCounts, type CellCountOptions, type CountUnit } from './lead-counts.repository.js'
import { chooseStudyArea, type StudyAreaSource } from './study-area.js'

/**
 * Emerging hotspots end to end, without HTTP (leads only): exact monthly hex counts over the
 * study area, then the statistics core (server/analysis/emerging.ts): Gi* for every month, BH classes
 * within each month, a Mann–Kendall trend on each cell's z series, and the pattern (new,
 * intensifying, persistent, diminishing, sporadic, or none).
 */

export const MIN_EMERGING_MONTHS = 3
export const MAX_EMERGING_MONTHS = 36
export const PATTERNS = ['new', 'intensifying', 'persistent', 'diminishing', 'sporadic'] as const

export interface EmergingQuery extends HexFilter, CellCountOptions {
  from: string
  to: string
  size: number
  band?: number | undefined
  fdr?: boolean | undefined
  all?: boolean | undefined
  /** Include the current, partial month (and any later one) instead of ending at the last whole month. */
  partial?: boolean | undefined
}

export { monthsBetween } from './months.js'

type Polygon = { type: 'Polygon'; coordinates: number[][][] }
type PatternCounts = Record<(typeof PATTERNS)[number], number>

export interface EmergingFeature {
  type: 'Feature'
  id: string
  geometry: Polygon
  properties: {
    id: string
    pattern: EmergingPattern
    polarity: 'hot' | 'cold' | null
    /** Referrals summed over the months. */
    count: number
    hotMonths: number
    coldMonths: number
    /** tested false: no event in any month, no trend computed (s 0, z 0, p 1, direction none). */
    trend: { tested: boolean; s: number; z: number; p: number; direction: 'increasing' | 'decreasing' | 'none'; senSlope: number | null }
    /** Monthly counts, Gi* z and classes, oldest first. */
    counts: number[]
    z: number[]
    classes: HotspotClass[]
  }
}

export interface EmergingCollection {
  type: 'FeatureCollection'
  attribution: string
  from: string
  to: string
  size: number
  band: number
  fdr: boolean
  months: string[]
  unit: CountUnit
  kind: string | null
  /** The current month when it falls within from–to (its days so far only). */
  partialMonth: string | null
  /** Whether partialMonth is among `months` (partial=true). */
  partialIncluded: boolean
  /** Cells in the study area. */
  n: number
  studyArea: { source: StudyAreaSource; boroughs: string[]; cells: number; outside: { cells: number; count: number } }
  patterns: { hot: PatternCounts; cold: PatternCounts }
  features: EmergingFeature[]
}

const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits

export async function emerging(db: Kysely<DB>, actor: Actor, q: EmergingQuery): Promise<EmergingCollection> {
  if (actor.role !== 'lead') throw forbidden('Emerging hotspots are computed on exact counts: leads only.')
  if (!isValidHexSize(q.size)) throw invalid('size', `must be a whole number of metres from ${MIN_HEX_SIZE} to ${MAX_HEX_SIZE}`)
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  const partial = q.partial ?? false
  const { months, partialMonth, last } = usableMonths(q.from, q.to, partial)
  if (months.length < MIN_EMERGING_MONTHS || months.length > MAX_EMERGING_MONTHS) {
    const cut = last < q.to ? ` (the current month ${partialMonth ?? ''} and later ones left out: partial=true includes them)` : ''
    throw invalid('to', `from–to must span ${MIN_EMERGING_MONTHS} to ${MAX_EMERGING_MONTHS} whole months (it spans ${months.length}${cut})`)
  }
  const band = q.band ?? 1
  if (!Number.isInteger(band) || band < 1 || band > 3) throw invalid('band', 'must be 1, 2 or 3 hex steps')
  const fdr = q.fdr ?? true

  const choice = await chooseStudyArea(db, actor, q.boroughs)
  const area = await studyArea(db, q.size, choice.filter)
  const ids = area.map((c) => formatCellId(q.size, c.q, c.r))
  const inArea = new Set(ids)
  const index = new Map(months.map((m, i) => [m, i]))
  const monthly = months.map(() => new Map<string, number>())
  const outsideCells = new Set<string>()
  let outsideCount = 0
  const unit = q.unit ?? 'referrals'
  const kind = q.kind ?? null
  for (const row of await leadHexMonthCounts(db, q.size, `${months[0]}-01`, `${months.at(-1)}-01`, q, { unit, kind })) {
    const id = formatCellId(q.size, row.q, row.r)
    // Located events in cells whose centre lies in no chosen borough: reported, not analysed.
    if (inArea.has(id)) monthly[index.get(row.month)!]!.set(id, row.n)
    else if (row.n > 0) {
      outsideCells.add(id)
      outsideCount += row.n
    }
  }
  const cells = emergingHotspots(ids, monthly, { band: { hexDistance: band }, fdr })
  const empty = (): PatternCounts => ({ new: 0, intensifying: 0, persistent: 0, diminishing: 0, sporadic: 0 })
  const patterns = { hot: empty(), cold: empty() }
  for (const c of cells) if (c.pattern !== 'none') patterns[c.polarity!][c.pattern]++
  const shown = q.all ? cells : cells.filter((c) => c.pattern !== 'none')
  const shapes = await hexShapes(
    db,
    q.size,
    shown.map((c) => parseCellId(c.id)),
    { geometry: true, shares: false },
  )
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    from: q.from,
    to: q.to,
    size: q.size,
    band,
    fdr,
    months,
    unit,
    kind,
    partialMonth,
    partialIncluded: partialMonth !== null && months.includes(partialMonth),
    n: ids.length,
    studyArea: { source: choice.source, boroughs: choice.boroughs, cells: ids.length, outside: { cells: outsideCells.size, count: outsideCount } },
    patterns,
    features: shown.map((c) => {
      const { q: cq, r: cr } = parseCellId(c.id)
      const counts = monthly.map((m) => m.get(c.id) ?? 0)
      return {
        type: 'Feature' as const,
        id: c.id,
        geometry: JSON.parse(shapes.get(`${cq}:${cr}`)!.geometry!) as Polygon,
        properties: {
          id: c.id,
          pattern: c.pattern,
          polarity: c.polarity,
          count: counts.reduce((s, x) => s + x, 0),
          hotMonths: c.hotMonths,
          coldMonths: c.coldMonths,
          trend:
            c.trend === null
              ? { tested: false, s: 0, z: 0, p: 1, direction: 'none' as const, senSlope: null }
              : {
                  tested: true,
                  s: c.trend.s,
                  z: round(c.trend.z),
                  p: c.trend.p,
                  direction: c.trend.trend,
                  senSlope: c.trend.senSlope === null ? null : round(c.trend.senSlope),
                },
          counts,
          z: c.z.map((z) => round(z)),
          classes: [...c.classes],
        },
      }
    }),
  }
}
