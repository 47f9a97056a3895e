import { sql, type Kysely } from 'kysely'

/**
 * Disclosure control in the database (docs/product-rules.md, "Privacy rules"): the fixed-origin hex
 * grid, counts on fixed geographies by whole months with primary suppression, and generalised points.
 * Aggregate roles have no privilege on any point table: these SECURITY DEFINER functions are the only
 * way counts reach them, and they never return a count from 1 to k−1 to anyone but a lead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Flat-topped hexagons of circumradius `size` metres, origin (0, 0) of EPSG:27700: axial (q, r).
  await sql`
    create function hex_cell(g geometry, size double precision, out q integer, out r integer)
    language plpgsql immutable parallel safe strict as $$
    declare
      fq double precision := (2.0 / 3.0 * ST_X(g)) / size;
      fr double precision := (-1.0 / 3.0 * ST_X(g) + sqrt(3.0) / 3.0 * ST_Y(g)) / size;
      fs double precision := -fq - fr;
      rq double precision := round(fq);
      rr double precision := round(fr);
      rs double precision := round(fs);
    begin
      if abs(rq - fq) > abs(rr - fr) and abs(rq - fq) > abs(rs - fs) then
        rq := -rr - rs;
      elsif abs(rr - fr) > abs(rs - fs) then
        rr := -rq - rs;
      end if;
      q := rq::integer;
      r := rr::integer;
    end $$`.execute(db)
  await sql`
    create function hex_cell_id(g geometry, size integer) returns text
    language sql immutable parallel safe strict as $$
      select 'H' || size || ':' || h.q || ':' || h.r from hex_cell(g, size) h
    $$`.execute(db)
  await sql`
    create function hex_cell_geom(size double precision, q integer, r integer) returns geometry
    language sql immutable parallel safe strict as $$
      select ST_SetSRID(ST_MakePolygon(ST_MakeLine(array(
        select ST_MakePoint(cx + size * cos(radians(60 * i)), cy + size * sin(radians(60 * i)))
        from (select 1.5 * size * q as cx, sqrt(3.0) * size * (r + q / 2.0) as cy) c, generate_series(0, 6) i
        order by i))), 27700)
    $$`.execute(db)

  // The population an actor may count: their organisation's (a partner: the agreement owner's),
  // never restricted referrals, within their borough scope, victims only where allowed.
  await sql`
    create function disclosure_scope(out organisation_id uuid, out boroughs text[], out k integer,
                                     out include_victims boolean, out suppress boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare a record;
    begin
      if app_role() is null or app_org_id() is null then
        raise exception 'no acting user' using errcode = '42501';
      end if;
      k := greatest(coalesce(nullif(current_setting('crossborough.k', true), '')::integer, 5), 3);
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
      else
        organisation_id := app_org_id();
        boroughs := case when app_role() = 'commissioner' then app_boroughs() end;
      end if;
      suppress := app_role() <> 'lead';
    end $$`.execute(db)

  // The located events an aggregate may count, for a scope from disclosure_scope(): the scope's
  // organisation, never restricted referrals, only the scope's boroughs, victims only where allowed,
  // observed in [p_from, p_until). The one definition every counting function uses. Plain SQL, so it
  // is inlined (filters push down) and runs with its caller's rights: the SECURITY DEFINER counting
  // functions, never a request role directly (those have no privilege on the point tables, or RLS).
  await sql`
    create function disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date)
    returns table (referral_id uuid, kind text, geom geometry, observed_on date, borough_code text, ward_code text,
                   lsoa_code text, border_code text, border_distance_m double precision, programme text,
                   subject_role text, age_band text)
    language sql stable as $$
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code, l.ward_code, l.lsoa_code, l.border_code,
             l.border_distance_m, p.slug, r.subject_role, r.age_band
      from referral_locations l
      join referrals r on r.id = l.referral_id
      join programmes p on p.id = r.programme_id
      where r.organisation_id = s_org and not r.restricted
        and l.observed_on >= p_from and l.observed_on < p_until
        and (s_boroughs is null or l.borough_code = any (s_boroughs))
        and (s_victims or r.subject_role = 'at_risk')
    $$`.execute(db)
  await sql`revoke execute on function disclosed_locations(uuid, text[], boolean, date, date) from public`.execute(db)

  // Distinct referrals per fixed area (and month): cells, per-area, per-month and grand totals.
  // Totals are sums of the cells, so the table is additive. Cells of 1..k−1 come back null for
  // everyone but leads. Totals come back with their value (flagged when small): secondary suppression
  // (server/privacy/suppression.ts) needs them to decide which further cells to hide, and hides them.
  await sql`
    create function stats_counts(p_geography text, p_from date, p_to date, p_by_month boolean,
                                 p_programme text default null, p_subject_role text default null,
                                 p_age_band text default null, p_kind text default null)
    returns table (line text, area text, month date, n bigint, suppressed boolean)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_geography not in ('borough', 'ward', 'lsoa', 'hex250') then
        raise exception 'unknown geography %', p_geography using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      with loc as (
        select l.referral_id,
               case when p_by_month then date_trunc('month', l.observed_on)::date end as m,
               case p_geography when 'borough' then l.borough_code when 'ward' then l.ward_code
                                when 'lsoa' then l.lsoa_code else hex_cell_id(l.geom, 250) end as a
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
          and (p_kind is null or l.kind = p_kind)
      ), cells as (
        select loc.a, loc.m, count(distinct loc.referral_id) as c from loc where loc.a is not null group by loc.a, loc.m
      ), lines as (
        select 'cell'::text as line, cells.a, cells.m, cells.c from cells
        union all select 'area', cells.a, null::date, sum(cells.c)::bigint from cells group by cells.a
        union all select 'month', null, cells.m, sum(cells.c)::bigint from cells where p_by_month group by cells.m
        union all select 'total', null, null, coalesce(sum(cells.c), 0)::bigint from cells
      )
      select lines.line, lines.a, lines.m,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by lines.line, lines.a, lines.m;
    end $$`.execute(db)

  // Generalised points: each referral's locations snapped to the centre of a fixed square cell
  // (origin 0,0 of EPSG:27700), counted per cell; cells with fewer than k referrals are dropped.
  await sql`
    create function generalised_points(p_from date, p_to date, p_cell integer default 250, p_kind text default null)
    returns table (x double precision, y double precision, referrals bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare s record;
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell,
             count(distinct l.referral_id)
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_to) l
      where p_kind is null or l.kind = p_kind
      group by 1, 2
      having count(distinct l.referral_id) >= s.k
      order by 1, 2;
    end $$`.execute(db)

  // Retention: referrals closed more than p_months ago go, with their locations and zones; audited.
  await sql`
    create function retention_purge(p_months integer) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint; v_cutoff date := (current_date - make_interval(months => p_months))::date;
    begin
      if p_months < 1 then raise exception 'retention must be at least one month' using errcode = '22023'; end if;
      with gone as (delete from referrals where status = 'closed' and closed_on < v_cutoff returning 1)
      select count(*) into v_n from gone;
      perform audit_append('retention.purge', jsonb_build_object('months', p_months, 'closedBefore', v_cutoff), v_n);
      return v_n;
    end $$`.execute(db)
  // Retention is the service's own job (and `npm run retention`), run as the owner: no request role
  // may purge, since it deletes every organisation's expired referrals.
  await sql`revoke execute on function retention_purge(integer) from public`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const f of [
    'retention_purge(integer)',
    'generalised_points(date, date, integer, text)',
    'stats_counts(text, date, date, boolean, text, text, text, text)',
    'disclosed_locations(uuid, text[], boolean, date, date)',
    'disclosure_scope()',
    'hex_cell_geom(double precision, integer, integer)',
    'hex_cell_id(geometry, integer)',
    'hex_cell(geometry, double precision)',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
}
