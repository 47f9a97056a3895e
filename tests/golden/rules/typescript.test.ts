import { describe, expect, it } from 'vitest'
import { cellCentre, formatCellId, parseCellId } from '../../../server/analysis/hexgrid.js'
import { classify, type PlacedLocation } from '../../../web/src/panels/caseworker/classify.js'
import type { LocationKind } from '../../../web/src/panels/caseworker/kinds.js'
import { type CrossBoundaryCase, GOLDEN_RULES, type HexGolden, readGolden } from './golden-rules.js'

/**
 * The golden cases of tests/golden/rules/*.json through the TypeScript copies: the hex grid of the
 * analyses (server/analysis/hexgrid.ts) and the caseworker page's live classification
 * (web/src/panels/caseworker/classify.ts). database.test.ts runs the same files through SQL.
 */
describe('hex grid golden cases', () => {
  const g = readGolden<HexGolden>(GOLDEN_RULES.hex)

  it('formats, parses and centres each cell as the SQL grid does', () => {
    for (const c of g.cells) {
      expect(formatCellId(c.size, c.q, c.r)).toBe(c.id)
      expect(parseCellId(c.id)).toEqual({ size: c.size, q: c.q, r: c.r })
      const centre = cellCentre(c.size, c)
      expect(centre.x).toBeCloseTo(c.centre[0], 5)
      expect(centre.y).toBeCloseTo(c.centre[1], 5)
    }
  })
})

describe('cross-boundary classification golden cases', () => {
  const g = readGolden<{ cases: CrossBoundaryCase[] }>(GOLDEN_RULES.crossBoundary)

  it('the live classification gives each expected answer from the points’ lookups', () => {
    for (const c of g.cases) {
      const placed: PlacedLocation[] = c.locations.map((l) => ({
        kind: l.kind as LocationKind,
        lon: 0,
        lat: 0,
        lookup: {
          borough: l.borough ? { code: l.borough, name: l.borough } : null,
          ward: null,
          lsoa: null,
          estate: null,
          nearestBorder: l.border ? { code: l.border.code, name: l.border.code, distanceM: l.border.distanceM } : null,
        },
      }))
      const { outside, ...shared } = classify(placed, c.funding, c.zoneM)
      expect(shared, c.note).toEqual(c.expect)
      expect(outside, c.note).toBe(c.locations.filter((l) => !l.borough).length)
    }
  })
})
