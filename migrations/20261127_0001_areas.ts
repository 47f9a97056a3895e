import { sql, type Kysely } from 'kysely'

/** Boundaries: areas in EPSG:27700, their subdivided parts for point-in-polygon, borough borders. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists postgis`.execute(db)

  await sql`
    create table areas (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('borough', 'ward', 'lsoa', 'estate', 'patch')),
      code text not null check (code <> ''),
      name text not null,
      parent_code text,
      geom geometry(MultiPolygon, 27700) not null check (st_isvalid(geom)),
      valid_from date,
      valid_to date,
      source text not null,
      licence text not null,
      synthetic boolean not null default false,
      imported_at timestamptz not null default now(),
      check (valid_to is null or valid_from is null or valid_to > valid_from)
    )`.execute(db)
  await sql`create unique index areas_kind_code_from on areas (kind, code, coalesce(valid_from, '-infinity'::date))`.execute(db)
  await sql`create index areas_code on areas (code)`.execute(db)
  await sql`create index areas_geom on areas using gist (geom)`.execute(db)

  await sql`
    create table area_parts (
      area_id bigint not null references areas (id) on delete cascade,
      kind text not null,
      code text not null,
      geom geometry(Polygon, 27700) not null
    )`.execute(db)
  await sql`create index area_parts_geom on area_parts using gist (geom)`.execute(db)
  await sql`create index area_parts_area on area_parts (area_id)`.execute(db)

  await sql`
    create table borough_borders (
      borough_a text not null,
      borough_b text not null,
      geom geometry(MultiLineString, 27700) not null,
      length_m double precision not null,
      primary key (borough_a, borough_b),
      check (borough_a < borough_b)
    )`.execute(db)
  await sql`create index borough_borders_geom on borough_borders using gist (geom)`.execute(db)

  // Adjacency both ways round, for "which boroughs touch X".
  await sql`
    create view borough_adjacency as
      select borough_a as borough, borough_b as neighbour, length_m from borough_borders
      union all
      select borough_b, borough_a, length_m from borough_borders`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop view if exists borough_adjacency`.execute(db)
  await sql`drop table if exists borough_borders`.execute(db)
  await sql`drop table if exists area_parts`.execute(db)
  await sql`drop table if exists areas`.execute(db)
}
