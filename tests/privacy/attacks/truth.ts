import { sql, type Kysely } from 'kysely'
import type { DB } from '../../../server/db/types.js'

/**
 * The truth as the data owner sees it: every located event an aggregate reader's counts are built
 * from, read once with the owner's connection (never through the service), with what each route
 * counts by — borough, ward, LSOA, the hex of each fixed size, the nearest other borough and the
 * distance to it, the month — and the referral's fields. Counts of record sets are then computed
 * here, independently of the service's SQL.
 */
export interface Loc {
  rid: string
  kind: string
  day: string
  month: string
  borough: string
  ward: string | null
  lsoa: string | null
  border: string | null
  borderM: number | null
  h250: string
  h500: string
  h1000: string
  programme: string
  subjectRole: string
  ageBand: string
}

/** commissioner: the scope's boroughs; partner: those and at-risk subjects only; organisation: every borough. */
export type Population = 'commissioner' | 'partner' | 'organisation'

export interface Truth {
  /** The located events a commissioner (scope boroughs) or partner (and at-risk subjects only) counts. */
  locs(pop: Population): Loc[]
  /** Every located event of the organisation's unrestricted referrals, in every borough. */
  all: Loc[]
}

export async function loadTruth(system: Kysely<DB>, orgId: string, scope: string[]): Promise<Truth> {
  const { rows } = await sql<Loc>`
    select l.referral_id::text as rid, l.kind, l.observed_on::text as day, to_char(l.observed_on, 'YYYY-MM') as month,
           l.borough_code as borough, l.ward_code as ward, l.lsoa_code as lsoa, l.border_code as border,
           l.border_distance_m as "borderM",
           hex_cell_id(l.geom, 250) as h250, hex_cell_id(l.geom, 500) as h500, hex_cell_id(l.geom, 1000) as h1000,
           p.slug as programme, r.subject_role as "subjectRole", r.age_band as "ageBand"
    from referral_locations l join referrals r on r.id = l.referral_id join programmes p on p.id = r.programme_id
    where r.organisation_id = ${orgId}::uuid and not r.restricted and l.borough_code is not null`.execute(system)
  const inScope = rows.filter((l) => scope.includes(l.borough))
  const partner = inScope.filter((l) => l.subjectRole === 'at_risk')
  return { all: rows, locs: (pop) => (pop === 'partner' ? partner : pop === 'organisation' ? rows : inScope) }
}

/**
 * What is reported of a record set: by default its size (the true count); `published(keys)` gives
 * the value the cell-key method must publish for it instead.
 */
export type Measure = (set: ReadonlySet<string>) => number
export const size: Measure = (s) => s.size

/** The referrals of the located events that pass `pred`, measured. */
export function countDistinct(locs: readonly Loc[], pred: (l: Loc) => boolean, measure: Measure = size): number {
  const s = new Set<string>()
  for (const l of locs) if (pred(l)) s.add(l.rid)
  return measure(s)
}

/** Distinct referrals per key (a referral with events under two keys counts under both), measured. */
export function countBy(locs: readonly Loc[], pred: (l: Loc) => boolean, key: (l: Loc) => string | null, measure: Measure = size): Map<string, number> {
  const sets = new Map<string, Set<string>>()
  for (const l of locs) {
    if (!pred(l)) continue
    const k = key(l)
    if (k === null) continue
    let s = sets.get(k)
    if (!s) sets.set(k, (s = new Set()))
    s.add(l.rid)
  }
  return new Map([...sets].map(([k, s]) => [k, measure(s)]))
}

/** The record keys (owner's connection; the table exists from migration 0021 on), or undefined before the cell-key method. */
export async function loadRecordKeys(system: Kysely<DB>): Promise<Map<string, number> | undefined> {
  try {
    const { rows } = await sql<{ rid: string; key: number }>`select referral_id::text as rid, record_key as key from referral_record_keys`.execute(system)
    return new Map(rows.map((r) => [r.rid, r.key]))
  } catch {
    return undefined
  }
}
