import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * SQL access for border activity. Counting happens in the database's disclosure function
 * `analysis_border_activity` (migration 0009): it decides whose referrals the actor may count and
 * nulls cells of 1..k−1 for all but leads. Adjacency comes from the public boundary tables.
 */

export interface BorderActivityRow {
  line: 'cell' | 'area' | 'month' | 'total'
  /** The side (a borough code of the pair); null on month and grand totals. */
  side: string | null
  /** YYYY-MM; null on side and grand totals. */
  month: string | null
  /** null when primary-suppressed (1..k−1, non-leads only). */
  n: number | null
  suppressed: boolean
}

/** Whether boroughs `a` and `b` share a border (borough_adjacency holds both orders). */
export async function areAdjacent(db: Kysely<DB>, a: string, b: string): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from borough_adjacency where borough = ${a} and neighbour = ${b} limit 1`.execute(db)
  return rows.length > 0
}

/** Distinct referrals per side and whole month (first days of `from`, `to`) within `distance` metres of the A|B border, with totals. */
export async function borderActivityRows(db: Kysely<DB>, a: string, b: string, distance: number, from: string, to: string): Promise<BorderActivityRow[]> {
  const { rows } = await sql<{ line: BorderActivityRow['line']; side: string | null; month: string | null; n: string | number | null; suppressed: boolean }>`
    select line, side, to_char(month, 'YYYY-MM') as month, n, suppressed
    from analysis_border_activity(${a}::text, ${b}::text, ${distance}::double precision, ${from}::date, ${to}::date)`.execute(db)
  return rows.map((row) => ({ ...row, n: row.n === null ? null : Number(row.n) }))
}
