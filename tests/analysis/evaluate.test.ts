import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateAtShare, evaluateHotspots, selectTopCells, tieRange, type EvaluationInput } from '../../server/analysis/evaluate.js'

/**
 * Worked example: ten cells of 0.25 km² each (A = 2.5 km²).
 *
 *   cell      c01 c02 c03 c04 c05 c06 c07 c08 c09 c10   total
 *   training   20  15  10   5   5   3   2   0   0   0      60
 *   test       12   8   6   4   3   2   1   2   1   1      40
 *
 * share 0.2 → 0.5 km² → the top two cells by training count, c01 and c02 (a = 0.5, a/A = 0.2):
 *   n = 12 + 8 = 20 of N = 40 → hit rate 0.5,  PAI = 0.5 / 0.2 = 2.5
 *   training in the hotspots 20 + 15 = 35 of 60
 *   RRI = (20/35) / (40/60) = 0.5714… / 0.6667… = 6/7 = 0.857142…
 *   in-sample: training hit rate 35/60 = 0.58333…, training PAI 0.58333…/0.2 = 2.91666…
 */
const ids = ['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07', 'c08', 'c09', 'c10']
const training = [20, 15, 10, 5, 5, 3, 2, 0, 0, 0]
const test = [12, 8, 6, 4, 3, 2, 1, 2, 1, 1]
const input: EvaluationInput = {
  cells: ids,
  training: new Map(ids.map((c, i) => [c, training[i]!])),
  test: new Map(ids.map((c, i) => [c, test[i]!])),
  area: 0.25,
}

describe('hotspot evaluation', () => {
  it('the worked example: hit rate 0.5, PAI 2.5, RRI 6/7', () => {
    const e = evaluateAtShare(input, 0.2)
    expect(e.hotspots).toEqual(['c01', 'c02'])
    expect(e.hotspotArea).toBe(0.5)
    expect(e.totalArea).toBe(2.5)
    expect(e.areaShare).toBeCloseTo(0.2, 15)
    expect(e.testInHotspots).toBe(20)
    expect(e.testTotal).toBe(40)
    expect(e.trainingInHotspots).toBe(35)
    expect(e.trainingTotal).toBe(60)
    expect(e.hitRate).toBe(0.5)
    expect(e.pai).toBeCloseTo(2.5, 12)
    expect(e.rri).toBeCloseTo(6 / 7, 12)
    expect(e.trainingHitRate).toBeCloseTo(35 / 60, 12)
    expect(e.trainingPai).toBeCloseTo(35 / 60 / 0.2, 12)
  })

  it('selection stays within the share, ranks ties by id and never picks empty cells', () => {
    expect(selectTopCells(input, 0.25)).toEqual(['c01', 'c02']) // 0.625 km² allows 2 cells, not 3
    expect(selectTopCells(input, 0.3)).toEqual(['c01', 'c02', 'c03'])
    expect(selectTopCells(input, 0.5)).toEqual(['c01', 'c02', 'c03', 'c04', 'c05']) // c04/c05 tie at 5
    expect(selectTopCells(input, 1)).toEqual(['c01', 'c02', 'c03', 'c04', 'c05', 'c06', 'c07'])
    expect(selectTopCells(input, 0.05)).toEqual([])
    expect(() => selectTopCells(input, 1.5)).toThrow(RangeError)
  })

  it('explicit hotspots and per-cell areas', () => {
    // c03 alone, with c03 twice the area of the others: A = 9·0.25 + 0.5 = 2.75, a = 0.5.
    const area = new Map(ids.map((c) => [c, c === 'c03' ? 0.5 : 0.25]))
    const e = evaluateHotspots({ ...input, area }, ['c03'])
    expect(e.hitRate).toBeCloseTo(6 / 40, 12)
    expect(e.pai).toBeCloseTo(6 / 40 / (0.5 / 2.75), 12) // 0.825
    expect(e.rri).toBeCloseTo(6 / 10 / (40 / 60), 12) // 0.9
    expect(() => evaluateHotspots(input, ['zz'])).toThrow(RangeError)
    expect(() => evaluateHotspots({ ...input, area: new Map() }, ['c01'])).toThrow(RangeError)
  })

  it('undefined ratios are null, not Infinity or NaN', () => {
    const noTest = evaluateAtShare({ ...input, test: new Map() }, 0.2)
    expect(noTest.hitRate).toBeNull()
    expect(noTest.pai).toBeNull()
    expect(noTest.rri).toBeNull()
    const none = evaluateHotspots(input, [])
    expect(none.hitRate).toBe(0)
    expect(none.pai).toBeNull() // a = 0
    expect(none.rri).toBeNull() // no training counts in the hotspots
  })

  it('properties: a test period proportional to the training period gives RRI = 1 and test PAI = training PAI', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 10, maxLength: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (xs, k, share) => {
          const tr = new Map(ids.map((c, i) => [c, xs[i]!]))
          const te = new Map(ids.map((c, i) => [c, xs[i]! * k]))
          const e = evaluateAtShare({ cells: ids, training: tr, test: te, area: 1 }, share)
          if (e.rri !== null) expect(e.rri).toBeCloseTo(1, 12)
          if (e.pai !== null) expect(e.pai).toBeCloseTo(e.trainingPai!, 12)
          if (e.hitRate !== null) expect(e.hitRate).toBeLessThanOrEqual(1)
          expect(e.hotspotArea).toBeLessThanOrEqual(share * 10 + 1e-9)
        },
      ),
    )
  })
})

describe('ties at the edge of the selection', () => {
  // c04 and c05 tie at 5 training referrals; share 0.4 (1 km², four cells) takes c01–c03 and one of them.
  //   fixed part: c01–c03 hold 12 + 8 + 6 = 26 test referrals; c04 holds 4, c05 holds 3.
  //   hit rate 29/40 = 0.725 to 30/40 = 0.75; PAI (÷ a/A = 0.4) 1.8125 to 1.875.
  it('breaks a tie by the tie-break value, then the given order, then the id', () => {
    expect(selectTopCells(input, 0.4)).toEqual(['c01', 'c02', 'c03', 'c04'])
    expect(selectTopCells({ ...input, tieBreak: (id) => (id === 'c05' ? 1 : 0) }, 0.4)).toEqual(['c01', 'c02', 'c03', 'c05'])
    expect(selectTopCells({ ...input, order: (a, b) => (a < b ? 1 : a > b ? -1 : 0) }, 0.4)).toEqual(['c01', 'c02', 'c03', 'c05'])
    // The tie-break never overrides a higher training count.
    expect(selectTopCells({ ...input, tieBreak: (id) => (id === 'c06' ? 100 : 0) }, 0.4)).toEqual(['c01', 'c02', 'c03', 'c04'])
  })

  it('reports the hit rate and PAI any other choice among the tied cells would give', () => {
    const r = tieRange(input, selectTopCells(input, 0.4))
    expect(r).toMatchObject({ count: 5, tiedCells: 2, chosen: 1 })
    expect(r.hitRate![0]).toBeCloseTo(29 / 40, 12)
    expect(r.hitRate![1]).toBeCloseTo(30 / 40, 12)
    expect(r.pai![0]).toBeCloseTo(29 / 40 / 0.4, 12)
    expect(r.pai![1]).toBeCloseTo(30 / 40 / 0.4, 12)
    // The selection's own PAI lies in the range; with both tied cells in, the range is one value.
    const own = evaluateHotspots(input, selectTopCells(input, 0.4)).pai!
    expect(own).toBeGreaterThanOrEqual(r.pai![0] - 1e-12)
    expect(own).toBeLessThanOrEqual(r.pai![1] + 1e-12)
    const both = tieRange(input, selectTopCells(input, 0.5))
    expect(both).toMatchObject({ count: 5, tiedCells: 2, chosen: 2 })
    expect(both.pai![0]).toBeCloseTo(both.pai![1], 12)
    expect(tieRange(input, [])).toEqual({ count: null, tiedCells: 0, chosen: 0, hitRate: null, pai: null })
  })

  it('property: every choice of as many tied cells has its PAI within the range', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 4 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.nat({ max: 9 }), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 11 }),
        fc.nat(),
        (tr, te, k, seed) => {
          const cells = tr.map((_, i) => `x${String(i).padStart(2, '0')}`)
          const inp: EvaluationInput = { cells, training: new Map(cells.map((c, i) => [c, tr[i]!])), test: new Map(cells.map((c, i) => [c, te[i]!])), area: 1 }
          const sel = selectTopCells(inp, k / 12)
          const r = tieRange(inp, sel)
          if (r.pai === null) return
          // Another choice: the same cells above the edge, and `chosen` tied cells picked by the seed.
          const tied = cells.filter((c) => inp.training.get(c) === r.count)
          const rotated = tied.map((_, i) => tied[(i + seed) % tied.length]!).slice(0, r.chosen)
          const other = [...sel.filter((c) => inp.training.get(c) !== r.count), ...rotated]
          const pai = evaluateHotspots(inp, other).pai
          if (pai === null) return
          expect(pai).toBeGreaterThanOrEqual(r.pai[0] - 1e-9)
          expect(pai).toBeLessThanOrEqual(r.pai[1] + 1e-9)
        },
      ),
    )
  })
})
