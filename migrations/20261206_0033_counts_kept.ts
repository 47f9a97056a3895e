import { sql, type Kysely } from 'kysely'

/**
 * Borough counts and flows kept at write time, for the organisation-wide questions asked most.
 *
 * `stats_counts` by borough and `analysis_flows` counted distinct referrals from every location of
 * the period at every ask: at 1M locations a year's counts by borough and month took 2–3 s, a
 * quarter's flows 1.7 s, and after every saved referral the service answered such questions again
 * (borough counts 8–9 s and flows 4–5 s of a 22 s refresh round).
 *
 * Now each referral's contribution is kept, as `tile_hex_contrib` (migration 0012) keeps it for the
 * hex grid. Both rest on one rule: the distinct referrals of a chain over months [a, b] are its rows
 * with month in [a, b] and `prev` (the referral's previous month in the same chain, 0 when none)
 * before a, since each referral is then counted at its first month in the period and nowhere else.
 * - `stats_area_contrib`: a row per referral, (kind, borough) chain and month with a location, where
 *   either may be '' for "any" (a referral with a home and an incident in Brent in March has four
 *   rows for March: (home, Brent), (incident, Brent), ('', Brent) and ('', '')).
 * - `stats_flow_contrib`: a row per referral, destination (an incident's borough, or '' for any) and
 *   incident month, for each origin (a home's borough, or '' for any) with `home_month`, the first
 *   month of a home there. A flow over [a, b] counts the homes seen up to b: home_month <= b.
 * - `stats_area_counts`, `stats_flow_counts`: those rows summed per organisation and chain, and by
 *   the referral's programme, subject role and age band in two grains: 0, over all of them (the
 *   question without filters, the most asked), and 1, by all three (any filter sums its matching
 *   rows); with the sum of the referrals' cell keys, so that a published count
 *   keeps the cell key it had when counted from the locations.
 *
 * Kept by statement triggers on referral_locations (insert, update, delete, truncate) and referrals
 * (the columns a contribution reads), and during an import once at its end
 * (`stats_kept_refresh_touched`, as `tile_hex_refresh_touched`). The two functions read them over
 * whole months when the actor's scope has no borough restriction; every other question (wards,
 * LSOAs, hexagons, a commissioner or partner limited to some boroughs) counts from the locations as
 * before. The disclosure rules are unchanged: the same scope, period, field and cell checks run
 * first, and every count is published through `disclosed_count` with its cell key.
 */

/** Grain 0: summed over programme, subject role and age band; grain 1: by all three. */
const GRAINS = `(case grouping(programme_id, subject_role, age_band) when 0 then 1 else 0 end)::smallint`

/** A kept-counts table: its contribution columns besides the referral's own fields. */
interface Kept {
  counts: string
  keys: string
}
const AREA: Kept = { counts: 'stats_area_counts', keys: 'kind, month, area, prev' }
const FLOW: Kept = { counts: 'stats_flow_counts', keys: 'origin, destination, month, prev, home_month' }

/**
 * The output positions of a counts row's key (organisation, grain, the chain's columns, programme,
 * subject role, age band): concurrent refreshes upsert in this one order, so they wait for one another
 * rather than deadlock on the rows every save of an organisation touches (a month's totals).
 */
const keyPositions = (t: Kept) => Array.from({ length: 5 + t.keys.split(',').length }, (_, i) => i + 1).join(', ')

/**
 * Adds the contributions in `source`, each with the factor `sign`, to the counts of `t`: one upsert,
 * in key order (keyPositions), of the groups `having` keeps.
 */
function applyCounts(t: Kept, source: string, sign: string, having = ''): string {
  const k = `organisation_id, ${t.keys}`
  return `
      insert into ${t.counts} (organisation_id, grain, ${t.keys}, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, ${GRAINS}, ${t.keys},
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             sum(${sign})::integer, sum(${sign} * key_code)
      from ${source}
      group by grouping sets ((${k}), (${k}, programme_id, subject_role, age_band))${having}
      order by ${keyPositions(t)}
      on conflict (organisation_id, grain, ${t.keys}, programme_id, subject_role, age_band)
      do update set n = ${t.counts}.n + excluded.n, keysum = ${t.counts}.keysum + excluded.keysum`
}

/**
 * One statement: takes the kept contributions of p_ids away, writes them as they are now, and adds
 * the difference to the counts (groups whose referrals did not change are left alone). The statement's
 * one snapshot lets the delete see only the rows there were and the insert add only the new ones.
 */
function refreshKept(t: Kept, contrib: string, contributions: string): string {
  return `
      with gone as (
        delete from ${contrib} c where c.referral_id in (select unnest(p_ids)) returning c.*
      ), added as (
        insert into ${contrib} select * from ${contributions}(p_ids) returning *
      ), delta as (
        select gone.*, -1 as sign from gone union all select added.*, 1 from added
      )${applyCounts(
        t,
        'delta',
        'sign',
        `
      having sum(sign) <> 0 or sum(sign * key_code) <> 0`,
      )};`
}

/**
 * The scope of a question answered from kept counts: month numbers, the subject role a scope without
 * victims is held to, the programme's id and the grain. `if ...` opens the block that answers from them,
 * which falls through to the count from the locations when a filter names nothing that exists.
 */
const KEPT_SCOPE = `
        v_from := extract(year from p_from)::integer * 12 + extract(month from p_from)::integer - 1;
        v_to := extract(year from p_to)::integer * 12 + extract(month from p_to)::integer - 1;
        v_role := case when s.include_victims then p_subject_role
                       when p_subject_role is null or p_subject_role = 'at_risk' then 'at_risk' end;
        if p_programme is not null then select id into v_prog from programmes where slug = p_programme; end if;
        if (p_programme is null or v_prog is not null) and (s.include_victims or v_role is not null) then
          v_grain := case when v_prog is null and v_role is null and p_age_band is null then 0 else 1 end;
`

/** stats_counts: counts by borough over whole months, for a scope without a borough restriction. */
const AREA_PATH = `-- Counts by borough over whole months, for a scope without a borough restriction, from the
      -- contributions kept at write time (migration 0033): the same counts and cell keys as below.
      if p_geography = 'borough' and s.boroughs is null and (p_kind is null or p_kind <> '')
         and p_from = date_trunc('month', p_from)::date and p_to = date_trunc('month', p_to)::date and p_to >= p_from then${KEPT_SCOPE}          return query
          with c as (
            select c.area, c.month as m, c.prev, c.n, c.keysum
            from stats_area_counts c
            where c.organisation_id = s.organisation_id and c.grain = v_grain and c.kind = coalesce(p_kind, '')
              and c.month between v_from and v_to
              and (v_prog is null or c.programme_id = v_prog)
              and (v_role is null or c.subject_role = v_role)
              and (p_age_band is null or c.age_band = p_age_band)
          ), g as (
            select 'cell'::text as line, c.area as a, case when p_by_month then c.m end as m, sum(c.n) as c, sum(c.keysum) as ks
            from c where c.area <> '' and (p_by_month or c.prev < v_from) group by 2, 3 having sum(c.n) > 0
            union all
            select 'area', c.area, null, sum(c.n), sum(c.keysum)
            from c where c.area <> '' and c.prev < v_from group by 2 having sum(c.n) > 0
            union all
            select 'month', null, c.m, sum(c.n), sum(c.keysum)
            from c where p_by_month and c.area = '' group by 3 having sum(c.n) > 0
            union all
            select 'total', null, null, coalesce(sum(c.n), 0), sum(c.keysum)
            from c where c.area = '' and c.prev < v_from
          )
          select g.line, g.a, make_date(g.m / 12, g.m % 12 + 1, 1),
                 disclosed_count(g.c::bigint, ckm_key_of(g.ks), s.suppress, s.k, s.noise), false
          from g
          order by g.line, g.a, g.m;
          return;
        end if;
      end if;
      return query
      with loc as (`

/** analysis_flows: flows over whole months, for a scope without a borough restriction. */
const FLOW_PATH = `-- Flows over whole months, for a scope without a borough restriction, from the contributions
      -- kept at write time (migration 0033): the same counts and cell keys as below.
      if s.boroughs is null
         and p_from = date_trunc('month', p_from)::date and p_to = date_trunc('month', p_to)::date and p_to >= p_from then${KEPT_SCOPE}
          return query
          with c as (
            select c.origin as h, c.destination as d, sum(c.n) as cnt, sum(c.keysum) as ks
            from stats_flow_counts c
            where c.organisation_id = s.organisation_id and c.grain = v_grain
              and c.month between v_from and v_to and c.prev < v_from and c.home_month <= v_to
              and (v_prog is null or c.programme_id = v_prog)
              and (v_role is null or c.subject_role = v_role)
              and (p_age_band is null or c.age_band = p_age_band)
            group by c.origin, c.destination
            having sum(c.n) > 0
          ), g as (
            select case when c.h <> '' and c.d <> '' then 'cell' when c.h <> '' then 'origin'
                        when c.d <> '' then 'destination' else 'total' end as line,
                   nullif(c.h, '') as h, nullif(c.d, '') as d, c.cnt, c.ks
            from c
            union all
            select 'total', null, null, 0, null where not exists (select 1 from c where c.h = '' and c.d = '')
          )
          select g.line, g.h, g.d, disclosed_count(g.cnt::bigint, ckm_key_of(g.ks), s.suppress, s.k, s.noise), false
          from g
          order by g.line, g.h, g.d;
          return;
        end if;
      end if;
      return query
      with inc as (`

const VARIABLES = 'v_from integer; v_to integer; v_role text; v_prog integer; v_grain smallint;'

/** Each function rewritten in place (pg_get_functiondef keeps its settings): [from, to] pairs for up. */
const REWRITES: [string, [string, string][]][] = [
  [
    'stats_counts(text, date, date, boolean, text, text, text, text)',
    [
      ['declare s record; v_size integer;', `declare s record; v_size integer; ${VARIABLES}`],
      ['return query\n      with loc as (', AREA_PATH],
    ],
  ],
  [
    'analysis_flows(date, date, text, text, text)',
    [
      ['declare s record; v_until date;', `declare s record; v_until date; ${VARIABLES}`],
      ['return query\n      with inc as (', FLOW_PATH],
    ],
  ],
]

async function rewrite(db: Kysely<any>, direction: 'up' | 'down'): Promise<void> {
  for (const [fn, pairs] of REWRITES) {
    const { rows } = await sql<{ def: string }>`select pg_get_functiondef(${fn}::regprocedure) as def`.execute(db)
    let def = rows[0]!.def
    for (const [a, b] of direction === 'up' ? pairs : [...pairs].reverse()) {
      const [from, to] = direction === 'up' ? [a, b] : [b, a]
      if (def.split(from).length !== 2) throw new Error(`${fn}: expected once: ${from.slice(0, 60)}`)
      def = def.replace(from, to)
    }
    await sql.raw(def).execute(db)
  }
}

const REFERRAL_COLUMNS = `
      referral_id uuid not null,
      organisation_id uuid not null,
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,`
const COUNT_COLUMNS = `
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,
      n integer not null,
      keysum numeric not null,`

/** The locations a kept count reads: as disclosed_locations (not restricted, with a record key), in a borough. */
const keptLocations = (ids: string) => `
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null${ids}`

/** The filter of the referrals whose contributions are asked for. */
const IDS = `
          and l.referral_id in (select unnest(p_ids))`

/**
 * A contributions function of p_ids (all referrals when null) in two statements, each planned for its
 * case: `p_ids is null or l.referral_id in (…)` in one statement cannot use the index on referral_id,
 * and read every location to refresh one referral (0.6 s at 1M locations).
 */
function byIds(name: string, returns: string, body: (ids: string) => string): string {
  return `
    create or replace function ${name}(p_ids uuid[])
    returns setof ${returns} language plpgsql stable set search_path = public, pg_temp as $$
    begin
      if p_ids is null then
        return query ${body('')};
      else
        return query ${body(IDS)};
      end if;
    end $$`
}

/** tile_hex_contributions (migration 0012) had the same one statement; it is split the same way. */
const HEX_FILTER = `
          and (p_ids is null or l.referral_id in (select unnest(p_ids)))`

async function splitHexContributions(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ def: string }>`select pg_get_functiondef('tile_hex_contributions(uuid[])'::regprocedure) as def`.execute(db)
  const def = rows[0]!.def
  const m = /^([\s\S]*?) LANGUAGE sql\n([\s\S]*?)AS \$function\$([\s\S]*)\$function\$\s*$/.exec(def)
  if (!m || m[3]!.split(HEX_FILTER).length !== 2) throw new Error('tile_hex_contributions: unexpected definition')
  const body = m[3]!.trim()
  await sql
    .raw(`${m[1]} LANGUAGE plpgsql\n${m[2]}AS $function$
    begin
      if p_ids is null then
        return query ${body.replace(HEX_FILTER, '')};
      else
        return query ${body.replace(HEX_FILTER, IDS)};
      end if;
    end $function$`)
    .execute(db)
}

async function joinHexContributions(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ def: string }>`select pg_get_functiondef('tile_hex_contributions(uuid[])'::regprocedure) as def`.execute(db)
  const def = rows[0]!.def
  const m = /^([\s\S]*?) LANGUAGE plpgsql\n([\s\S]*?)AS \$function\$[\s\S]*?return query ([\s\S]*?);\n\s*else/.exec(def)
  if (!m) throw new Error('tile_hex_contributions: unexpected definition')
  const all = m[3]!
  const at = all.indexOf('\n        join referrals r on r.id = l.referral_id')
  const where = all.indexOf('where not r.restricted', at) + 'where not r.restricted'.length
  await sql.raw(`${m[1]} LANGUAGE sql\n${m[2]}AS $function$\n      ${all.slice(0, where)}${HEX_FILTER}${all.slice(where)}\n    $function$`).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql
    .raw(`
    create table stats_area_contrib (${REFERRAL_COLUMNS}
      kind text not null,
      area text not null,
      month integer not null,
      prev integer not null,
      key_code bigint not null
    )`)
    .execute(db)
  await sql
    .raw(`
    create table stats_area_counts (
      organisation_id uuid not null,
      grain smallint not null,
      kind text not null,
      month integer not null,
      area text not null,
      prev integer not null,${COUNT_COLUMNS}
      primary key (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band)
    )`)
    .execute(db)
  await sql
    .raw(`
    create table stats_flow_contrib (${REFERRAL_COLUMNS}
      origin text not null,
      destination text not null,
      month integer not null,
      prev integer not null,
      home_month integer not null,
      key_code bigint not null
    )`)
    .execute(db)
  await sql
    .raw(`
    create table stats_flow_counts (
      organisation_id uuid not null,
      grain smallint not null,
      origin text not null,
      destination text not null,
      month integer not null,
      prev integer not null,
      home_month integer not null,${COUNT_COLUMNS}
      primary key (organisation_id, grain, month, origin, destination, prev, home_month, programme_id, subject_role, age_band)
    )`)
    .execute(db)
  await sql`create index stats_area_contrib_referral on stats_area_contrib (referral_id)`.execute(db)
  await sql`create index stats_flow_contrib_referral on stats_flow_contrib (referral_id)`.execute(db)
  await sql`revoke all on stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts from public`.execute(db)

  // A referral's months per (kind, borough) chain, either of which may be '' for "any".
  await sql
    .raw(
      byIds(
        'stats_area_contributions',
        'stats_area_contrib',
        (ids) => `
      with loc as materialized (${keptLocations(ids)}
      ), chains as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               k.kind, a.area, loc.month, loc.key_code
        from loc
        cross join lateral (values (loc.kind), ('')) k(kind)
        cross join lateral (values (loc.borough_code), ('')) a(area)
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band, c.kind, c.area, c.month,
             coalesce(lag(c.month) over (partition by c.referral_id, c.kind, c.area order by c.month), 0), c.key_code
      from chains c`,
      ),
    )
    .execute(db)

  // A referral's incident months per destination borough (or '' for any), with the previous one, for
  // each borough it has a home in (or '' for any) and the first month of a home there.
  await sql
    .raw(
      byIds(
        'stats_flow_contributions',
        'stats_flow_contrib',
        (ids) => `
      with loc as materialized (${keptLocations(ids)}
          and l.kind in ('home', 'incident')
      ), homes as (
        select loc.referral_id, o.origin, min(loc.month) as home_month
        from loc cross join lateral (values (loc.borough_code), ('')) o(origin)
        where loc.kind = 'home'
        group by loc.referral_id, o.origin
      ), incidents as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               d.destination, loc.month, loc.key_code
        from loc cross join lateral (values (loc.borough_code), ('')) d(destination)
        where loc.kind = 'incident'
      ), chains as (
        select i.*, coalesce(lag(i.month) over (partition by i.referral_id, i.destination order by i.month), 0) as prev
        from incidents i
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band,
             h.origin, c.destination, c.month, c.prev, h.home_month, c.key_code
      from chains c join homes h on h.referral_id = c.referral_id`,
      ),
    )
    .execute(db)
  await splitHexContributions(db)

  await sql
    .raw(`
    create function stats_kept_refresh(p_ids uuid[]) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      -- Two transactions refreshing one referral at once would each take away only the rows they can
      -- see and both add theirs: whoever comes second waits here for the first to commit, and each
      -- statement below then sees what the first wrote (READ COMMITTED). In id order, so never a deadlock.
      perform 1 from referrals r where r.id in (select unnest(p_ids)) order by r.id for no key update;
      ${refreshKept(AREA, 'stats_area_contrib', 'stats_area_contributions')}
      ${refreshKept(FLOW, 'stats_flow_contrib', 'stats_flow_contributions')}
    end $$`)
    .execute(db)

  await sql
    .raw(`
    create function stats_kept_rebuild() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint; v_m bigint;
    begin
      truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
      insert into stats_area_contrib select * from stats_area_contributions(null);
      get diagnostics v_n = row_count;
      ${applyCounts(AREA, 'stats_area_contrib', '1')};
      insert into stats_flow_contrib select * from stats_flow_contributions(null);
      get diagnostics v_m = row_count;
      ${applyCounts(FLOW, 'stats_flow_contrib', '1')};
      return v_n + v_m;
    end $$`)
    .execute(db)

  // Inside an import (crossborough.defer_hex on, migration 0023) the triggers only note the referrals
  // touched; stats_kept_refresh_touched() refreshes them once before the import commits.
  await sql`
    create function stats_kept_locations_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
        return null;
      end if;
      -- A location without a borough contributes nothing: inserting or deleting one changes no count
      -- (the demo data and imports insert locations before their areas are assigned).
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_kept_touched (id uuid not null) on commit drop;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into stats_kept_touched select distinct referral_id from stats_new_rows where borough_code is not null;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          insert into stats_kept_touched select distinct referral_id from stats_old_rows where borough_code is not null;
        end if;
        return null;
      end if;
      if tg_op = 'INSERT' then
        select array_agg(distinct referral_id) into v_ids from stats_new_rows where borough_code is not null;
      elsif tg_op = 'DELETE' then
        select array_agg(distinct referral_id) into v_ids from stats_old_rows where borough_code is not null;
      else
        select array_agg(distinct id) into v_ids from (
          select referral_id as id from stats_new_rows where borough_code is not null
          union select referral_id from stats_old_rows where borough_code is not null) u;
      end if;
      if v_ids is not null then perform stats_kept_refresh(v_ids); end if;
      return null;
    end $$`.execute(db)
  await sql`
    create function stats_kept_referrals_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
        return null;
      end if;
      -- Only what a contribution reads; a referral's rows go with its locations when it is deleted.
      select array_agg(n.id) into v_ids
      from stats_new_rows n join stats_old_rows o on o.id = n.id
      where (n.organisation_id, n.programme_id, n.subject_role, n.age_band, n.restricted)
            is distinct from (o.organisation_id, o.programme_id, o.subject_role, o.age_band, o.restricted);
      if v_ids is null then return null; end if;
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_kept_touched (id uuid not null) on commit drop;
        insert into stats_kept_touched select unnest(v_ids);
        return null;
      end if;
      perform stats_kept_refresh(v_ids);
      return null;
    end $$`.execute(db)
  await sql`
    create function stats_kept_refresh_touched() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if to_regclass('pg_temp.stats_kept_touched') is null then return 0; end if;
      select array_agg(distinct id) into v_ids from stats_kept_touched;
      truncate stats_kept_touched;
      if v_ids is null then return 0; end if;
      perform stats_kept_refresh(v_ids);
      return cardinality(v_ids);
    end $$`.execute(db)

  for (const [name, event, transition] of TRIGGERS) {
    await sql
      .raw(`create trigger ${name} after ${event} on ${name.startsWith('referrals_') ? 'referrals' : 'referral_locations'}
        ${transition} for each statement execute function ${name.startsWith('referrals_') ? 'stats_kept_referrals_changed' : 'stats_kept_locations_changed'}()`)
      .execute(db)
  }
  for (const fn of FUNCTIONS) await sql.raw(`revoke execute on function ${fn} from public`).execute(db)

  // db/schema.sql shows the definitions in force.
  await rewrite(db, 'up')

  await sql`select stats_kept_rebuild()`.execute(db)
  for (const t of ['stats_area_contrib', 'stats_area_counts', 'stats_flow_contrib', 'stats_flow_counts']) await sql.raw(`analyze ${t}`).execute(db)
}

const TRIGGERS = [
  ['referral_locations_stats_kept_ins', 'insert', 'referencing new table as stats_new_rows'],
  ['referral_locations_stats_kept_upd', 'update', 'referencing old table as stats_old_rows new table as stats_new_rows'],
  ['referral_locations_stats_kept_del', 'delete', 'referencing old table as stats_old_rows'],
  ['referral_locations_stats_kept_truncate', 'truncate', ''],
  ['referrals_stats_kept_upd', 'update', 'referencing old table as stats_old_rows new table as stats_new_rows'],
  ['referrals_stats_kept_truncate', 'truncate', ''],
] as const

const FUNCTIONS = [
  'stats_area_contributions(uuid[])',
  'stats_flow_contributions(uuid[])',
  'stats_kept_refresh(uuid[])',
  'stats_kept_rebuild()',
  'stats_kept_refresh_touched()',
  'stats_kept_locations_changed()',
  'stats_kept_referrals_changed()',
]

export async function down(db: Kysely<any>): Promise<void> {
  await rewrite(db, 'down')
  await joinHexContributions(db)
  for (const [name] of TRIGGERS) {
    await sql.raw(`drop trigger ${name} on ${name.startsWith('referrals_') ? 'referrals' : 'referral_locations'}`).execute(db)
  }
  for (const fn of FUNCTIONS) await sql.raw(`drop function ${fn}`).execute(db)
  await sql`drop table stats_area_counts, stats_area_contrib, stats_flow_counts, stats_flow_contrib`.execute(db)
}
