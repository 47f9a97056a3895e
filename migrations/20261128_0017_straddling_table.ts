import { sql, type Kysely } from 'kysely'

/**
 * Straddling estates and patches, precomputed.
 *
 * 0002's `straddling_areas` view intersected every estate and patch with every borough
 * (`ST_Intersection` of detailed polygons) each time it was read, and `referral_cross_boundary`
 * reads it once per referral: a page of 50 referrals spent 560 ms of its 600 ms there on PGlite.
 * The overlaps (area version × borough version, more than 1 m² in common) are now kept in
 * `area_borough_overlaps`, recomputed by a statement-level trigger whenever a statement changes an
 * estate, a patch or a borough, and the view reads that table. Validity (`valid_to`) is still
 * applied when the view is read, so an area that lapses stops straddling on that day.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table area_borough_overlaps (
      area_id bigint not null,
      kind text not null,
      code text not null,
      name text not null,
      area_valid_to date,
      borough_id bigint not null,
      borough_code text not null,
      borough_valid_to date,
      primary key (area_id, borough_id)
    )`.execute(db)
  await sql`create index area_borough_overlaps_code on area_borough_overlaps (code)`.execute(db)

  await sql`
    create function area_borough_overlaps_refresh() returns void
    language sql security definer set search_path = public, pg_temp as $fn$
      delete from area_borough_overlaps;
      insert into area_borough_overlaps (area_id, kind, code, name, area_valid_to, borough_id, borough_code, borough_valid_to)
      select a.id, a.kind, a.code, a.name, a.valid_to, b.id, b.code, b.valid_to
      from areas a join areas b
        on b.kind = 'borough' and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1
      where a.kind in ('estate', 'patch');
    $fn$`.execute(db)
  await sql`revoke execute on function area_borough_overlaps_refresh() from public`.execute(db)

  // One trigger per event: a trigger with transition tables takes a single event.
  await sql`
    create function area_borough_overlaps_sync() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      touched boolean := false;
    begin
      -- Each transition table exists only for its events, and PL/pgSQL plans a statement when it runs.
      if tg_op in ('INSERT', 'UPDATE') then
        touched := exists (select 1 from new_rows where kind in ('estate', 'patch', 'borough'));
      end if;
      if not touched and tg_op in ('UPDATE', 'DELETE') then
        touched := exists (select 1 from old_rows where kind in ('estate', 'patch', 'borough'));
      end if;
      if touched then
        perform area_borough_overlaps_refresh();
      end if;
      return null;
    end
    $fn$`.execute(db)
  await sql`revoke execute on function area_borough_overlaps_sync() from public`.execute(db)
  await sql`create trigger areas_overlaps_ins after insert on areas referencing new table as new_rows
    for each statement execute function area_borough_overlaps_sync()`.execute(db)
  await sql`create trigger areas_overlaps_upd after update on areas referencing old table as old_rows new table as new_rows
    for each statement execute function area_borough_overlaps_sync()`.execute(db)
  await sql`create trigger areas_overlaps_del after delete on areas referencing old table as old_rows
    for each statement execute function area_borough_overlaps_sync()`.execute(db)

  // Same columns, same meaning as 0002's view.
  await sql`
    create or replace view straddling_areas as
      select o.kind, o.code, o.name, array_agg(o.borough_code order by o.borough_code) as boroughs
      from area_borough_overlaps o
      where (o.area_valid_to is null or o.area_valid_to > current_date)
        and (o.borough_valid_to is null or o.borough_valid_to > current_date)
      group by o.kind, o.code, o.name
      having count(*) >= 2`.execute(db)

  await sql`select area_borough_overlaps_refresh()`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace view straddling_areas as
      select a.kind, a.code, a.name, array_agg(b.code order by b.code) as boroughs
      from areas a join areas b
        on b.kind = 'borough' and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1
      where a.kind in ('estate', 'patch') and (a.valid_to is null or a.valid_to > current_date)
        and (b.valid_to is null or b.valid_to > current_date)
      group by a.kind, a.code, a.name
      having count(*) >= 2`.execute(db)
  for (const t of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists areas_overlaps_${t} on areas`).execute(db)
  await sql`drop function if exists area_borough_overlaps_sync()`.execute(db)
  await sql`drop function if exists area_borough_overlaps_refresh()`.execute(db)
  await sql`drop table if exists area_borough_overlaps`.execute(db)
}
