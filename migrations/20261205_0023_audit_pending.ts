import { sql, type Kysely } from 'kysely'

/**
 * Reads audited without the chain's lock, and a request's scope and data versions in one statement.
 *
 * `audit_append` (migration 0006) extends the hash chain under one advisory lock, so every exact
 * tile read of the whole service queued on it. Now a read is recorded by `audit_record` into
 * `audit_pending`, an append-only table, in the reading transaction itself (durable when it
 * commits, gone when it rolls back) and with no lock; `audit_fold` later moves the committed
 * records into the chain in the order of their ids, under the chain's lock, each as an ordinary
 * chained row whose detail names its `pending` id. A pending record carries its own hash (the chain's
 * row hash with the link 'pending'), so `audit_pending_verify` finds an edit to one that has not
 * been folded yet; `audit_verify` still covers the chain.
 *
 * `request_scope` does what `withActor` did with set_config and returns the data versions the
 * request's ETags need, saving the version round trip.
 *
 * Bulk imports defer the hex tile counts: with `crossborough.defer_hex` on for its transaction,
 * the triggers of migration 0012 only note the referrals touched (`tile_hex_touched`, a temporary
 * table of the transaction), and `tile_hex_refresh_touched()` at the end recomputes the touched
 * hex cells from the contributions in one pass: delete the cells' counts, insert them again grouped
 * (plain inserts, no per-row upsert), before the transaction commits.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence audit_pending_id_seq`.execute(db)
  await sql`
    create table audit_pending (
      id bigint primary key default nextval('audit_pending_id_seq'),
      at timestamptz not null default clock_timestamp(),
      user_id uuid,
      organisation_id uuid,
      role text,
      action text not null check (action ~ '^[a-z][a-z0-9_.-]{0,63}$'),
      detail jsonb not null default '{}',
      row_count bigint,
      hash text not null
    )`.execute(db)
  // No role but the owner touches it: records enter through audit_record and leave through audit_fold.
  await sql`revoke all on audit_pending from public`.execute(db)
  await sql`
    create function audit_pending_guard() returns trigger language plpgsql as $$
    begin
      -- Only audit_fold removes records (it sets this for its own transaction); nothing edits one.
      if tg_op = 'DELETE' and current_setting('crossborough.audit_fold', true) = 'on' then return old; end if;
      raise exception 'audit_pending is append-only' using errcode = 'insufficient_privilege';
    end $$`.execute(db)
  await sql`create trigger audit_pending_append_only before update or delete on audit_pending for each row execute function audit_pending_guard()`.execute(db)
  await sql`create trigger audit_pending_no_truncate before truncate on audit_pending for each statement execute function audit_no_change()`.execute(db)

  await sql`
    create function audit_record(p_action text, p_detail jsonb default '{}', p_rows bigint default null) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      v_id bigint := nextval('audit_pending_id_seq');
      v_at timestamptz := clock_timestamp();
      v_detail jsonb := coalesce(p_detail, '{}'::jsonb);
    begin
      -- The transaction's actor is who read; there is always one (only requests record reads).
      insert into audit_pending (id, at, user_id, organisation_id, role, action, detail, row_count, hash)
      values (v_id, v_at, app_user_id(), app_org_id(), app_role(), p_action, v_detail, p_rows,
              audit_row_hash(v_id, v_at, app_user_id(), app_org_id(), app_role(), p_action, v_detail, p_rows, 'pending'));
      return v_id;
    end $$`.execute(db)
  await sql`revoke execute on function audit_record(text, jsonb, bigint) from public`.execute(db)
  await sql`grant execute on function audit_record(text, jsonb, bigint) to crossborough_app, crossborough_casework, crossborough_aggregate, crossborough_admin`.execute(
    db,
  )

  // Moves up to p_max committed records into the chain, oldest id first; returns how many.
  await sql`
    create function audit_fold(p_max integer default 10000) returns integer
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      v_prev text;
      v_id bigint;
      v_detail jsonb;
      v_hash text;
      v_n integer := 0;
      v_ids bigint[] := '{}';
      r audit_pending%rowtype;
    begin
      if not exists (select 1 from audit_pending) then return 0; end if;
      perform pg_advisory_xact_lock(7202611270);
      select last_hash into v_prev from audit_head;
      v_prev := coalesce(v_prev, repeat('0', 64));
      for r in select * from audit_pending order by id limit p_max loop
        v_id := nextval('audit_log_id_seq');
        v_detail := r.detail || jsonb_build_object('pending', r.id);
        v_hash := audit_row_hash(v_id, r.at, r.user_id, r.organisation_id, r.role, r.action, v_detail, r.row_count, v_prev);
        insert into audit_log (id, at, user_id, organisation_id, role, action, detail, row_count, prev_hash, hash)
        values (v_id, r.at, r.user_id, r.organisation_id, r.role, r.action, v_detail, r.row_count, v_prev, v_hash);
        v_prev := v_hash;
        v_ids := v_ids || r.id;
        v_n := v_n + 1;
      end loop;
      if v_n > 0 then
        insert into audit_head (one, last_id, last_hash) values (true, v_id, v_prev)
        on conflict (one) do update set last_id = excluded.last_id, last_hash = excluded.last_hash;
        perform set_config('crossborough.audit_fold', 'on', true);
        delete from audit_pending where id = any(v_ids);
        perform set_config('crossborough.audit_fold', '', true);
      end if;
      return v_n;
    end $$`.execute(db)
  await sql`revoke execute on function audit_fold(integer) from public`.execute(db)
  await sql`grant execute on function audit_fold(integer) to crossborough_app, crossborough_admin`.execute(db)

  // Pending records not yet folded: how many, and the first whose hash no longer matches its content.
  await sql`
    create function audit_pending_verify(out ok boolean, out row_count bigint, out first_broken bigint)
    language sql stable security definer set search_path = public, pg_temp as $$
      select min(id) filter (where hash <> audit_row_hash(id, at, user_id, organisation_id, role, action, detail, row_count, 'pending')) is null,
             count(*),
             min(id) filter (where hash <> audit_row_hash(id, at, user_id, organisation_id, role, action, detail, row_count, 'pending'))
      from audit_pending
    $$`.execute(db)
  await sql`revoke execute on function audit_pending_verify() from public`.execute(db)
  await sql`grant execute on function audit_pending_verify() to crossborough_admin`.execute(db)

  // Replace tile_hex_locations_changed and tile_hex_referrals_changed of migration 0012: the same,
  // except that a transaction deferring the counts only notes the referrals.
  await sql`
    create or replace function tile_hex_locations_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists tile_hex_touched (id uuid not null) on commit drop;
        if tg_op in ('INSERT', 'UPDATE') then insert into tile_hex_touched select distinct referral_id from tile_new_rows; end if;
        if tg_op in ('DELETE', 'UPDATE') then insert into tile_hex_touched select distinct referral_id from tile_old_rows; end if;
        return null;
      end if;
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
    create or replace function tile_hex_referrals_changed() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_ids uuid[];
    begin
      -- Only what a contribution depends on; a referral's rows go with its locations when it is deleted.
      select array_agg(n.id) into v_ids
      from tile_new_rows n join tile_old_rows o on o.id = n.id
      where (n.organisation_id, n.programme_id, n.subject_role, n.age_band, n.restricted)
            is distinct from (o.organisation_id, o.programme_id, o.subject_role, o.age_band, o.restricted);
      if v_ids is null then return null; end if;
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists tile_hex_touched (id uuid not null) on commit drop;
        insert into tile_hex_touched select unnest(v_ids);
        return null;
      end if;
      perform tile_hex_refresh(v_ids);
      return null;
    end $$`.execute(db)
  // The deferred refresh: the touched referrals' contributions replaced, then every hex cell they
  // were or are in counted again from tile_hex_contrib (same grouping as migration 0012's applyCounts).
  await sql`
    create function tile_hex_refresh_touched() returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint;
    begin
      perform set_config('crossborough.defer_hex', '', true);
      if to_regclass('pg_temp.tile_hex_touched') is null then return 0; end if;
      create temp table tile_hex_ids on commit drop as select distinct id from tile_hex_touched;
      truncate tile_hex_touched;
      analyze tile_hex_ids;
      create temp table tile_hex_cells_touched (organisation_id uuid, size smallint, q integer, r integer) on commit drop;
      with gone as (
        delete from tile_hex_contrib c using tile_hex_ids t where c.referral_id = t.id returning c.organisation_id, c.size, c.q, c.r
      ) insert into tile_hex_cells_touched select distinct * from gone;
      insert into tile_hex_contrib select * from tile_hex_contributions(array(select id from tile_hex_ids));
      get diagnostics v_n = row_count;
      insert into tile_hex_cells_touched
      select distinct c.organisation_id, c.size, c.q, c.r from tile_hex_contrib c join tile_hex_ids t on t.id = c.referral_id;
      create temp table tile_hex_cells_set on commit drop as select distinct * from tile_hex_cells_touched;
      analyze tile_hex_cells_set;
      delete from tile_hex_counts h using tile_hex_cells_set s
       where h.organisation_id = s.organisation_id and h.size = s.size and h.q = s.q and h.r = s.r;
      insert into tile_hex_counts (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n)
      select c.organisation_id, c.size,
             (case grouping(c.programme_id, c.subject_role, c.age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint,
             c.q, c.r, c.month, c.prev, c.borough_code, coalesce(c.programme_id, 0), coalesce(c.subject_role, ''), coalesce(c.age_band, ''),
             count(*)::integer
      from tile_hex_contrib c
      join tile_hex_cells_set s on s.organisation_id = c.organisation_id and s.size = c.size and s.q = c.q and s.r = c.r
      group by grouping sets (
        (c.organisation_id, c.size, c.q, c.r, c.month, c.prev, c.borough_code),
        (c.organisation_id, c.size, c.q, c.r, c.month, c.prev, c.borough_code, c.programme_id),
        (c.organisation_id, c.size, c.q, c.r, c.month, c.prev, c.borough_code, c.subject_role),
        (c.organisation_id, c.size, c.q, c.r, c.month, c.prev, c.borough_code, c.age_band),
        (c.organisation_id, c.size, c.q, c.r, c.month, c.prev, c.borough_code, c.programme_id, c.subject_role, c.age_band));
      drop table tile_hex_ids, tile_hex_cells_touched, tile_hex_cells_set;
      return v_n;
    end $$`.execute(db)
  await sql`revoke execute on function tile_hex_refresh_touched() from public`.execute(db)

  // withActor's settings (server/db/scoped.ts) and the data versions, in one statement.
  await sql`
    create function request_scope(p_role text, p_user text, p_org text, p_app_role text, p_boroughs text,
                                  p_agreement text, p_k text, p_noise text,
                                  out referrals_version bigint, out areas_version bigint, out pid integer)
    language sql volatile as $$
      select (select version from public.tile_data_versions where layer = 'referrals'),
             (select version from public.tile_data_versions where layer = 'areas'),
             pg_backend_pid()
      from (select set_config('crossborough.user_id', p_user, true),
                   set_config('crossborough.organisation_id', p_org, true),
                   set_config('crossborough.role', p_app_role, true),
                   set_config('crossborough.boroughs', p_boroughs, true),
                   set_config('crossborough.agreement_id', p_agreement, true),
                   set_config('crossborough.k', p_k, true),
                   set_config('crossborough.noise', p_noise, true),
                   -- JIT compiles for seconds and gains nothing on PostGIS-bound request queries
                   set_config('jit', 'off', true),
                   -- last: the versions above are read with the service's own privileges
                   set_config('role', p_role, true)) s
    $$`.execute(db)
  await sql`revoke execute on function request_scope(text, text, text, text, text, text, text, text) from public`.execute(db)
  await sql`grant execute on function request_scope(text, text, text, text, text, text, text, text) to crossborough_app`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists tile_hex_refresh_touched()`.execute(db)
  await sql`drop function if exists request_scope(text, text, text, text, text, text, text, text)`.execute(db)
  await sql`drop function if exists audit_pending_verify()`.execute(db)
  await sql`drop function if exists audit_fold(integer)`.execute(db)
  await sql`drop function if exists audit_record(text, jsonb, bigint)`.execute(db)
  await sql`drop table if exists audit_pending`.execute(db)
  await sql`drop function if exists audit_pending_guard()`.execute(db)
  await sql`drop sequence if exists audit_pending_id_seq`.execute(db)
}
