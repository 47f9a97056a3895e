import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * SQL access for the funding report. Counting happens in the database's disclosure
 * function `funding_report` (migration 0011): it decides whose referrals the actor may count, how
 * each is split between boroughs, and nulls cells of 1..k−1 for all but leads. Names come from the
 * public boundary table.
 */

export const FUNDING_BASES = ['residence', 'activity', 'blend'] as const
export type FundingBasis = (typeof FUNDING_BASES)[number]
/** `cross`: the referral's home/incident/school/hangout events lie in two or more boroughs. */
export const FUNDING_PARTS = ['cross', 'single'] as const
export type FundingPart = (typeof FUNDING_PARTS)[number]

export interface FundingRow {
  line: 'cell' | 'area' | 'part' | 'total'
  /** Borough code on cells and borough lines. */
  borough: string | null
  /** On cells and part totals. */
  part: FundingPart | null
  /** Distinct referrals with a part in the borough (summed on totals); null when primary-suppressed. */
  n: number | null
  /** Weighted referrals (borough lines and the grand total only). */
  weighted: number | null
  suppressed: boolean
}

/** The funding table for whole months (first days of `from`, `to`); `weight` is the residence weight of a blend. */
export async function fundingRows(
  db: Kysely<DB>,
  basis: FundingBasis,
  weight: number,
  from: string,
  to: string,
  programme: string | null,
): Promise<FundingRow[]> {
  const { rows } = await sql<{
    line: FundingRow['line']
    borough: string | null
    part: FundingPart | null
    n: string | number | null
    weighted: number | null
    suppressed: boolean
  }>`
    select line, borough, part, n, weighted, suppressed
    from funding_report(${basis}::text, ${weight}::double precision, ${from}::date, ${to}::date, ${programme}::text)`.execute(db)
  return rows.map((r) => ({ ...r, n: r.n === null ? null : Number(r.n), weighted: r.weighted === null ? null : Number(r.weighted) }))
}

/** Aggregate readers' integers: referrals resident and active per borough, and counted in all, as the database publishes them. */
export async function fundingCountRows(
  db: Kysely<DB>,
  from: string,
  to: string,
  programme: string | null,
): Promise<Array<{ line: 'residence' | 'activity' | 'total'; borough: string | null; n: number }>> {
  const { rows } = await sql<{ line: 'residence' | 'activity' | 'total'; borough: string | null; n: string | number }>`
    select line, borough, n from funding_counts(${from}::date, ${to}::date, ${programme}::text)`.execute(db)
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}

/** Names of the boroughs in force, by code (public boundary data). */
export async function boroughNames(db: Kysely<DB>): Promise<Map<string, string>> {
  const { rows } = await sql<{ code: string; name: string }>`
    select code, name from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)`.execute(db)
  return new Map(rows.map((r) => [r.code, r.name]))
}
