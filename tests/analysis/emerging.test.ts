import { describe, expect, it } from 'vitest'
import { emergingHotspots, emergingPattern, type EmergingCell } from '../../server/analysis/emerging.js'
import { cellsWithinHexDistance, formatCellId, hexDistance, parseCellId, type Axial } from '../../server/analysis/hexgrid.js'

const id = (q: number, r: number) => formatCellId(250, q, r)
const AREA = cellsWithinHexDistance({ q: 0, r: 0 }, 5).map((c) => id(c.q, c.r))
const CENTRE = { q: -3, r: 0 }
const month = (f: (c: Axial) => number) => new Map(cellsWithinHexDistance({ q: 0, r: 0 }, 5).map((c) => [id(c.q, c.r), f(c)]))
/** Background 5, the flower around (−3,0) at `ring`, its centre at `centre`. */
const cluster = (centre: number, ring = centre) => month((c) => (hexDistance(c, CENTRE) === 0 ? centre : hexDistance(c, CENTRE) === 1 ? ring : 5))
const flat = () => month(() => 5)
const hole = () => month((c) => (hexDistance(c, CENTRE) <= 1 ? 0 : 5))
const centreOf = (cells: EmergingCell[]) => cells.find((c) => c.id === id(-3, 0))!

const noTrend = { z: 0, p: 1 }
const up = { z: 3, p: 0.003 }
const down = { z: -3, p: 0.003 }

describe('emerging pattern rules', () => {
  it('hot patterns', () => {
    // 10 months: 90 % = 9 months.
    expect(emergingPattern([0, 0, 0, 0, 0, 0, 0, 0, 0, 1], noTrend)).toEqual({ pattern: 'new', polarity: 'hot' })
    expect(emergingPattern([-1, 0, 0, 0, 0, 0, 0, 0, 0, 1], noTrend)).toEqual({ pattern: 'new', polarity: 'hot' })
    expect(emergingPattern([0, 1, 1, 1, 1, 1, 1, 1, 1, 1], up)).toEqual({ pattern: 'intensifying', polarity: 'hot' })
    expect(emergingPattern([0, 1, 1, 1, 1, 1, 1, 1, 1, 1], noTrend)).toEqual({ pattern: 'persistent', polarity: 'hot' })
    expect(emergingPattern([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], down)).toEqual({ pattern: 'diminishing', polarity: 'hot' })
    // 8 of 10 is < 90 %: sporadic, whatever the trend, if never cold.
    expect(emergingPattern([0, 0, 1, 1, 1, 1, 1, 1, 1, 1], up)).toEqual({ pattern: 'sporadic', polarity: 'hot' })
    expect(emergingPattern([1, 0, 1, 0, 0, 0, 0, 0, 0, 1], noTrend)).toEqual({ pattern: 'sporadic', polarity: 'hot' })
    // Oscillating (some cold month) and historical (not hot in the final month) are none.
    expect(emergingPattern([1, -1, 1, 0, 0, 0, 0, 0, 0, 1], noTrend)).toEqual({ pattern: 'none', polarity: 'hot' })
    expect(emergingPattern([1, 1, 1, 1, 1, 1, 1, 1, 1, 0], noTrend)).toEqual({ pattern: 'none', polarity: null })
    // A significance level for the trend: p = 0.003 is not significant at 0.001.
    expect(emergingPattern([1, 1, 1, 1, 1, 1, 1, 1, 1, 1], up, 0.001).pattern).toBe('persistent')
    expect(emergingPattern([], noTrend)).toEqual({ pattern: 'none', polarity: null })
    expect(emergingPattern([1], noTrend)).toEqual({ pattern: 'new', polarity: 'hot' })
  })

  it('cold patterns mirror the hot ones (intensifying cold = z decreasing)', () => {
    expect(emergingPattern([0, 0, 0, -1], noTrend)).toEqual({ pattern: 'new', polarity: 'cold' })
    expect(emergingPattern([-1, -1, -1, -1], down)).toEqual({ pattern: 'intensifying', polarity: 'cold' })
    expect(emergingPattern([-1, -1, -1, -1], up)).toEqual({ pattern: 'diminishing', polarity: 'cold' })
    expect(emergingPattern([-1, 0, 0, -1], noTrend)).toEqual({ pattern: 'sporadic', polarity: 'cold' })
    expect(emergingPattern([-1, 1, 0, -1], noTrend)).toEqual({ pattern: 'none', polarity: 'cold' })
  })
})

describe('emerging hotspots on monthly counts', () => {
  it('new: a cluster appearing in the final month', () => {
    const months = [...Array.from({ length: 9 }, flat), cluster(20)]
    const res = emergingHotspots(AREA, months)
    const c = centreOf(res)
    expect(c.pattern).toBe('new')
    expect(c.polarity).toBe('hot')
    expect(c.hotMonths).toBe(1)
    expect(c.z.slice(0, 9)).toEqual(Array(9).fill(0)) // flat months: z = 0
    // The whole flower, plus two ring-2 cells on the study area's edge, (−5,1) and (−4,−1): with only
    // four neighbours inside the area their bands are dominated by the flower (z = 2.77, BH p = 0.056).
    const isNew = res.filter((x) => x.pattern === 'new').map((x) => x.id)
    for (const f of cellsWithinHexDistance(CENTRE, 1)) expect(isNew).toContain(id(f.q, f.r))
    expect(isNew.filter((x) => hexDistance(parseCellId(x), CENTRE) === 2).sort()).toEqual([id(-4, -1), id(-5, 1)])
    expect(isNew).toHaveLength(9)
  })

  it('persistent: the same cluster every month (z constant, MK S = 0)', () => {
    // Gi* is invariant to scale and shift, so a cluster of 20 or 40 on a background of 5 or 10 gives the same z.
    const months = Array.from({ length: 12 }, (_, t) => (t % 2 === 0 ? cluster(20) : month((c) => (hexDistance(c, CENTRE) <= 1 ? 50 : 20))))
    const c = centreOf(emergingHotspots(AREA, months))
    expect(c.hotMonths).toBe(12)
    expect(new Set(c.z.map((z) => z.toFixed(9))).size).toBe(1)
    expect(c.trend.s).toBe(0)
    expect(c.pattern).toBe('persistent')
  })

  it('diminishing and intensifying: the shape of the cluster changes month by month', () => {
    // Ring fixed at 20, the centre growing 20, 25, …, 65: the centre cell's Gi* z falls month by month
    // (the flower gives the centre z ≈ 7.44; a lone spike would give only ≈ 3.5), while it stays hot.
    const growing = Array.from({ length: 10 }, (_, t) => cluster(20 + 5 * t, 20))
    const c = centreOf(emergingHotspots(AREA, growing))
    expect(c.hotMonths).toBe(10)
    for (let t = 1; t < 10; t++) expect(c.z[t]!).toBeLessThan(c.z[t - 1]!)
    expect(c.trend.s).toBe(-45)
    expect(c.pattern).toBe('diminishing')
    // The same months in reverse order: z rises every month.
    const r = centreOf(emergingHotspots(AREA, [...growing].reverse()))
    expect(r.trend.s).toBe(45)
    expect(r.pattern).toBe('intensifying')
  })

  it('sporadic, oscillating (none), historical (none)', () => {
    const sporadic = [cluster(20), flat(), flat(), cluster(20), flat(), flat(), cluster(20), flat(), flat(), cluster(20)]
    expect(centreOf(emergingHotspots(AREA, sporadic))).toMatchObject({ pattern: 'sporadic', hotMonths: 4, coldMonths: 0 })
    const oscillating = [hole(), flat(), flat(), cluster(20), flat(), flat(), flat(), flat(), flat(), cluster(20)]
    const o = centreOf(emergingHotspots(AREA, oscillating))
    expect(o.coldMonths).toBe(1)
    expect(o).toMatchObject({ pattern: 'none', polarity: 'hot', hotMonths: 2 })
    const historical = [...Array.from({ length: 9 }, () => cluster(20)), flat()]
    expect(centreOf(emergingHotspots(AREA, historical))).toMatchObject({ pattern: 'none', polarity: null, hotMonths: 9 })
  })

  it('cold: a hole appearing in the final month is a new cold spot', () => {
    const c = centreOf(emergingHotspots(AREA, [...Array.from({ length: 5 }, flat), hole()]))
    expect(c).toMatchObject({ pattern: 'new', polarity: 'cold', coldMonths: 1 })
    expect(c.classes.at(-1)).toMatch(/^cold-/)
  })

  it('empty month list and sparse months', () => {
    expect(emergingHotspots(AREA, []).every((c) => c.pattern === 'none' && c.months === 0)).toBe(true)
    const sparse = new Map([...cluster(20)].filter(([, x]) => x !== 0))
    expect(emergingHotspots(AREA, [flat(), sparse])).toEqual(emergingHotspots(AREA, [flat(), cluster(20)]))
    expect(() => emergingHotspots(AREA, [new Map([[id(40, 40), 1]])])).toThrow(RangeError)
  })
})
