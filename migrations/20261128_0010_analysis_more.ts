import { sql, type Kysely } from 'kysely'

/**
 * More analyses: flows (every counting role, under the disclosure rules), and the
 * inputs of the leads-only analyses (clusters, density, emerging hotspots): exact located events and
 * monthly hex counts, each built on disclosure_scope()/disclosed_locations() like analysis_hex_counts
 * (0008), so the population (organisation, never restricted, borough scope, victims, period) has one
 * definition.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Flows: distinct referrals per (home borough, incident borough). A referral counts in (H, D) when
  // it has a home located in H observed by the end of the period (any time before: a home is usually
  // recorded once, at referral) and an incident located in D observed during the period. A referral
  // with homes or incidents in several boroughs counts once in each pair. Lines: cells, origin
  // totals, destination totals and the grand total, all sums of the cells, so the 2-D table is
  // additive (a total counts referral–pair links). Cells of 1..k−1 come back null for everyone but
  // leads; secondary suppression is the service's (server/privacy/suppression.ts), which needs the
  // true totals. Both ends come from disclosed_locations(), so an aggregate role sees only pairs
  // whose two boroughs are in its scope.
  await sql`
    create function analysis_flows(p_from date, p_to date, p_programme text default null,
                                   p_subject_role text default null, p_age_band text default null)
    returns table (line text, origin text, destination text, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record; v_until date;
    begin
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      v_until := (p_to + interval '1 month')::date;
      return query
      with inc as (
        select distinct l.referral_id, l.borough_code as d
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
      ), cells as (
        select home.h, inc.d, count(distinct inc.referral_id) as c
        from inc join home on home.referral_id = inc.referral_id
        group by home.h, inc.d
      ), lines as (
        select 'cell'::text as line, cells.h, cells.d, cells.c from cells
        union all select 'origin', cells.h, null::text, sum(cells.c)::bigint from cells group by cells.h
        union all select 'destination', null::text, cells.d, sum(cells.c)::bigint from cells group by cells.d
        union all select 'total', null::text, null::text, coalesce(sum(cells.c), 0)::bigint from cells
      )
      select lines.line, lines.h, lines.d,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by lines.line, lines.h, lines.d;
    end $$`.execute(db)

  // Exact located events of the organisation, for the leads-only analyses on points (DBSCAN clusters,
  // kernel density): the population of disclosed_locations() for a lead's scope (the organisation,
  // not restricted, victims included), observed in the whole months, filtered. Refused to every other
  // role (defence in depth: the routes admit leads only).
  await sql`
    create function analysis_exact_locations(p_from date, p_to date, p_programme text default null,
                                             p_subject_role text default null, p_age_band text default null)
    returns table (referral_id uuid, kind text, geom geometry, observed_on date, borough_code text)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if app_role() is distinct from 'lead' then
        raise exception 'exact locations are for leads only' using errcode = '42501';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
      where (p_programme is null or l.programme = p_programme)
        and (p_subject_role is null or l.subject_role = p_subject_role)
        and (p_age_band is null or l.age_band = p_age_band);
    end $$`.execute(db)

  // Distinct referrals per hex cell of p_size metres and whole month, for emerging hotspots (monthly
  // Gi* on exact counts): leads only, like analysis_exact_locations.
  await sql`
    create function analysis_hex_month_counts(p_size integer, p_from date, p_to date,
                                              p_programme text default null, p_subject_role text default null,
                                              p_age_band text default null)
    returns table (month date, cell_q integer, cell_r integer, n bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if app_role() is distinct from 'lead' then
        raise exception 'monthly cell counts are for leads only' using errcode = '42501';
      end if;
      if p_size is null or p_size not between 100 and 1000 then
        raise exception 'hex size must be 100 to 1000 metres' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      select date_trunc('month', l.observed_on)::date as m, h.q, h.r, count(distinct l.referral_id)
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
      cross join lateral hex_cell(l.geom, p_size::double precision) h
      where (p_programme is null or l.programme = p_programme)
        and (p_subject_role is null or l.subject_role = p_subject_role)
        and (p_age_band is null or l.age_band = p_age_band)
      group by 1, 2, 3
      order by 1, 2, 3;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists analysis_hex_month_counts(integer, date, date, text, text, text)`.execute(db)
  await sql`drop function if exists analysis_exact_locations(date, date, text, text, text)`.execute(db)
  await sql`drop function if exists analysis_flows(date, date, text, text, text)`.execute(db)
}
