import { sql, type Kysely } from 'kysely'

/**
 * The funding report in one pass over the counted locations (replaces funding_report of migration
 * 0011 as altered by 0019; same signature, same lines and values).
 *
 * The earlier text joined the materialised per-referral summary (`span`) back to the residence and
 * activity rows three times. A materialised CTE is estimated at one row, so PostgreSQL joined them
 * by nested loops: 3,500 × 2,900 comparisons per join on the demo data's year (10 M rows compared,
 * 25–40 s on the embedded database, where no statistics exist until the demo load analyses). Now
 * one grouping per referral carries everything the weights need — whether its events span boroughs,
 * its latest home borough (ties by borough code, as before) and the distinct boroughs of its other
 * events — and the weights are unnested from that row: no join at all, so no plan can go quadratic.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function funding_report(p_basis text, p_weight double precision, p_from date, p_to date, p_programme text default null)
    returns table (line text, borough text, part text, n bigint, weighted double precision, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp set plan_cache_mode = force_custom_plan as $$
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
      ), span as materialized (
        -- per referral: events in two or more boroughs; the latest home's borough; the other events' boroughs
        select loc.referral_id, count(distinct loc.b) > 1 as multi,
               (array_agg(loc.b order by loc.observed_on desc, loc.b) filter (where loc.kind = 'home'))[1] as home,
               array_agg(distinct loc.b) filter (where loc.kind <> 'home') as act
        from loc group by loc.referral_id
      ), w as (
        select sp.referral_id, sp.multi, sp.home as b,
               case p_basis when 'residence' then 1.0::float8 when 'activity' then 0.0::float8
                    else case when sp.act is not null then p_weight else 1.0::float8 end
               end as wt
        from span sp where sp.home is not null
        union all
        select sp.referral_id, sp.multi, a.b,
               case p_basis when 'residence' then 0.0::float8 when 'activity' then 1.0::float8 / cardinality(sp.act)
                    else case when sp.home is not null then 1.0::float8 - p_weight else 1.0::float8 end / cardinality(sp.act)
               end
        from span sp cross join lateral unnest(sp.act) a (b) where sp.act is not null
      ), per as (
        select w.referral_id, w.b, w.multi, sum(w.wt) as wt from w group by w.referral_id, w.b, w.multi having sum(w.wt) > 0
      ), cells as (
        select per.b, case when per.multi then 'cross' else 'single' end as pt, count(*) as c, sum(per.wt) as ws
        from per group by 1, 2
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
