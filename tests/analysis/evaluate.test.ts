import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateAtShare, evaluateHotspots, selectTopCells, type EvaluationInput } from '../../server/analysis/evaluate.js'

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
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 10, maxLength: 10 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0.05, max: 1, noNaN: true }), (xs, k, share) => {
        const tr = new Map(ids.map((c, i) => [c, xs[i]!]))
        const te = new Map(ids.map((c, i) => [c, xs[i]! * k]))
        const e = evaluateAtShare({ cells: ids, training: tr, test: te, area: 1 }, share)
        if (e.rri !== null) expect(e.rri).toBeCloseTo(1, 12)
        if (e.pai !== null) expect(e.pai).toBeCloseTo(e.trainingPai!, 12)
        if (e.hitRate !== null) expect(e.hitRate).toBeLessThanOrEqual(1)
        expect(e.hotspotArea).toBeLessThanOrEqual(share * 10 + 1e-9)
      }),
    )
  })
})
