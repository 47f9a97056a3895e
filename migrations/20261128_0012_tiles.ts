import { sql, type Kysely } from 'kysely'

/**
 * Vector tiles: data versions for ETags, and hex counts precomputed per zoom band so a tile
 * at a low zoom never scans the point table.
 *
 * - `tile_data_versions`: one counter per tile data source ('areas', 'referrals'), bumped once per
 *   statement that changes boundaries, referrals, their locations or agreements. A tile's ETag hashes
 *   it, so any change to the data changes the ETag.
 * - `tile_hex_contrib`: what each non-restricted referral contributes to the hex grid of every tile
 *   size (250, 500, 1000, 2000 m): one row per (referral, size, cell, month it was located there),
 *   with `prev` = the previous month it was located in that cell (0 = none) and the borough of its
 *   first location in the cell that month. A referral counts in a cell over months [a, b] exactly
 *   once: at its first row with a ≤ month ≤ b, the one whose prev < a. So sums over rows are exact
 *   distinct-referral counts for any whole-month range (borough scoping: see tile_hex_cells).
 * - `tile_hex_counts`: those rows summed per cell, month, prev and borough, with grouping sets by
 *   programme, subject role and age band (grain 0 = none of them, 1 = programme, 2 = subject role,
 *   3 = age band, 4 = all three), so an unfiltered or singly filtered tile sums few rows.
 * Both are kept current by statement-level triggers on referral_locations and referrals (transition
 * tables: a bulk import recomputes its referrals once, set-based). Aggregate roles read counts only
 * through the SECURITY DEFINER tile_hex_cells / tile_generalised_points, under disclosure_scope().
 */
export async function up(db: Kysely<any>): Promise<void> {
  const everyone = 'crossborough_app, crossborough_casework, crossborough_aggregate, crossborough_admin'

  // --- data versions ------------------------------------------------------------------------------
  await sql`
    create table tile_data_versions (
      layer text primary key check (layer in ('areas', 'referrals')),
      version bigint not null default 1,
      changed_at timestamptz not null default now()
    )`.execute(db)
  await sql`insert into tile_data_versions (layer) values ('areas'), ('referrals')`.execute(db)
  await sql.raw(`grant select on tile_data_versions to ${everyone}`).execute(db)
  await sql`
    create function tile_bump_version() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      update tile_data_versions set version = version + 1, changed_at = now() where layer = tg_argv[0];
      return null;
    end $$`.execute(db)
  for (const [table, layer] of [
    ['areas', 'areas'],
    ['referrals', 'referrals'],
    ['referral_locations', 'referrals'],
    ['agreements', 'referrals'],
  ] as const) {
    await sql
      .raw(`create trigger ${table}_tile_version after insert or update or delete or truncate on ${table}
      for each statement execute function tile_bump_version('${layer}')`)
      .execute(db)
  }

  // --- the hex grid, inlinable (same arithmetic as hex_cell of 0007) ------------------------------
  await sql`
    create function tile_hex_axial(x double precision, y double precision, size double precision)
    returns table (q integer, r integer) language sql immutable parallel safe as $$
      select case when dq > dr and dq > ds then (-rr - rs)::integer else rq::integer end,
             case when dq > dr and dq > ds then rr::integer when dr > ds then (-rq - rs)::integer else rr::integer end
      from (select rq, rr, rs, abs(rq - fq) as dq, abs(rr - fr) as dr, abs(rs - fs) as ds
            from (select fq, fr, fs, round(fq) as rq, round(fr) as rr, round(fs) as rs
                  from (select fq, fr, -fq - fr as fs
                        from (select (2.0 / 3.0 * x) / size as fq, (-1.0 / 3.0 * x + sqrt(3.0) / 3.0 * y) / size as fr) a) b) c) d
    $$`.execute(db)

  await sql`
    create table tile_hex_contrib (
      referral_id uuid not null,
      organisation_id uuid not null,
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,
      size smallint not null,
      q integer not null,
      r integer not null,
      month integer not null,
      prev integer not null,
      borough_code text not null
    )`.execute(db)
  await sql`create index tile_hex_contrib_referral on tile_hex_contrib (referral_id)`.execute(db)
  await sql`
    create table tile_hex_counts (
      organisation_id uuid not null,
      size smallint not null,
      grain smallint not null,
      q integer not null,
      r integer not null,
      month integer not null,
      prev integer not null,
      borough_code text not null,
      programme_id integer not null,
      subject_role text not null,
      age_band text not null,
      n integer not null,
      primary key (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band)
    )`.execute(db)

  // Contributions of the given referrals (all when null), from the current rows. Months are
  // year·12 + month − 1; '' is "outside every borough".
  await sql`
    create function tile_hex_contributions(p_ids uuid[])
    returns setof tile_hex_contrib language sql stable set search_path = public, pg_temp as $$
      with pts as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, ST_X(l.geom) as x, ST_Y(l.geom) as y,
               (extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1) as month,
               coalesce(l.borough_code, '') as borough_code, l.observed_on, l.id
        from referral_locations l
        join referrals r on r.id = l.referral_id
        where not r.restricted
          and (p_ids is null or l.referral_id in (select unnest(p_ids)))
      ), loc as (
        select p.referral_id, p.organisation_id, p.programme_id, p.subject_role, p.age_band, s.size, h.q, h.r,
               p.month, p.borough_code, p.observed_on, p.id
        from pts p
        cross join unnest('{250,500,1000,2000}'::smallint[]) s(size)
        cross join lateral tile_hex_axial(p.x, p.y, s.size::double precision) h
      ), firsts as (
        select distinct on (referral_id, size, q, r, month) *
        from loc order by referral_id, size, q, r, month, observed_on, id
      )
      select referral_id, organisation_id, programme_id, subject_role, age_band, size, q, r, month,
             coalesce(lag(month) over (partition by referral_id, size, q, r order by month), 0), borough_code
      from firsts
    $$`.execute(db)

  // Adds (p_sign 1) or takes away (−1) a set of contributions to the counts, every grain at once.
  const applyCounts = (source: string, sign: '1' | '-1') => `
      insert into tile_hex_counts (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n)
      select organisation_id, size,
             (case grouping(programme_id, subject_role, age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint,
             q, r, month, prev, borough_code, coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             ${sign} * count(*)::integer
      from ${source}
      group by grouping sets (
        (organisation_id, size, q, r, month, prev, borough_code),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id),
        (organisation_id, size, q, r, month, prev, borough_code, subject_role),
        (organisation_id, size, q, r, month, prev, borough_code, age_band),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id, subject_role, age_band))
      on conflict (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band)
      do update set n = tile_hex_counts.n + excluded.n`

  // Recomputes the given referrals' contributions (their locations, programme, role, restriction may
  // have changed, or they may be gone). Rows that fall to 0 stay (readers ignore them).
  await sql
    .raw(`
    create function tile_hex_refresh(p_ids uuid[]) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      create temp table if not exists tile_hex_delta (like tile_hex_contrib) on commit drop;
      delete from tile_hex_delta;
      with gone as (
        delete from tile_hex_contrib c where c.referral_id in (select unnest(p_ids)) returning c.*
      ) insert into tile_hex_delta select * from gone;
      ${applyCounts('tile_hex_delta', '-1')};
      delete from tile_hex_delta;
      insert into tile_hex_delta select * from tile_hex_contributions(p_ids);
      insert into tile_hex_contrib select * from tile_hex_delta;
      ${applyCounts('tile_hex_delta', '1')};
      delete from tile_hex_delta;
    end $$`)
    .execute(db)

  // Everything from scratch (this migration; after a restore).
  await sql
    .raw(`
    create function tile_hex_rebuild() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint;
    begin
      truncate tile_hex_contrib, tile_hex_counts;
      insert into tile_hex_contrib select * from tile_hex_contributions(null);
      get diagnostics v_n = row_count;
      ${applyCounts('tile_hex_contrib', '1')};
      return v_n;
    end $$`)
    .execute(db)
  await sql`revoke execute on function tile_hex_refresh(uuid[]) from public`.execute(db)
  await sql`revoke execute on function tile_hex_rebuild() from public`.execute(db)
  await sql`revoke execute on function tile_hex_contributions(uuid[]) from public`.execute(db)

  await sql`
    create function tile_hex_locations_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if tg_op = 'INSERT' then
        select array_agg(distinct referral_id) into v_ids from tile_new_rows;
      elsif tg_op = 'DELETE' then
        select array_agg(distinct referral_id) into v_ids from tile_old_rows;
      else
        select array_agg(distinct id) into v_ids from (
          select referral_id as id from tile_new_rows union select referral_id from tile_old_rows) u;
      end if;
      if v_ids is not null then perform tile_hex_refresh(v_ids); end if;
      return null;
    end $$`.execute(db)
  await sql`
    create function tile_hex_referrals_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      -- Only what a contribution depends on; a referral's rows go with its locations when it is deleted.
      select array_agg(n.id) into v_ids
      from tile_new_rows n join tile_old_rows o on o.id = n.id
      where (n.organisation_id, n.programme_id, n.subject_role, n.age_band, n.restricted)
            is distinct from (o.organisation_id, o.programme_id, o.subject_role, o.age_band, o.restricted);
      if v_ids is not null then perform tile_hex_refresh(v_ids); end if;
      return null;
    end $$`.execute(db)
  await sql`create trigger referral_locations_tile_hex_ins after insert on referral_locations
    referencing new table as tile_new_rows for each statement execute function tile_hex_locations_changed()`.execute(db)
  await sql`create trigger referral_locations_tile_hex_upd after update on referral_locations
    referencing new table as tile_new_rows old table as tile_old_rows for each statement execute function tile_hex_locations_changed()`.execute(db)
  await sql`create trigger referral_locations_tile_hex_del after delete on referral_locations
    referencing old table as tile_old_rows for each statement execute function tile_hex_locations_changed()`.execute(db)
  await sql`create trigger referrals_tile_hex_upd after update on referrals
    referencing new table as tile_new_rows old table as tile_old_rows for each statement execute function tile_hex_referrals_changed()`.execute(db)

  await sql`select tile_hex_rebuild()`.execute(db)
  await sql`analyze tile_hex_counts`.execute(db)

  // --- reads under the disclosure rules -------------------------------------------------------------
  // Distinct referrals per hex of a tile size over whole months [p_from, p_to] (first days), for the
  // actor's disclosure scope: organisation, no restricted referrals, victims only where allowed, the
  // scope's boroughs (a referral counts where the borough of its first location in the cell in a month
  // is in scope). Cells whose axial q lies in [p_qmin, p_qmax] and whose centre's y lies within
  // [p_ymin, p_ymax] widened by a cell (null bounds: the whole grid), then one 'total' line: the sum
  // of every cell of the grid, for secondary suppression. Cells of 1..k−1 are null for all but leads.
  await sql`
    create function tile_hex_cells(p_size integer, p_from date, p_to date,
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
      with cells as (
        select c.q, c.r, sum(c.n)::bigint as c,
               (p_qmin is null or (c.q between p_qmin and p_qmax
                 and c.r between floor(p_ymin / v_h - c.q / 2.0) - 1 and ceil(p_ymax / v_h - c.q / 2.0) + 1)) as wanted
        from tile_hex_counts c
        where c.organisation_id = s.organisation_id and c.size = p_size and c.grain = v_grain
          and c.month between v_from and v_to and c.prev < v_from
          and (s.boroughs is null or c.borough_code = any (s.boroughs))
          and (v_prog is null or c.programme_id = v_prog)
          and (v_role is null or c.subject_role = v_role)
          and (p_age_band is null or c.age_band = p_age_band)
          and (p_qmin is null or s.suppress or c.q between p_qmin and p_qmax)
        group by c.q, c.r
        having sum(c.n) > 0
      )
      select 'cell'::text, cells.q, cells.r,
             case when s.suppress and cells.c between 1 and s.k - 1 then null else cells.c end,
             s.suppress and cells.c between 1 and s.k - 1
      from cells where cells.wanted
      union all
      select 'total', null, null, coalesce(sum(cells.c), 0)::bigint, false from cells where s.suppress;
    end $$`.execute(db)

  // Generalised points in a box of EPSG:27700 (widened here to whole cells, so every cell in it is
  // counted whole): located events snapped to the centre of a fixed square cell, distinct referrals
  // per cell, cells under k dropped; the same population as generalised_points (0007).
  await sql`
    create function tile_generalised_points(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision,
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
      return query
      select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell,
             count(distinct l.referral_id)
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_until) l
      where l.geom && ST_MakeEnvelope(v_xmin, v_ymin, v_xmax, v_ymax, 27700)
        and ST_X(l.geom) >= v_xmin and ST_X(l.geom) < v_xmax and ST_Y(l.geom) >= v_ymin and ST_Y(l.geom) < v_ymax
        and (p_programme is null or l.programme = p_programme)
        and (p_subject_role is null or l.subject_role = p_subject_role)
        and (p_age_band is null or l.age_band = p_age_band)
      group by 1, 2
      having count(distinct l.referral_id) >= s.k;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'referral_locations_tile_hex_ins on referral_locations',
    'referral_locations_tile_hex_upd on referral_locations',
    'referral_locations_tile_hex_del on referral_locations',
    'referrals_tile_hex_upd on referrals',
    'areas_tile_version on areas',
    'referrals_tile_version on referrals',
    'referral_locations_tile_version on referral_locations',
    'agreements_tile_version on agreements',
  ]) {
    await sql.raw(`drop trigger if exists ${t}`).execute(db)
  }
  for (const f of [
    'tile_generalised_points(double precision, double precision, double precision, double precision, date, date, integer, text, text, text)',
    'tile_hex_cells(integer, date, date, integer, integer, double precision, double precision, text, text, text)',
    'tile_hex_referrals_changed()',
    'tile_hex_locations_changed()',
    'tile_hex_rebuild()',
    'tile_hex_refresh(uuid[])',
    'tile_hex_contributions(uuid[])',
    'tile_hex_axial(double precision, double precision, double precision)',
    'tile_bump_version()',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
  await sql`drop table if exists tile_hex_counts, tile_hex_contrib, tile_data_versions`.execute(db)
}
