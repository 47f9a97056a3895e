/**
 * Hotspot evaluation: how well hotspots chosen on a training period anticipate a test period.
 *
 * With N the test-period count in the whole study area, n the test count inside the hotspots,
 * A the study area's area and a the hotspots' area:
 *
 *   hit rate  = n / N
 *   PAI       = (n / N) / (a / A)                                   (Chainey, Tompson & Uhlig 2008)
 *   RRI       = (n_test / n_train) / (N_test / N_train)             (recapture rate index, Levine 2008:
 *               test counts in the hotspots over training counts in the hotspots, scaled by the
 *               ratio of the period totals, so that 1 means the hotspots kept their share)
 *
 * A ratio with a zero denominator is null (undefined), never Infinity or NaN.
 */

export interface EvaluationInput {
  /** The study area: every cell counts towards A, empty ones too. */
  readonly cells: Iterable<string>
  /** Training-period counts per cell (absent = 0). */
  readonly training: ReadonlyMap<string, number>
  /** Test-period counts per cell (absent = 0). */
  readonly test: ReadonlyMap<string, number>
  /** Area of each cell (any unit), or one number for equal cells. */
  readonly area: number | ReadonlyMap<string, number>
}

export interface Evaluation {
  readonly hotspots: readonly string[]
  /** a, A and a/A. */
  readonly hotspotArea: number
  readonly totalArea: number
  readonly areaShare: number | null
  readonly trainingInHotspots: number
  readonly trainingTotal: number
  readonly testInHotspots: number
  readonly testTotal: number
  /** n/N on the test period. */
  readonly hitRate: number | null
  /** (n/N)/(a/A) on the test period. */
  readonly pai: number | null
  /** (n_test/n_train)/(N_test/N_train). */
  readonly rri: number | null
  /** Hit rate and PAI of the same hotspots on the training period itself (in-sample). */
  readonly trainingHitRate: number | null
  readonly trainingPai: number | null
}

function ratio(a: number, b: number): number | null {
  return b === 0 || !Number.isFinite(a / b) ? null : a / b
}

interface Prepared {
  readonly cells: readonly string[]
  readonly areaOf: (id: string) => number
}

function prepare(input: EvaluationInput): Prepared {
  const cells = [...new Set(input.cells)]
  const known = new Set(cells)
  for (const [name, m] of [['training', input.training], ['test', input.test]] as const) {
    for (const [id, x] of m) {
      if (!known.has(id)) throw new RangeError(`${name} count for ${id}, which is outside the study area`)
      if (!Number.isFinite(x) || x < 0) throw new RangeError(`${name} count for ${id} is not a non-negative number`)
    }
  }
  const { area } = input
  const areaOf = (id: string): number => {
    const v = typeof area === 'number' ? area : area.get(id)
    if (v === undefined || !Number.isFinite(v) || v < 0) throw new RangeError(`no valid area for ${id}`)
    return v
  }
  return { cells, areaOf }
}

/**
 * The top cells by training count (ties by id) covering at most `share` of the total area:
 * cells are taken in order while the cumulative area stays within share·A (1e-9 relative slack).
 * Cells with no training count are never hotspots, so the selection may cover less than `share`.
 */
export function selectTopCells(input: EvaluationInput, share: number): string[] {
  if (!(share >= 0 && share <= 1)) throw new RangeError('share must be between 0 and 1')
  const { cells, areaOf } = prepare(input)
  const total = cells.reduce((s, id) => s + areaOf(id), 0)
  const limit = share * total * (1 + 1e-9)
  const ranked = cells
    .filter((id) => (input.training.get(id) ?? 0) > 0)
    .sort((a, b) => (input.training.get(b) ?? 0) - (input.training.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
  const out: string[] = []
  let covered = 0
  for (const id of ranked) {
    const a = areaOf(id)
    if (covered + a > limit) break
    covered += a
    out.push(id)
  }
  return out
}

/** Evaluate a given set of hotspot cells (e.g. Gi* hot cells of the training period). */
export function evaluateHotspots(input: EvaluationInput, hotspots: Iterable<string>): Evaluation {
  const { cells, areaOf } = prepare(input)
  const known = new Set(cells)
  const hot = [...new Set(hotspots)]
  for (const id of hot) if (!known.has(id)) throw new RangeError(`hotspot ${id} is outside the study area`)
  const sum = (ids: readonly string[], f: (id: string) => number): number => ids.reduce((s, id) => s + f(id), 0)
  const train = (id: string): number => input.training.get(id) ?? 0
  const test = (id: string): number => input.test.get(id) ?? 0
  const a = sum(hot, areaOf)
  const A = sum(cells, areaOf)
  const nTrain = sum(hot, train)
  const NTrain = sum(cells, train)
  const nTest = sum(hot, test)
  const NTest = sum(cells, test)
  const areaShare = ratio(a, A)
  const hitRate = ratio(nTest, NTest)
  const trainingHitRate = ratio(nTrain, NTrain)
  const testRatio = ratio(nTest, nTrain)
  const totalRatio = ratio(NTest, NTrain)
  return {
    hotspots: hot,
    hotspotArea: a,
    totalArea: A,
    areaShare,
    trainingInHotspots: nTrain,
    trainingTotal: NTrain,
    testInHotspots: nTest,
    testTotal: NTest,
    hitRate,
    pai: hitRate === null || areaShare === null ? null : ratio(hitRate, areaShare),
    rri: testRatio === null || totalRatio === null ? null : ratio(testRatio, totalRatio),
    trainingHitRate,
    trainingPai: trainingHitRate === null || areaShare === null ? null : ratio(trainingHitRate, areaShare),
  }
}

/** Choose the top cells by training count covering `share` of the area, and evaluate them. */
export function evaluateAtShare(input: EvaluationInput, share: number): Evaluation {
  return evaluateHotspots(input, selectTopCells(input, share))
}
