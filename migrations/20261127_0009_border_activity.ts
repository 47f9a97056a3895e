import { sql, type Kysely } from 'kysely'

/**
 * Border activity: distinct referrals per month with a located event within `p_distance`
 * metres of the shared border of two boroughs, on each side, under the same disclosure rules as
 * `stats_counts` (0007) and `analysis_hex_counts` (0008).
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A location counts on side X (X one of the pair) when its borough is X, its nearest other borough
  // (border_code, set by the location trigger) is the other one of the pair, and it lies within
  // p_distance of that border. Lines: cells (side, month), side totals, month totals, grand total,
  // all sums of the cells, so the 2-D table is additive. The population and k come from
  // disclosure_scope(); cells of 1..k−1 come back null for everyone but leads (secondary suppression
  // is the service's, server/privacy/suppression.ts, which needs the true totals).
  await sql`
    create function analysis_border_activity(p_a text, p_b text, p_distance double precision, p_from date, p_to date)
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
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      with loc as (
        select l.referral_id, l.borough_code as sd, date_trunc('month', l.observed_on)::date as m
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where ((l.borough_code = p_a and l.border_code = p_b) or (l.borough_code = p_b and l.border_code = p_a))
          and l.border_distance_m <= p_distance
      ), cells as (
        select loc.sd, loc.m, count(distinct loc.referral_id) as c from loc group by loc.sd, loc.m
      ), lines as (
        select 'cell'::text as line, cells.sd, cells.m, cells.c from cells
        union all select 'area', cells.sd, null::date, sum(cells.c)::bigint from cells group by cells.sd
        union all select 'month', null, cells.m, sum(cells.c)::bigint from cells group by cells.m
        union all select 'total', null, null, coalesce(sum(cells.c), 0)::bigint from cells
      )
      select lines.line, lines.sd, lines.m,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by lines.line, lines.sd, lines.m;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists analysis_border_activity(text, text, double precision, date, date)`.execute(db)
}
