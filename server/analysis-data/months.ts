import { londonToday } from '../referrals/validation.js'

/**
 * Whole months (YYYY-MM) and the current, partial one. The analyses count whole calendar months;
 * the month in progress (by the London calendar) holds only the days so far, so a trend or an
 * evaluation that treats it as a whole month sees a fall that is not there. It is marked, and left
 * out of trends and evaluations unless the caller asks for it.
 */

/** Every whole month from `from` to `to` (YYYY-MM), inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/** The month in progress, YYYY-MM (London calendar). */
export const currentMonth = (today: string = londonToday()): string => today.slice(0, 7)

/** The month before `ym`. */
export function previousMonth(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/**
 * The months of from–to that may be used: with `includePartial` all of them; otherwise only whole
 * months before the current one (the current month and any later one are left out). `partialMonth`
 * is the current month when it falls within from–to.
 */
export function usableMonths(
  from: string,
  to: string,
  includePartial: boolean,
  today?: string,
): { months: string[]; partialMonth: string | null; last: string } {
  const now = currentMonth(today)
  const partialMonth = from <= now && now <= to ? now : null
  const last = includePartial || to < now ? to : previousMonth(now)
  return { months: last < from ? [] : monthsBetween(from, last), partialMonth, last }
}
