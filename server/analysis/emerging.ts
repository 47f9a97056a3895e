import { classifyAll, type HotspotClass } from './fdr.js'
import { bandWeights, giStar, type Weights } from './gistar.js'
import { DEFAULT_BAND, type DistanceBand } from './hexgrid.js'
import { studyAreaCounts } from './hotspots.js'
import { mannKendall, Z_TIE_TOLERANCE, type MannKendall } from './mannkendall.js'

/**
 * Emerging hotspots: Gi* for every month on the same study area (BH-corrected within each month),
 * plus a Mann–Kendall trend test on each cell's series of monthly Gi* z-scores.
 *
 * A cell is *hot* in a month when its Gi* z > 0 and its (BH-adjusted) p ≤ hotAlpha (default 0.10,
 * i.e. any of hot-90/95/99); *cold* likewise with z < 0. With T months, H the number of hot months
 * and "final" the last month, the hot patterns — adapted from ESRI's Emerging Hot Spot Analysis
 * (ArcGIS Pro, "How Emerging Hot Spot Analysis works") — are, checked in this order:
 *
 * - new:          hot in the final month and in no earlier month (H = 1). (ESRI: New Hot Spot.)
 * - intensifying: hot in the final month, H ≥ 90 % of T, and the Mann–Kendall trend of the z series
 *                 is significantly increasing (MK p ≤ trendAlpha, default 0.05, Z > 0).
 * - persistent:   hot in the final month, H ≥ 90 % of T, and no significant MK trend.
 * - diminishing:  hot in the final month, H ≥ 90 % of T, and a significantly decreasing MK trend.
 * - sporadic:     hot in the final month and in at least one earlier month, H < 90 % of T, and
 *                 never cold. (ESRI's Consecutive Hot Spot — a final unbroken run — also falls here.)
 * - none:         anything else. This includes ESRI's Historical (hot ≥ 90 % but not in the final
 *                 month: persistent here requires the final month, so a cell that has stopped being
 *                 hot is not reported as a current pattern) and Oscillating (hot in the final month
 *                 with some cold month in its history).
 *
 * Cold patterns are the mirror image (polarity 'cold'): the same rules with hot and cold swapped,
 * where "intensifying" means the z series is significantly *decreasing* (getting colder) and
 * "diminishing" significantly increasing. polarity is 'hot' or 'cold' by the final month's state,
 * null when the final month is neither (then pattern is 'none').
 *
 * Only cells with events are tested: a cell with no event in any month (every monthly count 0) gets
 * no trend and pattern 'none', as ESRI's space-time cube leaves out locations with no points in any
 * time step. Its Gi* z still moves with the monthly totals (an empty band's z is −T·W/…), so a
 * rising total would otherwise show as a significant trend in places where nothing happened. The
 * cell still counts in every month's Gi* (the study area is the same each month).
 */

export type EmergingPattern = 'new' | 'intensifying' | 'persistent' | 'diminishing' | 'sporadic' | 'none'

/** Share of months that makes intensifying / persistent / diminishing. */
export const PERSISTENT_SHARE = 0.9

export interface EmergingOptions {
  readonly band?: DistanceBand
  readonly weights?: Weights
  /** BH correction of each month's p-values (default true). */
  readonly fdr?: boolean
  /** Significance for a month to count as hot/cold (default 0.10). */
  readonly hotAlpha?: number
  /** Significance of the Mann–Kendall trend (default 0.05). */
  readonly trendAlpha?: number
}

export interface EmergingCell {
  readonly id: string
  readonly pattern: EmergingPattern
  readonly polarity: 'hot' | 'cold' | null
  readonly months: number
  readonly hotMonths: number
  readonly coldMonths: number
  /** Gi* z of each month, oldest first. */
  readonly z: readonly number[]
  /** Class of each month (BH-corrected unless fdr is off), oldest first. */
  readonly classes: readonly HotspotClass[]
  /** Mann–Kendall on the z series; null for a cell with no event in any month (not tested). */
  readonly trend: MannKendall | null
}

/** The pattern of one cell from its monthly states (+1 hot, −1 cold, 0 neither) and MK trend. */
export function emergingPattern(
  states: readonly (1 | -1 | 0)[],
  trend: Pick<MannKendall, 'z' | 'p'>,
  trendAlpha = 0.05,
): { pattern: EmergingPattern; polarity: 'hot' | 'cold' | null } {
  const t = states.length
  const last = t > 0 ? states[t - 1]! : 0
  if (last === 0) return { pattern: 'none', polarity: null }
  const polarity = last > 0 ? 'hot' : 'cold'
  const same = states.filter((s) => s === last).length
  const opposite = states.filter((s) => s === -last).length
  if (same === 1) return { pattern: 'new', polarity }
  if (same >= PERSISTENT_SHARE * t - 1e-9) {
    // "Towards more extreme" is increasing z for hot, decreasing z for cold.
    const significant = trend.p <= trendAlpha && trend.z !== 0
    if (!significant) return { pattern: 'persistent', polarity }
    return { pattern: Math.sign(trend.z) === last ? 'intensifying' : 'diminishing', polarity }
  }
  if (opposite === 0) return { pattern: 'sporadic', polarity }
  return { pattern: 'none', polarity }
}

/**
 * Emerging patterns for every study-area cell, from monthly counts (oldest month first; each map
 * may be sparse — absent cells count 0 — but may not name cells outside the study area).
 */
export function emergingHotspots(studyArea: Iterable<string>, monthly: readonly ReadonlyMap<string, number>[], options: EmergingOptions = {}): EmergingCell[] {
  const cells = [...studyArea]
  const weights = options.weights ?? bandWeights(options.band ?? DEFAULT_BAND)
  const hotAlpha = options.hotAlpha ?? 0.1
  const trendAlpha = options.trendAlpha ?? 0.05
  const perMonth = monthly.map((m) => {
    const { counts } = studyAreaCounts(cells, m)
    const gi = giStar(counts, weights)
    const classes = classifyAll(gi, { fdr: options.fdr ?? true })
    return { gi, classes }
  })
  const withEvents = new Set<string>()
  for (const m of monthly) for (const [id, x] of m) if (x !== 0) withEvents.add(id)
  return cells.map((id) => {
    const z = perMonth.map((m) => m.gi.get(id)!.z)
    const classes = perMonth.map((m) => m.classes.get(id)!.class)
    const states = perMonth.map((m, i): 1 | -1 | 0 => {
      const { pAdjusted } = m.classes.get(id)!
      const zi = z[i]!
      return pAdjusted <= hotAlpha && zi !== 0 ? (zi > 0 ? 1 : -1) : 0
    })
    const trend = withEvents.has(id) ? mannKendall(z, { alpha: trendAlpha, tolerance: Z_TIE_TOLERANCE }) : null
    const { pattern, polarity } = trend === null ? { pattern: 'none' as const, polarity: null } : emergingPattern(states, trend, trendAlpha)
    return {
      id,
      pattern,
      polarity,
      months: z.length,
      hotMonths: states.filter((s) => s > 0).length,
      coldMonths: states.filter((s) => s < 0).length,
      z,
      classes,
      trend,
    }
  })
}
