import { sql, type Kysely } from 'kysely'

/** Vertices per piece of a borough's boundary line in `borough_edges`. */
export const EDGE_MAX_VERTICES = 32

/**
 * Faster assignment of a location's nearest other borough, same answers.
 *
 * `borough_edges` holds every borough's boundary (ST_Boundary, holes included) cut into short
 * lines, kept in step with `areas` by trigger. For a point that no other borough contains, the
 * distance to another borough's polygon is the distance to its boundary, so the nearest other
 * borough is the nearest edge piece of another borough: a KNN over short lines instead of over
 * polygon parts of up to 256 vertices. A point that another borough's polygon does contain (an
 * overlap, or a point outside every current borough but inside a superseded one) is at distance 0.
 * Ties (a point equidistant from two boroughs) go to the lowest code, in the trigger
 * (`location_areas`) and in the bulk import (server/imports/write.ts) alike.
 *
 * `location_areas` keeps its signature, so the trigger and `reassign_locations` use it unchanged.
 * The trigger gains a WHEN clause, so a bulk import that defers assignment no longer pays for a
 * PL/pgSQL call per row.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table borough_edges (
      area_id bigint not null references areas (id) on delete cascade,
      code text not null,
      geom geometry(LineString, 27700) not null
    )`.execute(db)
  // Boundaries are public data; read by the assignment whatever role writes a location.
  await sql`grant select on borough_edges to public`.execute(db)

  await sql
    .raw(`
    create function borough_edges_sync() returns trigger language plpgsql as $fn$
    begin
      if tg_op = 'UPDATE' then
        delete from borough_edges where area_id = old.id;
      end if;
      if new.kind = 'borough' then
        insert into borough_edges (area_id, code, geom)
        select new.id, new.code, d.geom
        from ST_Subdivide(ST_Boundary(new.geom), ${EDGE_MAX_VERTICES}) s(geom) cross join lateral ST_Dump(s.geom) d
        where GeometryType(d.geom) = 'LINESTRING';
      end if;
      return null;
    end
    $fn$`)
    .execute(db)
  await sql`
    create trigger areas_borough_edges after insert or update of kind, code, geom on areas
    for each row execute function borough_edges_sync()`.execute(db)
  await sql
    .raw(`
    insert into borough_edges (area_id, code, geom)
    select a.id, a.code, d.geom
    from areas a cross join lateral ST_Subdivide(ST_Boundary(a.geom), ${EDGE_MAX_VERTICES}) s(geom)
    cross join lateral ST_Dump(s.geom) d
    where a.kind = 'borough' and GeometryType(d.geom) = 'LINESTRING'`)
    .execute(db)
  await sql`create index borough_edges_geom on borough_edges using gist (geom)`.execute(db)
  await sql`create index borough_edges_area on borough_edges (area_id)`.execute(db)

  // Same output as 0002's definition (codes of the current areas holding the point; nearest other
  // borough, current or not, with its distance), the nearest found among boundary lines.
  // Replaces location_areas of migration 0002 (20261127_0002_referrals); db/schema.sql shows the definition in force.
  await sql`
    create or replace function location_areas(g geometry,
      out borough_code text, out ward_code text, out lsoa_code text, out estate_code text, out patch_code text,
      out border_code text, out border_distance_m double precision)
    language sql stable parallel safe as $fn$
      with hits as (
        select a.kind, a.code, (a.valid_to is null or a.valid_to > current_date) as current
        from area_parts p join areas a on a.id = p.area_id
        where ST_Intersects(p.geom, g)
      ), here as (
        select min(code) filter (where kind = 'borough' and current) as borough,
               min(code) filter (where kind = 'ward' and current) as ward,
               min(code) filter (where kind = 'lsoa' and current) as lsoa,
               min(code) filter (where kind = 'estate' and current) as estate,
               min(code) filter (where kind = 'patch' and current) as patch
        from hits
      ), inside as (
        -- another borough's polygon holds the point: distance 0
        select min(h.code) as code from hits h, here where h.kind = 'borough' and h.code is distinct from here.borough
      ), nearest as (
        select e.code, ST_Distance(e.geom, g) as distance
        from borough_edges e, here
        where e.code is distinct from here.borough
        order by e.geom <-> g, e.code
        limit 1
      )
      select here.borough, here.ward, here.lsoa, here.estate, here.patch,
             coalesce(inside.code, nearest.code),
             case when inside.code is not null then 0::float8 else nearest.distance end
      from here cross join inside left join nearest on inside.code is null
    $fn$`.execute(db)

  await sql`drop trigger referral_locations_assign on referral_locations`.execute(db)
  await sql`
    create trigger referral_locations_assign before insert or update of geom on referral_locations
    for each row when (coalesce(current_setting('crossborough.defer_assignment', true), '') <> 'on')
    execute function referral_location_assign()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists referral_locations_assign on referral_locations`.execute(db)
  await sql`
    create trigger referral_locations_assign before insert or update of geom on referral_locations
    for each row execute function referral_location_assign()`.execute(db)
  await sql`
    create or replace function location_areas(g geometry,
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
  await sql`drop trigger if exists areas_borough_edges on areas`.execute(db)
  await sql`drop function if exists borough_edges_sync()`.execute(db)
  await sql`drop table if exists borough_edges`.execute(db)
}
