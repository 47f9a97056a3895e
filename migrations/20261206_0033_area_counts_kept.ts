import { sql, type Kysely } from 'kysely'

/**
 * Borough counts kept at write time, for the organisation-wide questions a lead asks most.
 *
 * `stats_counts` by borough counted distinct referrals from every location of the period at every
 * ask: at 1M locations a year's counts by borough and month took 1.7–2.3 s, and after every saved
 * referral the service answered five such questions again (8–9 s of a 22 s refresh round).
 *
 * Now each referral's contribution is kept, as `tile_hex_contrib` (migration 0012) keeps it for the
 * hex grid:
 * - `stats_area_contrib`: one row per referral, chain and month in which the referral has a location,
 *   where a chain is a (kind, borough) pair and either may be '' for "any" (so a referral with a home
 *   and an incident in Brent in March has four rows for March: (home, Brent), (incident, Brent),
 *   ('', Brent) and ('', '')). `prev` is the referral's previous month in the same chain (0 when none).
 *   The distinct referrals of a chain over months [a, b] are then its rows with month in [a, b] and
 *   prev < a: each referral is counted at its first month in the period and nowhere else.
 * - `stats_area_counts`: those rows summed per organisation, chain, month and prev, and by the
 *   referral's programme, subject role and age band in five grains (none, each one, all three), as
 *   `tile_hex_counts` does; with the sum of the referrals' cell keys, so that a published count keeps
 *   the same cell key as when it was counted from the locations.
 *
 * Kept by statement triggers on referral_locations (insert, update, delete) and referrals (the
 * columns a contribution reads), and during an import once at the end (`stats_area_refresh_touched`,
 * as `tile_hex_refresh_touched`). `stats_counts` reads them for counts by borough over whole months
 * when the actor's scope has no borough restriction; every other question (wards, LSOAs, hexagons, a
 * commissioner limited to some boroughs, a date that is not a month's first) counts from the
 * locations as before. The disclosure rules are unchanged: the same scope, period, field and cell
 * checks run first, and every count is published through `disclosed_count` with its cell key.
 */

const GRAINS = `(case grouping(programme_id, subject_role, age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint`

/** Adds (sign 1) or takes away (-1) the contributions in `source` to or from stats_area_counts. */
function applyCounts(source: string, sign: '1' | '-1'): string {
  return `
      insert into stats_area_counts (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, ${GRAINS}, kind, month, area, prev,
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             ${sign} * count(*)::integer, ${sign} * sum(key_code)
      from ${source}
      group by grouping sets (
        (organisation_id, kind, month, area, prev),
        (organisation_id, kind, month, area, prev, programme_id),
        (organisation_id, kind, month, area, prev, subject_role),
        (organisation_id, kind, month, area, prev, age_band),
        (organisation_id, kind, month, area, prev, programme_id, subject_role, age_band))
      on conflict (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band)
      do update set n = stats_area_counts.n + excluded.n, keysum = stats_area_counts.keysum + excluded.keysum`
}

/** The lead's fast path, inserted into stats_counts before its count from the locations. */
const FAST_PATH = `-- Counts by borough over whole months, for a scope without a borough restriction, from the
      -- contributions kept at write time (migration 0033): the same counts and cell keys as below.
      if p_geography = 'borough' and s.boroughs is null
         and p_from = date_trunc('month', p_from)::date and p_to = date_trunc('month', p_to)::date and p_to >= p_from then
        v_from := extract(year from p_from)::integer * 12 + extract(month from p_from)::integer - 1;
        v_to := extract(year from p_to)::integer * 12 + extract(month from p_to)::integer - 1;
        v_role := case when s.include_victims then p_subject_role
                       when p_subject_role is null or p_subject_role = 'at_risk' then 'at_risk' end;
        if p_programme is not null then select id into v_prog from programmes where slug = p_programme; end if;
        if (p_programme is null or v_prog is not null) and (s.include_victims or v_role is not null) then
          v_grain := case when v_prog is null and v_role is null and p_age_band is null then 0
                          when v_role is null and p_age_band is null then 1
                          when v_prog is null and p_age_band is null then 2
                          when v_prog is null and v_role is null then 3
                          else 4 end;
          return query
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

const ANCHOR = `return query
      with loc as (`
const DECLARE_BEFORE = 'declare s record; v_size integer;'
const DECLARE_AFTER = 'declare s record; v_size integer; v_from integer; v_to integer; v_role text; v_prog integer; v_grain smallint;'

async function rewriteStatsCounts(db: Kysely<any>, pairs: [string, string][]): Promise<void> {
  const { rows } = await sql<{ def: string }>`
    select pg_get_functiondef(p.oid) as def from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname = 'public' and p.proname = 'stats_counts'`.execute(db)
  if (rows.length !== 1) throw new Error(`expected one stats_counts, found ${rows.length}`)
  let def = rows[0]!.def
  for (const [from, to] of pairs) {
    if (def.split(from).length !== 2) throw new Error(`stats_counts: expected once: ${from.slice(0, 60)}`)
    def = def.replace(from, to)
  }
  await sql.raw(def).execute(db)
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table stats_area_contrib (
      referral_id uuid not null,
      organisation_id uuid not null,
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,
      kind text not null,
      area text not null,
      month integer not null,
      prev integer not null,
      key_code bigint not null
    )`.execute(db)
  await sql`create index stats_area_contrib_referral on stats_area_contrib (referral_id)`.execute(db)
  await sql`
    create table stats_area_counts (
      organisation_id uuid not null,
      grain smallint not null,
      kind text not null,
      month integer not null,
      area text not null,
      prev integer not null,
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,
      n integer not null,
      keysum numeric not null,
      primary key (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band)
    )`.execute(db)
  await sql`revoke all on stats_area_contrib, stats_area_counts from public`.execute(db)

  // The contributions of the given referrals (all when null): the same locations as
  // disclosed_locations counts (not restricted, with a record key, in a borough).
  await sql`
    create function stats_area_contributions(p_ids uuid[])
    returns setof stats_area_contrib language sql stable set search_path = public, pg_temp as $$
      with loc as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, coalesce(r.subject_role, '') as subject_role,
               coalesce(r.age_band, '') as age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null
          and (p_ids is null or l.referral_id in (select unnest(p_ids)))
      ), chains as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               k.kind, a.area, loc.month, loc.key_code
        from loc
        cross join lateral (values (loc.kind), ('')) k(kind)
        cross join lateral (values (loc.borough_code), ('')) a(area)
      )
      select referral_id, organisation_id, programme_id, subject_role, age_band, kind, area, month,
             coalesce(lag(month) over (partition by referral_id, kind, area order by month), 0), key_code
      from chains
    $$`.execute(db)

  await sql
    .raw(`
    create function stats_area_refresh(p_ids uuid[]) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      create temp table if not exists stats_area_delta (like stats_area_contrib) on commit drop;
      delete from stats_area_delta;
      with gone as (
        delete from stats_area_contrib c where c.referral_id in (select unnest(p_ids)) returning c.*
      ) insert into stats_area_delta select * from gone;
      ${applyCounts('stats_area_delta', '-1')};
      delete from stats_area_delta;
      insert into stats_area_delta select * from stats_area_contributions(p_ids);
      insert into stats_area_contrib select * from stats_area_delta;
      ${applyCounts('stats_area_delta', '1')};
      delete from stats_area_delta;
    end $$`)
    .execute(db)

  await sql
    .raw(`
    create function stats_area_rebuild() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint;
    begin
      truncate stats_area_contrib, stats_area_counts;
      insert into stats_area_contrib select * from stats_area_contributions(null);
      get diagnostics v_n = row_count;
      ${applyCounts('stats_area_contrib', '1')};
      return v_n;
    end $$`)
    .execute(db)

  // Inside an import (crossborough.defer_hex on, migration 0023) the triggers only note the referrals
  // touched; stats_area_refresh_touched() refreshes them once before the import commits.
  await sql`
    create function stats_area_locations_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts;
        return null;
      end if;
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_area_touched (id uuid not null) on commit drop;
        if tg_op in ('INSERT', 'UPDATE') then insert into stats_area_touched select distinct referral_id from stats_new_rows; end if;
        if tg_op in ('DELETE', 'UPDATE') then insert into stats_area_touched select distinct referral_id from stats_old_rows; end if;
        return null;
      end if;
      if tg_op = 'INSERT' then
        select array_agg(distinct referral_id) into v_ids from stats_new_rows;
      elsif tg_op = 'DELETE' then
        select array_agg(distinct referral_id) into v_ids from stats_old_rows;
      else
        select array_agg(distinct id) into v_ids from (
          select referral_id as id from stats_new_rows union select referral_id from stats_old_rows) u;
      end if;
      if v_ids is not null then perform stats_area_refresh(v_ids); end if;
      return null;
    end $$`.execute(db)
  await sql`
    create function stats_area_referrals_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts;
        return null;
      end if;
      -- Only what a contribution reads; a referral's rows go with its locations when it is deleted.
      select array_agg(n.id) into v_ids
      from stats_new_rows n join stats_old_rows o on o.id = n.id
      where (n.organisation_id, n.programme_id, n.subject_role, n.age_band, n.restricted)
            is distinct from (o.organisation_id, o.programme_id, o.subject_role, o.age_band, o.restricted);
      if v_ids is null then return null; end if;
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_area_touched (id uuid not null) on commit drop;
        insert into stats_area_touched select unnest(v_ids);
        return null;
      end if;
      perform stats_area_refresh(v_ids);
      return null;
    end $$`.execute(db)
  await sql`
    create function stats_area_refresh_touched() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if to_regclass('pg_temp.stats_area_touched') is null then return 0; end if;
      select array_agg(distinct id) into v_ids from stats_area_touched;
      truncate stats_area_touched;
      if v_ids is null then return 0; end if;
      perform stats_area_refresh(v_ids);
      return cardinality(v_ids);
    end $$`.execute(db)

  await sql`create trigger referral_locations_stats_area_ins after insert on referral_locations
    referencing new table as stats_new_rows for each statement execute function stats_area_locations_changed()`.execute(db)
  await sql`create trigger referral_locations_stats_area_upd after update on referral_locations
    referencing old table as stats_old_rows new table as stats_new_rows for each statement execute function stats_area_locations_changed()`.execute(db)
  await sql`create trigger referral_locations_stats_area_del after delete on referral_locations
    referencing old table as stats_old_rows for each statement execute function stats_area_locations_changed()`.execute(db)
  await sql`create trigger referral_locations_stats_area_truncate after truncate on referral_locations
    for each statement execute function stats_area_locations_changed()`.execute(db)
  await sql`create trigger referrals_stats_area_upd after update on referrals
    referencing old table as stats_old_rows new table as stats_new_rows for each statement execute function stats_area_referrals_changed()`.execute(db)
  await sql`create trigger referrals_stats_area_truncate after truncate on referrals
    for each statement execute function stats_area_referrals_changed()`.execute(db)

  for (const fn of ['stats_area_contributions(uuid[])', 'stats_area_refresh(uuid[])', 'stats_area_rebuild()', 'stats_area_refresh_touched()']) {
    await sql.raw(`revoke execute on function ${fn} from public`).execute(db)
  }

  // Rewrites stats_counts in place (pg_get_functiondef keeps its settings); db/schema.sql shows the definition in force.
  await rewriteStatsCounts(db, [
    [DECLARE_BEFORE, DECLARE_AFTER],
    [ANCHOR, FAST_PATH],
  ])

  await sql`select stats_area_rebuild()`.execute(db)
  await sql`analyze stats_area_contrib`.execute(db)
  await sql`analyze stats_area_counts`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await rewriteStatsCounts(db, [
    [FAST_PATH, ANCHOR],
    [DECLARE_AFTER, DECLARE_BEFORE],
  ])
  await sql`drop trigger referral_locations_stats_area_ins on referral_locations`.execute(db)
  await sql`drop trigger referral_locations_stats_area_upd on referral_locations`.execute(db)
  await sql`drop trigger referral_locations_stats_area_del on referral_locations`.execute(db)
  await sql`drop trigger referral_locations_stats_area_truncate on referral_locations`.execute(db)
  await sql`drop trigger referrals_stats_area_upd on referrals`.execute(db)
  await sql`drop trigger referrals_stats_area_truncate on referrals`.execute(db)
  await sql`drop function stats_area_refresh_touched()`.execute(db)
  await sql`drop function stats_area_referrals_changed()`.execute(db)
  await sql`drop function stats_area_locations_changed()`.execute(db)
  await sql`drop function stats_area_rebuild()`.execute(db)
  await sql`drop function stats_area_refresh(uuid[])`.execute(db)
  await sql`drop function stats_area_contributions(uuid[])`.execute(db)
  await sql`drop table stats_area_counts, stats_area_contrib`.execute(db)
}
