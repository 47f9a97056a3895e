import { describe, expect, it } from 'vitest'
import {
  bandCellIds,
  cellCentre,
  cellsWithinHexDistance,
  cellsWithinMetres,
  centreDistance,
  formatCellId,
  hexArea,
  hexDistance,
  isValidHexSize,
  neighbourIds,
  neighbours,
  parseCellId,
} from '../../server/analysis/hexgrid.js'

describe('hex grid', () => {
  it('parses and formats cell ids like SQL hex_cell_id', () => {
    expect(parseCellId('H250:-3:7')).toEqual({ size: 250, q: -3, r: 7 })
    expect(formatCellId(250, -3, 7)).toBe('H250:-3:7')
    expect(formatCellId(100, -0, 0)).toBe('H100:0:0')
    for (const bad of ['H250:1', 'h250:1:2', 'H250:1:2:3', 'H0:1:2', 'H250:1.5:2', 'X', '']) {
      expect(() => parseCellId(bad)).toThrow(RangeError)
    }
    expect(isValidHexSize(100)).toBe(true)
    expect(isValidHexSize(1000)).toBe(true)
    expect(isValidHexSize(99)).toBe(false)
    expect(isValidHexSize(250.5)).toBe(false)
  })

  it('centres: x = 1.5·size·q, y = √3·size·(r + q/2)', () => {
    expect(cellCentre(250, { q: 0, r: 0 })).toEqual({ x: 0, y: 0 })
    const c = cellCentre(250, { q: 1, r: 0 })
    expect(c.x).toBe(375)
    expect(c.y).toBeCloseTo(216.50635094610965, 9) // √3·250/2
    const d = cellCentre(100, { q: 2, r: -3 })
    expect(d.x).toBe(300)
    expect(d.y).toBeCloseTo(Math.sqrt(3) * 100 * -2, 9)
    expect(hexArea(1)).toBeCloseTo(2.598076211353316, 12)
  })

  it('neighbours are one step away and √3·size apart', () => {
    const n = neighbours({ q: 2, r: -1 })
    expect(n).toHaveLength(6)
    expect(n).toContainEqual({ q: 3, r: -2 })
    expect(n).toContainEqual({ q: 1, r: 0 })
    for (const c of n) {
      expect(hexDistance(c, { q: 2, r: -1 })).toBe(1)
      expect(centreDistance(250, c, { q: 2, r: -1 })).toBeCloseTo(250 * Math.sqrt(3), 9)
      const a = cellCentre(250, c)
      const b = cellCentre(250, { q: 2, r: -1 })
      expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(250 * Math.sqrt(3), 9)
    }
    expect(neighbourIds('H250:0:0')).toEqual(['H250:1:0', 'H250:-1:0', 'H250:0:1', 'H250:0:-1', 'H250:1:-1', 'H250:-1:1'])
    expect(hexDistance({ q: 0, r: 0 }, { q: 3, r: -1 })).toBe(3)
    expect(hexDistance({ q: -2, r: 0 }, { q: 2, r: 0 })).toBe(4)
  })

  it('cells within a hex distance: 1 + 3k(k+1)', () => {
    for (const k of [0, 1, 2, 3, 5]) {
      const cells = cellsWithinHexDistance({ q: 4, r: -7 }, k)
      expect(cells).toHaveLength(1 + 3 * k * (k + 1))
      expect(new Set(cells.map((c) => `${c.q}:${c.r}`)).size).toBe(cells.length)
      for (const c of cells) expect(hexDistance(c, { q: 4, r: -7 })).toBeLessThanOrEqual(k)
    }
    expect(bandCellIds('H250:0:0')).toHaveLength(7)
    expect(bandCellIds('H250:0:0', { hexDistance: 0 })).toEqual(['H250:0:0'])
  })

  it('cells within metres between centres', () => {
    const s = 250
    const near = (m: number) => cellsWithinMetres(s, { q: 0, r: 0 }, m).length
    expect(near(0)).toBe(1)
    expect(near(s * Math.sqrt(3) - 1)).toBe(1)
    expect(near(s * Math.sqrt(3))).toBe(7) // first ring at √3·size = 433.01 m
    expect(near(s * 3 - 1)).toBe(7) // second ring's corner-ward cells at 3·size = 750 m
    expect(near(s * 3)).toBe(13)
    expect(near(s * 2 * Math.sqrt(3))).toBe(19) // second ring's farthest cells at 2√3·size = 866.03 m
    expect(bandCellIds('H250:0:0', { metres: 500 })).toHaveLength(7)
  })
})
