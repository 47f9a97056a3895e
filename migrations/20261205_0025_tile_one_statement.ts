import { sql, type Kysely } from 'kysely'

/**
 * An exact points tile in one statement.
 *
 * A lead's z14 tile made six round trips: the session check, BEGIN, request_scope, the tile,
 * audit_record and COMMIT — more time than the tile's own query. `tile_points_exact_request` does
 * all of it in one statement, run by the service in an implicit transaction: it checks the session
 * (auth_session_actor, so a sign-out on any instance ends it at once), sets the request's scope and
 * role with request_scope (set_config(…, true): local to the statement's transaction), encodes the
 * tile under that role and records the read with audit_record. The statement's transaction commits
 * when it ends, so the tile and its audit record are durable together or not at all, as before.
 *
 * It is not SECURITY DEFINER on purpose: switching the role is refused inside one, and the tile is
 * read as the actor's database role, through casework_locations_in_box's rule, exactly as inside
 * withActor.
 *
 * `tile_points_exact_rows` is the points layer's query (what server/tiles/points.repository.ts
 * wrote inline before), so both encoders and this function read one definition.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function tile_points_exact_rows(p_z integer, p_x integer, p_y integer, p_margin float8,
                                           p_xmin float8, p_ymin float8, p_xmax float8, p_ymax float8,
                                           p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text)
    returns table (geom geometry, "referralId" text, kind text, month text)
    language sql stable as $$
      select s.geom, s."referralId", s.kind, s.month from (
        select public.ST_Transform(l.geom, 3857) as geom, l.referral_id::text as "referralId", l.kind,
               to_char(l.observed_on, 'YYYY-MM') as month
        from public.casework_locations_in_box(p_xmin, p_ymin, p_xmax, p_ymax, p_from, p_until, p_programme, p_subject_role, p_age_band) l
      ) s
      where s.geom operator(public.&&) public.ST_TileEnvelope(p_z, p_x, p_y, margin => p_margin)
    $$`.execute(db)
  await sql`revoke execute on function tile_points_exact_rows(integer, integer, integer, float8, float8, float8, float8, float8, date, date, text, text, text) from public`.execute(
    db,
  )
  await sql`grant execute on function tile_points_exact_rows(integer, integer, integer, float8, float8, float8, float8, float8, date, date, text, text, text) to crossborough_casework`.execute(
    db,
  )

  // session_state: 'ok' (the tile was read and recorded), 'gone' (no live session: nothing read) or
  // 'changed' (the session's user, organisation, role or boroughs are not what the caller assumed:
  // nothing read, the caller resolves the session again). p_session null: the caller checked the
  // credential itself (partner tokens, HTTP Basic).
  await sql`
    create function tile_points_exact_request(
      p_session bytea, p_ttl interval,
      p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text,
      p_z integer, p_x integer, p_y integer, p_extent integer, p_buffer integer,
      p_xmin float8, p_ymin float8, p_xmax float8, p_ymax float8,
      p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text,
      p_action text, p_detail jsonb,
      out session_state text, out referrals_version bigint, out mvt bytea, out features integer)
    language plpgsql volatile as $$
    declare
      s record;
    begin
      if p_session is not null then
        select a.user_id, a.organisation_id, a.role, a.boroughs into s from public.auth_session_actor(p_session, p_ttl) a;
        if not found then
          session_state := 'gone';
          return;
        end if;
        if s.user_id::text is distinct from p_user or s.organisation_id::text is distinct from p_org
           or s.role is distinct from p_app_role or coalesce(s.boroughs::text, '') is distinct from p_boroughs then
          session_state := 'changed';
          return;
        end if;
      end if;
      -- The settings, the data version and, last, the actor's role (local to this transaction).
      select r.referrals_version into referrals_version
      from public.request_scope(p_role, p_user, p_org, p_app_role, p_boroughs, p_agreement, p_k, p_noise) r;
      select coalesce(public.ST_AsMVT(t, 'points', p_extent, 'geom'), ''::bytea), count(t.geom)::integer into mvt, features
      from (
        select public.ST_AsMVTGeom(f.geom, public.ST_TileEnvelope(p_z, p_x, p_y)::box2d, p_extent, p_buffer, true) as geom,
               f."referralId", f.kind, f.month
        from public.tile_points_exact_rows(p_z, p_x, p_y, p_buffer::float8 / p_extent, p_xmin, p_ymin, p_xmax, p_ymax,
                                           p_from, p_until, p_programme, p_subject_role, p_age_band) f
      ) t
      where t.geom is not null;
      perform public.audit_record(p_action, p_detail, features::bigint);
      session_state := 'ok';
    end $$`.execute(db)
  await sql`revoke execute on function tile_points_exact_request(bytea, interval, text, text, text, text, text, text, text, text, integer, integer, integer, integer, integer, float8, float8, float8, float8, date, date, text, text, text, text, jsonb) from public`.execute(
    db,
  )
  await sql`grant execute on function tile_points_exact_request(bytea, interval, text, text, text, text, text, text, text, text, integer, integer, integer, integer, integer, float8, float8, float8, float8, date, date, text, text, text, text, jsonb) to crossborough_app`.execute(
    db,
  )
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists tile_points_exact_request(bytea, interval, text, text, text, text, text, text, text, text, integer, integer, integer, integer, integer, float8, float8, float8, float8, date, date, text, text, text, text, jsonb)`.execute(
    db,
  )
  await sql`drop function if exists tile_points_exact_rows(integer, integer, integer, float8, float8, float8, float8, float8, date, date, text, text, text)`.execute(
    db,
  )
}
