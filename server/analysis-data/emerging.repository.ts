import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { HexFilter } from './hex.repository.js'

/**
 * SQL for emerging hotspots (leads only): distinct referrals per hex cell and whole month
 * from `analysis_hex_month_counts` (migration 0010: built on disclosed_locations(), refused to every
 * role but lead).
 */

export interface HexMonthRow {
  /** YYYY-MM */
  month: string
  q: number
  r: number
  n: number
}

export async function hexMonthCounts(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter): Promise<HexMonthRow[]> {
  const { rows } = await sql<{ month: string; q: number; r: number; n: string | number }>`
    select to_char(month, 'YYYY-MM') as month, cell_q as q, cell_r as r, n
    from analysis_hex_month_counts(${size}::integer, ${from}::date, ${to}::date,
                                   ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(db)
  return rows.map((row) => ({ month: row.month, q: Number(row.q), r: Number(row.r), n: Number(row.n) }))
}
