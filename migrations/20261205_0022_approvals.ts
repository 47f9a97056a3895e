import { sql, type Kysely } from 'kysely'

/**
 * Separation of duties and the audit trail.
 *
 * 1. Four grants need a second admin's approval: a casework or admin role for a user (new or
 *    changed), a wider borough scope, a new or wider data-sharing agreement, and a partner token.
 *    An admin's request is a row of `approval_requests`; only `approval_decide()` (SECURITY
 *    DEFINER) applies it, and only for another admin of the same organisation: the function refuses
 *    the requester, and a CHECK constraint refuses a decided row whose decider is its requester even
 *    to the owner. Triggers refuse the same grants written directly by the admin database role
 *    (`current_user = 'crossborough_admin'`), so no code path of the service can skip the approval;
 *    the owner (the `accounts` CLI, break-glass) and the definer functions are not stopped.
 * 2. A partner token approved is created with an unusable placeholder hash; the requester reveals it
 *    once (`approval_reveal_token`), which sets the hash of a secret the service generates then.
 * 3. A partner session may choose the agreement it acts under (`sessions.agreement_id`); with
 *    several agreements in force and none chosen, `current_agreement()` answers nothing (never a
 *    silent pick), so every counting function refuses until the partner chooses.
 * 4. The owner of the data sees partner reads: audit rows whose detail names `owner` are visible to
 *    that organisation's admins too.
 * 5. Sign-in throttling by (email, address), email and address instead of locking accounts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // --- approval requests ------------------------------------------------------------------------
  await sql`
    create table approval_requests (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      kind text not null check (kind in ('user.create', 'user.change', 'agreement.create', 'agreement.change', 'token.create')),
      target_id uuid,
      payload jsonb not null,
      summary text not null check (length(summary) between 1 and 1000),
      password_hash text,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null default now(),
      decided_by uuid references users (id),
      decided_at timestamptz,
      reason text check (reason is null or length(reason) <= 500),
      result_id uuid,
      token_revealed_at timestamptz,
      constraint approval_decided check ((status = 'pending') = (decided_by is null) and (decided_by is null) = (decided_at is null)),
      constraint approval_not_own check (status not in ('approved', 'rejected') or decided_by <> requested_by),
      constraint approval_withdrawn_by_requester check (status <> 'withdrawn' or decided_by = requested_by),
      constraint approval_password check ((password_hash is not null) = (kind = 'user.create'))
    )`.execute(db)
  await sql`create index approval_requests_org on approval_requests (organisation_id, status, requested_at desc)`.execute(db)
  await sql`alter table approval_requests enable row level security`.execute(db)
  await sql`create policy approval_requests_org on approval_requests for select to crossborough_admin using (organisation_id = app_org_id())`.execute(db)
  await sql`create policy approval_requests_request on approval_requests for insert to crossborough_admin
    with check (organisation_id = app_org_id() and app_role() = 'admin' and requested_by = app_user_id() and status = 'pending')`.execute(db)
  // Never password_hash; no update or delete at all (decisions go through the functions below).
  await sql`grant select (id, organisation_id, kind, target_id, payload, summary, status, requested_by, requested_at, decided_by, decided_at,
                          reason, result_id, token_revealed_at) on approval_requests to crossborough_admin`.execute(db)
  await sql`grant insert (organisation_id, kind, target_id, payload, summary, password_hash, requested_by) on approval_requests to crossborough_admin`.execute(
    db,
  )

  // --- the grants the admin role may not write by itself ------------------------------------------
  await sql`
    create function approval_guard_users() returns trigger language plpgsql as $$
    begin
      if current_user::text <> 'crossborough_admin' then return new; end if;
      if tg_op = 'INSERT' then
        if new.role in ('lead', 'caseworker', 'admin') then
          raise exception 'granting the % role needs a second admin''s approval', new.role using errcode = '42501';
        end if;
      else
        if new.role is distinct from old.role and new.role in ('lead', 'caseworker', 'admin') then
          raise exception 'granting the % role needs a second admin''s approval', new.role using errcode = '42501';
        end if;
        if old.boroughs is not null and (new.boroughs is null or not new.boroughs <@ old.boroughs) then
          raise exception 'widening a borough scope needs a second admin''s approval' using errcode = '42501';
        end if;
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger users_approval_guard before insert or update on users for each row execute function approval_guard_users()`.execute(db)
  await sql`
    create function approval_guard_agreements() returns trigger language plpgsql as $$
    begin
      if current_user::text <> 'crossborough_admin' then return new; end if;
      if tg_op = 'INSERT' then
        raise exception 'a data-sharing agreement needs a second admin''s approval' using errcode = '42501';
      end if;
      if new.organisation_id <> old.organisation_id or new.partner_organisation_id <> old.partner_organisation_id
         or not new.boroughs <@ old.boroughs or not new.fields <@ old.fields
         or new.valid_from < old.valid_from or new.valid_until > old.valid_until or new.k < old.k
         or (new.include_victims and not old.include_victims)
         or (new.level = 'generalised' and old.level = 'aggregate') or new.cell_m < old.cell_m then
        raise exception 'widening a data-sharing agreement needs a second admin''s approval' using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger agreements_approval_guard before insert or update on agreements for each row execute function approval_guard_agreements()`.execute(
    db,
  )
  await sql`
    create function approval_guard_tokens() returns trigger language plpgsql as $$
    begin
      if current_user::text = 'crossborough_admin' then
        raise exception 'a partner token needs a second admin''s approval' using errcode = '42501';
      end if;
      return new;
    end $$`.execute(db)
  await sql`create trigger api_tokens_approval_guard before insert on api_tokens for each row execute function approval_guard_tokens()`.execute(db)

  // --- deciding ---------------------------------------------------------------------------------
  // Approve (applying the change) or reject a pending request of the caller's organisation. Raises
  // 42501 for the requester themselves (nobody approves their own), P0002 for no such request,
  // 55000 for one already decided.
  await sql`
    create function approval_decide(p_id uuid, p_approve boolean, p_reason text default null) returns uuid
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      r approval_requests;
      p jsonb;
      v_result uuid;
    begin
      if app_role() is distinct from 'admin' or app_user_id() is null then
        raise exception 'only an admin decides approval requests' using errcode = '42501';
      end if;
      if not exists (select 1 from users u where u.id = app_user_id() and u.organisation_id = app_org_id() and u.role = 'admin' and not u.disabled) then
        raise exception 'only an admin decides approval requests' using errcode = '42501';
      end if;
      select * into r from approval_requests where id = p_id and organisation_id = app_org_id() for update;
      if r.id is null then
        raise exception 'no such approval request' using errcode = 'P0002';
      end if;
      if r.requested_by = app_user_id() then
        raise exception 'nobody approves or rejects their own request' using errcode = '42501';
      end if;
      if r.status <> 'pending' then
        raise exception 'the request is already %', r.status using errcode = '55000';
      end if;
      if not p_approve then
        update approval_requests set status = 'rejected', decided_by = app_user_id(), decided_at = now(), reason = p_reason where id = r.id;
        return null;
      end if;
      p := r.payload;
      if r.kind = 'user.create' then
        insert into users (organisation_id, email, display_name, role, boroughs, password_hash)
        values (r.organisation_id, p->>'email', p->>'displayName', p->>'role',
                case when jsonb_typeof(p->'boroughs') = 'array' then array(select jsonb_array_elements_text(p->'boroughs')) end,
                r.password_hash)
        returning id into v_result;
      elsif r.kind = 'user.change' then
        update users set
          role = p->>'role',
          boroughs = case when jsonb_typeof(p->'boroughs') = 'array' then array(select jsonb_array_elements_text(p->'boroughs')) end,
          updated_at = now()
        where id = r.target_id and organisation_id = r.organisation_id
        returning id into v_result;
        if v_result is null then
          raise exception 'the user of this request no longer exists' using errcode = '55000';
        end if;
        delete from sessions where user_id = v_result;
      elsif r.kind = 'agreement.create' then
        insert into agreements (organisation_id, partner_organisation_id, name, boroughs, level, fields, k, include_victims, valid_from, valid_until, cell_m)
        values (r.organisation_id, (p->>'partnerOrganisationId')::uuid, p->>'name',
                array(select jsonb_array_elements_text(p->'boroughs')), p->>'level', array(select jsonb_array_elements_text(p->'fields')),
                (p->>'k')::integer, (p->>'includeVictims')::boolean, (p->>'validFrom')::date, (p->>'validUntil')::date,
                coalesce((p->>'cellM')::integer, 250))
        returning id into v_result;
      elsif r.kind = 'agreement.change' then
        update agreements set
          boroughs = array(select jsonb_array_elements_text(p->'boroughs')),
          fields = array(select jsonb_array_elements_text(p->'fields')),
          k = (p->>'k')::integer,
          include_victims = (p->>'includeVictims')::boolean,
          valid_until = (p->>'validUntil')::date
        where id = r.target_id and organisation_id = r.organisation_id
        returning id into v_result;
        if v_result is null then
          raise exception 'the agreement of this request no longer exists' using errcode = '55000';
        end if;
      elsif r.kind = 'token.create' then
        if not exists (select 1 from agreements a where a.id = r.target_id and a.organisation_id = r.organisation_id and a.valid_until >= current_date) then
          raise exception 'the agreement of this token has ended or no longer exists' using errcode = '55000';
        end if;
        -- 16 random bytes can never be the SHA-256 of a secret: unusable until the requester reveals it.
        insert into api_tokens (token_hash, agreement_id, name, expires_at)
        values (uuid_send(gen_random_uuid()), r.target_id, p->>'name', now() + make_interval(days => (p->>'days')::integer))
        returning id into v_result;
      end if;
      update approval_requests set status = 'approved', decided_by = app_user_id(), decided_at = now(), result_id = v_result where id = r.id;
      return v_result;
    end $$`.execute(db)
  await sql`
    create function approval_withdraw(p_id uuid) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare r approval_requests;
    begin
      select * into r from approval_requests where id = p_id and organisation_id = app_org_id() and app_role() = 'admin' for update;
      if r.id is null then
        raise exception 'no such approval request' using errcode = 'P0002';
      end if;
      if r.requested_by is distinct from app_user_id() then
        raise exception 'only the requester withdraws a request' using errcode = '42501';
      end if;
      if r.status <> 'pending' then
        raise exception 'the request is already %', r.status using errcode = '55000';
      end if;
      update approval_requests set status = 'withdrawn', decided_by = app_user_id(), decided_at = now() where id = r.id;
    end $$`.execute(db)
  // The requester of an approved token request sets the hash of its secret, once.
  await sql`
    create function approval_reveal_token(p_id uuid, p_hash bytea)
    returns table (token_id uuid, agreement_id uuid, name text, created_at timestamptz, expires_at timestamptz)
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare r approval_requests;
    begin
      select * into r from approval_requests a where a.id = p_id and a.organisation_id = app_org_id() and app_role() = 'admin' for update;
      if r.id is null or r.kind <> 'token.create' then
        raise exception 'no such token request' using errcode = 'P0002';
      end if;
      if r.requested_by is distinct from app_user_id() then
        raise exception 'only the requester receives the token' using errcode = '42501';
      end if;
      if r.status <> 'approved' or r.token_revealed_at is not null then
        raise exception 'the token is not approved, or was already shown' using errcode = '55000';
      end if;
      if length(p_hash) <> 32 then
        raise exception 'not a SHA-256 hash' using errcode = '22023';
      end if;
      update approval_requests set token_revealed_at = now() where id = r.id;
      return query
        update api_tokens t set token_hash = p_hash where t.id = r.result_id and t.revoked_at is null
        returning t.id, t.agreement_id, t.name, t.created_at, t.expires_at;
    end $$`.execute(db)
  for (const f of ['approval_decide(uuid, boolean, text)', 'approval_withdraw(uuid)', 'approval_reveal_token(uuid, bytea)']) {
    await sql.raw(`revoke execute on function ${f} from public`).execute(db)
    await sql.raw(`grant execute on function ${f} to crossborough_admin`).execute(db)
  }

  // --- the agreement a partner session acts under ---------------------------------------------------
  await sql`alter table sessions add column agreement_id uuid references agreements (id) on delete set null`.execute(db)
  await sql`drop function auth_session_actor(bytea, interval)`.execute(db)
  // Replaces auth_session_actor of migration 0006 (20261127_0006_access); db/schema.sql shows the definition in force.
  await sql`
    create function auth_session_actor(p_token_hash bytea, p_ttl interval)
    returns table (user_id uuid, organisation_id uuid, role text, boroughs text[], email text, display_name text, expires_at timestamptz, agreement_id uuid)
    language sql security definer set search_path = public, pg_temp as $$
      with live as (
        select u.id, u.organisation_id, u.role, u.boroughs, u.email, u.display_name, s.expires_at, s.last_seen_at, s.agreement_id
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = p_token_hash and s.expires_at > now() and not u.disabled
      ), touched as (
        update sessions s set last_seen_at = now(), expires_at = greatest(s.expires_at, now() + p_ttl)
        from live where s.token_hash = p_token_hash and live.last_seen_at < now() - interval '1 minute'
        returning s.expires_at
      )
      select live.id, live.organisation_id, live.role, live.boroughs, live.email, live.display_name,
             coalesce((select expires_at from touched), live.expires_at), live.agreement_id
      from live
    $$`.execute(db)
  // A partner's session chooses one of their organisation's agreements in force.
  await sql`
    create function auth_session_choose_agreement(p_token_hash bytea, p_agreement uuid) returns boolean
    language sql security definer set search_path = public, pg_temp as $$
      with chosen as (
        update sessions s set agreement_id = a.id
        from users u, agreements a
        where s.token_hash = p_token_hash and s.expires_at > now() and u.id = s.user_id and u.role = 'partner' and not u.disabled
          and a.id = p_agreement and a.partner_organisation_id = u.organisation_id and current_date between a.valid_from and a.valid_until
        returning s.token_hash
      )
      select exists (select 1 from chosen)
    $$`.execute(db)
  // The token's agreement, or the session's chosen one, or the only one in force; with several in
  // force and none chosen, nothing (the partner must choose). With none in force, the newest, so the
  // partner is told it is not in force.
  // Replaces current_agreement of migration 0006 (20261127_0006_access); db/schema.sql shows the definition in force.
  await sql`
    create or replace function current_agreement()
    returns table (id uuid, name text, organisation_id uuid, partner_organisation_id uuid, boroughs text[], level text, fields text[],
                   k integer, include_victims boolean, valid_from date, valid_until date, valid boolean)
    language sql stable security definer set search_path = public, pg_temp as $$
      with mine as (
        select a.*, current_date between a.valid_from and a.valid_until as in_force
        from agreements a
        where app_role() = 'partner' and a.partner_organisation_id = app_org_id()
      )
      select m.id, m.name, m.organisation_id, m.partner_organisation_id, m.boroughs, m.level, m.fields, m.k, m.include_victims,
             m.valid_from, m.valid_until, m.in_force
      from mine m
      where case when app_agreement_id() is not null then m.id = app_agreement_id()
                 when (select count(*) from mine where in_force) = 1 then m.in_force
                 when (select count(*) from mine where in_force) = 0 then true
                 else false end
      order by m.in_force desc, m.valid_until desc
      limit 1
    $$`.execute(db)

  // --- the data owner sees partners' reads -----------------------------------------------------------
  await sql`drop policy audit_log_org on audit_log`.execute(db)
  await sql`create policy audit_log_org on audit_log for select to crossborough_admin
    using (organisation_id = app_org_id() or detail->>'owner' = app_org_id()::text)`.execute(db)
  await sql`create index audit_log_owner on audit_log ((detail->>'owner'), id desc)`.execute(db)
  // The organisation a referral belongs to, for the audit row of a denied attempt (never answered to the caller).
  await sql`
    create function referral_owner(p_id uuid) returns uuid
    language sql stable security definer set search_path = public, pg_temp as $$
      select organisation_id from referrals where id = p_id
    $$`.execute(db)
  await sql`revoke execute on function referral_owner(uuid) from public`.execute(db)
  await sql`grant execute on function referral_owner(uuid) to crossborough_app, crossborough_casework, crossborough_aggregate, crossborough_admin`.execute(db)

  // --- sign-in throttling --------------------------------------------------------------------------
  await sql`
    create table login_failures (
      id bigint generated always as identity primary key,
      email text not null,
      address text not null,
      at timestamptz not null default now()
    )`.execute(db)
  await sql`create index login_failures_email on login_failures (email, at)`.execute(db)
  await sql`create index login_failures_address on login_failures (address, at)`.execute(db)
  await sql`create index login_failures_at on login_failures (at)`.execute(db)
  // No policy and no grant: only the functions below touch it.
  await sql`alter table login_failures enable row level security`.execute(db)
  await sql`
    create function auth_login_throttle(p_email text, p_address text, p_window interval)
    returns table (pair integer, account integer, address integer)
    language sql stable security definer set search_path = public, pg_temp as $$
      select (select count(*) from login_failures f where f.email = lower(p_email) and f.address = p_address and f.at > now() - p_window)::integer,
             (select count(*) from login_failures f where f.email = lower(p_email) and f.at > now() - p_window)::integer,
             (select count(*) from login_failures f where f.address = p_address and f.at > now() - p_window)::integer
    $$`.execute(db)
  await sql`
    create function auth_login_failed(p_email text, p_address text, p_window interval) returns void
    language sql security definer set search_path = public, pg_temp as $$
      delete from login_failures where at < now() - p_window;
      insert into login_failures (email, address) values (lower(p_email), p_address);
    $$`.execute(db)
  await sql`
    create function auth_login_succeeded(p_email text, p_address text) returns void
    language sql security definer set search_path = public, pg_temp as $$
      delete from login_failures where email = lower(p_email) and address = p_address
    $$`.execute(db)
  // An admin clears the throttle of a user of their organisation ("unlock").
  await sql`
    create function auth_clear_throttle(p_user uuid) returns void
    language sql security definer set search_path = public, pg_temp as $$
      delete from login_failures f using users u
       where u.id = p_user and f.email = u.email and u.organisation_id = app_org_id() and app_role() = 'admin'
    $$`.execute(db)
  for (const f of ['auth_login_throttle(text, text, interval)', 'auth_login_failed(text, text, interval)', 'auth_login_succeeded(text, text)']) {
    await sql.raw(`revoke execute on function ${f} from public`).execute(db)
    await sql.raw(`grant execute on function ${f} to crossborough_app`).execute(db)
  }
  await sql`revoke execute on function auth_clear_throttle(uuid) from public`.execute(db)
  await sql`grant execute on function auth_clear_throttle(uuid) to crossborough_admin`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const f of [
    'auth_clear_throttle(uuid)',
    'auth_login_succeeded(text, text)',
    'auth_login_failed(text, text, interval)',
    'auth_login_throttle(text, text, interval)',
    'referral_owner(uuid)',
    'auth_session_choose_agreement(bytea, uuid)',
    'approval_reveal_token(uuid, bytea)',
    'approval_withdraw(uuid)',
    'approval_decide(uuid, boolean, text)',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
  await sql`drop table if exists login_failures`.execute(db)
  await sql`drop index if exists audit_log_owner`.execute(db)
  await sql`drop policy if exists audit_log_org on audit_log`.execute(db)
  await sql`create policy audit_log_org on audit_log for select to crossborough_admin using (organisation_id = app_org_id())`.execute(db)
  await sql`drop trigger if exists api_tokens_approval_guard on api_tokens`.execute(db)
  await sql`drop trigger if exists agreements_approval_guard on agreements`.execute(db)
  await sql`drop trigger if exists users_approval_guard on users`.execute(db)
  await sql`drop function if exists approval_guard_tokens()`.execute(db)
  await sql`drop function if exists approval_guard_agreements()`.execute(db)
  await sql`drop function if exists approval_guard_users()`.execute(db)
  await sql`drop table if exists approval_requests`.execute(db)
  await sql`drop function if exists auth_session_actor(bytea, interval)`.execute(db)
  await sql`alter table sessions drop column if exists agreement_id`.execute(db)
}
