import { sql, type Kysely } from 'kysely'

/**
 * Who sees what (docs/product-rules.md, "Privacy rules"), enforced by PostgreSQL itself.
 *
 * Database roles (cluster-wide, created once):
 * - `crossborough_app`: the login the service's requests connect as (NOINHERIT, so it holds no table rights of its
 *   own beyond boundaries and the sign-in functions). Every request's transaction switches, with
 *   `set_config('role', …, true)`, to one of:
 * - `crossborough_casework` (leads, caseworkers): referral tables, under row-level security — own
 *   organisation; for caseworkers their own caseload only;
 * - `crossborough_aggregate` (commissioners, partners): NO privilege on any point table; counts come
 *   from SECURITY DEFINER functions that apply the disclosure rules (k, fixed geographies, whole months);
 * - `crossborough_admin` (admins): users, agreements, tokens and the audit log of their organisation.
 * The acting user, organisation, role, borough scope and agreement live in `crossborough.*` settings
 * local to the transaction. The audit log is append-only and hash-chained; nobody but its owner can
 * write it, and only through `audit_append`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const [role, attrs] of [
    ['crossborough_app', 'login noinherit'],
    ['crossborough_casework', 'nologin'],
    ['crossborough_aggregate', 'nologin'],
    ['crossborough_admin', 'nologin'],
  ] as const) {
    await sql
      .raw(`
      do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${role}') then
          create role ${role} ${attrs};
        end if;
      end $$`)
      .execute(db)
  }
  // The service's request pool logs in as crossborough_app itself (never as a superuser or owner,
  // who could SET ROLE back out of row-level security). No password: set one with APP_DATABASE_PASSWORD.
  await sql`alter role crossborough_app login noinherit nosuperuser nocreaterole nocreatedb nobypassrls`.execute(db)
  await sql`grant crossborough_casework, crossborough_aggregate, crossborough_admin to crossborough_app`.execute(db)
  // The migrating role must be able to become the app role (a no-op for superusers).
  await sql.raw(`do $$ begin execute format('grant crossborough_app to %I', current_user); exception when others then null; end $$`).execute(db)

  // --- the acting user's context -------------------------------------------------------------
  for (const [name, type, expr] of [
    ['app_user_id', 'uuid', `nullif(current_setting('crossborough.user_id', true), '')::uuid`],
    ['app_org_id', 'uuid', `nullif(current_setting('crossborough.organisation_id', true), '')::uuid`],
    ['app_role', 'text', `nullif(current_setting('crossborough.role', true), '')`],
    ['app_boroughs', 'text[]', `nullif(current_setting('crossborough.boroughs', true), '')::text[]`],
    ['app_agreement_id', 'uuid', `nullif(current_setting('crossborough.agreement_id', true), '')::uuid`],
  ] as const) {
    await sql.raw(`create function ${name}() returns ${type} language sql stable parallel safe as $$ select ${expr} $$`).execute(db)
  }

  // --- accounts ------------------------------------------------------------------------------
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      email text not null unique check (email = lower(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
      display_name text not null check (length(display_name) between 1 and 200),
      role text not null check (role in ('caseworker', 'lead', 'commissioner', 'partner', 'admin')),
      boroughs text[] check (boroughs is null or role in ('commissioner', 'partner')),
      password_hash text not null,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      disabled boolean not null default false,
      synthetic boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db)
  await sql`create index users_org on users (organisation_id)`.execute(db)
  await sql`alter table referrals add constraint referrals_caseworker_fk foreign key (caseworker_id) references users (id) on delete set null`.execute(db)
  await sql`create index referrals_caseworker on referrals (caseworker_id)`.execute(db)

  await sql`
    create table sessions (
      token_hash bytea primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db)
  await sql`create index sessions_user on sessions (user_id)`.execute(db)

  await sql`
    create table agreements (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisations (id),
      partner_organisation_id uuid not null references organisations (id),
      name text not null check (length(name) between 1 and 200),
      boroughs text[] not null check (cardinality(boroughs) >= 1),
      level text not null check (level in ('aggregate', 'generalised')),
      fields text[] not null default '{}',
      k integer not null default 5 check (k >= 3),
      include_victims boolean not null default false,
      valid_from date not null,
      valid_until date not null,
      created_at timestamptz not null default now(),
      check (valid_until >= valid_from),
      check (partner_organisation_id <> organisation_id)
    )`.execute(db)
  await sql`create index agreements_partner on agreements (partner_organisation_id)`.execute(db)

  await sql`
    create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      agreement_id uuid not null references agreements (id) on delete cascade,
      name text not null check (length(name) between 1 and 200),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz
    )`.execute(db)

  // --- audit log: append-only, hash-chained ----------------------------------------------------
  await sql`
    create table audit_log (
      id bigint primary key,
      at timestamptz not null,
      user_id uuid,
      organisation_id uuid,
      role text,
      action text not null check (action ~ '^[a-z][a-z0-9_.-]{0,63}$'),
      detail jsonb not null default '{}',
      row_count bigint,
      prev_hash text not null,
      hash text not null
    )`.execute(db)
  await sql`create index audit_log_org_at on audit_log (organisation_id, id desc)`.execute(db)
  // The last link, so deleting the newest rows is detected too.
  await sql`create table audit_head (one boolean primary key default true check (one), last_id bigint not null, last_hash text not null)`.execute(db)
  await sql`create sequence audit_log_id_seq`.execute(db)
  await sql`
    create function audit_row_hash(p_id bigint, p_at timestamptz, p_user uuid, p_org uuid, p_role text, p_action text,
                                   p_detail jsonb, p_rows bigint, p_prev text) returns text
    language sql immutable parallel safe as $$
      select encode(sha256(convert_to(concat_ws('|', p_id::text,
        to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), coalesce(p_user::text, ''),
        coalesce(p_org::text, ''), coalesce(p_role, ''), p_action, p_detail::text, coalesce(p_rows::text, ''), p_prev), 'UTF8')), 'hex')
    $$`.execute(db)
  await sql`
    create function audit_append(p_action text, p_detail jsonb default '{}', p_rows bigint default null,
                                 p_user uuid default null, p_org uuid default null, p_role text default null) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      v_prev text;
      v_id bigint;
      v_at timestamptz := clock_timestamp();
      -- Inside a request the transaction's actor is who acted, whatever the caller claims; the
      -- arguments name them only where there is no actor yet (sign-in, the command line).
      v_scoped boolean := app_role() is not null;
      v_user uuid := case when v_scoped then app_user_id() else p_user end;
      v_org uuid := case when v_scoped then app_org_id() else p_org end;
      v_role text := case when v_scoped then app_role() else p_role end;
      v_detail jsonb := coalesce(p_detail, '{}'::jsonb);
    begin
      -- One writer at a time, so the chain has no forks.
      perform pg_advisory_xact_lock(7202611270);
      select last_hash into v_prev from audit_head;
      v_prev := coalesce(v_prev, repeat('0', 64));
      v_id := nextval('audit_log_id_seq');
      insert into audit_log (id, at, user_id, organisation_id, role, action, detail, row_count, prev_hash, hash)
      values (v_id, v_at, v_user, v_org, v_role, p_action, v_detail, p_rows, v_prev,
              audit_row_hash(v_id, v_at, v_user, v_org, v_role, p_action, v_detail, p_rows, v_prev));
      insert into audit_head (one, last_id, last_hash)
      select true, v_id, hash from audit_log where id = v_id
      on conflict (one) do update set last_id = excluded.last_id, last_hash = excluded.last_hash;
      return v_id;
    end $$`.execute(db)
  await sql`
    create function audit_no_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$`.execute(db)
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_no_change()`.execute(db)
  await sql`revoke execute on function audit_append(text, jsonb, bigint, uuid, uuid, text) from public`.execute(db)
  await sql`grant execute on function audit_append(text, jsonb, bigint, uuid, uuid, text) to crossborough_app, crossborough_casework, crossborough_aggregate, crossborough_admin`.execute(
    db,
  )
  await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_no_change()`.execute(db)
  // Checks every link; names the first row whose hash or link is wrong (or the head, if rows vanished at the end).
  await sql`
    create function audit_verify(out ok boolean, out row_count bigint, out first_broken bigint)
    language sql stable security definer set search_path = public, pg_temp as $$
      with chain as (
        select id, hash, prev_hash,
               audit_row_hash(id, at, user_id, organisation_id, role, action, detail, row_count, prev_hash) as computed,
               lag(hash) over (order by id) as previous
        from audit_log
      ), bad as (
        select min(id) as first from chain
        where hash <> computed or prev_hash <> coalesce(previous, repeat('0', 64))
      ), head as (
        select (select last_id from audit_head) as last_id, (select last_hash from audit_head) as last_hash,
               (select max(id) from audit_log) as max_id,
               (select hash from audit_log order by id desc limit 1) as max_hash
      )
      select coalesce(bad.first, case when head.last_id is distinct from head.max_id or head.last_hash is distinct from head.max_hash
                                      then coalesce(head.max_id, 0) + 1 end) is null,
             (select count(*) from audit_log),
             coalesce(bad.first, case when head.last_id is distinct from head.max_id or head.last_hash is distinct from head.max_hash
                                      then coalesce(head.max_id, 0) + 1 end)
      from bad, head
    $$`.execute(db)

  // --- sign-in: the only way the app reads credentials ----------------------------------------
  await sql`
    create function auth_user_for_login(p_email text)
    returns table (id uuid, organisation_id uuid, role text, boroughs text[], display_name text, password_hash text, locked_until timestamptz, disabled boolean)
    language sql stable security definer set search_path = public, pg_temp as $$
      select u.id, u.organisation_id, u.role, u.boroughs, u.display_name, u.password_hash, u.locked_until, u.disabled
      from users u where u.email = lower(p_email)
    $$`.execute(db)
  await sql`
    create function auth_record_login(p_user uuid, p_ok boolean, p_max_failures integer, p_lock interval)
    returns timestamptz language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_locked timestamptz;
    begin
      if p_ok then
        update users set failed_logins = 0, locked_until = null where id = p_user;
        return null;
      end if;
      update users
         set failed_logins = failed_logins + 1,
             locked_until = case when failed_logins + 1 >= p_max_failures then now() + p_lock else locked_until end
       where id = p_user
      returning locked_until into v_locked;
      return v_locked;
    end $$`.execute(db)
  await sql`
    create function auth_session_create(p_user uuid, p_token_hash bytea, p_ttl interval) returns timestamptz
    language sql security definer set search_path = public, pg_temp as $$
      delete from sessions where expires_at < now();
      insert into sessions (token_hash, user_id, expires_at) values (p_token_hash, p_user, now() + p_ttl) returning expires_at;
    $$`.execute(db)
  await sql`
    create function auth_session_actor(p_token_hash bytea, p_ttl interval)
    returns table (user_id uuid, organisation_id uuid, role text, boroughs text[], email text, display_name text, expires_at timestamptz)
    language sql security definer set search_path = public, pg_temp as $$
      -- A read per request; the sliding expiry is written at most once a minute per session.
      with live as (
        select u.id, u.organisation_id, u.role, u.boroughs, u.email, u.display_name, s.expires_at, s.last_seen_at
        from sessions s join users u on u.id = s.user_id
        where s.token_hash = p_token_hash and s.expires_at > now() and not u.disabled
      ), touched as (
        update sessions s set last_seen_at = now(), expires_at = greatest(s.expires_at, now() + p_ttl)
        from live where s.token_hash = p_token_hash and live.last_seen_at < now() - interval '1 minute'
        returning s.expires_at
      )
      select live.id, live.organisation_id, live.role, live.boroughs, live.email, live.display_name,
             coalesce((select expires_at from touched), live.expires_at)
      from live
    $$`.execute(db)
  await sql`
    create function auth_session_delete(p_token_hash bytea) returns void
    language sql security definer set search_path = public, pg_temp as $$
      delete from sessions where token_hash = p_token_hash
    $$`.execute(db)
  // An admin ends the sessions of a user of their organisation (disabled, re-scoped).
  await sql`
    create function auth_end_sessions(p_user uuid) returns void
    language sql security definer set search_path = public, pg_temp as $$
      delete from sessions s using users u
       where s.user_id = p_user and u.id = p_user and u.organisation_id = app_org_id() and app_role() = 'admin'
    $$`.execute(db)
  // A partner token: its agreement's partner organisation and scope, or why it cannot be used.
  await sql`
    create function auth_token_actor(p_token_hash bytea)
    returns table (token_id uuid, agreement_id uuid, organisation_id uuid, boroughs text[], status text)
    language sql stable security definer set search_path = public, pg_temp as $$
      select t.id, a.id, a.partner_organisation_id, a.boroughs,
             case when t.revoked_at is not null then 'revoked'
                  when t.expires_at <= now() then 'expired'
                  when current_date < a.valid_from or current_date > a.valid_until then 'agreement-expired'
                  else 'ok' end
      from api_tokens t join agreements a on a.id = t.agreement_id
      where t.token_hash = p_token_hash
    $$`.execute(db)
  // The agreement a partner acts under: the token's, else the newest valid one with their organisation.
  await sql`
    create function current_agreement()
    returns table (id uuid, name text, organisation_id uuid, partner_organisation_id uuid, boroughs text[], level text, fields text[],
                   k integer, include_victims boolean, valid_from date, valid_until date, valid boolean)
    language sql stable security definer set search_path = public, pg_temp as $$
      select a.id, a.name, a.organisation_id, a.partner_organisation_id, a.boroughs, a.level, a.fields, a.k, a.include_victims,
             a.valid_from, a.valid_until, current_date between a.valid_from and a.valid_until
      from agreements a
      where app_role() = 'partner'
        and (a.id = app_agreement_id() or (app_agreement_id() is null and a.partner_organisation_id = app_org_id()))
      order by (current_date between a.valid_from and a.valid_until) desc, a.valid_until desc
      limit 1
    $$`.execute(db)

  // --- row-level security ----------------------------------------------------------------------
  for (const t of ['referrals', 'referral_locations', 'exclusion_zones', 'import_jobs', 'users', 'agreements', 'api_tokens', 'audit_log', 'sessions']) {
    await sql.raw(`alter table ${t} enable row level security`).execute(db)
  }
  await sql`
    create function may_see_referral(p_org uuid, p_caseworker uuid) returns boolean
    language sql stable parallel safe as $$
      select p_org = app_org_id() and (app_role() = 'lead' or (app_role() = 'caseworker' and p_caseworker = app_user_id()))
    $$`.execute(db)
  await sql`create policy referrals_casework on referrals to crossborough_casework
    using (may_see_referral(organisation_id, caseworker_id)) with check (may_see_referral(organisation_id, caseworker_id))`.execute(db)
  for (const t of ['referral_locations', 'exclusion_zones']) {
    await sql
      .raw(`create policy ${t}_casework on ${t} to crossborough_casework
      using (exists (select 1 from referrals r where r.id = referral_id))
      with check (exists (select 1 from referrals r where r.id = referral_id))`)
      .execute(db)
  }
  await sql`create policy import_jobs_casework on import_jobs to crossborough_casework
    using (organisation_id = app_org_id() and app_role() = 'lead') with check (organisation_id = app_org_id() and app_role() = 'lead')`.execute(db)
  await sql`create policy users_same_org on users to crossborough_casework, crossborough_admin
    using (organisation_id = app_org_id()) with check (organisation_id = app_org_id() and app_role() = 'admin')`.execute(db)
  await sql`create policy agreements_parties on agreements for select to crossborough_aggregate, crossborough_admin
    using (organisation_id = app_org_id() or partner_organisation_id = app_org_id())`.execute(db)
  await sql`create policy agreements_owner on agreements to crossborough_admin
    using (organisation_id = app_org_id()) with check (organisation_id = app_org_id())`.execute(db)
  await sql`create policy api_tokens_owner on api_tokens to crossborough_admin
    using (exists (select 1 from agreements a where a.id = agreement_id))
    with check (exists (select 1 from agreements a where a.id = agreement_id and a.organisation_id = app_org_id()))`.execute(db)
  await sql`create policy audit_log_org on audit_log for select to crossborough_admin using (organisation_id = app_org_id())`.execute(db)

  // --- privileges --------------------------------------------------------------------------------
  const everyone = 'crossborough_app, crossborough_casework, crossborough_aggregate, crossborough_admin'
  await sql.raw(`grant usage on schema public to ${everyone}`).execute(db)
  await sql.raw(`grant select on areas, area_parts, borough_borders, borough_edges, borough_adjacency, straddling_areas, programmes to ${everyone}`).execute(db)
  await sql.raw(`grant select (id, name, synthetic) on organisations to ${everyone}`).execute(db)
  // /ready checks that migrations are current.
  await sql.raw(`grant select on kysely_migration to ${everyone}`).execute(db)
  await sql`grant select, insert, update, delete on referrals, referral_locations, exclusion_zones to crossborough_casework`.execute(db)
  await sql`grant select, insert, update on import_jobs to crossborough_casework`.execute(db)
  await sql`grant select (id, organisation_id, email, display_name, role, boroughs, disabled) on users to crossborough_casework`.execute(db)
  await sql`grant select (id, organisation_id, email, display_name, role, boroughs, disabled, failed_logins, locked_until, created_at, updated_at) on users to crossborough_admin`.execute(
    db,
  )
  await sql`grant insert, update, delete on users to crossborough_admin`.execute(db)
  // Admins register partner organisations when they make an agreement.
  await sql`grant insert (name, synthetic) on organisations to crossborough_admin`.execute(db)
  await sql`grant select on agreements to crossborough_aggregate`.execute(db)
  await sql`grant select, insert, update, delete on agreements to crossborough_admin`.execute(db)
  await sql`grant select (id, agreement_id, name, created_at, expires_at, revoked_at) on api_tokens to crossborough_admin`.execute(db)
  await sql`grant insert, update (revoked_at) on api_tokens to crossborough_admin`.execute(db)
  await sql`grant select on audit_log to crossborough_admin`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['referrals', 'referral_locations', 'exclusion_zones', 'import_jobs']) {
    await sql.raw(`alter table ${t} disable row level security`).execute(db)
  }
  await sql`drop policy if exists referrals_casework on referrals`.execute(db)
  await sql`drop policy if exists referral_locations_casework on referral_locations`.execute(db)
  await sql`drop policy if exists exclusion_zones_casework on exclusion_zones`.execute(db)
  await sql`drop policy if exists import_jobs_casework on import_jobs`.execute(db)
  await sql`alter table referrals drop constraint if exists referrals_caseworker_fk`.execute(db)
  await sql`drop table if exists audit_head, audit_log, api_tokens, agreements, sessions, users cascade`.execute(db)
  await sql`drop sequence if exists audit_log_id_seq`.execute(db)
  for (const f of [
    'auth_end_sessions(uuid)',
    'may_see_referral(uuid, uuid)',
    'current_agreement()',
    'auth_token_actor(bytea)',
    'auth_session_delete(bytea)',
    'auth_session_actor(bytea, interval)',
    'auth_session_create(uuid, bytea, interval)',
    'auth_record_login(uuid, boolean, integer, interval)',
    'auth_user_for_login(text)',
    'audit_verify()',
    'audit_no_change()',
    'audit_append(text, jsonb, bigint, uuid, uuid, text)',
    'audit_row_hash(bigint, timestamptz, uuid, uuid, text, text, jsonb, bigint, text)',
    'app_user_id()',
    'app_org_id()',
    'app_role()',
    'app_boroughs()',
    'app_agreement_id()',
  ]) {
    await sql.raw(`drop function if exists ${f}`).execute(db)
  }
}
