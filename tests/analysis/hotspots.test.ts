import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareCellIds, findHotspots, studyAreaCounts } from '../../server/analysis/hotspots.js'
import { cellsWithinHexDistance, formatCellId, hexDistance, type Axial } from '../../server/analysis/hexgrid.js'

const id = (q: number, r: number) => formatCellId(250, q, r)
const hexagon = (k: number) => cellsWithinHexDistance({ q: 0, r: 0 }, k)
const AREA91 = hexagon(5).map((c) => id(c.q, c.r))

/** Counts on the 91-cell hexagon of radius 5 from a function of (q, r). */
function counts(f: (c: Axial) => number): Map<string, number> {
  return new Map(hexagon(5).map((c) => [id(c.q, c.r), f(c)]))
}

const HOT_A = { q: -3, r: 0 }
const HOT_B = { q: 3, r: 0 }
const COLD = { q: 0, r: 3 }
/** Background 5; a flower of 20s around (−3,0), a single 15 at (3,0) with its ring at 15 too, a flower of 0s around (0,3). */
function scene(): Map<string, number> {
  return counts((c) => (hexDistance(c, HOT_A) <= 1 ? 20 : hexDistance(c, HOT_B) <= 1 ? 15 : hexDistance(c, COLD) <= 1 ? 0 : 5))
}

describe('hotspots', () => {
  it('the hand-worked flower: nothing survives BH over 19 cells, but raw p gives one group of four', () => {
    // See gistar.test.ts: centre z = 2.65258 (p = 0.00799), (1,0) and (0,1) z = 2.25259 (p = 0.02429),
    // (−1,1) z = 1.85260 (p = 0.06394); every other cell has p > 0.19. BH over m = 19: the smallest
    // adjusted p is min_k 19·p_(k)/k = 19·0.02429/3 = 0.1538 (also 19·0.00799/1 = 0.1518) > 0.10.
    const area = hexagon(2).map((c) => id(c.q, c.r))
    const m = new Map(area.map((c) => [c, 1]))
    for (const [k, v] of [
      [id(0, 0), 10],
      [id(1, 0), 4],
      [id(-1, 0), 2],
      [id(0, 1), 6],
      [id(0, -1), 0],
      [id(1, -1), 3],
      [id(-1, 1), 3],
    ] as const)
      m.set(k, v)
    const bh = findHotspots(area, m)
    expect(bh.groups).toEqual([])
    expect(bh.cells.every((c) => c.class === 'none')).toBe(true)
    expect(bh.cells.find((c) => c.id === id(0, 0))!.pAdjusted).toBeCloseTo(0.151769, 5)

    const shares = new Map([
      [
        id(0, 0),
        new Map([
          ['E09000001', 0.7],
          ['E09000033', 0.3],
        ]),
      ],
      [id(0, 1), new Map([['E09000001', 1]])],
      [id(1, 0), new Map([['E09000001', 1]])],
      [id(-1, 1), new Map([['E09000001', 1]])],
    ])
    const raw = findHotspots(area, m, { fdr: false, boroughShares: shares })
    const cls = Object.fromEntries(raw.cells.filter((c) => c.class !== 'none').map((c) => [c.id, c.class]))
    expect(cls).toEqual({ [id(0, 0)]: 'hot-99', [id(1, 0)]: 'hot-95', [id(0, 1)]: 'hot-95', [id(-1, 1)]: 'hot-90' })
    expect(raw.groups).toHaveLength(1)
    const g = raw.groups[0]!
    expect(g.cells).toEqual([id(-1, 1), id(0, 0), id(0, 1), id(1, 0)])
    expect(g.count).toBe(10 + 4 + 6 + 3)
    expect(g.peakClass).toBe('hot-99')
    // Mean shares over the 4 cells: E09000001 (0.7 + 1 + 1 + 1)/4 = 0.925, E09000033 0.3/4 = 0.075.
    expect(g.boroughs).toEqual([
      { code: 'E09000001', share: expect.closeTo(0.925, 12) },
      { code: 'E09000033', share: expect.closeTo(0.075, 12) },
    ])
    expect(g.crossBorder).toBe(true)
    // A sliver below minBoroughShare does not count.
    expect(findHotspots(area, m, { fdr: false, boroughShares: shares, minBoroughShare: 0.5 }).groups[0]!.crossBorder).toBe(false)
  })

  it('groups same-sign significant cells by adjacency, hot groups first', () => {
    const res = findHotspots(AREA91, scene())
    expect(res.n).toBe(91)
    expect(res.size).toBe(250)
    expect(res.groups.map((g) => [g.id, g.sign, g.cells.length])).toEqual([
      [1, 'hot', 7],
      [2, 'hot', 1],
      [3, 'cold', 6],
    ])
    const [a, b, c] = res.groups
    expect(a!.cells).toEqual(
      cellsWithinHexDistance(HOT_A, 1)
        .map((x) => id(x.q, x.r))
        .sort(compareCellIds),
    )
    expect(a!.count).toBe(140)
    expect(b!.cells).toEqual([id(3, 0)])
    expect(c!.cells).not.toContain(id(0, 5)) // (0,4) is in the group; (0,5) is at the edge with few neighbours
    expect(c!.peakClass).toBe('cold-99')
    expect(a!.crossBorder).toBe(false)
    // Cell-level group membership agrees with the groups.
    for (const cell of res.cells) {
      const g = res.groups.find((x) => x.cells.includes(cell.id))
      expect(cell.group).toBe(g ? g.id : null)
      expect(cell.class === 'none').toBe(g === undefined)
    }
  })

  it('cross-border: a hotspot whose cells lie in two boroughs', () => {
    // The west half of the grid (q < −3) in Hackney, the rest in Islington: the flower at (−3,0)
    // straddles the line, the single hot cell at (3,0) does not.
    const shares = new Map(AREA91.map((c) => [c, new Map([[Number(c.split(':')[1]) < -3 ? 'E09000012' : 'E09000019', 1]])]))
    const res = findHotspots(AREA91, scene(), { boroughShares: shares })
    expect(res.groups[0]!.crossBorder).toBe(true)
    expect(res.groups[0]!.boroughs.map((b) => b.code)).toEqual(['E09000019', 'E09000012'])
    expect(res.groups[0]!.boroughs[1]!.share).toBeCloseTo(2 / 7, 12)
    expect(res.groups[1]!.crossBorder).toBe(false)
  })

  it('study area: sparse counts filled with zeros; counts outside it and mixed sizes are errors', () => {
    const { counts: all } = studyAreaCounts([id(0, 0), id(1, 0)], new Map([[id(1, 0), 3]]))
    expect([...all]).toEqual([
      [id(0, 0), 0],
      [id(1, 0), 3],
    ])
    expect(() => studyAreaCounts([id(0, 0)], new Map([[id(5, 5), 1]]))).toThrow(RangeError)
    expect(() => studyAreaCounts([id(0, 0), formatCellId(500, 0, 0)], new Map())).toThrow(RangeError)
    expect(() => studyAreaCounts(['H250:01:0'], new Map())).toThrow(RangeError)
    // Sparse input gives the same answer as explicit zeros.
    const full = scene()
    const sparse = new Map([...full].filter(([, x]) => x !== 0))
    expect(findHotspots(AREA91, sparse)).toEqual(findHotspots(AREA91, full))
  })

  it('single cell and all-equal study areas: class none, no groups', () => {
    const one = findHotspots([id(0, 0)], new Map([[id(0, 0), 12]]))
    expect(one.cells).toEqual([{ id: id(0, 0), q: 0, r: 0, count: 12, z: 0, p: 1, pAdjusted: 1, class: 'none', group: null }])
    const flat = findHotspots(
      AREA91,
      counts(() => 4),
    )
    expect(flat.groups).toEqual([])
    expect(flat.cells.every((c) => c.z === 0 && c.p === 1 && c.class === 'none')).toBe(true)
  })

  it('a wider band (metres) smooths: the single hot cell at (3,0) joins with its ring', () => {
    const res = findHotspots(AREA91, scene(), { band: { metres: 800 } })
    expect(res.groups.length).toBeGreaterThan(0)
    expect(res.cells.find((c) => c.id === id(3, 0))!.class).toMatch(/^hot/)
  })

  it('permutation: the order of the study-area cells changes neither classes nor groups', () => {
    const base = findHotspots(AREA91, scene())
    fc.assert(
      fc.property(fc.shuffledSubarray(AREA91, { minLength: 91, maxLength: 91 }), (order) => {
        const res = findHotspots(order, scene())
        // Equal up to the last bits of z (the mean is summed in a different order).
        expect(res.groups).toEqual(base.groups.map((g) => ({ ...g, maxAbsZ: expect.closeTo(g.maxAbsZ, 12) })))
        const byId = new Map(base.cells.map((c) => [c.id, c]))
        for (const c of res.cells) {
          const b = byId.get(c.id)!
          expect(c.class).toBe(b.class)
          expect(c.group).toBe(b.group)
          expect(c.z).toBeCloseTo(b.z, 12)
        }
      }),
      { numRuns: 20 },
    )
  })
})
