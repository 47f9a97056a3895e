import type { Kysely } from 'kysely'
import { evaluateHotspots, selectTopCells, tieRange, type EvaluationInput } from '../analysis/evaluate.js'
import { evaluationSummary } from '../analysis/evaluate-summary.js'
import { formatCellId, hexArea, isValidHexSize, MAX_HEX_SIZE, MIN_HEX_SIZE, neighbourIds, parseCellId } from '../analysis/hexgrid.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { hexShapes, studyArea, type HexFilter } from './hex.repository.js'
import { leadHexCounts, type CellCountOptions, type CountUnit } from './lead-counts.repository.js'
import { usableMonths } from './months.js'
import { chooseStudyArea, type StudyAreaSource } from './study-area.js'

/**
 * Hotspot evaluation end to end, without HTTP (leads only): exact hex counts of a training
 * and a test period (analysis_hex_counts), the study area (every cell whose centre lies in a borough
 * in force), then the statistics core (server/analysis/evaluate.ts): the top cells by training count
 * covering at most `share` of the study area are the hotspots; hit rate, PAI and recapture rate on the
 * test period; a plain-English summary.
 */

export const DEFAULT_EVALUATION_SIZE = 250
export const DEFAULT_SHARE = 0.05
export const TIE_RULE =
  'Cells with equal training counts: the one whose six neighbours had more training referrals first, then west to east, then south to north'

export interface EvaluateQuery extends HexFilter, CellCountOptions {
  trainFrom: string
  trainTo: string
  testFrom: string
  testTo: string
  share?: number | undefined
  size?: number | undefined
  /** Include the current, partial month (and any later one) in the test period. */
  partial?: boolean | undefined
}

type Polygon = { type: 'Polygon'; coordinates: number[][][] }
interface PeriodFigures {
  inHotspots: number
  total: number
  hitRate: number | null
  pai: number | null
}

export interface EvaluationCollection {
  type: 'FeatureCollection'
  attribution: string
  trainFrom: string
  trainTo: string
  testFrom: string
  /** The last month used: the requested testTo, or the last whole month when that was later. */
  testTo: string
  /** The current month when it falls within either period (its days so far only). */
  partialMonth: string | null
  partialIncluded: boolean
  size: number
  share: number
  /** Cells in the study area. */
  n: number
  studyArea: { source: StudyAreaSource; boroughs: string[]; cells: number }
  unit: CountUnit
  kind: string | null
  hotspots: { cells: number; areaKm2: number; areaShare: number | null }
  studyAreaKm2: number
  training: PeriodFigures
  test: PeriodFigures
  /** (n_test / n_train) / (N_test / N_train); null when undefined. */
  recaptureRate: number | null
  /** The tie at the edge of the selection: how it was broken, and the test figures other choices among the tied cells would give. */
  ties: { rule: string; count: number | null; tiedCells: number; chosen: number; hitRate: [number, number] | null; pai: [number, number] | null }
  summary: string
  features: Array<{ type: 'Feature'; id: string; geometry: Polygon; properties: { id: string; training: number; test: number } }>
}

const round = (x: number | null, digits = 6) => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits)

/** 400s naming the parameter: each period in order, the test after the training, share in (0, 1]. */
export function checkEvaluateQuery(
  q: EvaluateQuery,
  today?: string,
): { share: number; size: number; testTo: string; partialMonth: string | null; partialIncluded: boolean } {
  if (q.trainFrom > q.trainTo) throw invalid('trainFrom', `must not be after trainTo (${q.trainTo})`)
  if (q.testFrom > q.testTo) throw invalid('testFrom', `must not be after testTo (${q.testTo})`)
  if (q.testFrom <= q.trainTo) throw invalid('testFrom', `must be after the training period (trainTo ${q.trainTo})`)
  const share = q.share ?? DEFAULT_SHARE
  if (!(share > 0 && share <= 1)) throw invalid('share', 'must be more than 0 and at most 1')
  const size = q.size ?? DEFAULT_EVALUATION_SIZE
  if (!isValidHexSize(size)) throw invalid('size', `must be a whole number of metres from ${MIN_HEX_SIZE} to ${MAX_HEX_SIZE}`)
  // The month in progress is not a whole month: left out of both periods unless partial=true.
  const partial = q.partial ?? false
  const train = usableMonths(q.trainFrom, q.trainTo, partial, today)
  if (!partial && train.last < q.trainTo) {
    throw invalid('trainTo', `must be a whole month before the current one (${train.partialMonth ?? 'now'}); partial=true uses the months so far`)
  }
  const test = usableMonths(q.testFrom, q.testTo, partial, today)
  if (test.months.length === 0)
    throw invalid(
      'testFrom',
      `the test period has no whole month yet (the current month is ${test.partialMonth ?? 'later'}); partial=true uses the days so far`,
    )
  const partialMonth = train.partialMonth ?? test.partialMonth
  return { share, size, testTo: test.last, partialMonth, partialIncluded: partialMonth !== null && partial }
}

export async function evaluate(db: Kysely<DB>, actor: Actor, q: EvaluateQuery): Promise<EvaluationCollection> {
  if (actor.role !== 'lead') throw forbidden('Hotspot evaluation uses exact counts: leads only.')
  const { share, size, testTo, partialMonth, partialIncluded } = checkEvaluateQuery(q)
  const choice = await chooseStudyArea(db, actor, q.boroughs)
  const area = await studyArea(db, size, choice.filter)
  const ids = area.map((c) => formatCellId(size, c.q, c.r))
  const inArea = new Set(ids)
  const unit = q.unit ?? 'referrals'
  const kind = q.kind ?? null
  const countsOf = async (from: string, to: string) => {
    const out = new Map<string, number>()
    for (const row of await leadHexCounts(db, size, `${from}-01`, `${to}-01`, q, { unit, kind })) {
      const id = formatCellId(size, row.q, row.r)
      // Located events in cells whose centre lies in no chosen borough are outside the study area.
      if (inArea.has(id) && row.n) out.set(id, row.n)
    }
    return out
  }
  const training = await countsOf(q.trainFrom, q.trainTo)
  const test = await countsOf(q.testFrom, testTo)
  // Ties in the training count: the busier neighbourhood first, then west to east, south to north.
  const neighbourhood = new Map(ids.map((id) => [id, neighbourIds(id).reduce((t, j) => t + (training.get(j) ?? 0), 0)]))
  const input: EvaluationInput = {
    cells: ids,
    training,
    test,
    area: hexArea(size),
    tieBreak: (id) => neighbourhood.get(id)!,
    order: (a, b) => {
      const ca = parseCellId(a)
      const cb = parseCellId(b)
      return ca.q - cb.q || ca.r - cb.r
    },
  }
  const selection = selectTopCells(input, share)
  const e = evaluateHotspots(input, selection)
  const tie = tieRange(input, selection)
  const shapes = await hexShapes(
    db,
    size,
    e.hotspots.map((id) => parseCellId(id)),
    { geometry: true, shares: false },
  )
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    trainFrom: q.trainFrom,
    trainTo: q.trainTo,
    testFrom: q.testFrom,
    testTo,
    partialMonth,
    partialIncluded,
    size,
    share,
    n: ids.length,
    studyArea: { source: choice.source, boroughs: choice.boroughs, cells: ids.length },
    unit,
    kind,
    hotspots: { cells: e.hotspots.length, areaKm2: round(e.hotspotArea / 1e6, 4)!, areaShare: round(e.areaShare) },
    studyAreaKm2: round(e.totalArea / 1e6, 4)!,
    training: { inHotspots: e.trainingInHotspots, total: e.trainingTotal, hitRate: round(e.trainingHitRate), pai: round(e.trainingPai) },
    test: { inHotspots: e.testInHotspots, total: e.testTotal, hitRate: round(e.hitRate), pai: round(e.pai) },
    recaptureRate: round(e.rri),
    ties: {
      rule: TIE_RULE,
      count: tie.count,
      tiedCells: tie.tiedCells,
      chosen: tie.chosen,
      hitRate: tie.hitRate && [round(tie.hitRate[0])!, round(tie.hitRate[1])!],
      pai: tie.pai && [round(tie.pai[0])!, round(tie.pai[1])!],
    },
    summary: evaluationSummary(e, { ...q, testTo }, tie),
    features: e.hotspots.map((id) => {
      const { q: cq, r: cr } = parseCellId(id)
      return {
        type: 'Feature' as const,
        id,
        geometry: JSON.parse(shapes.get(`${cq}:${cr}`)!.geometry!) as Polygon,
        properties: { id, training: training.get(id) ?? 0, test: test.get(id) ?? 0 },
      }
    }),
  }
}
