import { describe, expect, it } from 'vitest'
import { activityName } from '../../web/src/activity.js'
import { detailText } from '../../web/src/panels/admin/detail-text.js'
import { defaultFilters, isPartialMonth, monthLabel } from '../../web/src/state/filters.js'

describe('months in words', () => {
  const today = new Date(Date.UTC(2026, 11, 5))
  it('marks the month not yet over, and leaves it out of the default period', () => {
    expect(monthLabel('2026-03', today)).toBe('March 2026')
    expect(monthLabel('2026-12', today)).toBe('December 2026 (so far, to 5 December)')
    expect(isPartialMonth('2026-12', today)).toBe(true)
    expect(defaultFilters(today)).toEqual({ from: '2025-12', to: '2026-11' })
  })
})

describe('audit details in words', () => {
  it('reads an entry detail as field: value pairs, never JSON', () => {
    expect(detailText({ ip: '127.0.0.1', email: 'a@b.test' })).toBe('ip: 127.0.0.1; email: a@b.test')
    expect(detailText({ filter: { limit: 200 }, boroughCodes: ['E09000005', 'E09000033'] })).toBe('filter: limit: 200; borough codes: E09000005, E09000033')
    expect(detailText(null)).toBe('—')
    expect(detailText({ long: 'x'.repeat(300) }).length).toBeLessThanOrEqual(140)
  })
})

describe('progress names', () => {
  it('names requests by the work they do', () => {
    expect(activityName('/analysis/hotspots')).toBe('hot spots')
    expect(activityName('http://127.0.0.1:3105/api/v1/analysis/flows?from=2026-01')).toBe('flows')
    expect(activityName('/reports/funding')).toBe('funding report')
    expect(activityName('/borders/zone?between=E09000005,E09000033&distance=400')).toBe('border zone')
    expect(activityName('/borders?between=E09000005,E09000033')).toBe('border')
    expect(activityName('/something-else')).toBe('data')
  })
})
