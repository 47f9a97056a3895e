import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { PRECOMPUTED_HEX_SIZES, precomputedLeadCells, type HexFilter } from './hex.repository.js'

/**
 * A lead's exact counts per hexagon for the hot-spot analyses, binned in SQL by arithmetic on the
 * located events' coordinates (tile_hex_axial, migration 0012: the grid's own cube rounding, no
 * geometry operation per event) over analysis_exact_locations (migration 0010: the organisation's
 * located events, refused to every role but lead). No cell key is computed (a lead's counts are
 * exact) and no total line is needed, which is what makes it fast at any size.
 *
 * The unit of count:
 * - 'referrals': distinct referrals per cell — a referral counts once in each cell where it has a
 *   located event of the kind asked for (all kinds: home, incident, school, …), so a referral with a
 *   home in one cell and an incident in another counts in both;
 * - 'events': located events per cell — every event counts where it happened.
 */

export type CountUnit = 'referrals' | 'events'
export const COUNT_UNITS: readonly CountUnit[] = ['referrals', 'events']

/** What the hot-spot analyses (hot spots, emerging hot spots, their evaluation) count, over which study area. */
export interface CellCountOptions {
  /** Borough codes of the study area (default: the organisation's working boroughs; study-area.ts). */
  boroughs?: string[] | undefined
  /** Count distinct referrals (default) or located events per cell (per cell and month for emerging hot spots). */
  unit?: CountUnit | undefined
  /** Count one location kind only. */
  kind?: string | undefined
}

export interface LeadHexCount {
  q: number
  r: number
  n: number
}

export interface LeadCountOptions {
  unit: CountUnit
  /** One location kind only (null: every kind). */
  kind: string | null
}

/**
 * Exact counts per cell of `size` over whole months (first days of `from`, `to`). Distinct referrals
 * of every location kind at a size whose counts are kept at write time (PRECOMPUTED_HEX_SIZES) are
 * read from there (1M locations: 2 s of binning → 0.15 s); anything else is binned here.
 */
export async function leadHexCounts(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter, o: LeadCountOptions): Promise<LeadHexCount[]> {
  if (o.unit === 'referrals' && o.kind === null && PRECOMPUTED_HEX_SIZES.has(size)) return precomputedLeadCells(db, size, from, to, f)
  const { rows } = await sql<{ q: number; r: number; n: string | number }>`
    select h.q, h.r, case when ${o.unit}::text = 'events' then count(*) else count(distinct l.referral_id) end as n
    from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) l
    cross join lateral tile_hex_axial(ST_X(l.geom), ST_Y(l.geom), ${size}::double precision) h
    where ${o.kind}::text is null or l.kind = ${o.kind}::text
    group by h.q, h.r`.execute(db)
  return rows.map((row) => ({ q: Number(row.q), r: Number(row.r), n: Number(row.n) }))
}

/** The same per month (YYYY-MM), for emerging hot spots. */
export async function leadHexMonthCounts(
  db: Kysely<DB>,
  size: number,
  from: string,
  to: string,
  f: HexFilter,
  o: LeadCountOptions,
): Promise<Array<LeadHexCount & { month: string }>> {
  const { rows } = await sql<{ month: string; q: number; r: number; n: string | number }>`
    select to_char(l.observed_on, 'YYYY-MM') as month, h.q, h.r,
           case when ${o.unit}::text = 'events' then count(*) else count(distinct l.referral_id) end as n
    from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text) l
    cross join lateral tile_hex_axial(ST_X(l.geom), ST_Y(l.geom), ${size}::double precision) h
    where ${o.kind}::text is null or l.kind = ${o.kind}::text
    group by 1, 2, 3`.execute(db)
  return rows.map((row) => ({ month: row.month, q: Number(row.q), r: Number(row.r), n: Number(row.n) }))
}

/** The database role of the transaction (a relocation check runs hot spots inside a caseworker's). */
export async function actingRole(db: Kysely<DB>): Promise<string | null> {
  const {
    rows: [who],
  } = await sql<{ role: string | null }>`select app_role() as role`.execute(db)
  return who?.role ?? null
}
