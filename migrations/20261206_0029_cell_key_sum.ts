import { sql, type Kysely } from 'kysely'

/**
 * The cell key of a set of referrals is the sum of their record keys modulo 2^20 (migration 0021,
 * docs/disclosure.md). 0021 computed it with an aggregate, `ckm_key(distinct referral_id,
 * record_key)`, whose step is a SQL function: PostgreSQL cannot inline an aggregate's step, so every
 * row paid a function call. Over 358,000 referrals that took 654 ms against 46 ms for the built-in
 * `sum`, and it was most of the time of a commissioner's quarterly counts at 1M locations.
 *
 * The same number, from built-in aggregates only:
 * - each record key gets a unique ordinal (referral_record_keys.ordinal), and disclosed_locations
 *   publishes `key_code` = ordinal · 2^20 + record key (`ckm_key_code`): one value per referral,
 *   distinct between referrals, equal to its record key modulo 2^20;
 * - so `sum(distinct key_code)` adds each referral's code once, and `ckm_key_of` of that sum (mod
 *   2^20) is the sum of the record keys mod 2^20: the cell key, exactly as before.
 *
 * Every counting function that used `ckm_key` is rewritten in place from its definition in force
 * (pg_get_functiondef keeps its settings and grants): the aggregate becomes
 * `ckm_key_of(sum(distinct x.key_code))` and the column it read, `record_key`, becomes `key_code`.
 * The rewrite checks that each function changed and that no use of the old aggregate is left; the
 * tests that compare published values with an independent computation from the record keys
 * (tests/access/disclosure.test.ts, tests/privacy/ckm.test.ts) hold the result to the old one.
 */

/** The functions whose cell keys this migration rewrites (every user of ckm_key after 0028). */
export const KEY_CODE_FUNCTIONS = [
  'analysis_border_activity',
  'analysis_flows',
  'analysis_hex_counts',
  'export_generalised',
  'funding_counts',
  'generalised_points',
  'stats_counts',
  'tile_generalised_points',
] as const

const KEY_RANGE = 1048576
const KEY_BITS = 20

async function definitions(db: Kysely<any>): Promise<Array<{ sig: string; def: string }>> {
  const { rows } = await sql<{ sig: string; def: string }>`
    select p.oid::regprocedure::text as sig, pg_get_functiondef(p.oid) as def
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = any(${KEY_CODE_FUNCTIONS}::text[]) and p.prokind = 'f'
    order by 1`.execute(db)
  if (rows.length !== KEY_CODE_FUNCTIONS.length) {
    throw new Error(`expected ${KEY_CODE_FUNCTIONS.length} counting functions, found ${rows.map((r) => r.sig).join(', ')}`)
  }
  return rows
}

/** Replaces each definition with `rewrite(def)`; fails naming a function the rewrite did not change or left with `leftover`. */
async function rewriteAll(db: Kysely<any>, rewrite: (def: string) => string, leftover: RegExp): Promise<void> {
  for (const { sig, def } of await definitions(db)) {
    const next = rewrite(def)
    if (next === def) throw new Error(`${sig}: nothing to rewrite`)
    if (leftover.test(next)) throw new Error(`${sig}: ${leftover.source} is still used after the rewrite`)
    await sql.raw(next).execute(db)
  }
}

const toSum = (def: string) =>
  def.replace(/ckm_key\(distinct (\w+)\.referral_id, \1\.record_key\)/g, 'ckm_key_of(sum(distinct $1.key_code))').replace(/\brecord_key\b/g, 'key_code')

const toAggregate = (def: string) =>
  def.replace(/ckm_key_of\(sum\(distinct (\w+)\.key_code\)\)/g, 'ckm_key(distinct $1.referral_id, $1.key_code)').replace(/\bkey_code\b/g, 'record_key')

const population = (keyColumn: string, keyExpression: string) => `
    create function disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date)
    returns table (referral_id uuid, kind text, geom geometry, observed_on date, borough_code text, ward_code text,
                   lsoa_code text, border_code text, border_distance_m double precision, programme text,
                   subject_role text, age_band text, ${keyColumn})
    language sql stable as $$
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code, l.ward_code, l.lsoa_code, l.border_code,
             l.border_distance_m, p.slug, r.subject_role, r.age_band, ${keyExpression}
      from referral_locations l
      join referrals r on r.id = l.referral_id
      join programmes p on p.id = r.programme_id
      join referral_record_keys k on k.referral_id = r.id
      where r.organisation_id = s_org and not r.restricted
        and l.observed_on >= p_from and l.observed_on < p_until
        and (s_boroughs is null or l.borough_code = any (s_boroughs))
        and (s_victims or r.subject_role = 'at_risk')
    $$`

async function replacePopulation(db: Kysely<any>, keyColumn: string, keyExpression: string): Promise<void> {
  await sql`drop function disclosed_locations(uuid, text[], boolean, date, date)`.execute(db)
  await sql.raw(population(keyColumn, keyExpression)).execute(db)
  await sql`revoke execute on function disclosed_locations(uuid, text[], boolean, date, date) from public`.execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  // Unique per referral; below 2^43, so ordinal · 2^20 + key fits a bigint and a sum of them a numeric.
  await sql`alter table referral_record_keys add column ordinal bigint generated always as identity`.execute(db)
  await sql`alter table referral_record_keys add constraint referral_record_keys_ordinal unique (ordinal)`.execute(db)
  await sql.raw(`alter table referral_record_keys add constraint referral_record_keys_ordinal_range check (ordinal < ${2 ** (63 - KEY_BITS)})`).execute(db)
  await sql
    .raw(`
    create function ckm_key_code(p_ordinal bigint, p_record_key integer) returns bigint
    language sql immutable strict parallel safe as $$ select (p_ordinal << ${KEY_BITS}) + p_record_key $$`)
    .execute(db)
  // The cell key from the sum of a set's key codes (each referral's code added once: sum(distinct …)).
  await sql
    .raw(`
    create function ckm_key_of(p_sum numeric) returns bigint
    language sql immutable parallel safe as $$ select (coalesce(p_sum, 0) % ${KEY_RANGE})::bigint $$`)
    .execute(db)
  // Replaces disclosed_locations of migration 0021 (20261205_0021_cell_key); db/schema.sql shows the definition in force.
  await replacePopulation(db, 'key_code bigint', 'ckm_key_code(k.ordinal, k.record_key)')
  await rewriteAll(db, toSum, /ckm_key\(|record_key/)
  await sql`drop aggregate ckm_key(uuid, integer)`.execute(db)
  await sql`drop function ckm_key_step(bigint, uuid, integer)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create function ckm_key_step(p_state bigint, p_referral uuid, p_key integer) returns bigint
    language sql immutable parallel safe as $$ select (p_state + coalesce(p_key, 0)) % ${KEY_RANGE} $$`)
    .execute(db)
  await sql`create aggregate ckm_key(uuid, integer) (sfunc = ckm_key_step, stype = bigint, initcond = '0')`.execute(db)
  await replacePopulation(db, 'record_key integer', 'k.record_key')
  await rewriteAll(db, toAggregate, /ckm_key_of\(|key_code/)
  await sql`drop function ckm_key_of(numeric)`.execute(db)
  await sql`drop function ckm_key_code(bigint, integer)`.execute(db)
  await sql`alter table referral_record_keys drop column ordinal`.execute(db)
}
