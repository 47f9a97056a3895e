import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { densityAt, gridCovering, kernelDensity, quarticKernel } from '../../server/analysis/kde.js'

describe('quartic kernel density', () => {
  it('K(d) = 3/(π h²)·(1 − d²/h²)² for d < h, else 0', () => {
    const h = 100
    expect(quarticKernel(0, h)).toBeCloseTo(3 / (Math.PI * 1e4), 15) // 9.549296585513721e-5
    // d = h/2: (1 − 1/4)² = 9/16 → 3/(π·10⁴)·9/16 = 5.371479329351468e-5
    expect(quarticKernel(50, h)).toBeCloseTo((3 / (Math.PI * 1e4)) * (9 / 16), 15)
    expect(quarticKernel(100, h)).toBe(0)
    expect(quarticKernel(150, h)).toBe(0)
    expect(() => quarticKernel(1, 0)).toThrow(RangeError)
  })

  it('a single point: the peak and a value by hand; the surface integrates to the weight', () => {
    // Weight 2 at the origin, h = 100 m, 2 m cells with a centre on the origin (minX = −101).
    const grid = { minX: -111, minY: -111, cellSize: 2, cols: 111, rows: 111 }
    const s = kernelDensity([{ x: 0, y: 0, weight: 2 }], grid, 100)
    const at = (x: number, y: number) => s.values[((y - grid.minY - 1) / 2) * grid.cols + (x - grid.minX - 1) / 2]!
    expect(at(0, 0)).toBeCloseTo(2 * (3 / (Math.PI * 1e4)), 15) // 1.909859317102744e-4 per m²
    // (30, 40) is 50 m away: 2·3/(π·10⁴)·(1 − 0.25)² = 1.0742958658702936e-4
    expect(at(30, 40)).toBeCloseTo(2 * (3 / (Math.PI * 1e4)) * (9 / 16), 15)
    expect(at(60, 80)).toBe(0) // exactly h away
    let total = 0
    for (const v of s.values) total += v * 4
    expect(total).toBeCloseTo(2, 3)
    expect(s.bandwidth).toBe(100)
  })

  it('integrates to ≈ the total weight over a fine grid, for random points', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: 0, max: 1000, noNaN: true }),
            y: fc.double({ min: 0, max: 1000, noNaN: true }),
            weight: fc.integer({ min: 1, max: 5 }),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        fc.integer({ min: 150, max: 400 }),
        (points, h) => {
          const grid = gridCovering(points, h, 5)
          const s = kernelDensity(points, grid, h)
          let total = 0
          let min = Infinity
          for (const v of s.values) {
            min = Math.min(min, v)
            total += v * 25
          }
          // One expect for the whole surface (an expect per cell made this test take minutes on a loaded machine).
          expect(min).toBeGreaterThanOrEqual(0)
          const weight = points.reduce((a, p) => a + p.weight, 0)
          expect(Math.abs(total - weight) / weight).toBeLessThan(2e-3)
          // Spot check: the grid value equals the direct sum at that cell centre.
          const i = Math.floor(grid.cols / 2)
          const j = Math.floor(grid.rows / 2)
          const direct = densityAt(points, grid.minX + (i + 0.5) * 5, grid.minY + (j + 0.5) * 5, h)
          expect(s.values[j * grid.cols + i]!).toBeCloseTo(direct, 12)
        },
      ),
      { numRuns: 30 },
    )
  })

  it('weights default to 1 and zero weights add nothing; bad input is refused', () => {
    const grid = { minX: -50, minY: -50, cellSize: 10, cols: 10, rows: 10 }
    const a = kernelDensity(
      [
        { x: 3, y: 4 },
        { x: 10, y: 10, weight: 0 },
      ],
      grid,
      40,
    )
    const b = kernelDensity([{ x: 3, y: 4, weight: 1 }], grid, 40)
    expect([...a.values]).toEqual([...b.values])
    expect(() => kernelDensity([], grid, 0)).toThrow(RangeError)
    expect(() => kernelDensity([{ x: NaN, y: 0 }], grid, 10)).toThrow(RangeError)
    expect(() => kernelDensity([], { ...grid, cols: 1.5 }, 10)).toThrow(RangeError)
    expect(gridCovering([], 100, 10)).toEqual({ minX: 0, minY: 0, cellSize: 10, cols: 0, rows: 0 })
  })
})
