import { sql, type Kysely } from 'kysely'

/**
 * The cell-key method (docs/disclosure.md): every count an aggregate reader sees — every role but a
 * lead: caseworkers for organisation-wide figures, commissioners, partners — is the count of a
 * definite set of referrals, published through a fixed perturbation of (true count, cell key), where
 * the cell key is the sum of the set's secret record keys. The same set gives the same value through
 * every route and format, so answers cannot be repeated or recombined to average the noise away.
 *
 * This migration:
 * - gives every referral a permanent random record key (referral_record_keys: no request role may
 *   read it; new referrals get theirs from a statement trigger);
 * - defines the perturbation (ckm_publish) and the cell-key aggregate (ckm_key);
 * - adds the fixed rules every counting function applies to aggregate readers: whole fixed periods
 *   (month, calendar quarter, financial year), fixed hex sizes and border bands, a partner's agreement
 *   fields and cell size (agreements.cell_m), and no counts at all for admins (disclosure_scope);
 * - redefines every counting function on that basis: stats_counts, generalised_points,
 *   analysis_hex_counts, analysis_border_activity, analysis_flows, funding_counts (new: the funding
 *   report's integers for aggregate readers; funding_report stays the lead's exact report),
 *   tile_hex_cells (aggregate readers get analysis_hex_counts' own cells: one counting definition),
 *   tile_generalised_points and export_generalised.
 * Leads keep exact counts and free choices. Totals are cells in their own right (distinct referrals of
 * the row, column or table), never sums of cells.
 */

/** Record and cell keys are integers in [0, KEY_RANGE). */
const KEY_RANGE = 1048576

export async function up(db: Kysely<any>): Promise<void> {
  // --- record keys ------------------------------------------------------------------------------
  await sql`
    create table referral_record_keys (
      referral_id uuid primary key references referrals (id) on delete cascade,
      record_key integer not null check (record_key >= 0 and record_key < ${sql.lit(KEY_RANGE)})
    )`.execute(db)
  await sql`revoke all on referral_record_keys from public`.execute(db)
  await sql
    .raw(`insert into referral_record_keys (referral_id, record_key)
    select id, floor(random() * ${KEY_RANGE})::integer from referrals`)
    .execute(db)
  await sql
    .raw(`
    create function ckm_assign_record_keys() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      insert into referral_record_keys (referral_id, record_key)
      select n.id, floor(random() * ${KEY_RANGE})::integer from ckm_new_referrals n
      on conflict (referral_id) do nothing;
      return null;
    end $$`)
    .execute(db)
  await sql`create trigger referrals_record_keys after insert on referrals
    referencing new table as ckm_new_referrals for each statement execute function ckm_assign_record_keys()`.execute(db)

  // --- the perturbation -------------------------------------------------------------------------
  // The cell key of a set: the sum of its record keys modulo the key range. As an aggregate over
  // (referral id, record key) it is used with DISTINCT, so each referral adds its key once.
  await sql
    .raw(`
    create function ckm_key_step(p_state bigint, p_referral uuid, p_key integer) returns bigint
    language sql immutable parallel safe as $$ select (p_state + coalesce(p_key, 0)) % ${KEY_RANGE} $$`)
    .execute(db)
  await sql`create aggregate ckm_key(uuid, integer) (sfunc = ckm_key_step, stype = bigint, initcond = '0')`.execute(db)

  // ⌊log2 x⌋ of a positive integer, exactly (no floating point).
  await sql`
    create function ckm_floor_log2(x bigint) returns integer
    language sql immutable strict parallel safe as $$
      select max(b)::integer from generate_series(0, 62) b where (1::bigint << b) <= x
    $$`.execute(db)
  // The noise j of a cell key for a count whose noise may reach ±m: j takes the values −m … m with
  // weights 2^(m − |j|) (halving at each step out: P(0) = 2^m / W, P(±m) = 1 / W each, with
  // W = 3·2^m − 2), so j is symmetric (mean 0), mostly 0 or ±1, and reaches ±m rarely. The key picks
  // t = ⌊key·W / range⌋ in 0 … W − 1; the buckets of j ≤ 0 come first, each 2^(m+j) wide (so
  // j = ⌊log2(t + 1)⌋ − m), then those of j > 0 mirrored from the top. A tapered tail instead of a
  // uniform ±D: with a uniform ±2, two related cells both drawn at opposite extremes (probability
  // 1/25) pinned a small count exactly about once in 2,000 (docs/disclosure.md).
  await sql
    .raw(`
    create function ckm_noise(p_key bigint, p_m integer) returns integer
    language sql immutable strict parallel safe as $$
      select case
        when p_m <= 0 then 0
        when t < (1::bigint << (p_m + 1)) - 1 then ckm_floor_log2(t + 1) - p_m
        else p_m - ckm_floor_log2(w - t)
      end
      from (select w, p_key * w / ${KEY_RANGE} as t from (select 3 * (1::bigint << p_m) - 2 as w) a) b
    $$`)
    .execute(db)
  // The published value of a true count n with cell key c (u = c / key range, uniform on [0, 1)):
  //   n = 0        → 0
  //   1 ≤ n < k    → k when u < n / k, else 0          (never 1..k−1; mean n)
  //   n ≥ k        → n + ckm_noise(c, m), m = min(d, n − k)   (mean n, |noise| ≤ d, never below k)
  // Integer arithmetic throughout, so the rule is exact and the same on every backend.
  await sql
    .raw(`
    create function ckm_publish(p_n bigint, p_key bigint, p_k integer, p_d integer) returns bigint
    language sql immutable strict parallel safe as $$
      select case
        when p_n <= 0 then 0::bigint
        when p_n < p_k then case when p_key * p_k < p_n * ${KEY_RANGE} then p_k::bigint else 0::bigint end
        else p_n + ckm_noise(p_key, least(p_d, p_n - p_k)::integer)
      end
    $$`)
    .execute(db)

  // --- scope and the fixed rules ----------------------------------------------------------------
  await sql`alter table agreements add column cell_m integer not null default 250 check (cell_m in (250, 500, 1000))`.execute(db)

  await sql`drop function disclosure_scope()`.execute(db)
  // The population an actor may count and the rules that apply: their organisation's referrals (a
  // partner: the agreement owner's), never restricted ones, within their borough scope, victims only
  // where allowed. `suppress` = the reader is an aggregate reader (every role but lead): counts are
  // perturbed with threshold k and noise bound `noise`, and for a partner `fields`, `level` and
  // `cell` come from the agreement (null for everyone else). Admins count nothing.
  // Replaces disclosure_scope of migration 0007 (20261127_0007_disclosure); db/schema.sql shows the definition in force.
  await sql`
    create function disclosure_scope(out organisation_id uuid, out boroughs text[], out k integer,
                                     out include_victims boolean, out suppress boolean, out noise integer,
                                     out fields text[], out level text, out cell integer)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare a record;
    begin
      if app_role() is null or app_org_id() is null then
        raise exception 'no acting user' using errcode = '42501';
      end if;
      if app_role() not in ('lead', 'caseworker', 'commissioner', 'partner') then
        raise exception 'administrators manage accounts; they do not read casework or counts' using errcode = '42501';
      end if;
      k := greatest(coalesce(nullif(current_setting('crossborough.k', true), '')::integer, 5), 3);
      noise := greatest(coalesce(nullif(current_setting('crossborough.noise', true), '')::integer, 8), 1);
      include_victims := true;
      if app_role() = 'partner' then
        select * into a from current_agreement();
        if a.id is null or not a.valid then
          raise exception 'no valid data-sharing agreement' using errcode = '42501';
        end if;
        organisation_id := a.organisation_id;
        boroughs := a.boroughs;
        k := greatest(k, a.k);
        include_victims := a.include_victims;
        fields := a.fields;
        level := a.level;
        select ag.cell_m into cell from agreements ag where ag.id = a.id;
      else
        organisation_id := app_org_id();
        boroughs := case when app_role() = 'commissioner' then app_boroughs() end;
      end if;
      suppress := app_role() <> 'lead';
    end $$`.execute(db)

  // A count as the reader may see it: exact for a lead, perturbed for every aggregate reader.
  await sql`
    create function disclosed_count(p_n bigint, p_key bigint, p_suppress boolean, p_k integer, p_noise integer) returns bigint
    language sql immutable parallel safe as $$
      select case when p_suppress then ckm_publish(coalesce(p_n, 0), coalesce(p_key, 0), p_k, p_noise) else coalesce(p_n, 0) end
    $$`.execute(db)

  // Whole months in order for everyone; for aggregate readers a fixed period: one calendar month, a
  // calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec) or a financial year (April to March), so
  // running or overlapping ranges cannot isolate a month. p_to is the first day of the last month.
  // Errors in class CB: CB400 = a fixed rule (400), CB403 = outside the partner's agreement (403);
  // DETAIL names the request parameter.
  await sql`
    create function disclosure_require_period(p_suppress boolean, p_from date, p_to date) returns void
    language plpgsql immutable as $$
    begin
      if p_from is null or p_to is null or p_from <> date_trunc('month', p_from)::date
         or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      if not p_suppress or p_to = p_from then return; end if;
      if extract(month from p_from) in (1, 4, 7, 10) and p_to = (p_from + interval '2 months')::date then return; end if;
      if extract(month from p_from) = 4 and p_to = (p_from + interval '11 months')::date then return; end if;
      raise exception 'the period must be one calendar month, a calendar quarter (January–March, April–June, July–September, October–December) or a financial year (April to March)'
        using errcode = 'CB400', detail = 'from';
    end $$`.execute(db)

  // A partner may filter or break down only by the fields its agreement lists (null: not a partner).
  await sql`
    create function disclosure_require_fields(p_fields text[], p_asked text[]) returns void
    language plpgsql immutable as $$
    declare f text;
    begin
      if p_fields is null then return; end if;
      foreach f in array coalesce(p_asked, '{}') loop
        if f is not null and not (f = any (p_fields)) then
          raise exception 'the data-sharing agreement does not include the field "%"', f using errcode = 'CB403', detail = f;
        end if;
      end loop;
    end $$`.execute(db)

  // A hex or square cell size an aggregate reader may use: the fixed 250, 500 and 1000 m grids; a
  // partner exactly its agreement's cell size, and only under a "generalised" agreement.
  await sql`
    create function disclosure_require_cell(p_suppress boolean, p_level text, p_cell integer, p_size integer, p_param text) returns void
    language plpgsql immutable as $$
    begin
      if not p_suppress then return; end if;
      if p_size not in (250, 500, 1000) then
        raise exception 'the cell size must be 250, 500 or 1000 metres' using errcode = 'CB400', detail = p_param;
      end if;
      if p_cell is not null and p_level is distinct from 'generalised' then
        raise exception 'the data-sharing agreement allows counts by borough only, not by cell' using errcode = 'CB403', detail = p_param;
      end if;
      if p_cell is not null and p_size <> p_cell then
        raise exception 'the data-sharing agreement fixes the cell size at % metres', p_cell using errcode = 'CB403', detail = p_param;
      end if;
    end $$`.execute(db)

  // --- the population, with record keys ----------------------------------------------------------
  await sql`drop function disclosed_locations(uuid, text[], boolean, date, date)`.execute(db)
  // Replaces disclosed_locations of migration 0007 (20261127_0007_disclosure); db/schema.sql shows the definition in force.
  await sql`
    create function disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date)
    returns table (referral_id uuid, kind text, geom geometry, observed_on date, borough_code text, ward_code text,
                   lsoa_code text, border_code text, border_distance_m double precision, programme text,
                   subject_role text, age_band text, record_key integer)
    language sql stable as $$
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code, l.ward_code, l.lsoa_code, l.border_code,
             l.border_distance_m, p.slug, r.subject_role, r.age_band, k.record_key
      from referral_locations l
      join referrals r on r.id = l.referral_id
      join programmes p on p.id = r.programme_id
      join referral_record_keys k on k.referral_id = r.id
      where r.organisation_id = s_org and not r.restricted
        and l.observed_on >= p_from and l.observed_on < p_until
        and (s_boroughs is null or l.borough_code = any (s_boroughs))
        and (s_victims or r.subject_role = 'at_risk')
    $$`.execute(db)
  await sql`revoke execute on function disclosed_locations(uuid, text[], boolean, date, date) from public`.execute(db)

  // --- counts on fixed geographies ---------------------------------------------------------------
  // Distinct referrals per area (and month): cells, per-area, per-month and grand totals, each the
  // count of its own set of referrals (a referral located in two areas counts once in the total).
  // Replaces stats_counts of migration 0007 (20261127_0007_disclosure); db/schema.sql shows the definition in force.
  await sql`
    create or replace function stats_counts(p_geography text, p_from date, p_to date, p_by_month boolean,
                                 p_programme text default null, p_subject_role text default null,
                                 p_age_band text default null, p_kind text default null)
    returns table (line text, area text, month date, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record; v_size integer;
    begin
      if p_geography not in ('borough', 'ward', 'lsoa', 'hex250', 'hex500', 'hex1000') then
        raise exception 'unknown geography %', p_geography using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[
        case when p_geography = 'ward' then 'ward' end, case when p_by_month then 'month' end,
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end, case when p_kind is not null then 'kind' end]);
      v_size := case p_geography when 'hex250' then 250 when 'hex500' then 500 when 'hex1000' then 1000 end;
      if v_size is not null then
        perform disclosure_require_cell(s.suppress, s.level, s.cell, v_size, 'geography');
      elsif p_geography = 'lsoa' and s.cell is not null and s.level is distinct from 'generalised' then
        raise exception 'the data-sharing agreement allows counts by borough only' using errcode = 'CB403', detail = 'geography';
      end if;
      return query
      with loc as (
        select l.referral_id, l.record_key,
               case when p_by_month then date_trunc('month', l.observed_on)::date end as m,
               case p_geography when 'borough' then l.borough_code when 'ward' then l.ward_code
                                when 'lsoa' then l.lsoa_code else hex_cell_id(l.geom, v_size) end as a
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
          and (p_kind is null or l.kind = p_kind)
      ), g as (
        select (array['cell', 'area', 'month', 'total'])[grouping(loc.a, loc.m) + 1] as line, loc.a, loc.m,
               count(distinct loc.referral_id) as c, ckm_key(distinct loc.referral_id, loc.record_key) as ck
        from loc where loc.a is not null
        group by grouping sets ((loc.a, loc.m), (loc.a), (loc.m), ())
      )
      select g.line, g.a, g.m, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      where p_by_month or g.line <> 'month'
      order by g.line, g.a, g.m;
    end $$`.execute(db)

  // Generalised points: located events snapped to the centre of a fixed square cell, distinct
  // referrals per cell, published through the perturbation; cells published as 0 are dropped.
  // p_to is exclusive (the first day after the period).
  // Replaces generalised_points of migration 0007 (20261127_0007_disclosure); db/schema.sql shows the definition in force.
  await sql`
    create or replace function generalised_points(p_from date, p_to date, p_cell integer default 250, p_kind text default null)
    returns table (x double precision, y double precision, referrals bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, (p_to - interval '1 month')::date);
      perform disclosure_require_cell(s.suppress, coalesce(s.level, 'generalised'), s.cell, p_cell, 'cell');
      -- Other aggregate readers (a caseworker's organisation-wide points) get the one 250 m grid.
      if s.suppress and s.cell is null and p_cell <> 250 then
        raise exception 'generalised points come at 250 m only' using errcode = 'CB400', detail = 'cell';
      end if;
      perform disclosure_require_fields(s.fields, array[case when p_kind is not null then 'kind' end]);
      return query
      select c.x, c.y, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               disclosed_count(count(distinct l.referral_id), ckm_key(distinct l.referral_id, l.record_key), s.suppress, s.k, s.noise) as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_to) l
        where p_kind is null or l.kind = p_kind
        group by 1, 2
      ) c
      where c.published >= case when s.suppress then 1 else s.k end
      order by 1, 2;
    end $$`.execute(db)

  // Distinct referrals per hex of p_size metres over whole months, and the grand total.
  // Replaces analysis_hex_counts of migration 0008 (20261127_0008_analysis); db/schema.sql shows the definition in force.
  await sql`
    create or replace function analysis_hex_counts(p_size integer, p_from date, p_to date,
                                        p_programme text default null, p_subject_role text default null,
                                        p_age_band text default null)
    returns table (line text, cell_q integer, cell_r integer, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_size is null or p_size not between 100 and 1000 then
        raise exception 'hex size must be 100 to 1000 metres' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_cell(s.suppress, s.level, s.cell, p_size, 'size');
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      return query
      with loc as (
        select l.referral_id, l.record_key, h.q as hq, h.r as hr
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        cross join lateral hex_cell(l.geom, p_size::double precision) h
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
      ), g as (
        select case when grouping(loc.hq, loc.hr) = 0 then 'cell' else 'total' end as line, loc.hq, loc.hr,
               count(distinct loc.referral_id) as c, ckm_key(distinct loc.referral_id, loc.record_key) as ck
        from loc
        group by grouping sets ((loc.hq, loc.hr), ())
      )
      select g.line, g.hq, g.hr, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.hq, g.hr;
    end $$`.execute(db)

  // Border activity: distinct referrals per side and month with a located event within p_distance of
  // the pair's shared border; aggregate readers only at the fixed bands 100, 200, 400 and 800 m.
  // Replaces analysis_border_activity of migration 0009 (20261127_0009_border_activity); db/schema.sql shows the definition in force.
  await sql`
    create or replace function analysis_border_activity(p_a text, p_b text, p_distance double precision, p_from date, p_to date)
    returns table (line text, side text, month date, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_a is null or p_b is null or p_a = p_b then
        raise exception 'two different boroughs are needed' using errcode = '22023';
      end if;
      if p_distance is null or p_distance < 1 or p_distance > 2000 then
        raise exception 'distance must be 1 to 2000 metres' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      if s.suppress and p_distance not in (100, 200, 400, 800) then
        raise exception 'the border band must be 100, 200, 400 or 800 metres' using errcode = 'CB400', detail = 'distance';
      end if;
      perform disclosure_require_fields(s.fields, array['month']);
      return query
      with loc as (
        select l.referral_id, l.record_key, l.borough_code as sd, date_trunc('month', l.observed_on)::date as m
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where ((l.borough_code = p_a and l.border_code = p_b) or (l.borough_code = p_b and l.border_code = p_a))
          and l.border_distance_m <= p_distance
      ), g as (
        select (array['cell', 'area', 'month', 'total'])[grouping(loc.sd, loc.m) + 1] as line, loc.sd, loc.m,
               count(distinct loc.referral_id) as c, ckm_key(distinct loc.referral_id, loc.record_key) as ck
        from loc
        group by grouping sets ((loc.sd, loc.m), (loc.sd), (loc.m), ())
      )
      select g.line, g.sd, g.m, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.sd, g.m;
    end $$`.execute(db)

  // Flows: a referral counts in (H, D) when it has a home located in H observed by the end of the
  // period and an incident located in D during it. Origin, destination and grand totals count the
  // distinct referrals of their row, column or table.
  // Replaces analysis_flows of migration 0010 (20261128_0010_analysis_more); db/schema.sql shows the definition in force.
  await sql`
    create or replace function analysis_flows(p_from date, p_to date, p_programme text default null,
                                   p_subject_role text default null, p_age_band text default null)
    returns table (line text, origin text, destination text, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record; v_until date;
    begin
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      v_until := (p_to + interval '1 month')::date;
      return query
      with inc as (
        select distinct l.referral_id, l.record_key, l.borough_code as d
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, v_until) l
        where l.kind = 'incident' and l.borough_code is not null
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
      ), home as (
        select distinct l.referral_id, l.borough_code as h
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, '-infinity'::date, v_until) l
        where l.kind = 'home' and l.borough_code is not null
          and l.referral_id in (select inc.referral_id from inc)
      ), pairs as (
        select inc.referral_id, inc.record_key, home.h, inc.d from inc join home on home.referral_id = inc.referral_id
      ), g as (
        select (array['cell', 'origin', 'destination', 'total'])[grouping(pairs.h, pairs.d) + 1] as line, pairs.h, pairs.d,
               count(distinct pairs.referral_id) as c, ckm_key(distinct pairs.referral_id, pairs.record_key) as ck
        from pairs
        group by grouping sets ((pairs.h, pairs.d), (pairs.h), (pairs.d), ())
      )
      select g.line, g.h, g.d, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.h, g.d;
    end $$`.execute(db)

  // The funding report's integers for aggregate readers: per borough in force within the scope, the
  // referrals resident there (latest home in the period) and the referrals with activity there
  // (incident, school or hangout in the period), and the referrals counted at all; each a set of its
  // own, perturbed. Shares and blends are computed from these published integers only (the service),
  // so no weight reveals more than they do. The lead's exact, fractional report is funding_report.
  await sql`
    create function funding_counts(p_from date, p_to date, p_programme text default null)
    returns table (line text, borough text, n bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[case when p_programme is not null then 'programme' end]);
      return query
      with boroughs as materialized (
        select a.code from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (s.boroughs is null or a.code = any (s.boroughs))
      ), loc as materialized (
        select l.referral_id, l.record_key, l.kind, l.borough_code as b, l.observed_on
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where l.kind in ('home', 'incident', 'school', 'hangout')
          and l.borough_code in (select boroughs.code from boroughs)
          and (p_programme is null or l.programme = p_programme)
      ), res as (
        select distinct on (loc.referral_id) loc.referral_id, loc.record_key, loc.b
        from loc where loc.kind = 'home'
        order by loc.referral_id, loc.observed_on desc, loc.b
      ), act as (
        select distinct loc.referral_id, loc.record_key, loc.b from loc where loc.kind <> 'home'
      ), sets as (
        select 'residence'::text as line, res.b, res.referral_id, res.record_key from res
        union all select 'activity', act.b, act.referral_id, act.record_key from act
        union all select distinct 'total', null::text, loc.referral_id, loc.record_key from loc
      ), g as (
        select sets.line, sets.b, count(distinct sets.referral_id) as c, ckm_key(distinct sets.referral_id, sets.record_key) as ck
        from sets group by sets.line, sets.b
      )
      select lines.line, lines.code, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise)
      from (select t.line, b.code from (values ('residence'), ('activity')) t (line) cross join boroughs b
            union all select 'total', null) lines
      left join g on g.line = lines.line and g.b is not distinct from lines.code
      order by 1, 2;
    end $$`.execute(db)
  await sql`grant execute on function funding_counts(date, date, text) to crossborough_casework, crossborough_aggregate`.execute(db)

  // The lead's exact funding report (fractional activity shares) is no longer for aggregate roles.
  await sql`revoke execute on function funding_report(text, double precision, date, date, text) from public, crossborough_aggregate`.execute(db)
  await sql`grant execute on function funding_report(text, double precision, date, date, text) to crossborough_casework`.execute(db)

  // Hex cells of a tile size. Leads: exact counts from the precomputed tile_hex_counts (as before).
  // Aggregate readers: exactly the cells of analysis_hex_counts — the same set of referrals per hex
  // (any in-scope located event in the hex during the period), so the same published value as the
  // API — and only at the fixed sizes.
  // Replaces tile_hex_cells of migration 0012 (20261128_0012_tiles); db/schema.sql shows the definition in force.
  await sql`
    create or replace function tile_hex_cells(p_size integer, p_from date, p_to date,
                                   p_qmin integer default null, p_qmax integer default null,
                                   p_ymin double precision default null, p_ymax double precision default null,
                                   p_programme text default null, p_subject_role text default null, p_age_band text default null)
    returns table (line text, cell_q integer, cell_r integer, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare
      s record;
      v_role text := p_subject_role;
      v_prog integer;
      v_grain smallint;
      v_from integer := extract(year from p_from)::integer * 12 + extract(month from p_from)::integer - 1;
      v_to integer := extract(year from p_to)::integer * 12 + extract(month from p_to)::integer - 1;
      v_h double precision := sqrt(3.0) * p_size;
    begin
      if p_size not in (250, 500, 1000, 2000) then
        raise exception 'tile hex size must be 250, 500, 1000 or 2000' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      if s.suppress then
        return query
        select 'cell'::text, h.cell_q, h.cell_r, h.n, false
        from analysis_hex_counts(p_size, p_from, p_to, p_programme, p_subject_role, p_age_band) h
        where h.line = 'cell' and h.n > 0
          and (p_qmin is null or (h.cell_q between p_qmin and p_qmax
               and h.cell_r between floor(p_ymin / v_h - h.cell_q / 2.0) - 1 and ceil(p_ymax / v_h - h.cell_q / 2.0) + 1));
        return;
      end if;
      if not s.include_victims then
        if v_role is not null and v_role <> 'at_risk' then return; end if;
        v_role := 'at_risk';
      end if;
      if p_programme is not null then
        select id into v_prog from programmes where slug = p_programme;
        if v_prog is null then return; end if;
      end if;
      v_grain := case when v_prog is null and v_role is null and p_age_band is null then 0
                      when v_role is null and p_age_band is null then 1
                      when v_prog is null and p_age_band is null then 2
                      when v_prog is null and v_role is null then 3
                      else 4 end;
      return query
      select 'cell'::text, c.q, c.r, sum(c.n)::bigint, false
      from tile_hex_counts c
      where c.organisation_id = s.organisation_id and c.size = p_size and c.grain = v_grain
        and c.month between v_from and v_to and c.prev < v_from
        and (s.boroughs is null or c.borough_code = any (s.boroughs))
        and (v_prog is null or c.programme_id = v_prog)
        and (v_role is null or c.subject_role = v_role)
        and (p_age_band is null or c.age_band = p_age_band)
        and (p_qmin is null or (c.q between p_qmin and p_qmax
             and c.r between floor(p_ymin / v_h - c.q / 2.0) - 1 and ceil(p_ymax / v_h - c.q / 2.0) + 1))
      group by c.q, c.r
      having sum(c.n) > 0;
    end $$`.execute(db)

  // Generalised points in a box (widened to whole cells, so each cell is counted whole): the same
  // cells and values as generalised_points.
  // Replaces tile_generalised_points of migration 0012 (20261128_0012_tiles); db/schema.sql shows the definition in force.
  await sql`
    create or replace function tile_generalised_points(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision,
                                            p_from date, p_until date, p_cell integer default 250,
                                            p_programme text default null, p_subject_role text default null, p_age_band text default null)
    returns table (x double precision, y double precision, referrals bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare
      s record;
      v_xmin double precision := floor(p_xmin / p_cell) * p_cell;
      v_ymin double precision := floor(p_ymin / p_cell) * p_cell;
      v_xmax double precision := ceil(p_xmax / p_cell) * p_cell;
      v_ymax double precision := ceil(p_ymax / p_cell) * p_cell;
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, (p_until - interval '1 month')::date);
      perform disclosure_require_cell(s.suppress, coalesce(s.level, 'generalised'), s.cell, p_cell, 'cell');
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      return query
      select c.x, c.y, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               disclosed_count(count(distinct l.referral_id), ckm_key(distinct l.referral_id, l.record_key), s.suppress, s.k, s.noise) as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_until) l
        where l.geom && ST_MakeEnvelope(v_xmin, v_ymin, v_xmax, v_ymax, 27700)
          and ST_X(l.geom) >= v_xmin and ST_X(l.geom) < v_xmax and ST_Y(l.geom) >= v_ymin and ST_Y(l.geom) < v_ymax
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
        group by 1, 2
      ) c
      where c.published >= case when s.suppress then 1 else s.k end;
    end $$`.execute(db)

  // Generalised exports: cells of the fixed grid with their breakdown fields, distinct referrals per
  // cell and breakdown, perturbed; cells published as 0 dropped. Partners: a "generalised" agreement,
  // its cell size and fields, and a fixed observation period (no opening-date ranges, which would
  // difference like running periods). Leads and caseworkers as before (exact, cells under k dropped).
  // Replaces export_generalised of migration 0013 (20261128_0013_exports); db/schema.sql shows the definition in force.
  await sql`
    create or replace function export_generalised(p_cell integer, p_by text[],
                                       p_observed_from date, p_observed_until date,
                                       p_opened_from date, p_opened_to date,
                                       p_programme text default null, p_subject_role text default null,
                                       p_age_band text default null, p_kind text default null, p_borough text default null)
    returns table (x double precision, y double precision, programme text, subject_role text, age_band text,
                   month date, borough text, ward text, kind text, referrals bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare
      s record;
      v_by text[] := coalesce(p_by, '{}');
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      if not v_by <@ array['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] then
        raise exception 'unknown breakdown field' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      if app_role() = 'partner' then
        if s.level <> 'generalised' then
          raise exception 'the agreement allows aggregate counts only' using errcode = '42501';
        end if;
        -- Breaking down or filtering by a field is disclosing it: both need the agreement's leave.
        perform disclosure_require_fields(s.fields, v_by || array[
          case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
          case when p_age_band is not null then 'ageBand' end, case when p_kind is not null then 'kind' end,
          case when p_borough is not null then 'borough' end]);
        perform disclosure_require_cell(true, s.level, s.cell, p_cell, 'cell');
        if p_opened_from is not null or p_opened_to is not null then
          raise exception 'partners choose a fixed observation period, not a range of opening dates' using errcode = 'CB400', detail = 'from';
        end if;
        if p_observed_from is null or p_observed_until is null then
          raise exception 'partners must choose a period' using errcode = 'CB400', detail = 'from';
        end if;
        perform disclosure_require_period(true, p_observed_from, (p_observed_until - interval '1 month')::date);
      elsif app_role() not in ('lead', 'caseworker') then
        raise exception 'not a role that receives generalised points' using errcode = '42501';
      end if;
      return query
      select c.x, c.y, c.programme, c.subject_role, c.age_band, c.month, c.borough, c.ward, c.kind, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x,
               (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               case when 'programme' = any (v_by) then l.programme end as programme,
               case when 'subjectRole' = any (v_by) then l.subject_role end as subject_role,
               case when 'ageBand' = any (v_by) then l.age_band end as age_band,
               case when 'month' = any (v_by) then date_trunc('month', l.observed_on)::date end as month,
               case when 'borough' = any (v_by) then l.borough_code end as borough,
               case when 'ward' = any (v_by) then l.ward_code end as ward,
               case when 'kind' = any (v_by) then l.kind end as kind,
               case when app_role() = 'partner'
                    then disclosed_count(count(distinct l.referral_id), ckm_key(distinct l.referral_id, l.record_key), true, s.k, s.noise)
                    else count(distinct l.referral_id) end as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims,
                                 coalesce(p_observed_from, '-infinity'::date), coalesce(p_observed_until, 'infinity'::date)) l
        join referrals r on r.id = l.referral_id
        where (p_opened_from is null or r.opened_on >= p_opened_from)
          and (p_opened_to is null or r.opened_on <= p_opened_to)
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
          and (p_kind is null or l.kind = p_kind)
          and (p_borough is null or l.borough_code = p_borough)
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9
      ) c
      where c.published >= case when app_role() = 'partner' then 1 else s.k end
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  // Frozen forward-only in practice: the earlier definitions live in migrations 0007–0013.
  for (const f of [
    'ckm_noise(bigint, integer)',
    'ckm_floor_log2(bigint)',
    'funding_counts(date, date, text)',
    'disclosure_require_cell(boolean, text, integer, integer, text)',
    'disclosure_require_fields(text[], text[])',
    'disclosure_require_period(boolean, date, date)',
    'disclosed_count(bigint, bigint, boolean, integer, integer)',
    'ckm_publish(bigint, bigint, integer, integer)',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
  await sql`drop aggregate if exists ckm_key(uuid, integer)`.execute(db)
  await sql`drop function if exists ckm_key_step(bigint, uuid, integer)`.execute(db)
  await sql`drop trigger if exists referrals_record_keys on referrals`.execute(db)
  await sql`drop function if exists ckm_assign_record_keys()`.execute(db)
  await sql`drop table if exists referral_record_keys`.execute(db)
  await sql`alter table agreements drop column if exists cell_m`.execute(db)
}
