import { describe, expect, it } from 'vitest'
import { activityName } from '../../web/src/activity.js'
import { borderZoneSides } from '../../web/src/geo/border-sides.js'
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
    expect(activityName('/something-else')).toBe('data')
  })
})

describe('border zone sides', () => {
  // Two squares sharing the line x = 0 (about 7 km tall at London's latitude) and that line.
  const square = (x0: number, code: string, name: string) => ({
    type: 'Feature' as const,
    properties: { code, name },
    geometry: {
      type: 'Polygon' as const,
      coordinates: [
        [
          [x0, 51.5],
          [x0 + 0.1, 51.5],
          [x0 + 0.1, 51.56],
          [x0, 51.56],
          [x0, 51.5],
        ],
      ],
    },
  })
  const west = square(-0.1, 'W', 'Westside'),
    east = square(0, 'E', 'Eastside')
  const border = {
    type: 'Feature' as const,
    properties: {},
    geometry: {
      type: 'MultiLineString' as const,
      coordinates: [
        [
          [0, 51.5],
          [0, 51.56],
        ],
      ],
    },
  }

  it('cuts the band into one polygon per side, each inside its borough and named', () => {
    const fc = borderZoneSides(border, 400, [west, east])
    expect(fc.features.map((f) => f.properties!.label)).toEqual(['Westside side', 'Eastside side'])
    const xs = (i: number) => (fc.features[i]!.geometry as GeoJSON.Polygon).coordinates[0]!.map((c) => c[0]!)
    expect(Math.max(...xs(0))).toBeLessThanOrEqual(1e-9)
    expect(Math.min(...xs(1))).toBeGreaterThanOrEqual(-1e-9)
    // 400 m at 51.5° N is about 0.0058° of longitude.
    expect(Math.min(...xs(0))).toBeCloseTo(-0.0058, 3)
    expect(Math.max(...xs(1))).toBeCloseTo(0.0058, 3)
  })
})
