import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cellsWithinHexDistance, formatCellId } from '../../server/analysis/hexgrid.js'
import { findHotspots } from '../../server/analysis/hotspots.js'
import { latticeHotspots } from '../../server/analysis/hotspots-lattice.js'

const AREA = cellsWithinHexDistance({ q: 0, r: 0 }, 5)
const ids = AREA.map((c) => formatCellId(250, c.q, c.r))

describe('hot spots over arrays', () => {
  it('analytical inference: the same z, p, BH p, classes and groups as the map-based Gi*', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: AREA.length, maxLength: AREA.length }), fc.integer({ min: 1, max: 2 }), (xs, band) => {
        const a = latticeHotspots(AREA, xs, { inference: 'analytical', band })
        const b = findHotspots(ids, new Map(ids.map((id, i) => [id, xs[i]!])), { band: { hexDistance: band } })
        b.cells.forEach((c, i) => {
          expect(a.z[i]).toBeCloseTo(c.z, 12)
          expect(a.p[i]).toBeCloseTo(c.p, 12)
          expect(a.pAdjusted[i]).toBeCloseTo(c.pAdjusted, 12)
          expect(a.classes[i]).toBe(c.class)
        })
        const groupsOf = (cells: string[][]) => cells.map((g) => [...g].sort().join(' ')).sort()
        expect(groupsOf(a.groups.map((g) => g.cells.map((i) => ids[i]!)))).toEqual(groupsOf(b.groups.map((g) => [...g.cells])))
        expect(a.pSim).toBeNull()
      }),
      { numRuns: 30 },
    )
  })

  it('permutation inference (the default): a busy cluster is hot, its classes decided on BH-adjusted pseudo p-values', () => {
    const xs = AREA.map((c) => (Math.max(Math.abs(c.q - 2), Math.abs(c.r + 1), Math.abs(c.q + c.r - 1)) <= 1 ? 12 : (c.q * 5 + c.r * 3) % 7 === 0 ? 1 : 0))
    const res = latticeHotspots(AREA, xs)
    expect(res.pSim).not.toBeNull()
    const centre = ids.indexOf(formatCellId(250, 2, -1))
    expect(res.classes[centre]).toMatch(/^hot-/)
    // Beyond every one of the 999 draws, so drawn again 99,999 times: a p-value BH can use.
    expect(res.pSim![centre]).toBeLessThan(1e-3)
    // Mostly empty: an empty band is ordinary, so no cell can be cold.
    expect(res.coldSpotsPossible).toBe(false)
    expect(res.classes.some((c) => c.startsWith('cold'))).toBe(false)
    expect(res.groups[0]).toMatchObject({ sign: 'hot' })
    expect(res.groups[0]!.cells).toContain(centre)
    // FDR off: classes on the raw pseudo p-values, never fewer hot cells.
    const raw = latticeHotspots(AREA, xs, { fdr: false })
    expect(raw.classes.filter((c) => c !== 'none').length).toBeGreaterThanOrEqual(res.classes.filter((c) => c !== 'none').length)
  })
})
