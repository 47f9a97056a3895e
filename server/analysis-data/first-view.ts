import { addMonths, monthOf } from './month-arithmetic.js'

/**
 * What the web app shows first, defined once: the page (web/src) opens with these, and the service
 * answers the questions they make for each organisation as it starts (server/cache/first-view.ts), so
 * the first person to sign in after a restart does not wait for them. Pure: no Node or browser API.
 */
export const FIRST_VIEW = {
  /** Hexagon size of the lead's hex bins and hot spots, metres. */
  hexSizeM: 500,
  /** The border the lead's border zone shows first: Brent | Westminster. */
  border: 'E09000005,E09000033',
  /** The commissioner's blend of residence and activity. */
  blendWeight: 0.5,
} as const

/**
 * The last twelve complete months (UTC): the month not yet over is left out of the first period (a
 * part-month would read as a fall in every trend); it can still be chosen.
 */
export function firstViewPeriod(today = new Date()): { from: string; to: string } {
  const to = addMonths(monthOf(today), -1)
  return { from: addMonths(to, -11), to }
}
