/** Calendar arithmetic on 'YYYY-MM-DD' strings, in UTC so the output never depends on the host's zone. */
const DAY_MS = 86_400_000

export const parseDay = (d: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(`${d}T00:00:00Z`))) throw new Error(`not a date (YYYY-MM-DD): ${d}`)
  return Date.parse(`${d}T00:00:00Z`) / DAY_MS
}

export const formatDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** Month of year (0 = January) of a day number. */
export const monthOfYear = (day: number): number => new Date(day * DAY_MS).getUTCMonth()

/** Today's date in UTC. */
export const todayUtc = (): string => new Date().toISOString().slice(0, 10)

/** Days in the 24 months the demo spans. */
export const DEMO_SPAN_DAYS = 730
