import { sql, type Kysely } from 'kysely'

/**
 * The commissioners' funding report: each borough's part of the caseload by residence, by
 * activity or a weighted blend, under the same disclosure rules as `stats_counts` (0007).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // How a referral is counted (over the located events observed in [p_from, p_to + 1 month) that the
  // actor may count, disclosed_locations(), in a borough in force):
  // - residence: the borough of its latest `home` location in the period (ties: lowest code), weight 1;
  // - activity: 1 shared equally by the distinct boroughs of its `incident`, `school` and `hangout`
  //   locations in the period (2 boroughs: ½ each);
  // - blend: p_weight × residence + (1 − p_weight) × activity; a referral with only one of the two
  //   gives that one the whole weight.
  // So every counted referral carries weight 1 in total, and the weighted total is the number of
  // referrals counted. A referral with nothing to count on the basis is left out.
  // Lines: cells (borough, part) — part `cross` when the referral's home/incident/school/hangout
  // events lie in two or more boroughs, else `single` — with n = distinct referrals with a part in the
  // borough; `area` per borough in force (within the actor's scope, zeros too) with n and the weighted
  // count; `part` totals; the grand `total` with n (the sum of the cells: the table is additive) and
  // the weighted total. Cells of 1..k−1 come back null for everyone but leads; totals come back with
  // their value (flagged when small). (Since migration 0021 aggregate readers get funding_counts instead.)
  // `create or replace`: the first version of this migration decided "has a residence / an activity"
  // with correlated EXISTS over CTEs (quadratic: 20+ minutes at 1M locations); databases migrated
  // before that fix get this definition by re-running up(), which is idempotent.
  await sql`
    create or replace function funding_report(p_basis text, p_weight double precision, p_from date, p_to date,
                                   p_programme text default null)
    returns table (line text, borough text, part text, n bigint, weighted double precision, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_basis is null or p_basis not in ('residence', 'activity', 'blend') then
        raise exception 'basis must be residence, activity or blend' using errcode = '22023';
      end if;
      if p_weight is null or p_weight < 0 or p_weight > 1 then
        raise exception 'weight must be from 0 to 1' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      with boroughs as materialized (
        select a.code from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (s.boroughs is null or a.code = any (s.boroughs))
      ), loc as materialized (
        select l.referral_id, l.kind, l.borough_code as b, l.observed_on
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where l.kind in ('home', 'incident', 'school', 'hangout')
          and l.borough_code in (select boroughs.code from boroughs)
          and (p_programme is null or l.programme = p_programme)
      ), res as (
        select distinct on (loc.referral_id) loc.referral_id, loc.b
        from loc where loc.kind = 'home'
        order by loc.referral_id, loc.observed_on desc, loc.b
      ), act as (
        select a.referral_id, a.b, count(*) over (partition by a.referral_id) as m
        from (select distinct loc.referral_id, loc.b from loc where loc.kind <> 'home') a
      ), span as materialized (
        select loc.referral_id, count(distinct loc.b) > 1 as multi,
               bool_or(loc.kind = 'home') as has_home, bool_or(loc.kind <> 'home') as has_activity
        from loc group by loc.referral_id
      ), w as (
        select res.referral_id, res.b,
               case p_basis when 'residence' then 1.0::float8 when 'activity' then 0.0::float8
                    else case when sp.has_activity then p_weight else 1.0::float8 end
               end as wt
        from res join span sp on sp.referral_id = res.referral_id
        union all
        select act.referral_id, act.b,
               case p_basis when 'residence' then 0.0::float8 when 'activity' then 1.0::float8 / act.m
                    else case when sp.has_home then 1.0::float8 - p_weight else 1.0::float8 end / act.m
               end
        from act join span sp on sp.referral_id = act.referral_id
      ), per as (
        select w.referral_id, w.b, sum(w.wt) as wt from w group by w.referral_id, w.b having sum(w.wt) > 0
      ), cells as (
        select per.b, case when span.multi then 'cross' else 'single' end as pt, count(*) as c, sum(per.wt) as ws
        from per join span on span.referral_id = per.referral_id
        group by 1, 2
      ), lines as (
        select 'cell'::text as line, cells.b, cells.pt, cells.c, null::float8 as ws from cells
        union all
        select 'area', boroughs.code, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8
        from boroughs left join cells on cells.b = boroughs.code group by boroughs.code
        union all
        select 'part', pts.pt, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8
        from (values ('cross'), ('single')) pts (pt) left join cells on cells.pt = pts.pt group by pts.pt
        union all
        select 'total', null, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8 from cells
      )
      select lines.line,
             case when lines.line = 'part' then null else lines.b end,
             case when lines.line = 'part' then lines.b else lines.pt end,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             lines.ws,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by 1, 2, 3;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists funding_report(text, double precision, date, date, text)`.execute(db)
}
