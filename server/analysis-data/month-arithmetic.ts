/**
 * Month arithmetic on YYYY-MM strings (UTC), pure: no Node or browser API, so the web app
 * (web/src/state) and the service's first view share it.
 */

/** YYYY-MM of a date (UTC). */
export const monthOf = (d: Date): string => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`

/** The month `n` months after `month` (negative: before). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return monthOf(new Date(Date.UTC(y, m - 1 + n, 1)))
}
