import { sql, type Expression, type RawBuilder } from 'kysely'
import { OVERVIEW_TOLERANCE_M } from './overview.js'

/**
 * How much boundary detail a map needs. `full` is every published vertex (the default, and what
 * lookups, classification and exports always use). `display` simplifies each shape to within
 * DISPLAY_TOLERANCE_M in the stored grid (EPSG:27700, ST_SimplifyPreserveTopology) before it is sent:
 * less than a pixel up to zoom 17 (about 0.75 m per pixel in London), and about half the vertices of
 * the London boroughs, so a browser fetches, parses and tiles half as much before its first frame.
 * Neighbours are simplified one by one, so their edges may part by up to twice the tolerance: fine
 * for drawing, never for deciding which side of a line a point is on.
 */
export const DETAILS = ['full', 'display', 'overview'] as const
export type Detail = (typeof DETAILS)[number]
export const DISPLAY_TOLERANCE_M = 1

/** The tolerance each simplified detail is drawn to, in metres (`overview`: the overview picture's, under a pixel to zoom 12). */
export const TOLERANCE_M: Record<Exclude<Detail, 'full'>, number> = { display: DISPLAY_TOLERANCE_M, overview: OVERVIEW_TOLERANCE_M }

/** The stored geometry at that detail (still in EPSG:27700). */
export function atDetail(geom: Expression<unknown>, detail: Detail): RawBuilder<unknown> {
  return detail === 'full' ? sql`${geom}` : sql`ST_SimplifyPreserveTopology(${geom}, ${TOLERANCE_M[detail]}::float8)`
}
