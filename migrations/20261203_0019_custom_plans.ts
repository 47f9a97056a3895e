import { sql, type Kysely } from 'kysely'

/**
 * The per-request PL/pgSQL functions whose queries take a box, a period or a scope as parameters
 * are planned for their actual values every call (`plan_cache_mode = force_custom_plan`).
 *
 * PL/pgSQL caches each statement's plan; after five calls it may switch to a generic plan, made
 * without knowing the parameters, and keep it while its estimated cost looks no worse. For
 * casework_locations_in_box that generic plan did not lead with the spatial index: from the sixth
 * points tile on, a z14 tile of 20 KB took 45 ms instead of 13 ms (1M locations). A box of a few
 * hundred metres and all of London, or one month and two years, need different plans; planning
 * costs well under a millisecond against that.
 */
const FUNCTIONS = [
  'analysis_border_activity',
  'analysis_exact_locations',
  'analysis_flows',
  'analysis_hex_counts',
  'analysis_hex_month_counts',
  'casework_location_ids_in_box',
  'casework_locations_in_box',
  'export_generalised',
  'funding_report',
  'generalised_points',
  'stats_counts',
  'tile_generalised_points',
  'tile_hex_cells',
]

/** Every signature of the named functions in the public schema (some have more than one). */
async function signatures(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ sig: string }>`
    select p.oid::regprocedure::text as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = any(${FUNCTIONS}::text[]) order by 1`.execute(db)
  return rows.map((r) => r.sig)
}

export async function up(db: Kysely<any>): Promise<void> {
  const sigs = await signatures(db)
  const missing = FUNCTIONS.filter((f) => !sigs.some((s) => s.startsWith(`${f}(`)))
  if (missing.length) throw new Error(`migration 0019: no function ${missing.join(', ')}`)
  for (const s of sigs) await sql.raw(`alter function ${s} set plan_cache_mode = force_custom_plan`).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const s of await signatures(db)) await sql.raw(`alter function ${s} reset plan_cache_mode`).execute(db)
}
