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
  /**
   * Among cells with the same training count, which come first: a higher tieBreak first (the hex
   * analyses pass the training count of the cell's six neighbours, so of two equally busy cells the
   * one in the busier neighbourhood is chosen), then `order` ascending (the hex analyses: position,
   * west to east then south to north), then the id. Without them, ties go by id.
   */
  readonly tieBreak?: (id: string) => number
  readonly order?: (a: string, b: string) => number
}

/** The PAI and hit rate that other choices among the cells tied at the selection's edge would give. */
export interface TieRange {
  /** The training count the tie is at (null: the selection ends at no tie). */
  readonly count: number | null
  /** Cells with that count, and how many of them the selection holds. */
  readonly tiedCells: number
  readonly chosen: number
  readonly hitRate: readonly [number, number] | null
  readonly pai: readonly [number, number] | null
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
  for (const [name, m] of [
    ['training', input.training],
    ['test', input.test],
  ] as const) {
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

function ranking(input: EvaluationInput): (a: string, b: string) => number {
  const train = (id: string) => input.training.get(id) ?? 0
  const tie = input.tieBreak
  const order = input.order
  return (a, b) => train(b) - train(a) || (tie ? tie(b) - tie(a) : 0) || (order ? order(a, b) : 0) || (a < b ? -1 : a > b ? 1 : 0)
}

/**
 * The top cells by training count (ties by input.tieBreak, input.order, then id) covering at most `share` of the total area:
 * cells are taken in order while the cumulative area stays within share·A (1e-9 relative slack).
 * Cells with no training count are never hotspots, so the selection may cover less than `share`.
 */
export function selectTopCells(input: EvaluationInput, share: number): string[] {
  if (!(share >= 0 && share <= 1)) throw new RangeError('share must be between 0 and 1')
  const { cells, areaOf } = prepare(input)
  const total = cells.reduce((s, id) => s + areaOf(id), 0)
  const limit = share * total * (1 + 1e-9)
  const ranked = cells.filter((id) => (input.training.get(id) ?? 0) > 0).sort(ranking(input))
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

/**
 * How much the tie at the edge of the selection matters: the selection takes `chosen` of the
 * `tiedCells` cells whose training count equals that of the last cell taken, and any other `chosen`
 * of them would have been as good a choice. With equal cell areas the area is the same whichever are
 * taken, so the test-period count inside the hot spots ranges from the fixed part plus the `chosen`
 * smallest test counts of the tied cells to the fixed part plus the `chosen` largest; hit rate and PAI
 * range accordingly. (With unequal areas the range is of the same choices' counts, over the area of
 * the selection made.)
 */
export function tieRange(input: EvaluationInput, selection: readonly string[]): TieRange {
  const { cells, areaOf } = prepare(input)
  if (selection.length === 0) return { count: null, tiedCells: 0, chosen: 0, hitRate: null, pai: null }
  const train = (id: string) => input.training.get(id) ?? 0
  const test = (id: string) => input.test.get(id) ?? 0
  const edge = train(selection[selection.length - 1]!)
  const chosenSet = new Set(selection)
  const tied = cells.filter((id) => train(id) === edge && edge > 0)
  const chosen = tied.filter((id) => chosenSet.has(id)).length
  const fixed = selection.filter((id) => train(id) !== edge).reduce((s, id) => s + test(id), 0)
  const tests = tied.map(test).sort((a, b) => a - b)
  const low = fixed + tests.slice(0, chosen).reduce((s, x) => s + x, 0)
  const high = fixed + tests.slice(tests.length - chosen).reduce((s, x) => s + x, 0)
  const N = cells.reduce((s, id) => s + test(id), 0)
  const A = cells.reduce((s, id) => s + areaOf(id), 0)
  const a = selection.reduce((s, id) => s + areaOf(id), 0)
  const hit = (n: number) => ratio(n, N)
  const pai = (n: number) => {
    const h = hit(n)
    const sh = ratio(a, A)
    return h === null || sh === null ? null : ratio(h, sh)
  }
  const hl = hit(low)
  const hh = hit(high)
  const pl = pai(low)
  const ph = pai(high)
  return {
    count: edge > 0 ? edge : null,
    tiedCells: tied.length,
    chosen,
    hitRate: hl === null || hh === null ? null : [hl, hh],
    pai: pl === null || ph === null ? null : [pl, ph],
  }
}
