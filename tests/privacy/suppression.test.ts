import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  auditRecoverable,
  DEFAULT_K,
  suppressTable,
  type Disclosed,
  type InputCell,
  type SuppressedTable,
  type SuppressionInput,
} from '../../server/privacy/suppression.js'

// ---------------------------------------------------------------------------------------------
// Helpers

/** A true table: counts[a][m] (one column for a 1-D table, where `months` is null). */
interface Truth {
  areas: string[]
  months: string[] | null
  counts: number[][]
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

function trueTotals(t: Truth) {
  const areaTotals = t.counts.map(sum)
  const monthTotals = t.months ? t.months.map((_, m) => sum(t.counts.map((row) => row[m]!))) : []
  return { grand: sum(areaTotals), areaTotals, monthTotals }
}

/** What the database hands over: cells 1..k-1 nulled, totals true. */
function dbInput(t: Truth, k: number, opts: { dropZeros?: boolean } = {}): SuppressionInput {
  const { grand, areaTotals, monthTotals } = trueTotals(t)
  const cells: InputCell[] = []
  t.areas.forEach((area, a) => {
    const row = t.counts[a]!
    const cols = t.months ?? [undefined]
    cols.forEach((month, m) => {
      const v = row[m]!
      if (opts.dropZeros && v === 0) return
      const count = v >= 1 && v < k ? null : v
      cells.push(month === undefined ? { area, count } : { area, month, count })
    })
  })
  return {
    areas: t.areas,
    ...(t.months ? { months: t.months } : {}),
    cells,
    totals: {
      count: grand,
      areas: t.areas.map((area, a) => ({ area, count: areaTotals[a]! })),
      ...(t.months ? { months: t.months.map((month, m) => ({ month, count: monthTotals[m]! })) } : {}),
    },
  }
}

const show = (count: number): Disclosed => ({ count, suppressed: false })
const HIDDEN: Disclosed = { count: null, suppressed: true }
const rule1 = (v: number, k: number): Disclosed => (v >= 1 && v < k ? HIDDEN : show(v))

/** Primary suppression only (plus small totals): what a naive implementation would publish. */
function naive(t: Truth, k: number): SuppressedTable {
  const { grand, areaTotals, monthTotals } = trueTotals(t)
  const cells = t.areas.flatMap((area, a) =>
    t.months
      ? t.months.map((month, m) => ({ area, month, ...rule1(t.counts[a]![m]!, k) }))
      : [{ area, ...rule1(t.counts[a]![0]!, k) }],
  )
  return {
    cells,
    totals: {
      ...rule1(grand, k),
      areas: t.areas.map((area, a) => ({ area, ...rule1(areaTotals[a]!, k) })),
      ...(t.months ? { months: t.months.map((month, m) => ({ month, ...rule1(monthTotals[m]!, k) })) } : {}),
    },
  }
}

const hiddenCells = (r: SuppressedTable) =>
  r.cells.filter((c) => c.suppressed).map((c) => (c.month === undefined ? c.area : `${c.area}/${c.month}`))

const oneD = (counts: Record<string, number>): Truth => ({
  areas: Object.keys(counts),
  months: null,
  counts: Object.values(counts).map((v) => [v]),
})

// ---------------------------------------------------------------------------------------------
// Hand-worked tables

describe('suppressTable: hand-worked tables (k = 5)', () => {
  it('1-D borough list, one small cell: the smallest other non-zero cell is hidden too', () => {
    const truth = oneD({ A: 2, B: 10, C: 7, D: 0, E: 20 })
    const input = dbInput(truth, 5)
    const r = suppressTable(input)
    expect(r).toEqual({
      cells: [
        { area: 'A', count: null, suppressed: true },
        { area: 'B', count: 10, suppressed: false },
        { area: 'C', count: null, suppressed: true },
        { area: 'D', count: 0, suppressed: false },
        { area: 'E', count: 20, suppressed: false },
      ],
      totals: {
        count: 39,
        suppressed: false,
        areas: [
          { area: 'A', count: null, suppressed: true },
          { area: 'B', count: 10, suppressed: false },
          { area: 'C', count: null, suppressed: true },
          { area: 'D', count: 0, suppressed: false },
          { area: 'E', count: 20, suppressed: false },
        ],
      },
    })
    expect(auditRecoverable(r, 5, input)).toEqual([])
    // The naive table gives A away: 39 - 10 - 7 - 0 - 20.
    expect(auditRecoverable(naive(truth, 5), 5)).toEqual([{ ref: { kind: 'cell', area: 'A' }, value: 2 }])
    expect(auditRecoverable(naive(truth, 5), 5, input)).toEqual([{ ref: { kind: 'cell', area: 'A' }, value: 2 }])
  })

  it('skips a partner that would still pin the small cell (1 + 5 = 6 forces 1 and 5) for a larger one', () => {
    const truth = oneD({ A: 1, B: 5, C: 9 })
    const input = dbInput(truth, 5)
    const r = suppressTable(input)
    expect(hiddenCells(r)).toEqual(['A', 'C'])
    expect(r.totals).toMatchObject({ count: 15, suppressed: false })
    expect(auditRecoverable(r, 5, input)).toEqual([])
    // Hiding B instead: A is in 1..4 and B, hidden to protect it, is at least 5, so A = 1 and B = 5.
    const withB = structuredClone(r)
    withB.cells[1] = { area: 'B', count: null, suppressed: true }
    withB.cells[2] = { area: 'C', count: 9, suppressed: false }
    withB.totals.areas[1] = { area: 'B', count: null, suppressed: true }
    withB.totals.areas[2] = { area: 'C', count: 9, suppressed: false }
    expect(auditRecoverable(withB, 5, input)).toEqual([
      { ref: { kind: 'cell', area: 'A' }, value: 1 },
      { ref: { kind: 'cell', area: 'B' }, value: 5 },
    ])
  })

  it('2-D area × month with one small cell: partners in its row and column, and the fourth corner', () => {
    const truth: Truth = {
      areas: ['A', 'B', 'C'],
      months: ['2026-01', '2026-02', '2026-03'],
      counts: [
        [2, 10, 8],
        [6, 7, 9],
        [12, 5, 0],
      ],
    }
    const input = dbInput(truth, 5)
    const r = suppressTable(input)
    expect(hiddenCells(r)).toEqual(['A/2026-01', 'A/2026-03', 'B/2026-01', 'B/2026-03'])
    expect(r.cells.find((c) => c.area === 'C' && c.month === '2026-03')).toEqual({
      area: 'C',
      month: '2026-03',
      count: 0,
      suppressed: false,
    })
    expect(r.totals).toEqual({
      count: 59,
      suppressed: false,
      areas: [
        { area: 'A', count: 20, suppressed: false },
        { area: 'B', count: 22, suppressed: false },
        { area: 'C', count: 17, suppressed: false },
      ],
      months: [
        { month: '2026-01', count: 20, suppressed: false },
        { month: '2026-02', count: 22, suppressed: false },
        { month: '2026-03', count: 17, suppressed: false },
      ],
    })
    expect(auditRecoverable(r, 5, input)).toEqual([])
    expect(auditRecoverable(r, 5)).toEqual([])
    expect(auditRecoverable(naive(truth, 5), 5)).toEqual([
      { ref: { kind: 'cell', area: 'A', month: '2026-01' }, value: 2 },
    ])
  })

  it('an all-zero table is shown in full, zeros as 0', () => {
    const truth: Truth = { areas: ['A', 'B'], months: ['2026-01', '2026-02'], counts: [[0, 0], [0, 0]] }
    const r = suppressTable(dbInput(truth, 5))
    expect(r.cells.every((c) => c.count === 0 && !c.suppressed)).toBe(true)
    expect(r.cells).toHaveLength(4)
    expect(r.totals).toEqual({
      count: 0,
      suppressed: false,
      areas: [
        { area: 'A', count: 0, suppressed: false },
        { area: 'B', count: 0, suppressed: false },
      ],
      months: [
        { month: '2026-01', count: 0, suppressed: false },
        { month: '2026-02', count: 0, suppressed: false },
      ],
    })
  })

  it('a single-cell table: a small count hides the cell and every total; a large one shows all', () => {
    const small = suppressTable({ cells: [{ area: 'A', count: null }], totals: { count: 3 } })
    expect(small).toEqual({
      cells: [{ area: 'A', count: null, suppressed: true }],
      totals: { count: null, suppressed: true, areas: [{ area: 'A', count: null, suppressed: true }] },
    })
    const small2d = suppressTable({
      cells: [{ area: 'A', month: '2026-01', count: null }],
      totals: { count: 3, areas: [{ area: 'A', count: 3 }], months: [{ month: '2026-01', count: 3 }] },
    })
    expect(small2d.cells).toEqual([{ area: 'A', month: '2026-01', count: null, suppressed: true }])
    expect(small2d.totals).toEqual({
      count: null,
      suppressed: true,
      areas: [{ area: 'A', count: null, suppressed: true }],
      months: [{ month: '2026-01', count: null, suppressed: true }],
    })
    const large = suppressTable({ cells: [{ area: 'A', count: 7 }], totals: { count: 7 } })
    expect(large.cells).toEqual([{ area: 'A', count: 7, suppressed: false }])
    expect(large.totals).toEqual({ count: 7, suppressed: false, areas: [{ area: 'A', count: 7, suppressed: false }] })
  })

  it('all cells small: the total stays unless it pins them (3 × 4 = 12 forces every cell to be 4)', () => {
    const free = oneD({ A: 1, B: 2, C: 3 })
    const r1 = suppressTable(dbInput(free, 5))
    expect(hiddenCells(r1)).toEqual(['A', 'B', 'C'])
    expect(r1.totals).toMatchObject({ count: 6, suppressed: false })

    const pinned = oneD({ A: 4, B: 4, C: 4 })
    const input = dbInput(pinned, 5)
    expect(auditRecoverable(naive(pinned, 5), 5, input).map((x) => x.value)).toEqual([4, 4, 4])
    const r2 = suppressTable(input)
    expect(hiddenCells(r2)).toEqual(['A', 'B', 'C'])
    expect(r2.totals).toMatchObject({ count: null, suppressed: true })
    expect(auditRecoverable(r2, 5, input)).toEqual([])

    // 2-D, every cell small: the month total derivable from the grand total is hidden with its partner.
    const grid: Truth = { areas: ['A', 'B'], months: ['2026-01', '2026-02'], counts: [[2, 3], [4, 1]] }
    const g = dbInput(grid, 5)
    const r3 = suppressTable(g)
    expect(hiddenCells(r3)).toHaveLength(4)
    expect(r3.totals).toEqual({
      count: 10,
      suppressed: false,
      areas: [
        { area: 'A', count: 5, suppressed: false },
        { area: 'B', count: 5, suppressed: false },
      ],
      months: [
        { month: '2026-01', count: null, suppressed: true },
        { month: '2026-02', count: null, suppressed: true },
      ],
    })
    expect(auditRecoverable(r3, 5, g)).toEqual([])
  })

  it('small totals are hidden, and a total derivable from the others gets a partner', () => {
    const truth: Truth = { areas: ['A', 'B'], months: ['2026-01', '2026-02'], counts: [[2, 0], [10, 8]] }
    const input = dbInput(truth, 5)
    expect(auditRecoverable(naive(truth, 5), 5, input)).toEqual([
      { ref: { kind: 'cell', area: 'A', month: '2026-01' }, value: 2 },
      { ref: { kind: 'area-total', area: 'A' }, value: 2 },
    ])
    const r = suppressTable(input)
    expect(hiddenCells(r)).toEqual(['A/2026-01', 'B/2026-01'])
    expect(r.totals).toEqual({
      count: 20,
      suppressed: false,
      areas: [
        { area: 'A', count: null, suppressed: true },
        { area: 'B', count: null, suppressed: true },
      ],
      months: [
        { month: '2026-01', count: 12, suppressed: false },
        { month: '2026-02', count: 8, suppressed: false },
      ],
    })
    expect(r.cells.filter((c) => !c.suppressed).map((c) => c.count)).toEqual([0, 8])
    expect(auditRecoverable(r, 5, input)).toEqual([])
  })

  it('two small cells whose sum pins them (1 + 1 = 2) get a third member hidden', () => {
    const truth = oneD({ A: 1, B: 1, C: 20, D: 30 })
    const input = dbInput(truth, 5)
    expect(auditRecoverable(naive(truth, 5), 5)).toEqual([
      { ref: { kind: 'cell', area: 'A' }, value: 1 },
      { ref: { kind: 'cell', area: 'B' }, value: 1 },
    ])
    const r = suppressTable(input)
    expect(hiddenCells(r)).toEqual(['A', 'B', 'C'])
    expect(r.totals).toMatchObject({ count: 52, suppressed: false })
    expect(auditRecoverable(r, 5, input)).toEqual([])
  })

  it('two small cells at k-1 (4 + 4 = 8) are pinned for an attacker who knows they are small', () => {
    const truth = oneD({ A: 4, B: 4, C: 20 })
    const input = dbInput(truth, 5)
    // From the table alone 8 could be 1 + 7; knowing both are below 5 leaves only 4 + 4.
    expect(auditRecoverable(naive(truth, 5), 5)).toEqual([])
    expect(auditRecoverable(naive(truth, 5), 5, input).map((x) => x.value)).toEqual([4, 4])
    const r = suppressTable(input)
    expect(hiddenCells(r)).toEqual(['A', 'B', 'C'])
    expect(auditRecoverable(r, 5, input)).toEqual([])
  })

  it('same in a 2-D row: with only two areas, protecting 1 + 1 spreads to every cell', () => {
    const truth: Truth = {
      areas: ['A', 'B'],
      months: ['2026-01', '2026-02', '2026-03'],
      counts: [
        [1, 1, 30],
        [9, 8, 40],
      ],
    }
    const input = dbInput(truth, 5)
    expect(auditRecoverable(naive(truth, 5), 5).map((x) => x.value)).toEqual([1, 1])
    const r = suppressTable(input)
    // Row A needs a third hidden cell (A/03) and each column a partner (B/01, B/02); then column 03
    // holds one hidden cell and needs B/03. The totals all stay.
    expect(hiddenCells(r)).toEqual(['A/2026-01', 'A/2026-02', 'A/2026-03', 'B/2026-01', 'B/2026-02', 'B/2026-03'])
    expect([r.totals, ...r.totals.areas, ...r.totals.months!].every((t) => !t.suppressed)).toBe(true)
    expect(auditRecoverable(r, 5, input)).toEqual([])
    expect(auditRecoverable(r, 5)).toEqual([])
  })

  it('a visible count below k (the database used a lower k) is hidden as well', () => {
    const input: SuppressionInput = {
      cells: [
        { area: 'A', count: 5 },
        { area: 'B', count: 12 },
        { area: 'C', count: 20 },
      ],
      totals: { count: 37 },
    }
    const r = suppressTable(input, { k: 7 })
    expect(hiddenCells(r)).toEqual(['A', 'B'])
    expect(auditRecoverable(r, 7, input)).toEqual([])
  })

  it('cells left out are zeros, and declared areas and months with no rows still appear', () => {
    const r = suppressTable({
      areas: ['A', 'B', 'C'],
      months: ['2026-01', '2026-02'],
      cells: [{ area: 'B', month: '2026-02', count: 9 }],
      totals: { count: 9, areas: [{ area: 'B', count: 9 }], months: [{ month: '2026-02', count: 9 }] },
    })
    expect(r.cells.map((c) => [c.area, c.month, c.count])).toEqual([
      ['A', '2026-01', 0],
      ['A', '2026-02', 0],
      ['B', '2026-01', 0],
      ['B', '2026-02', 9],
      ['C', '2026-01', 0],
      ['C', '2026-02', 0],
    ])
    expect(r.totals.areas.map((t) => t.count)).toEqual([0, 9, 0])
    expect(r.totals.months?.map((t) => t.count)).toEqual([0, 9])
  })
})

// ---------------------------------------------------------------------------------------------
// k and input validation

describe('k and input validation', () => {
  const input: SuppressionInput = { cells: [{ area: 'A', count: 9 }], totals: { count: 9 } }

  it('refuses k below 3 or not a whole number with a RangeError', () => {
    for (const k of [2, 1, 0, -5, 2.5, 4.5, Number.NaN, Number.POSITIVE_INFINITY, '5' as unknown as number]) {
      expect(() => suppressTable(input, { k }), String(k)).toThrow(RangeError)
      expect(() => auditRecoverable(suppressTable(input), k), String(k)).toThrow(RangeError)
    }
  })

  it('accepts k = 3 and defaults to 5', () => {
    expect(DEFAULT_K).toBe(5)
    const t: SuppressionInput = {
      cells: [
        { area: 'A', count: 4 },
        { area: 'B', count: 9 },
      ],
      totals: { count: 13 },
    }
    expect(hiddenCells(suppressTable(t, { k: 3 }))).toEqual([])
    expect(hiddenCells(suppressTable(t))).toEqual(['A', 'B']) // at 5, 4 is small, and then 9 = 13 - 4
  })

  it('rejects malformed or inconsistent input with a TypeError', () => {
    const bad: SuppressionInput[] = [
      { cells: [{ area: 'A', count: 9 }, { area: 'A', count: 9 }], totals: { count: 18 } },
      { cells: [{ area: 'A', count: 9 }, { area: 'B', month: '2026-01', count: 9 }], totals: { count: 18 } },
      { cells: [{ area: 'A', count: -1 }], totals: { count: 0 } },
      { cells: [{ area: 'A', count: 1.5 }], totals: { count: 1.5 } },
      { cells: [{ area: 'A', count: 9 }], totals: { count: 10 } },
      { cells: [{ area: 'A', count: null }], totals: { count: 9 } }, // a hidden cell can be at most 4
      { cells: [{ area: 'A', count: 9 }], totals: { count: 9, areas: [{ area: 'A', count: 8 }] } },
      { areas: ['A'], cells: [{ area: 'Z', count: 9 }], totals: { count: 9 } },
      {
        cells: [{ area: 'A', month: '2026-01', count: null }],
        totals: { count: 3, months: [{ month: '2026-01', count: 3 }] }, // area total needed
      },
      {
        cells: [{ area: 'A', month: '2026-01', count: 9 }],
        totals: { count: 9, areas: [{ area: 'A', count: 9 }], months: [{ month: '2026-01', count: 8 }] },
      },
    ]
    for (const b of bad) expect(() => suppressTable(b), JSON.stringify(b)).toThrow(TypeError)
  })

  it('derives a missing by-month total from cells that are all known', () => {
    const r = suppressTable({
      cells: [
        { area: 'A', month: '2026-01', count: 9 },
        { area: 'A', month: '2026-02', count: 6 },
      ],
      totals: { count: 15 },
    })
    expect(r.totals.areas).toEqual([{ area: 'A', count: 15, suppressed: false }])
    expect(r.totals.months?.map((t) => t.count)).toEqual([9, 6])
  })
})

// ---------------------------------------------------------------------------------------------
// Determinism

describe('determinism', () => {
  it('breaks ties between equal candidates by area, then month', () => {
    expect(hiddenCells(suppressTable(dbInput(oneD({ A: 2, B: 10, C: 10 }), 5)))).toEqual(['A', 'B'])
    expect(hiddenCells(suppressTable(dbInput(oneD({ C: 10, A: 10, B: 2 }), 5)))).toEqual(['A', 'B'])
    const t: Truth = { areas: ['A', 'B'], months: ['2026-01', '2026-02', '2026-03'], counts: [[3, 10, 10], [10, 10, 10]] }
    expect(hiddenCells(suppressTable(dbInput(t, 5)))).toEqual(['A/2026-01', 'A/2026-02', 'B/2026-01', 'B/2026-02'])
  })

  it('gives the same output whatever the input order', () => {
    fc.assert(
      fc.property(tableArb, fc.integer(), ({ k, truth }, seed) => {
        const input = dbInput(truth, k)
        const shuffled: SuppressionInput = {
          cells: shuffle(input.cells, seed),
          totals: {
            count: input.totals.count,
            areas: shuffle(input.totals.areas ?? [], seed + 1),
            ...(input.totals.months ? { months: shuffle(input.totals.months, seed + 2) } : {}),
          },
          ...(input.months ? { months: shuffle(input.months, seed + 3) } : {}),
          areas: shuffle(input.areas ?? [], seed + 4),
        }
        expect(suppressTable(shuffled, { k })).toEqual(suppressTable(input, { k }))
      }),
      { numRuns: 200 },
    )
  })
})

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Properties over random tables

/** Counts biased to small values: zeros, 1..8 (around k), and some larger. */
const countArb = fc.oneof(
  { arbitrary: fc.constant(0), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 8 }), weight: 5 },
  { arbitrary: fc.integer({ min: 9, max: 60 }), weight: 2 },
)

const tableArb = fc
  .record({ k: fc.integer({ min: 3, max: 7 }), nAreas: fc.integer({ min: 1, max: 8 }), nMonths: fc.integer({ min: 0, max: 6 }) })
  .chain(({ k, nAreas, nMonths }) =>
    fc
      .array(fc.array(countArb, { minLength: Math.max(nMonths, 1), maxLength: Math.max(nMonths, 1) }), {
        minLength: nAreas,
        maxLength: nAreas,
      })
      .map((counts) => ({
        k,
        truth: {
          areas: Array.from({ length: nAreas }, (_, a) => `E0${a}`),
          months: nMonths === 0 ? null : Array.from({ length: nMonths }, (_, m) => `2026-${String(m + 1).padStart(2, '0')}`),
          counts,
        } satisfies Truth,
      })),
  )

describe('properties over random tables', () => {
  it('hides every small number, keeps primary cells hidden, shows only true values, and leaves nothing recoverable', () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), ({ k, truth }, dropZeros) => {
        const input = dbInput(truth, k, { dropZeros })
        const r = suppressTable(input, { k })
        const { grand, areaTotals, monthTotals } = trueTotals(truth)
        const months = truth.months ?? [undefined]

        // Shape and order: every cell, area-major.
        expect(r.cells.map((c) => [c.area, c.month])).toEqual(truth.areas.flatMap((area) => months.map((month) => [area, month])))
        expect(r.totals.areas.map((t) => t.area)).toEqual(truth.areas)
        expect(r.totals.months?.map((t) => t.month)).toEqual(truth.months ?? undefined)

        const check = (d: Disclosed, trueValue: number) => {
          expect(d.suppressed).toBe(d.count === null)
          if (d.count !== null) {
            expect(d.count).toBe(trueValue) // visible values are the truth
            expect(d.count === 0 || d.count >= k).toBe(true) // no visible number in 1..k-1
          } else {
            expect(trueValue).toBeGreaterThan(0) // zero is never hidden
          }
        }
        r.cells.forEach((c, i) => {
          const a = Math.floor(i / months.length)
          const m = i % months.length
          check(c, truth.counts[a]![m]!)
        })
        r.totals.areas.forEach((t, a) => check(t, areaTotals[a]!))
        r.totals.months?.forEach((t, m) => check(t, monthTotals[m]!))
        check(r.totals, grand)

        // Every primary-suppressed input cell stays hidden.
        for (const c of input.cells) {
          if (c.count !== null) continue
          const out = r.cells.find((o) => o.area === c.area && o.month === c.month)!
          expect(out.suppressed).toBe(true)
        }
        // 1-D: the area totals are the cells.
        if (!truth.months) expect(r.totals.areas).toEqual(r.cells)

        // Nothing recoverable, for the attacker who knows which cells were small, or not.
        expect(auditRecoverable(r, k, input)).toEqual([])
        expect(auditRecoverable(r, k)).toEqual([])
      }),
      { numRuns: 1000 },
    )
  })

  it('the audit is sound: whatever it recovers from a naive table is the true value', () => {
    let found = 0
    fc.assert(
      fc.property(tableArb, ({ k, truth }) => {
        const input = dbInput(truth, k)
        const table = naive(truth, k)
        const { grand, areaTotals, monthTotals } = trueTotals(truth)
        const ai = (area: string) => truth.areas.indexOf(area)
        const mi = (month: string) => truth.months!.indexOf(month)
        for (const knowledge of [undefined, input]) {
          for (const { ref, value } of auditRecoverable(table, k, knowledge)) {
            found++
            const want =
              ref.kind === 'cell'
                ? truth.counts[ai(ref.area)]![ref.month === undefined ? 0 : mi(ref.month)]!
                : ref.kind === 'area-total'
                  ? areaTotals[ai(ref.area)]!
                  : ref.kind === 'month-total'
                    ? monthTotals[mi(ref.month)]!
                    : grand
            expect(value).toBe(want)
          }
        }
      }),
      { numRuns: 500 },
    )
    expect(found).toBeGreaterThan(0) // and naive tables do leak
  })

  it('the audit catches the naive table whenever one small cell sits in a 1-D table with a visible total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 7 }),
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 7, max: 50 })), { minLength: 0, maxLength: 7 }),
        fc.nat(),
        (k, others, pick) => {
          const small = 1 + (pick % (k - 1))
          const truth = oneD(Object.fromEntries([small, ...others].map((v, i) => [`E0${i}`, v])))
          if (sum([small, ...others]) < k) return // the total is small and hidden too
          const rec = auditRecoverable(naive(truth, k), k)
          expect(rec).toContainEqual({ ref: { kind: 'cell', area: 'E00' }, value: small })
        },
      ),
    )
  })
})

describe('scale', () => {
  it('handles 600 areas × 12 months promptly', () => {
    let s = 42
    const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
    const truth: Truth = {
      areas: Array.from({ length: 600 }, (_, a) => `E01${String(a).padStart(6, '0')}`),
      months: Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}`),
      counts: Array.from({ length: 600 }, () => Array.from({ length: 12 }, () => (rand() < 0.3 ? 0 : Math.floor(rand() * 25)))),
    }
    const input = dbInput(truth, 5)
    const started = Date.now()
    const r = suppressTable(input)
    const elapsed = Date.now() - started
    expect(auditRecoverable(r, 5, input)).toEqual([])
    expect(elapsed).toBeLessThan(20_000)
  })
})
