import { describe, expect, it } from 'vitest'
import { checkEvaluateQuery } from '../../server/analysis-data/evaluate.service.js'
import { currentMonth, monthsBetween, usableMonths } from '../../server/analysis-data/months.js'

describe('whole months and the current, partial one', () => {
  it('the current month is the London calendar month of today', () => {
    expect(currentMonth('2026-12-05')).toBe('2026-12')
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
  })

  it('a range reaching the current month ends at the last whole month unless the partial month is asked for', () => {
    const today = '2026-12-05'
    expect(usableMonths('2026-01', '2026-12', false, today)).toEqual({ months: monthsBetween('2026-01', '2026-11'), partialMonth: '2026-12', last: '2026-11' })
    expect(usableMonths('2026-01', '2026-12', true, today)).toEqual({ months: monthsBetween('2026-01', '2026-12'), partialMonth: '2026-12', last: '2026-12' })
    // Later months are not whole either.
    expect(usableMonths('2026-06', '2027-02', false, today).months).toEqual(monthsBetween('2026-06', '2026-11'))
    // A range of whole months is untouched and has no partial month.
    expect(usableMonths('2025-01', '2025-12', false, today)).toEqual({ months: monthsBetween('2025-01', '2025-12'), partialMonth: null, last: '2025-12' })
    // January: the last whole month is December of the year before.
    expect(usableMonths('2026-10', '2027-01', false, '2027-01-31').last).toBe('2026-12')
    expect(usableMonths('2026-12', '2026-12', false, '2026-12-01').months).toEqual([])
  })

  it('evaluation: the test period ends at the last whole month; a training period in the current month is refused', () => {
    const base = { trainFrom: '2026-01', trainTo: '2026-06', testFrom: '2026-07', testTo: '2026-12' }
    expect(checkEvaluateQuery(base, '2026-12-05')).toMatchObject({ testTo: '2026-11', partialMonth: '2026-12', partialIncluded: false })
    expect(checkEvaluateQuery({ ...base, partial: true }, '2026-12-05')).toMatchObject({ testTo: '2026-12', partialMonth: '2026-12', partialIncluded: true })
    expect(checkEvaluateQuery(base, '2027-01-10')).toMatchObject({ testTo: '2026-12', partialMonth: null, partialIncluded: false })
    const fieldOf = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return (e as { errors?: Array<{ field: string }> }).errors?.[0]?.field
      }
      return null
    }
    expect(fieldOf(() => checkEvaluateQuery({ ...base, testFrom: '2026-12' }, '2026-12-05'))).toBe('testFrom')
    expect(fieldOf(() => checkEvaluateQuery({ trainFrom: '2026-10', trainTo: '2026-12', testFrom: '2027-01', testTo: '2027-02' }, '2026-12-05'))).toBe(
      'trainTo',
    )
  })
})
