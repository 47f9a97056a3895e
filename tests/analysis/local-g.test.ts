import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { hexLattice } from '../../server/analysis/lattice.js'
import {
  DEFAULT_PERMUTATIONS,
  localG,
  localGPermutation,
  localGPermutationYielding,
  lowestColdP,
  REFINE_BELOW,
  REFINED_PERMUTATIONS,
} from '../../server/analysis/local-g.js'
import { cellsWithinHexDistance, hexDistance } from '../../server/analysis/hexgrid.js'
import { exactTails } from '../../server/analysis/permutation-exact.js'

/**
 * Gi* on a lattice and its conditional permutation test, against values computed independently in R
 * (tests/analysis/fixtures/local-g-permutation.R, spdep 1.2.7): spdep::localG's z-scores, and each
 * cell's exact conditional permutation tails — its band of k cells filled with k counts drawn without
 * replacement from the other n − 1 cells — enumerated over every k-subset, not sampled. The
 * service's pseudo p-values are Monte Carlo estimates of the smaller tail, so with R draws each must
 * lie within a few binomial standard errors of the exact value.
 */

interface Cell {
  q: number
  r: number
  count: number
  neighbours: number
  k: number
  z: number
  pUpper: number
  pLower: number
}
const expected = JSON.parse(readFileSync(new URL('./fixtures/local-g-permutation.json', import.meta.url), 'utf8')) as {
  fixtures: Array<{ name: string; cells: Cell[] }>
}

describe.each(expected.fixtures)('fixture $name', ({ cells }) => {
  const lat = hexLattice(cells, 1)
  const x = cells.map((c) => c.count)

  it("the lattice finds each cell's neighbours by index arithmetic, as R found them by distance", () => {
    for (const [i, c] of cells.entries()) expect(lat.offsets[i + 1]! - lat.offsets[i]! - 1).toBe(c.neighbours)
  })

  it('z equals spdep::localG (binary weights, self included) to 1e-9', () => {
    const { z, p } = localG(lat, x)
    cells.forEach((c, i) => {
      expect(z[i]).toBeCloseTo(c.z, 9)
      expect(p[i]).toBeGreaterThan(0)
    })
  })

  it('pseudo p-values with 20,000 draws lie within 4.5 standard errors of the exact conditional tails', () => {
    const R = 20_000
    const { pSim, side, draws } = localGPermutation(lat, x, { permutations: R, seed: 7, refine: false })
    cells.forEach((c, i) => {
      const exact = Math.min(c.pUpper, c.pLower)
      const d = draws[i]!
      const se = Math.sqrt((exact * (1 - exact)) / d)
      expect(Math.abs(pSim[i]! - exact), `cell ${c.q}:${c.r}: ${pSim[i]} vs exact ${exact}`).toBeLessThanOrEqual(4.5 * se + 2 / d)
      // The side is the smaller tail (when the two differ by more than the sampling error).
      if (c.pUpper < c.pLower - 10 * se) expect(side[i]).toBe(1)
      if (c.pLower < c.pUpper - 10 * se) expect(side[i]).toBe(-1)
    })
  })

  it('999 draws by default: p = (M + 1)/1000, the same for the same seed, different for another', () => {
    const a = localGPermutation(lat, x, { refine: false })
    const b = localGPermutation(lat, x, { refine: false })
    const c = localGPermutation(lat, x, { seed: 1, refine: false })
    expect(a.pSim).toEqual(b.pSim)
    expect(a.pSim).not.toEqual(c.pSim)
    for (const p of a.pSim) {
      expect(p).toBeGreaterThanOrEqual(1 / (DEFAULT_PERMUTATIONS + 1))
      expect(Math.abs(p * (DEFAULT_PERMUTATIONS + 1) - Math.round(p * (DEFAULT_PERMUTATIONS + 1)))).toBeLessThan(1e-9)
    }
  })

  it("exact tails by counting subset sums equal R's enumeration for every cell", () => {
    const sorted = Float64Array.from(x).sort()
    cells.forEach((c, i) => {
      const observed = Array.from(lat.neighbours.subarray(lat.offsets[i]!, lat.offsets[i + 1]!)).reduce((s, j) => s + x[j]!, 0)
      const skip = sorted.indexOf(c.count)
      const tails = exactTails(sorted, skip, c.k, observed)!
      expect(tails.upper).toBeCloseTo(c.pUpper, 12)
      expect(tails.lower).toBeCloseTo(c.pLower, 12)
    })
  })

  it('cells beyond all but a few of the 999 draws get the exact permutation probability instead (no floor)', () => {
    const first = localGPermutation(lat, x, { refine: false })
    const refined = localGPermutation(lat, x)
    cells.forEach((c, i) => {
      const wasExtreme = Math.round(first.pSim[i]! * (DEFAULT_PERMUTATIONS + 1)) - 1 < REFINE_BELOW
      expect(refined.draws[i], `${c.q}:${c.r}`).toBe(wasExtreme ? 0 : DEFAULT_PERMUTATIONS)
      if (!wasExtreme) expect(refined.pSim[i]).toBe(first.pSim[i])
      else expect(refined.pSim[i]).toBeCloseTo(Math.min(c.pUpper, c.pLower), 12)
    })
    expect([...refined.draws].filter((d) => d === 0).length).toBeGreaterThan(0)
  })
})

describe('cold spots that cannot occur', () => {
  it('the lowest attainable lower tail is that of an empty band, as R enumerated it', () => {
    const { cells } = expected.fixtures.find((f) => f.name === 'skewed')!
    const lat = hexLattice(cells, 1)
    const x = cells.map((c) => c.count)
    // An empty cell with six neighbours, all empty: its exact lower tail is the lowest any cell can reach.
    const emptyBand = cells.filter(
      (c, i) => c.count === 0 && c.k === 7 && Array.from(lat.neighbours.subarray(lat.offsets[i]!, lat.offsets[i + 1]!)).every((j) => x[j] === 0),
    )
    expect(emptyBand.length).toBeGreaterThan(0)
    const low = lowestColdP(lat, x, 'permutation')
    expect(low).toBeCloseTo(emptyBand[0]!.pLower, 12)
    expect(low).toBeGreaterThan(0.1) // so no cell can be cold at 90 %, even before the FDR correction
    // Analytical: an empty band's z is about −0.92 (p ≈ 0.36), as spdep gave for those cells.
    expect(emptyBand[0]!.z).toBeCloseTo(-0.917167419651447, 9)
    expect(lowestColdP(lat, x, 'analytical')).toBeGreaterThan(0.1)
    // With few empty cells, an empty band is unusual: cold spots can occur.
    const dense = x.map((v) => v + 3)
    dense[cells.findIndex((c) => c.q === 0 && c.r === 0)] = 0
    for (const j of lat.neighbours.subarray(
      lat.offsets[cells.findIndex((c) => c.q === 0 && c.r === 0)]!,
      lat.offsets[cells.findIndex((c) => c.q === 0 && c.r === 0) + 1]!,
    ))
      dense[j] = 0
    expect(lowestColdP(lat, dense, 'permutation')).toBeLessThan(0.1)
  })
})

describe('an extreme cell whose exact count would be too much work', () => {
  it('gets 99,999 fresh draws instead, and p = (M + 1)/100,000', () => {
    // 217 cells of distinct large counts (1000 + rank), the seven largest around (0,0): counting every
    // 7-subset by sums up to ~8,300 over 216 distinct values is beyond the budget.
    const area = cellsWithinHexDistance({ q: 0, r: 0 }, 8)
    const order = [...area.keys()].sort((a, b) => hexDistance(area[a]!, { q: 0, r: 0 }) - hexDistance(area[b]!, { q: 0, r: 0 }) || a - b)
    const x = new Array<number>(area.length)
    order.forEach((cell, rank) => {
      x[cell] = 1000 + area.length - rank
    })
    const lat = hexLattice(area, 1)
    const centre = area.findIndex((c) => c.q === 0 && c.r === 0)
    const res = localGPermutation(lat, x)
    expect(res.draws[centre]).toBe(REFINED_PERMUTATIONS)
    // No random band of seven reaches the seven largest counts: M = 0.
    expect(res.pSim[centre]).toBeCloseTo(1 / (REFINED_PERMUTATIONS + 1), 15)
    expect(res.side[centre]).toBe(1)
  })
})

describe('the permutation test in slices (the service answers others meanwhile)', () => {
  it('gives exactly the synchronous result, and lets the event loop run between slices', async () => {
    // 1,261 cells (hex distance 20) of skewed counts, the extreme cell refined with fresh draws as above.
    const area = cellsWithinHexDistance({ q: 0, r: 0 }, 20)
    const x = area.map((c, i) => (hexDistance(c, { q: 0, r: 0 }) <= 1 ? 1000 + i : (i * 7919) % 13 === 0 ? (i % 40) + 1 : 0))
    const lat = hexLattice(area, 1)
    const sync = localGPermutation(lat, x)
    // A timer due at once fires while the sliced test runs: each slice is 1 ms here.
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    const started = performance.now()
    const sliced = await localGPermutationYielding(lat, x, {}, 1)
    const took = performance.now() - started
    clearInterval(timer)
    expect(Array.from(sliced.pSim)).toEqual(Array.from(sync.pSim))
    expect(Array.from(sliced.side)).toEqual(Array.from(sync.side))
    expect(Array.from(sliced.draws)).toEqual(Array.from(sync.draws))
    expect(took).toBeGreaterThan(5) // long enough for slices of 1 ms to matter
    expect(ticks).toBeGreaterThan(1)
  })
})
