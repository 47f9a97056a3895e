import highsModule, { type Highs } from 'highs'

/** The loader (typed through the package's CommonJS declarations, loaded as its ES module). */
const loadHighs = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as unknown as () => Promise<Highs>

/**
 * Bounds of linear functions of non-negative integer unknowns under interval constraints, with
 * HiGHS (the `highs` package: the HiGHS LP/MIP solver compiled to WebAssembly). The LP relaxation
 * gives valid bounds (the integer minimum is at least ⌈LP minimum⌉, the maximum at most ⌊LP
 * maximum⌋); where those leave at most `mipWidth` values open, the integer program is solved too.
 */

export interface Row {
  cols: number[]
  lo: number
  hi: number
}

export interface Bounds {
  min: number
  max: number
  mip: boolean
}

class TimeLimit extends Error {}

let highs: Promise<Highs> | undefined

export class BoundSolver {
  private constructor(
    private readonly h: Highs,
    private readonly model: ReturnType<Highs['createModel']>,
    readonly numCols: number,
  ) {}

  static async create(numCols: number, rows: Row[]): Promise<BoundSolver> {
    const h = await (highs ??= loadHighs())
    const starts = [0]
    const indices: number[] = []
    for (const r of rows) {
      const cols = [...new Set(r.cols)].sort((a, b) => a - b)
      indices.push(...cols)
      starts.push(indices.length)
    }
    const model = h.createModel({
      numCols,
      numRows: rows.length,
      colCost: new Float64Array(numCols),
      colLower: new Float64Array(numCols),
      colUpper: new Float64Array(numCols).fill(h.infinity),
      rowLower: Float64Array.from(rows.map((r) => (Number.isFinite(r.lo) ? r.lo : -h.infinity))),
      rowUpper: Float64Array.from(rows.map((r) => (Number.isFinite(r.hi) ? r.hi : h.infinity))),
      matrix: {
        format: 'csr',
        numRows: rows.length,
        numCols,
        starts: Int32Array.from(starts),
        indices: Int32Array.from(indices),
        values: new Float64Array(indices.length).fill(1),
      },
    })
    model.options.set({ output_flag: false })
    return new BoundSolver(h, model, numCols)
  }

  private optimise(cols: number[], sense: 'min' | 'max', integer: boolean): number {
    const cost = new Float64Array(this.numCols)
    for (const c of cols) cost[c] = 1
    this.model.changeColsCost({ kind: 'range', from: 0, to: this.numCols - 1 }, cost)
    this.model.changeObjectiveSense(sense === 'min' ? this.h.constants.objectiveSense.minimize : this.h.constants.objectiveSense.maximize)
    const { modelStatus } = this.model.run()
    const status = this.model.getModelStatus()
    if (integer && status === this.h.constants.modelStatus.timeLimit) throw new TimeLimit()
    if (status !== this.h.constants.modelStatus.optimal) {
      if (status === this.h.constants.modelStatus.unbounded || status === this.h.constants.modelStatus.unboundedOrInfeasible)
        return sense === 'min' ? -Infinity : Infinity
      throw new Error(`solver: status ${status} (${modelStatus})`)
    }
    return this.model.getObjectiveValue()
  }

  /** min and max of Σ x[cols]: LP bounds, tightened by the integer program when at most `mipWidth` values remain. */
  bounds(cols: number[], mipWidth = 2): Bounds {
    let min = Math.ceil(this.optimise(cols, 'min', false) - 1e-6)
    let max = Math.floor(this.optimise(cols, 'max', false) + 1e-6)
    let mip = false
    if (max - min >= 1 && max - min <= mipWidth) {
      this.model.changeColsIntegrality({ kind: 'range', from: 0, to: this.numCols - 1 }, new Int32Array(this.numCols).fill(1) as never)
      // HiGHS' clock runs on across the runs of one model: the limit is set from now.
      this.model.options.set({ time_limit: this.model.getRunTime() + 4 })
      try {
        const a = Math.round(this.optimise(cols, 'min', true))
        const b = Math.round(this.optimise(cols, 'max', true))
        min = a
        max = b
        mip = true
      } catch (e) {
        if (!(e instanceof TimeLimit)) throw e // out of time: the LP bounds stand (they are valid, if wider)
      } finally {
        this.model.clearIntegrality()
        this.model.options.set({ time_limit: 1e9 })
      }
    }
    return { min, max, mip }
  }

  dispose() {
    this.model.dispose()
  }
}
