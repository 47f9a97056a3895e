import { sql, type Kysely } from 'kysely'

/**
 * Organisations, programmes, referrals, their located events and exclusion zones. Each location's
 * borough, ward, LSOA, estate/patch and nearest other borough are assigned by the database
 * (`location_areas`), at write time by trigger and in bulk by `reassign_locations`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      synthetic boolean not null default false,
      created_at timestamptz not null default now()
    )`.execute(db)

  await sql`
    create table programmes (
      id int generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text not null
    )`.execute(db)

  await sql`
    create table referrals (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      programme_id int not null references programmes (id),
      external_id text not null check (length(external_id) between 1 and 64),
      subject_role text not null check (subject_role in ('at_risk', 'victim', 'both')),
      age_band text not null check (age_band in ('10-13', '14-15', '16-17', '18-20', '21-24')),
      referral_source text check (referral_source in ('school', 'police', 'youth_offending_team', 'social_care', 'health', 'self', 'family', 'community', 'other')),
      funding_borough text not null,
      status text not null default 'open' check (status in ('open', 'paused', 'closed')),
      opened_on date not null,
      closed_on date,
      risk_level text check (risk_level in ('low', 'medium', 'high')),
      restricted boolean not null default false,
      caseworker_id uuid,
      synthetic boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (organisation_id, external_id),
      check (closed_on is null or closed_on >= opened_on),
      check ((status = 'closed') = (closed_on is not null))
    )`.execute(db)
  await sql`create index referrals_org_opened on referrals (organisation_id, opened_on desc, id desc)`.execute(db)
  await sql`create index referrals_funding on referrals (funding_borough)`.execute(db)

  await sql`
    create table referral_locations (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals (id) on delete cascade,
      kind text not null check (kind in ('home', 'incident', 'school', 'hangout', 'relocation_from', 'relocation_to')),
      geom geometry(Point, 27700) not null,
      observed_on date not null,
      precision text not null check (precision in ('exact', 'postcode', 'street', 'area')),
      borough_code text,
      ward_code text,
      lsoa_code text,
      estate_code text,
      patch_code text,
      border_code text,
      border_distance_m double precision,
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index referral_locations_geom on referral_locations using gist (geom)`.execute(db)
  await sql`create index referral_locations_referral on referral_locations (referral_id)`.execute(db)
  await sql`create index referral_locations_borough on referral_locations (borough_code)`.execute(db)
  await sql`create index referral_locations_observed on referral_locations (observed_on)`.execute(db)

  await sql`
    create table exclusion_zones (
      id uuid primary key default gen_random_uuid(),
      referral_id uuid not null references referrals (id) on delete cascade,
      name text not null,
      geom geometry(MultiPolygon, 27700) not null check (st_isvalid(geom)),
      created_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index exclusion_zones_geom on exclusion_zones using gist (geom)`.execute(db)
  await sql`create index exclusion_zones_referral on exclusion_zones (referral_id)`.execute(db)

  // The areas a point falls in and the nearest other borough: one definition for the trigger,
  // the bulk import and the reassignment after boundaries change.
  await sql`
    create function location_areas(g geometry,
      out borough_code text, out ward_code text, out lsoa_code text, out estate_code text, out patch_code text,
      out border_code text, out border_distance_m double precision)
    language sql stable parallel safe as $fn$
      with here as (
        select a.kind, min(a.code) as code
        from area_parts p join areas a on a.id = p.area_id
        where ST_Intersects(p.geom, g) and (a.valid_to is null or a.valid_to > current_date)
        group by a.kind
      ), b as (select (select code from here where kind = 'borough') as code)
      select b.code,
             (select code from here where kind = 'ward'),
             (select code from here where kind = 'lsoa'),
             (select code from here where kind = 'estate'),
             (select code from here where kind = 'patch'),
             nb.code, nb.distance
      from b left join lateral (
        select p.code, ST_Distance(p.geom, g) as distance
        from area_parts p
        where p.kind = 'borough' and p.code is distinct from b.code
        order by p.geom <-> g limit 1
      ) nb on true
    $fn$`.execute(db)

  await sql`
    create function referral_location_assign() returns trigger language plpgsql as $fn$
    begin
      -- A bulk import defers to one set-based reassign_locations() call at its end.
      if coalesce(current_setting('crossborough.defer_assignment', true), '') = 'on' then
        return new;
      end if;
      select l.borough_code, l.ward_code, l.lsoa_code, l.estate_code, l.patch_code, l.border_code, l.border_distance_m
        into new.borough_code, new.ward_code, new.lsoa_code, new.estate_code, new.patch_code, new.border_code, new.border_distance_m
        from location_areas(new.geom) l;
      return new;
    end
    $fn$`.execute(db)
  await sql`
    create trigger referral_locations_assign before insert or update of geom on referral_locations
    for each row execute function referral_location_assign()`.execute(db)

  // Set-based (re)assignment: all locations, or those of the given referrals.
  await sql`
    create function reassign_locations(only_referrals uuid[] default null) returns bigint language sql as $fn$
      with changed as (
        update referral_locations r
           set borough_code = l.borough_code, ward_code = l.ward_code, lsoa_code = l.lsoa_code,
               estate_code = l.estate_code, patch_code = l.patch_code,
               border_code = l.border_code, border_distance_m = l.border_distance_m
          from referral_locations r2 cross join lateral location_areas(r2.geom) l
         where r.id = r2.id and (only_referrals is null or r2.referral_id = any(only_referrals))
        returning 1)
      select count(*) from changed
    $fn$`.execute(db)

  // Estates and patches that meet two or more boroughs (overlap of more than 1 m²).
  await sql`
    create view straddling_areas as
      select a.kind, a.code, a.name, array_agg(b.code order by b.code) as boroughs
      from areas a join areas b
        on b.kind = 'borough' and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1
      where a.kind in ('estate', 'patch') and (a.valid_to is null or a.valid_to > current_date)
        and (b.valid_to is null or b.valid_to > current_date)
      group by a.kind, a.code, a.name
      having count(*) >= 2`.execute(db)

  // Cross-boundary classification of referrals (docs/product-rules.md, "What cross-boundary means"), D in metres.
  await sql`
    create function referral_cross_boundary(ids uuid[], border_zone_m double precision)
    returns table (referral_id uuid, multi_borough boolean, boroughs text[], funding_mismatch boolean,
                   border_zone jsonb, straddling_areas text[])
    language sql stable as $fn$
      select r.id,
             coalesce(cardinality(bs.boroughs) >= 2, false),
             coalesce(bs.boroughs, '{}'),
             coalesce(fm.mismatch, false),
             coalesce(bz.zones, '[]'::jsonb),
             coalesce(st.codes, '{}')
      from referrals r
      left join lateral (
        select array_agg(distinct l.borough_code order by l.borough_code) as boroughs
        from referral_locations l where l.referral_id = r.id and l.borough_code is not null
      ) bs on true
      left join lateral (
        select bool_or(l.borough_code <> r.funding_borough) as mismatch
        from referral_locations l
        where l.referral_id = r.id and l.borough_code is not null
          and l.kind in ('home', 'incident', 'school', 'hangout')
      ) fm on true
      left join lateral (
        select jsonb_agg(jsonb_build_object('between', jsonb_build_array(z.a, z.b), 'distanceM', z.d) order by z.d) as zones
        from (
          select least(l.borough_code, l.border_code) as a, greatest(l.borough_code, l.border_code) as b,
                 round(min(l.border_distance_m)::numeric, 1)::float8 as d
          from referral_locations l
          where l.referral_id = r.id and l.borough_code is not null and l.border_code is not null
            and l.border_distance_m <= border_zone_m
          group by 1, 2
        ) z
      ) bz on true
      left join lateral (
        select array_agg(distinct s.code order by s.code) as codes
        from referral_locations l join straddling_areas s on s.code in (l.estate_code, l.patch_code)
        where l.referral_id = r.id
      ) st on true
      where r.id = any(ids)
    $fn$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists referral_cross_boundary(uuid[], double precision)`.execute(db)
  await sql`drop view if exists straddling_areas`.execute(db)
  await sql`drop function if exists reassign_locations(uuid[])`.execute(db)
  await sql`drop table if exists exclusion_zones, referral_locations, referrals, programmes, organisations`.execute(db)
  await sql`drop function if exists referral_location_assign()`.execute(db)
  await sql`drop function if exists location_areas(geometry)`.execute(db)
}
