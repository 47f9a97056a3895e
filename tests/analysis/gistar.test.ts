import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bandWeights, giStar, type Weights } from '../../server/analysis/gistar.js'
import { cellsWithinHexDistance, formatCellId } from '../../server/analysis/hexgrid.js'

const id = (q: number, r: number) => formatCellId(250, q, r)

/** The 19 cells within hex distance 2 of the origin. */
const AREA19 = cellsWithinHexDistance({ q: 0, r: 0 }, 2).map((c) => id(c.q, c.r))

/**
 * The worked example: a 7-cell "flower" (centre + ring 1) inside the 19-cell study area of hex
 * distance ≤ 2 around H250:0:0; every ring-2 cell has count 1.
 *
 *          ring 1: (1,0)=4  (−1,0)=2  (0,1)=6  (0,−1)=0  (1,−1)=3  (−1,1)=3      centre (0,0)=10
 *          ring 2: twelve cells of 1
 *
 *   n = 19, Σx = 10 + 18 + 12 = 40, X̄ = 40/19 = 2.105263…
 *   Σx² = 100 + (16+4+36+0+9+9 = 74) + 12 = 186
 *   S² = Σx²/n − X̄² = 186/19 − 1600/361 = (3534 − 1600)/361 = 1934/361,  S = √1934/19 = 2.3145929923…
 *
 * Centre (0,0), default band = itself + 6 neighbours, all inside: Σw = 7, Σw² = 7
 *   Σ w x = 10+4+2+6+0+3+3 = 28,   X̄ Σw = 280/19,   numerator = 28 − 280/19 = 252/19
 *   (nΣw² − (Σw)²)/(n−1) = (133 − 49)/18 = 14/3
 *   Gi* = (252/19) / ((√1934/19) · √(14/3)) = 252 / √(1934·14/3) = 252/√9025.33… = 2.6525825935715…
 *   p = 2(1 − Φ(2.65258)) = 0.0079878…
 *
 * Edge cell (2,0): of its band only itself (1), (1,0)=4, (2,−1)=1, (1,1)=1 are in the study area:
 *   Σw = 4, Σw² = 4, Σ w x = 7,  numerator = 7 − 4·40/19 = −27/19
 *   (19·4 − 16)/18 = 10/3,   Gi* = −27/√(1934·10/3) = −0.33627621974636…
 *
 * Ring-1 cell (1,0): band = (1,0)=4, (0,0)=10, (2,0)=1, (1,1)=1, (1,−1)=3, (2,−1)=1, (0,1)=6, all inside:
 *   Σ w x = 26, numerator = 26 − 280/19 = 214/19, Gi* = 214/√(1934·14/3) = 2.2525899802552…
 */
function flower(): Map<string, number> {
  const m = new Map(AREA19.map((c) => [c, 1]))
  m.set(id(0, 0), 10)
  m.set(id(1, 0), 4)
  m.set(id(-1, 0), 2)
  m.set(id(0, 1), 6)
  m.set(id(0, -1), 0)
  m.set(id(1, -1), 3)
  m.set(id(-1, 1), 3)
  return m
}

describe('Getis-Ord Gi*', () => {
  it('matches the hand-worked flower example', () => {
    const gi = giStar(flower(), bandWeights())
    expect(gi.size).toBe(19)
    const centre = gi.get(id(0, 0))!
    expect(centre.z).toBeCloseTo(252 / Math.sqrt((1934 * 14) / 3), 12)
    expect(centre.z).toBeCloseTo(2.6525825935715397, 12)
    expect(centre.p).toBeCloseTo(0.00798785825475437, 12)
    expect(gi.get(id(2, 0))!.z).toBeCloseTo(-27 / Math.sqrt((1934 * 10) / 3), 12)
    expect(gi.get(id(2, 0))!.z).toBeCloseTo(-0.33627621974636845, 12)
    expect(gi.get(id(2, 0))!.p).toBeCloseTo(0.7366625807171805, 12)
    expect(gi.get(id(1, 0))!.z).toBeCloseTo(214 / Math.sqrt((1934 * 14) / 3), 12)
    // (0,1) has the same band sum as (1,0): 6+10+1+1+1+3+4 = 26.
    expect(gi.get(id(0, 1))!.z).toBeCloseTo(gi.get(id(1, 0))!.z, 12)
  })

  it('counts cells with zero counts in the study area (n is the study area, not the non-empty cells)', () => {
    const m = flower()
    const withoutZero = new Map([...m].filter(([, x]) => x !== 0))
    expect(withoutZero.size).toBe(18)
    expect(giStar(withoutZero, bandWeights()).get(id(0, 0))!.z).not.toBeCloseTo(giStar(m, bandWeights()).get(id(0, 0))!.z, 3)
  })

  it('an all-equal grid: z = 0, p = 1 everywhere (no division by zero)', () => {
    for (const v of [0, 3, 0.1, 1e9]) {
      const gi = giStar(new Map(AREA19.map((c) => [c, v])), bandWeights())
      for (const r of gi.values()) expect(r).toEqual({ z: 0, p: 1 })
    }
  })

  it('a single cell: z = 0, p = 1; an empty study area: no results', () => {
    expect(giStar(new Map([[id(0, 0), 5]]), bandWeights()).get(id(0, 0))).toEqual({ z: 0, p: 1 })
    expect(giStar(new Map(), bandWeights()).size).toBe(0)
  })

  it('a band covering the whole study area with equal weights: z = 0 (the weight term is 0)', () => {
    // Two neighbouring cells: each band holds both, nΣw² − (Σw)² = 2·2 − 4 = 0, and Σw(x − X̄) = 0.
    const gi = giStar(
      new Map([
        [id(0, 0), 0],
        [id(1, 0), 9],
      ]),
      bandWeights(),
    )
    for (const r of gi.values()) expect(r).toEqual({ z: 0, p: 1 })
  })

  it('custom weights: the centre alone (Gi* with w_ii = 1 only) is the plain z-score (x_i − X̄)/(S·√((n−1)/(n−1)))', () => {
    // Σw = Σw² = 1: (n·1 − 1)/(n − 1) = 1, so Gi*_i = (x_i − X̄)/S.
    const self: Weights = (c) => [[c, 1]]
    const m = flower()
    const gi = giStar(m, self)
    const S = Math.sqrt(1934) / 19
    expect(gi.get(id(0, 0))!.z).toBeCloseTo((10 - 40 / 19) / S, 12)
    expect(gi.get(id(0, -1))!.z).toBeCloseTo((0 - 40 / 19) / S, 12)
  })

  it('rejects non-finite counts', () => {
    expect(() =>
      giStar(
        new Map([
          [id(0, 0), NaN],
          [id(1, 0), 1],
        ]),
        bandWeights(),
      ),
    ).toThrow(RangeError)
  })

  // Random counts on the 37-cell hexagon of radius 3.
  const area37 = cellsWithinHexDistance({ q: 0, r: 0 }, 3)
  const countsArb = fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 37, maxLength: 37 })
  const toMap = (xs: number[], dq = 0, dr = 0) => new Map(area37.map((c, i) => [id(c.q + dq, c.r + dr), xs[i]!]))

  it('scale invariance: multiplying every count by c > 0 leaves z unchanged; c < 0 flips its sign', () => {
    // Numerator and S both scale by c, so Gi* scales by c/|c|.
    fc.assert(
      fc.property(countsArb, fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (xs, c) => {
        const a = giStar(toMap(xs), bandWeights())
        const b = giStar(toMap(xs.map((x) => x * c)), bandWeights())
        const neg = giStar(toMap(xs.map((x) => -x * c)), bandWeights())
        for (const [k, v] of a) {
          expect(b.get(k)!.z).toBeCloseTo(v.z, 9)
          expect(neg.get(k)!.z).toBeCloseTo(-v.z, 9)
        }
      }),
    )
  })

  it('translation invariance: adding a constant to every count leaves z unchanged (checked: X̄ shifts by c, S and Σw(x − X̄) do not)', () => {
    fc.assert(
      fc.property(countsArb, fc.integer({ min: -100, max: 100 }), (xs, c) => {
        const a = giStar(toMap(xs), bandWeights())
        const b = giStar(toMap(xs.map((x) => x + c)), bandWeights())
        for (const [k, v] of a) expect(b.get(k)!.z).toBeCloseTo(v.z, 9)
      }),
    )
  })

  it('permutation invariance: the order of the cells, and moving the whole grid, do not change results', () => {
    fc.assert(
      fc.property(countsArb, fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), fc.infiniteStream(fc.nat()), (xs, dq, dr, rand) => {
        const base = toMap(xs)
        const a = giStar(base, bandWeights())
        // Shuffled insertion order.
        const entries = [...base]
        for (let i = entries.length - 1; i > 0; i--) {
          const j = rand.next().value % (i + 1)
          ;[entries[i], entries[j]] = [entries[j]!, entries[i]!]
        }
        const b = giStar(new Map(entries), bandWeights())
        for (const [k, v] of a) {
          expect(b.get(k)!.z).toBeCloseTo(v.z, 12)
          expect(b.get(k)!.p).toBeCloseTo(v.p, 12)
        }
        // The same counts on the grid moved by (dq, dr): relabelled ids, same answers.
        const moved = giStar(toMap(xs, dq, dr), bandWeights())
        for (const c of area37) expect(moved.get(id(c.q + dq, c.r + dr))!.z).toBeCloseTo(a.get(id(c.q, c.r))!.z, 12)
      }),
      { numRuns: 50 },
    )
  })

  it('Gi* is bounded: |z| ≤ √(n − 1)', () => {
    // Cauchy–Schwarz: |Σ w_j (x_j − X̄)| ≤ √(Σ(w_j − w̄)²) · √(Σ(x_j − X̄)²) = √((nΣw² − (Σw)²)/n) · S√n,
    // so |Gi*| ≤ √(n − 1).
    fc.assert(
      fc.property(countsArb, (xs) => {
        for (const v of giStar(toMap(xs), bandWeights()).values()) expect(Math.abs(v.z)).toBeLessThanOrEqual(Math.sqrt(36) + 1e-9)
      }),
    )
  })
})
