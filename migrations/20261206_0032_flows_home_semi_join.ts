import { sql, type Kysely } from 'kysely'

/**
 * Flows find each referral's home boroughs with a filter the planner can estimate.
 *
 * `analysis_flows` (migration 0021, rewritten by 0029) keeps the home locations of the referrals that
 * have an incident in the period with `referral_id in (select … from inc)`, `inc` being a CTE of
 * distinct rows. PostgreSQL estimates a CTE's distinct values at 200, so it chose one index lookup per
 * referral: at 1M locations, 194,000 lookups for a year (about 2.5 s of a 4.5 s question, psql with
 * auto_explain). The filter now reads the incident locations of the period from the table itself,
 * whose statistics the planner has: a hash semi-join over a year or a quarter, lookups for a month.
 * It only narrows the home rows early; the referrals counted are still those of `inc`, which the home
 * rows are joined to, so every published count and cell key is unchanged.
 *
 * Measured in psql as a lead at 1M locations, JIT off, same result rows and sums: a year 4.5 → 2.6 s,
 * a quarter 2.5 → 1.7 s, a month 1.1 → 1.1 s.
 */
const BEFORE = 'and l.referral_id in (select inc.referral_id from inc)'
const AFTER = `and l.referral_id in (select i.referral_id from referral_locations i
                                   where i.kind = 'incident' and i.borough_code is not null
                                     and i.observed_on >= p_from and i.observed_on < v_until)`

async function rewrite(db: Kysely<any>, from: string, to: string): Promise<void> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = 'analysis_flows'`.execute(db)
  if (rows.length !== 1) throw new Error(`expected one analysis_flows, found ${rows.length}`)
  const def = rows[0]!.def
  if (def.split(from).length !== 2) throw new Error(`analysis_flows: expected the home filter once (${from})`)
  await sql.raw(def.replace(from, to)).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  // Rewrites analysis_flows in place (pg_get_functiondef keeps its settings); db/schema.sql shows the definition in force.
  await rewrite(db, BEFORE, AFTER)
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, AFTER, BEFORE)
}
