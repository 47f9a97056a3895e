import { sql, type Kysely } from 'kysely'

/**
 * Migration 0019 set `plan_cache_mode = force_custom_plan` on the per-request PL/pgSQL functions
 * whose queries take a box, a period or a scope as parameters. Later migrations replaced several of
 * them with `create or replace function`, which replaces a function's settings too, and so dropped it
 * (0021 replaced analysis_border_activity, analysis_flows, analysis_hex_counts, export_generalised,
 * generalised_points, stats_counts, tile_generalised_points and tile_hex_cells, and added
 * funding_counts without it). From the sixth call in a session PL/pgSQL could then switch to a
 * generic plan: the lead's flows for a year took 0.7–1.9 s instead of 0.04–0.11 s on the demo data.
 * This sets it again on every such function; tests/db/custom-plans.test.ts checks the list against
 * the database, so a later replacement that drops it fails there.
 */
export const CUSTOM_PLAN_FUNCTIONS = [
  'analysis_border_activity',
  'analysis_exact_locations',
  'analysis_flows',
  'analysis_hex_counts',
  'analysis_hex_month_counts',
  'casework_location_ids_in_box',
  'casework_locations_in_box',
  'export_generalised',
  'funding_counts',
  'funding_report',
  'generalised_points',
  'stats_counts',
  'tile_generalised_points',
  'tile_hex_cells',
] as const

/** Every signature of the named functions in the public schema that lacks the setting. */
async function lacking(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ sig: string }>`
    select p.oid::regprocedure::text as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = any(${CUSTOM_PLAN_FUNCTIONS}::text[])
      and not coalesce('plan_cache_mode=force_custom_plan' = any (p.proconfig), false)
    order by 1`.execute(db)
  return rows.map((r) => r.sig)
}

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of await lacking(db)) await sql.raw(`alter function ${s} set plan_cache_mode = force_custom_plan`).execute(db)
}

/** Back to 0027's state: the functions 0021 replaced or added without the setting. */
const REPLACED = [
  'analysis_border_activity',
  'analysis_flows',
  'analysis_hex_counts',
  'export_generalised',
  'funding_counts',
  'generalised_points',
  'stats_counts',
  'tile_generalised_points',
  'tile_hex_cells',
]

export async function down(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ sig: string }>`
    select p.oid::regprocedure::text as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = any(${REPLACED}::text[])`.execute(db)
  for (const r of rows) await sql.raw(`alter function ${r.sig} reset plan_cache_mode`).execute(db)
}
