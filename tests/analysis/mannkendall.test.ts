import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mannKendall, mannKendallS, mannKendallVariance, Z_TIE_TOLERANCE } from '../../server/analysis/mannkendall.js'

describe('Mann–Kendall', () => {
  it('[1,2,3,4,5]: S = 10, Var = 5·4·15/18 = 50/3, Z = (10 − 1)/√(50/3) = 2.2045407685…, p = 0.027486…', () => {
    const mk = mannKendall([1, 2, 3, 4, 5])
    expect(mk.s).toBe(10)
    expect(mk.variance).toBeCloseTo(50 / 3, 12)
    expect(mk.z).toBeCloseTo(2.2045407685048604, 12)
    expect(mk.p).toBeCloseTo(0.02748633611151033, 12)
    expect(mk.trend).toBe('increasing')
    expect(mk.senSlope).toBe(1)
  })

  it('a series with ties: [1,2,2,3,3,3,4]', () => {
    // n = 7, pairs = 21; tied pairs: one (the two 2s) + three (the three 3s); the series never decreases,
    // so S = 21 − 4 = 17.
    // Textbook variance (Gilbert 1987, eq. 16.4): [n(n−1)(2n+5) − Σ t(t−1)(2t+5)]/18
    //   = [7·6·19 − (2·1·9 + 3·2·11)]/18 = (798 − 84)/18 = 714/18 = 39.666…
    // Z = (17 − 1)/√(714/18) = 2.5404293953…, p = 0.0110716…
    const xs = [1, 2, 2, 3, 3, 3, 4]
    expect(mannKendallS(xs)).toBe(17)
    expect(mannKendallVariance(xs)).toBeCloseTo(714 / 18, 12)
    const mk = mannKendall(xs)
    expect(mk.z).toBeCloseTo(16 / Math.sqrt(714 / 18), 12)
    expect(mk.z).toBeCloseTo(2.540429395319823, 12)
    expect(mk.p).toBeCloseTo(0.011071644553191878, 12)
    // 21 pairwise slopes; their median (the 11th smallest) is 0.5.
    expect(mk.senSlope).toBe(0.5)
  })

  it('a mixed series by hand: [5, 3, 4, 1, 2]', () => {
    // Pairs (i<j), sgn(x_j − x_i): from 5: −,−,−,− (−4); from 3: +,−,− (−1); from 4: −,− (−2); from 1: + (+1)
    // S = −6, Var = 50/3, Z = (−6 + 1)/√(50/3) = −1.2247448…, p = 0.2206…
    const mk = mannKendall([5, 3, 4, 1, 2])
    expect(mk.s).toBe(-6)
    expect(mk.z).toBeCloseTo(-5 / Math.sqrt(50 / 3), 12)
    expect(mk.p).toBeCloseTo(0.22067136191984693, 12)
    expect(mk.trend).toBe('none')
  })

  it('degenerate series: z = 0, p = 1', () => {
    for (const xs of [[], [3], [2, 2, 2, 2]]) {
      const mk = mannKendall(xs)
      expect(mk.s).toBe(0)
      expect(mk.z).toBe(0)
      expect(mk.p).toBe(1)
      expect(mk.trend).toBe('none')
    }
    expect(mannKendall([]).senSlope).toBeNull()
    expect(mannKendall([1, 2]).z).toBe(0) // S = 1, continuity correction → 0
    expect(() => mannKendall([1, NaN])).toThrow(RangeError)
  })

  it('properties: S is antisymmetric under reversal; invariant under increasing transforms; |S| ≤ n(n−1)/2', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 30 }), (xs) => {
        const s = mannKendallS(xs)
        expect(mannKendallS([...xs].reverse()) + s).toBe(0)
        expect(mannKendallS(xs.map((x) => Math.exp(x) * 3 + 1))).toBe(s)
        expect(Math.abs(s)).toBeLessThanOrEqual((xs.length * (xs.length - 1)) / 2)
        const a = mannKendall(xs)
        const b = mannKendall([...xs].reverse())
        expect(b.z).toBeCloseTo(-a.z, 12)
        expect(b.p).toBeCloseTo(a.p, 12)
        if (a.senSlope !== null) expect(b.senSlope!).toBeCloseTo(-a.senSlope, 12)
      }),
    )
  })
  it('ties within a relative tolerance: values equal but for their last bits tie in S and in Var(S)', () => {
    // 0.1 + 0.2 = 0.30000000000000004 ≠ 0.3: exact comparison sees a rise and two groups of one.
    const xs = [0.1 + 0.2, 0.3, 0.7, (0.3 * 3) / 3, 0.7]
    expect(mannKendallS(xs)).not.toBe(mannKendallS([0.3, 0.3, 0.7, 0.3, 0.7]))
    const mk = mannKendall(xs, { tolerance: Z_TIE_TOLERANCE })
    // As [a, a, b, a, b] with a < b: pairs +1: (1,3), (1,5), (2,3), (2,5), (4,5) = 5; −1: (3,4) = 1; S = 4.
    // Ties: a three times, b twice: Var = [5·4·15 − (3·2·11 + 2·1·9)]/18 = (300 − 84)/18 = 12.
    expect(mk.s).toBe(4)
    expect(mk.variance).toBeCloseTo(12, 12)
    expect(mk.z).toBeCloseTo(3 / Math.sqrt(12), 12)
    // Values further apart than the tolerance do not tie.
    expect(mannKendallS([1, 1 + 1e-6], Z_TIE_TOLERANCE)).toBe(1)
  })
})
