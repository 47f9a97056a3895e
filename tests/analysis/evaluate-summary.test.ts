import { describe, expect, it } from 'vitest'
import { evaluateAtShare, evaluateHotspots } from '../../server/analysis/evaluate.js'
import { evaluationSummary, monthRange } from '../../server/analysis/evaluate-summary.js'

const P = { trainFrom: '2026-01', trainTo: '2026-03', testFrom: '2026-04', testTo: '2026-04' }

describe('monthRange', () => {
  it('names one month, a range within a year, and a range across years', () => {
    expect(monthRange('2026-04', '2026-04')).toBe('April 2026')
    expect(monthRange('2026-01', '2026-03')).toBe('January to March 2026')
    expect(monthRange('2025-11', '2026-02')).toBe('November 2025 to February 2026')
  })
})

describe('evaluationSummary', () => {
  // 20 cells of 1 km² (A = 20 km²); training puts 10 in a, 5 in b, 1 in c; test 6 of 12 in a.
  const cells = Array.from({ length: 20 }, (_, i) => `c${i}`)
  const input = {
    cells,
    training: new Map([
      ['c0', 10],
      ['c1', 5],
      ['c2', 1],
    ]),
    test: new Map([
      ['c0', 6],
      ['c3', 6],
    ]),
    area: 1e6,
  }

  it('says in words what hit rate, PAI and recapture rate found (worked example)', () => {
    // share 0.05 → one cell (c0): a/A = 1/20, n/N = 6/12 = 50 %, PAI = 0.5/0.05 = 10, RRI = (6/10)/(12/16) = 0.8.
    const e = evaluateAtShare(input, 0.05)
    expect(e.hotspots).toEqual(['c0'])
    expect(e.pai).toBeCloseTo(10, 12)
    expect(e.rri).toBeCloseTo(0.8, 12)
    const s = evaluationSummary(e, P)
    expect(s).toBe(
      'The area with the most referrals in January to March 2026 (1.0 km², 5% of the map) held 50% of the referrals in April 2026 (6 of 12), 10 times what the same amount of map would hold by chance. Their share of referrals fell (0.80 times the earlier share).',
    )
  })

  it('says when the hotspots did no better than chance', () => {
    // Hotspot c0 gets 1 of 20 test referrals spread over all cells: PAI = (1/20)/(1/20) = 1.
    const even = { ...input, test: new Map(cells.map((c) => [c, 1])) }
    const s = evaluationSummary(evaluateAtShare(even, 0.05), P)
    expect(s).toMatch(/held 5% of the referrals in April 2026 \(1 of 20\), about what the same amount of map would hold by chance/)
  })

  it('has an answer when there is nothing to choose or nothing to test', () => {
    expect(evaluationSummary(evaluateAtShare({ ...input, training: new Map() }, 0.05), P)).toBe(
      'There were no referrals in January to March 2026, so there were no hotspots to test against April 2026.',
    )
    expect(evaluationSummary(evaluateAtShare({ ...input, test: new Map() }, 0.05), P)).toMatch(/could not be tested: there were no referrals in April 2026\.$/)
    // A share smaller than one cell: nothing fits.
    expect(evaluationSummary(evaluateHotspots(input, []), P)).toMatch(/choose a larger share/)
  })
})
