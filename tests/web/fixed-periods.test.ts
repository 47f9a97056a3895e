import { describe, expect, it } from 'vitest'
import {
  defaultFixedPeriod,
  financialYearOf,
  fixedPeriodOf,
  fixedPeriodOptions,
  isFixedPeriod,
  lastCompleteMonth,
  lastCompleteQuarter,
  monthsOf,
  parsePeriodValue,
  periodDates,
  periodValue,
  quarterOf,
} from '../../web/src/state/fixed-periods.js'

/** The contract the server applies to aggregate readers' from/to, checked on every pair of months over four years. */
function serverAccepts(from: string, to: string): boolean {
  const [fy, fm] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  const span = ty * 12 + tm - (fy * 12 + fm)
  if (span === 0) return true
  if (span === 2 && [1, 4, 7, 10].includes(fm)) return true
  if (span === 11 && fm === 4) return true
  return false
}
const ALL_MONTHS = Array.from({ length: 48 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`)

describe('fixed periods (aggregate readers)', () => {
  it('recognises exactly months, calendar quarters and April–March financial years', () => {
    let fixed = 0
    for (const from of ALL_MONTHS) {
      for (const to of ALL_MONTHS) {
        expect(isFixedPeriod(from, to), `${from}..${to}`).toBe(serverAccepts(from, to))
        if (serverAccepts(from, to)) fixed++
      }
    }
    // 48 months, 16 quarters, 3 whole financial years (2024/25, 2025/26, 2026/27) in 2024–2027.
    expect(fixed).toBe(48 + 16 + 3)
  })

  it('labels each kind', () => {
    expect(fixedPeriodOf('2026-03', '2026-03')).toEqual({ kind: 'month', from: '2026-03', to: '2026-03', label: 'March 2026' })
    expect(fixedPeriodOf('2026-01', '2026-03')).toEqual({ kind: 'quarter', from: '2026-01', to: '2026-03', label: 'Quarter Jan–Mar 2026' })
    expect(fixedPeriodOf('2026-10', '2026-12')?.label).toBe('Quarter Oct–Dec 2026')
    expect(fixedPeriodOf('2025-04', '2026-03')).toEqual({ kind: 'financial-year', from: '2025-04', to: '2026-03', label: 'Financial year 2025/26' })
    expect(fixedPeriodOf('2099-04', '2100-03')?.label).toBe('Financial year 2099/00')
  })

  it('refuses free ranges, reversed ranges and malformed months', () => {
    for (const [from, to] of [
      ['2025-12', '2026-11'],
      ['2026-02', '2026-04'],
      ['2026-01', '2026-12'],
      ['2026-04', '2026-03'],
      ['2026-13', '2026-13'],
      ['2026-1', '2026-1'],
      ['', ''],
      ['2026-04', '2027-04'],
    ] as const) {
      expect(fixedPeriodOf(from, to), `${from}..${to}`).toBeNull()
    }
    expect(fixedPeriodOf(undefined, '2026-01')).toBeNull()
  })

  it('finds the quarter and the financial year of a month', () => {
    expect(quarterOf('2026-05')).toMatchObject({ from: '2026-04', to: '2026-06' })
    expect(quarterOf('2026-12')).toMatchObject({ from: '2026-10', to: '2026-12' })
    expect(financialYearOf('2026-03')).toMatchObject({ from: '2025-04', to: '2026-03' })
    expect(financialYearOf('2026-04')).toMatchObject({ from: '2026-04', to: '2027-03' })
  })

  it('defaults to the last complete calendar quarter, never the one in progress', () => {
    expect(lastCompleteMonth(new Date('2026-12-05T08:00:00Z'))).toBe('2026-11')
    expect(lastCompleteQuarter(new Date('2026-12-05T08:00:00Z'))).toMatchObject({ from: '2026-07', to: '2026-09', label: 'Quarter Jul–Sep 2026' })
    // On the first day of a quarter the one just ended is complete.
    expect(lastCompleteQuarter(new Date('2026-10-01T00:00:00Z'))).toMatchObject({ from: '2026-07', to: '2026-09' })
    expect(lastCompleteQuarter(new Date('2026-01-15T00:00:00Z'))).toMatchObject({ from: '2025-10', to: '2025-12' })
  })

  it('offers only ended periods within the bounds, newest first, every one accepted by the server', () => {
    const now = new Date('2026-12-05T08:00:00Z')
    const groups = fixedPeriodOptions(now)
    expect(groups.month[0]).toMatchObject({ from: '2026-11', to: '2026-11' })
    expect(groups.month).toHaveLength(36)
    expect(groups.quarter[0]).toMatchObject({ from: '2026-07', to: '2026-09' })
    expect(groups['financial-year'].map((p) => p.label)).toEqual(['Financial year 2025/26', 'Financial year 2024/25'])
    for (const p of [...groups.month, ...groups.quarter, ...groups['financial-year']]) {
      expect(serverAccepts(p.from, p.to), p.label).toBe(true)
      expect(p.to <= '2026-11').toBe(true)
    }
    expect(defaultFixedPeriod(groups, now)).toMatchObject({ from: '2026-07', to: '2026-09' })

    // A partner's agreement from 2026-02 to 2027-01: nothing before February, nothing unfinished.
    const partner = fixedPeriodOptions(now, { earliest: '2026-02', latest: '2027-01' })
    expect(partner.month.map((p) => p.from)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
      '2026-08',
      '2026-07',
      '2026-06',
      '2026-05',
      '2026-04',
      '2026-03',
      '2026-02',
    ])
    expect(partner.quarter.map((p) => p.from)).toEqual(['2026-07', '2026-04'])
    expect(partner['financial-year']).toEqual([])
    // An agreement that ended in August: its last complete quarter is April–June.
    const ended = fixedPeriodOptions(now, { earliest: '2026-02', latest: '2026-08' })
    expect(defaultFixedPeriod(ended, now)).toMatchObject({ from: '2026-04', to: '2026-06' })
    // Nothing has ended yet: no period at all.
    const none = fixedPeriodOptions(now, { earliest: '2026-12' })
    expect(defaultFixedPeriod(none, now)).toBeNull()
  })

  it('keeps a linked fixed period and ignores a linked free range', () => {
    const now = new Date('2026-12-05T08:00:00Z')
    const groups = fixedPeriodOptions(now)
    expect(defaultFixedPeriod(groups, now, { from: '2026-03', to: '2026-03' })).toMatchObject({ kind: 'month', from: '2026-03' })
    expect(defaultFixedPeriod(groups, now, { from: '2025-12', to: '2026-11' })).toMatchObject({ from: '2026-07', to: '2026-09' })
  })

  it('round-trips the picker value and gives the months and days of a period', () => {
    const q = fixedPeriodOf('2026-01', '2026-03')!
    expect(periodValue(q)).toBe('2026-01/2026-03')
    expect(parsePeriodValue('2026-01/2026-03')).toEqual(q)
    expect(parsePeriodValue('2026-01/2026-04')).toBeNull()
    expect(parsePeriodValue('nonsense')).toBeNull()
    expect(monthsOf(q)).toEqual(['2026-01', '2026-02', '2026-03'])
    expect(monthsOf(fixedPeriodOf('2025-04', '2026-03')!)).toHaveLength(12)
    expect(periodDates(q)).toEqual({ from: '2026-01-01', to: '2026-03-31' })
    expect(periodDates(fixedPeriodOf('2024-02', '2024-02')!)).toEqual({ from: '2024-02-01', to: '2024-02-29' })
  })
})
