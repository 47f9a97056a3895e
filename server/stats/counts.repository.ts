import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

export const GEOGRAPHIES = ['borough', 'ward', 'lsoa', 'hex250', 'hex500', 'hex1000'] as const
export type Geography = (typeof GEOGRAPHIES)[number]

export interface CountsFilter {
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
  kind?: string | undefined
}

export interface CountRow {
  line: 'cell' | 'area' | 'month' | 'total'
  area: string | null
  month: string | null
  n: number | null
  suppressed: boolean
}

/**
 * Counts of distinct referrals per fixed area (and whole month), from the database's disclosure
 * function: it decides whose referrals the actor may count and, for all but leads, publishes each count
 * through the cell-key perturbation (docs/disclosure.md).
 */
export async function countRows(db: Kysely<DB>, geography: Geography, from: string, to: string, byMonth: boolean, f: CountsFilter): Promise<CountRow[]> {
  const { rows } = await sql<CountRow>`
    select line, area, to_char(month, 'YYYY-MM') as month, n, suppressed
    from stats_counts(${geography}, ${from}::date, ${to}::date, ${byMonth},
                      ${f.programme ?? null}, ${f.subjectRole ?? null}, ${f.ageBand ?? null}, ${f.kind ?? null})`.execute(db)
  return rows
}
