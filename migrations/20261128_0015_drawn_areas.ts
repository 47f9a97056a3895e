import { sql, type Kysely } from 'kysely'

/**
 * Estates and patches drawn by a project lead in the web app (docs/product-rules.md, "What the
 * service records").
 *
 * Drawn areas are shared geography, like imported estates: every reader sees them in
 * `GET /areas`, and every organisation's locations inside one carry its code (`location_areas` is
 * one definition for all). What belongs to an organisation is the right to change it: a drawn area
 * records the organisation (and user) that drew it, and only a lead of that organisation may redraw,
 * rename or delete it. Boroughs, wards, LSOAs and imported estates (organisation_id null) are never
 * changed here.
 *
 * Writes go through SECURITY DEFINER functions, because a drawn area changes the estate/patch code
 * of locations of every organisation, which row-level security keeps out of a lead's reach. Each
 * function: checks the actor is a lead (and the owner), checks the geometry (valid, size, meets a
 * loaded borough), writes the area and its subdivided parts, reassigns the affected locations'
 * codes set-based, and appends the audit row — all in the caller's transaction. It answers only
 * the number of the caller's own organisation's locations it reassigned (a count across all
 * organisations inside an arbitrary polygon would disclose other organisations' data).
 */

/** Limits of a drawn area (also checked, with field names, by server/areas/drawn.service.ts). */
const MAX_VERTICES = 5000
const MIN_AREA_M2 = 100
const MAX_AREA_M2 = 50_000_000

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table areas add column organisation_id uuid references organisations (id)`.execute(db)
  await sql`alter table areas add column drawn_by uuid references users (id) on delete set null`.execute(db)
  await sql`alter table areas add column drawn_at timestamptz`.execute(db)
  await sql`alter table areas add constraint areas_drawn_kind check (organisation_id is null or kind in ('estate', 'patch'))`.execute(db)
  await sql`create index areas_organisation on areas (organisation_id) where organisation_id is not null`.execute(db)

  // What is wrong with a lon/lat polygon as a drawn area: one message per problem, none when fine.
  await sql
    .raw(`
    create function drawn_area_problems(p_geojson text) returns table (field text, message text)
    language plpgsql stable set search_path = public, pg_temp as $fn$
    declare
      g4326 geometry;
      g geometry;
    begin
      begin
        g4326 := ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326);
      exception when others then
        field := 'geometry'; message := 'is not a GeoJSON geometry'; return next; return;
      end;
      if GeometryType(g4326) not in ('POLYGON', 'MULTIPOLYGON') then
        field := 'geometry.type'; message := 'must be Polygon or MultiPolygon'; return next; return;
      end if;
      if ST_NPoints(g4326) > ${MAX_VERTICES} then
        field := 'geometry.coordinates'; message := 'has more than ${MAX_VERTICES} positions'; return next; return;
      end if;
      if ST_XMin(g4326) < -9 or ST_XMax(g4326) > 2.01 or ST_YMin(g4326) < 49.75 or ST_YMax(g4326) > 61.01 then
        field := 'geometry.coordinates'; message := 'has positions outside Great Britain (lon/lat expected)'; return next; return;
      end if;
      if not ST_IsValid(g4326) then
        field := 'geometry'; message := 'is not a valid polygon: ' || ST_IsValidReason(g4326); return next; return;
      end if;
      g := ST_Transform(g4326, 27700);
      if not ST_IsValid(g) then
        field := 'geometry'; message := 'is not valid once projected to EPSG:27700: ' || ST_IsValidReason(g); return next; return;
      end if;
      if ST_Area(g) < ${MIN_AREA_M2} then
        field := 'geometry'; message := 'is smaller than ${MIN_AREA_M2} m²'; return next;
      elsif ST_Area(g) > ${MAX_AREA_M2} then
        field := 'geometry'; message := 'is larger than ${MAX_AREA_M2 / 1_000_000} km²'; return next;
      end if;
      if not exists (select 1 from area_parts p join areas a on a.id = p.area_id
                     where p.kind = 'borough' and ST_Intersects(p.geom, g)
                       and (a.valid_to is null or a.valid_to > current_date)) then
        field := 'geometry'; message := 'does not meet any loaded borough'; return next;
      end if;
    end
    $fn$`)
    .execute(db)

  // Re-derives the estate or patch code of the locations that lie in `affected` (the old and new
  // outlines: every location that carried the code lies in the old one), by the same rule as
  // location_areas (lowest code of the current areas of that kind holding the point); the spatial
  // index on referral_locations finds them.
  // Answers how many of the acting organisation's locations changed.
  await sql`
    create function drawn_area_reassign(p_kind text, p_code text, affected geometry) returns bigint
    language plpgsql set search_path = public, pg_temp as $fn$
    declare
      v_own bigint;
    begin
      with targets as (
        select l.id, r.organisation_id,
               (select min(a.code) from area_parts p join areas a on a.id = p.area_id
                 where p.kind = p_kind and ST_Intersects(p.geom, l.geom)
                   and (a.valid_to is null or a.valid_to > current_date)) as code
        from referral_locations l join referrals r on r.id = l.referral_id
        where l.geom && affected and ST_Intersects(l.geom, affected)
      ), changed as (
        update referral_locations l
           set estate_code = case when p_kind = 'estate' then t.code else l.estate_code end,
               patch_code = case when p_kind = 'patch' then t.code else l.patch_code end
          from targets t
         where l.id = t.id
           and (case when p_kind = 'estate' then l.estate_code else l.patch_code end) is distinct from t.code
        returning t.organisation_id
      )
      select count(*) filter (where organisation_id = app_org_id()) into v_own from changed;
      return v_own;
    end
    $fn$`.execute(db)

  await sql`
    create function drawn_area_require_lead() returns void
    language plpgsql stable as $fn$
    begin
      if app_role() is distinct from 'lead' or app_org_id() is null then
        raise exception 'only a project lead may draw estates and patches' using errcode = 'insufficient_privilege';
      end if;
    end
    $fn$`.execute(db)

  await sql`
    create function drawn_area_check(p_geojson text) returns geometry
    language plpgsql stable set search_path = public, pg_temp as $fn$
    declare
      v_problem text;
    begin
      select field || ' ' || message into v_problem from drawn_area_problems(p_geojson) limit 1;
      if v_problem is not null then
        raise exception 'drawn area refused: %', v_problem using errcode = 'check_violation';
      end if;
      return ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326), 27700));
    end
    $fn$`.execute(db)

  await sql`
    create function drawn_area_create(p_kind text, p_code text, p_name text, p_geojson text,
                                      out area_id bigint, out reassigned bigint)
    language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      g geometry;
    begin
      perform drawn_area_require_lead();
      if p_kind not in ('estate', 'patch') then
        raise exception 'only estates and patches may be drawn' using errcode = 'check_violation';
      end if;
      g := drawn_area_check(p_geojson);
      -- Codes are unique across kinds (GET /areas/{code} looks them up alone).
      perform pg_advisory_xact_lock(7202611280);
      if exists (select 1 from areas where code = p_code) then
        raise exception 'area code % is taken', p_code using errcode = 'unique_violation';
      end if;
      insert into areas (kind, code, name, parent_code, geom, source, licence, synthetic, organisation_id, drawn_by, drawn_at)
      values (p_kind, p_code, p_name,
              (select p.code from area_parts p where p.kind = 'borough' and ST_Intersects(p.geom, ST_PointOnSurface(g)) limit 1),
              g, 'drawn', 'Drawn by a project lead in crossborough', false, app_org_id(), app_user_id(), now())
      returning id into area_id;
      insert into area_parts (area_id, kind, code, geom) select area_id, p_kind, p_code, ST_Subdivide(g, 256);
      reassigned := drawn_area_reassign(p_kind, p_code, g);
      perform audit_append('areas.create', jsonb_build_object('code', p_code, 'kind', p_kind, 'name', p_name), reassigned);
    end
    $fn$`.execute(db)

  // p_name / p_geojson null = unchanged. Raises no_data_found for an unknown code.
  await sql`
    create function drawn_area_update(p_code text, p_name text, p_geojson text, out area_id bigint, out reassigned bigint)
    language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      v areas%rowtype;
      g geometry;
    begin
      perform drawn_area_require_lead();
      select * into v from areas where code = p_code and (valid_to is null or valid_to > current_date)
        order by valid_from desc nulls last limit 1 for update;
      if not found then
        raise exception 'no area %', p_code using errcode = 'no_data_found';
      end if;
      if v.organisation_id is distinct from app_org_id() then
        raise exception 'area % was not drawn by your organisation', p_code using errcode = 'insufficient_privilege';
      end if;
      area_id := v.id;
      if p_geojson is not null then
        g := drawn_area_check(p_geojson);
        update areas set geom = g, name = coalesce(p_name, name), drawn_by = app_user_id(), drawn_at = now(),
               parent_code = (select p.code from area_parts p where p.kind = 'borough' and ST_Intersects(p.geom, ST_PointOnSurface(g)) limit 1)
         where id = v.id;
        delete from area_parts where area_parts.area_id = v.id;
        insert into area_parts (area_id, kind, code, geom) select v.id, v.kind, v.code, ST_Subdivide(g, 256);
        reassigned := drawn_area_reassign(v.kind, v.code, ST_Union(v.geom, g));
      else
        update areas set name = coalesce(p_name, name), drawn_by = app_user_id(), drawn_at = now() where id = v.id;
        reassigned := 0;
      end if;
      perform audit_append('areas.update', jsonb_build_object('code', p_code, 'kind', v.kind, 'renamed', p_name is not null,
                                                              'redrawn', p_geojson is not null), reassigned);
    end
    $fn$`.execute(db)

  await sql`
    create function drawn_area_delete(p_code text, out reassigned bigint)
    language plpgsql security definer set search_path = public, pg_temp as $fn$
    declare
      v areas%rowtype;
    begin
      perform drawn_area_require_lead();
      select * into v from areas where code = p_code and (valid_to is null or valid_to > current_date)
        order by valid_from desc nulls last limit 1 for update;
      if not found then
        raise exception 'no area %', p_code using errcode = 'no_data_found';
      end if;
      if v.organisation_id is distinct from app_org_id() then
        raise exception 'area % was not drawn by your organisation', p_code using errcode = 'insufficient_privilege';
      end if;
      delete from areas where id = v.id;
      reassigned := drawn_area_reassign(v.kind, v.code, v.geom);
      perform audit_append('areas.delete', jsonb_build_object('code', p_code, 'kind', v.kind, 'name', v.name), reassigned);
    end
    $fn$`.execute(db)

  for (const f of [
    'drawn_area_create(text, text, text, text)',
    'drawn_area_update(text, text, text)',
    'drawn_area_delete(text)',
    'drawn_area_reassign(text, text, geometry)',
  ]) {
    await sql.raw(`revoke execute on function ${f} from public`).execute(db)
  }
  for (const f of ['drawn_area_create(text, text, text, text)', 'drawn_area_update(text, text, text)', 'drawn_area_delete(text)']) {
    await sql.raw(`grant execute on function ${f} to crossborough_casework`).execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const f of [
    'drawn_area_delete(text)',
    'drawn_area_update(text, text, text)',
    'drawn_area_create(text, text, text, text)',
    'drawn_area_check(text)',
    'drawn_area_require_lead()',
    'drawn_area_reassign(text, text, geometry)',
    'drawn_area_problems(text)',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
  await sql`delete from areas where organisation_id is not null`.execute(db)
  await sql`drop index if exists areas_organisation`.execute(db)
  await sql`alter table areas drop constraint if exists areas_drawn_kind`.execute(db)
  await sql`alter table areas drop column if exists drawn_at, drop column if exists drawn_by, drop column if exists organisation_id`.execute(db)
}
