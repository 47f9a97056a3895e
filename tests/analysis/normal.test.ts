import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { erf, erfc, normalCdf, normalQuantile, normalSurvival, twoSidedP } from '../../server/analysis/normal.js'

/** |a − b| ≤ tol·max(|b|, tiny): relative closeness. */
function expectRel(a: number, b: number, tol: number) {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(Math.abs(b), 1e-300))
}

describe('normal distribution', () => {
  it('Φ at the usual critical values', () => {
    expect(Math.abs(normalCdf(1.96) - 0.9750021048517795)).toBeLessThan(1e-15)
    expect(Math.abs(normalCdf(2.5758293035489) - 0.995)).toBeLessThan(1e-15)
    expect(Math.abs(normalCdf(1.6448536269514722) - 0.95)).toBeLessThan(1e-15)
    expect(normalCdf(0)).toBe(0.5)
    expectRel(normalCdf(-1.96), 0.024997895148220435, 1e-13)
    expectRel(normalCdf(-3), 0.0013498980316300933, 1e-13)
  })

  it('erf and erfc against reference values (|error| < 1e-15, relative < 1e-13 in the tails)', () => {
    // Reference values: high-precision tables (e.g. DLMF / mpmath), to double precision.
    const cases: [number, number, number][] = [
      [0.1, 0.1124629160182849, 0.8875370839817152],
      [0.5, 0.5204998778130465, 0.4795001221869535],
      [1, 0.8427007929497149, 0.15729920705028513],
      [1.5, 0.9661051464753108, 0.033894853524689274],
      [2, 0.9953222650189527, 0.004677734981047266],
      [2.5, 0.999593047982555, 0.0004069520174449589],
      [3, 0.9999779095030014, 2.209049699858544e-5],
      [4, 0.9999999845827421, 1.541725790028002e-8],
      [5, 0.9999999999984626, 1.5374597944280349e-12],
      [6, 1, 2.1519736712498913e-17],
      [10, 1, 2.088487583762545e-45],
    ]
    for (const [x, e, c] of cases) {
      expect(Math.abs(erf(x) - e)).toBeLessThan(1e-15)
      expect(Math.abs(erf(-x) + e)).toBeLessThan(1e-15)
      expect(Math.abs(erfc(x) - c)).toBeLessThan(1e-15)
      expectRel(erfc(x), c, 1e-13)
      expect(Math.abs(erfc(-x) - (2 - c))).toBeLessThan(1e-15)
    }
    expect(erf(0)).toBe(0)
    expect(erfc(0)).toBe(1)
    expect(erfc(40)).toBe(0)
    expect(erf(Infinity)).toBe(1)
    expect(Number.isNaN(erf(NaN))).toBe(true)
  })

  it('two-sided p-values', () => {
    expectRel(twoSidedP(1.96), 0.04999579029644087, 1e-13)
    expectRel(twoSidedP(-1.96), 0.04999579029644087, 1e-13)
    expectRel(twoSidedP(2.5758293035489), 0.01, 1e-12)
    expectRel(twoSidedP(1.6448536269514722), 0.1, 1e-12)
    expectRel(twoSidedP(5), 5.733031437583866e-7, 1e-12)
    expectRel(normalSurvival(8), 6.22096057427174e-16, 1e-12)
    expect(twoSidedP(0)).toBe(1)
  })

  it('quantile inverts Φ', () => {
    expectRel(normalQuantile(0.975), 1.959963984540054, 1e-14)
    expectRel(normalQuantile(0.995), 2.5758293035489004, 1e-14)
    expectRel(normalQuantile(0.95), 1.6448536269514722, 1e-14)
    expectRel(normalQuantile(1e-10), -6.361340902404056, 1e-13)
    expect(normalQuantile(0)).toBe(-Infinity)
    expect(normalQuantile(1)).toBe(Infinity)
  })

  it('properties: Φ is monotone, Φ(−z) = 1 − Φ(z), erf + erfc = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (z, dz) => {
        expect(normalCdf(z + dz)).toBeGreaterThanOrEqual(normalCdf(z))
        expect(Math.abs(normalCdf(-z) - (1 - normalCdf(z)))).toBeLessThan(1e-15)
        expect(Math.abs(erf(z) + erfc(z) - 1)).toBeLessThan(1e-15)
      }),
    )
  })
})
