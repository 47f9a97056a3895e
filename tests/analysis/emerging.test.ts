import { describe, expect, it } from 'vitest'
import { emergingHotspots, emergingPattern, type EmergingCell } from '../../server/analysis/emerging.js'
import { cellsWithinHexDistance, formatCellId, hexDistance, parseCellId, type Axial } from '../../server/analysis/hexgrid.js'
import { twoSidedP } from '../../server/analysis/normal.js'
import { mannKendall } from '../../server/analysis/mannkendall.js'

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
    expect(c.trend!.s).toBe(0)
    expect(c.pattern).toBe('persistent')
  })

  it('diminishing and intensifying: the shape of the cluster changes month by month', () => {
    // Ring fixed at 20, the centre growing 20, 25, …, 65: the centre cell's Gi* z falls month by month
    // (the flower gives the centre z ≈ 7.44; a lone spike would give only ≈ 3.5), while it stays hot.
    const growing = Array.from({ length: 10 }, (_, t) => cluster(20 + 5 * t, 20))
    const c = centreOf(emergingHotspots(AREA, growing))
    expect(c.hotMonths).toBe(10)
    for (let t = 1; t < 10; t++) expect(c.z[t]!).toBeLessThan(c.z[t - 1]!)
    expect(c.trend!.s).toBe(-45)
    expect(c.pattern).toBe('diminishing')
    // The same months in reverse order: z rises every month.
    const r = centreOf(emergingHotspots(AREA, [...growing].reverse()))
    expect(r.trend!.s).toBe(45)
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

describe('Mann–Kendall ties in the monthly z series', () => {
  // Twelve months at four levels of activity around (0,0), in the order below: mathematically the
  // cell's z takes four values, tied in groups of 5 (level 3), 3 (level 2), 2 (level 1) and 2 (level 0).
  // Months of one level hold the same counts, but placed on different background cells, listed in a
  // different order, or all multiplied by 3 (Gi* is scale invariant) — so the old centred float sums
  // gave z-scores differing in their last bits and the tie correction missed groups.
  //   S: pairs (i<j) of the series 3,3,2,2,3,3,3,2,1,0,0,1 → S = −35 (counted below).
  //   Var(S) = [12·11·29 − (5·4·15 + 3·2·11 + 2·1·9 + 2·1·9)]/18 = (3828 − 402)/18 = 190.333…
  //   Z = (S + 1)/√Var = −34/√190.333 = −2.46446…,  p = 2(1 − Φ(2.46446)) = 0.01372…
  // (The same S, Var(S) and p as the cell the statistician's review checked by hand.)
  const LEVELS = [3, 3, 2, 2, 3, 3, 3, 2, 1, 0, 0, 1]
  const area = cellsWithinHexDistance({ q: 0, r: 0 }, 5)
  const background = area.filter((c) => hexDistance(c, { q: 0, r: 0 }) >= 2)
  const BACKGROUND_COUNTS = [1, 2, 3, 1, 5, 1, 2, 7, 1, 1, 4]
  const monthOf = (level: number, t: number): Map<string, number> => {
    const scale = t === 5 || t === 10 ? 3 : 1
    const counts = new Map<string, number>()
    // The background counts on cells that move with the month, the rest 0.
    const place = background.map((_, i) => (i * 7 + t * 5) % background.length)
    for (const [i, x] of BACKGROUND_COUNTS.entries()) counts.set(id(background[place[i]!]!.q, background[place[i]!]!.r), x * scale)
    for (const c of area) {
      const d = hexDistance(c, { q: 0, r: 0 })
      if (d === 0) counts.set(id(c.q, c.r), (2 + 3 * level) * scale)
      else if (d === 1) counts.set(id(c.q, c.r), scale)
      else if (!counts.has(id(c.q, c.r))) counts.set(id(c.q, c.r), 0)
    }
    const entries = [...counts]
    return new Map(t % 2 === 0 ? entries : entries.reverse())
  }

  it('equal z values tie: S = −35, Var(S) = 190.33, p = 0.0137', () => {
    let s = 0
    for (let i = 0; i < 12; i++) for (let j = i + 1; j < 12; j++) s += Math.sign(LEVELS[j]! - LEVELS[i]!)
    expect(s).toBe(-35)
    const cells = emergingHotspots(
      area.map((c) => id(c.q, c.r)),
      LEVELS.map((l, t) => monthOf(l, t)),
    )
    const c = cells.find((x) => x.id === id(0, 0))!
    // Four distinct values only, each level's months bit-identical or within the tie tolerance.
    for (let t = 0; t < 12; t++)
      for (let u = 0; u < 12; u++) {
        if (LEVELS[t] === LEVELS[u]) expect(Math.abs(c.z[t]! - c.z[u]!)).toBeLessThanOrEqual(1e-12 * Math.abs(c.z[t]!))
        else expect(Math.sign(c.z[t]! - c.z[u]!)).toBe(Math.sign(LEVELS[t]! - LEVELS[u]!))
      }
    expect(c.trend!.s).toBe(-35)
    expect(c.trend!.variance).toBeCloseTo(3426 / 18, 9)
    expect(c.trend!.z).toBeCloseTo(-34 / Math.sqrt(3426 / 18), 9)
    expect(c.trend!.p).toBeCloseTo(twoSidedP(-34 / Math.sqrt(3426 / 18)), 12)
    expect(c.trend!.p).toBeCloseTo(0.01372, 5)
  })
})

describe('trends only where there are events', () => {
  it('a cell with no event in any month gets no trend and pattern none, however the total moves', () => {
    // Activity around (−3,0) rising month by month; the corner (4,1) and its band stay empty throughout.
    const months = Array.from({ length: 12 }, (_, t) => month((c) => (hexDistance(c, CENTRE) <= 1 ? 2 + t : hexDistance(c, CENTRE) <= 2 ? 1 : 0)))
    const cells = emergingHotspots(AREA, months)
    const empty = cells.find((c) => c.id === id(4, 1))!
    expect(months.every((m) => m.get(id(4, 1)) === 0)).toBe(true)
    // Its z falls with the rising total alone: Mann–Kendall on it would call that a significant trend.
    expect(mannKendall([...empty.z]).p).toBeLessThan(0.05)
    expect(empty.trend).toBeNull()
    expect(empty.pattern).toBe('none')
    expect(empty.polarity).toBeNull()
    // Cells with events are tested as before.
    expect(cells.find((c) => c.id === id(-3, 0))!.trend).not.toBeNull()
  })
})
