import { sql, type Kysely } from 'kysely'

/**
 * Analysis on the fixed-origin hex grid: hex counts for every counting role, under the same
 * disclosure rules as `stats_counts` (0007), and the study area of a hotspot analysis.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Distinct referrals per hex cell of `p_size` metres over whole months, and the grand total (the sum
  // of the cells, so the 1-D table is additive). The population and k come from disclosure_scope();
  // cells of 1..k−1 come back null for everyone but leads (secondary suppression is the service's,
  // server/privacy/suppression.ts, which needs the true total).
  await sql`
    create function analysis_hex_counts(p_size integer, p_from date, p_to date,
                                        p_programme text default null, p_subject_role text default null,
                                        p_age_band text default null)
    returns table (line text, cell_q integer, cell_r integer, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_size is null or p_size not between 100 and 1000 then
        raise exception 'hex size must be 100 to 1000 metres' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      with loc as (
        select l.referral_id, h.q as hq, h.r as hr
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        cross join lateral hex_cell(l.geom, p_size::double precision) h
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
      ), cells as (
        select loc.hq, loc.hr, count(distinct loc.referral_id) as c from loc group by loc.hq, loc.hr
      ), lines as (
        select 'cell'::text as line, cells.hq, cells.hr, cells.c from cells
        union all select 'total', null::integer, null::integer, coalesce(sum(cells.c), 0)::bigint from cells
      )
      select lines.line, lines.hq, lines.hr,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by lines.line, lines.hq, lines.hr;
    end $$`.execute(db)

  // The study area of a hex analysis: every cell of `p_size` whose centre lies in a borough in force
  // (of `p_boroughs`, or any when null), with that borough. Axial (q, r) ranges are generated from the
  // boroughs' extent (the project's own indexing, not ST_HexagonGrid's); public boundary data only.
  // Candidate cells are materialised with their centre point first, so each probes the spatial index of
  // area_parts (a plan PostgreSQL will not find through the set-returning functions); jit off: the
  // estimates of generate_series make it compile a query that runs in milliseconds.
  await sql`
    create function analysis_study_area(p_size integer, p_boroughs text[] default null)
    returns table (cell_q integer, cell_r integer, borough text)
    language sql stable set search_path = public, pg_temp set jit = off as $$
      with b as materialized (
        select a.id, a.code, a.geom from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (p_boroughs is null or a.code = any (p_boroughs))
      ), e as materialized (
        select ST_Extent(b.geom)::box2d as e from b
      ), qs as materialized (
        select q, e.e from e, generate_series(floor(ST_XMin(e.e) / (1.5 * p_size))::integer - 1,
                                         ceil(ST_XMax(e.e) / (1.5 * p_size))::integer + 1) as q
        where e.e is not null
      ), c as materialized (
        select qs.q, r, ST_SetSRID(ST_MakePoint(1.5 * p_size * qs.q, sqrt(3.0) * p_size * (r + qs.q / 2.0::float8)), 27700) as pt
        from qs, generate_series(floor(ST_YMin(qs.e) / (sqrt(3.0) * p_size) - qs.q / 2.0::float8)::integer - 1,
                                 ceil(ST_YMax(qs.e) / (sqrt(3.0) * p_size) - qs.q / 2.0::float8)::integer + 1) as r
      )
      select distinct on (c.q, c.r) c.q, c.r, b.code
      from c
      join area_parts p on p.kind = 'borough' and ST_Intersects(p.geom, c.pt)
      join b on b.id = p.area_id
      order by c.q, c.r, b.code
    $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists analysis_study_area(integer, text[])`.execute(db)
  await sql`drop function if exists analysis_hex_counts(integer, date, date, text, text, text)`.execute(db)
}
