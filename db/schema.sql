-- The crossborough database as the migrations leave it (generated: npx tsx scripts/schema-dump.ts;
-- CI fails when it differs from a freshly migrated database). Read it to see the current definition
-- of every table, function, trigger and policy; change the schema only through a new migration.
--
-- PostgreSQL database dump
--

--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;

--
-- Name: analysis_border_activity(text, text, double precision, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_border_activity(p_a text, p_b text, p_distance double precision, p_from date, p_to date) RETURNS TABLE(line text, side text, month date, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if p_a is null or p_b is null or p_a = p_b then
        raise exception 'two different boroughs are needed' using errcode = '22023';
      end if;
      if p_distance is null or p_distance < 1 or p_distance > 2000 then
        raise exception 'distance must be 1 to 2000 metres' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      if s.suppress and p_distance not in (100, 200, 400, 800) then
        raise exception 'the border band must be 100, 200, 400 or 800 metres' using errcode = 'CB400', detail = 'distance';
      end if;
      perform disclosure_require_fields(s.fields, array['month']);
      return query
      with loc as (
        select l.referral_id, l.key_code, l.borough_code as sd, date_trunc('month', l.observed_on)::date as m
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where ((l.borough_code = p_a and l.border_code = p_b) or (l.borough_code = p_b and l.border_code = p_a))
          and l.border_distance_m <= p_distance
      ), g as (
        select (array['cell', 'area', 'month', 'total'])[grouping(loc.sd, loc.m) + 1] as line, loc.sd, loc.m,
               count(distinct loc.referral_id) as c, ckm_key_of(sum(distinct loc.key_code)) as ck
        from loc
        group by grouping sets ((loc.sd, loc.m), (loc.sd), (loc.m), ())
      )
      select g.line, g.sd, g.m, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.sd, g.m;
    end $$;

--
-- Name: analysis_exact_locations(date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_exact_locations(p_from date, p_to date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(referral_id uuid, kind text, geom public.geometry, observed_on date, borough_code text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if app_role() is distinct from 'lead' then
        raise exception 'exact locations are for leads only' using errcode = '42501';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
      where (p_programme is null or l.programme = p_programme)
        and (p_subject_role is null or l.subject_role = p_subject_role)
        and (p_age_band is null or l.age_band = p_age_band);
    end $$;

--
-- Name: analysis_flows(date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_flows(p_from date, p_to date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(line text, origin text, destination text, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record; v_until date; v_from integer; v_to integer; v_role text; v_prog integer; v_grain smallint;
    begin
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      v_until := (p_to + interval '1 month')::date;
      -- Flows over whole months, for a scope without a borough restriction, from the contributions
      -- kept at write time (migration 0033): the same counts and cell keys as below.
      if s.boroughs is null
         and p_from = date_trunc('month', p_from)::date and p_to = date_trunc('month', p_to)::date and p_to >= p_from then
        v_from := extract(year from p_from)::integer * 12 + extract(month from p_from)::integer - 1;
        v_to := extract(year from p_to)::integer * 12 + extract(month from p_to)::integer - 1;
        v_role := case when s.include_victims then p_subject_role
                       when p_subject_role is null or p_subject_role = 'at_risk' then 'at_risk' end;
        if p_programme is not null then select id into v_prog from programmes where slug = p_programme; end if;
        if (p_programme is null or v_prog is not null) and (s.include_victims or v_role is not null) then
          v_grain := case when v_prog is null and v_role is null and p_age_band is null then 0 else 1 end;

          return query
          with c as (
            select c.origin as h, c.destination as d, sum(c.n) as cnt, sum(c.keysum) as ks
            from stats_flow_counts c
            where c.organisation_id = s.organisation_id and c.grain = v_grain
              and c.month between v_from and v_to and c.prev < v_from and c.home_month <= v_to
              and (v_prog is null or c.programme_id = v_prog)
              and (v_role is null or c.subject_role = v_role)
              and (p_age_band is null or c.age_band = p_age_band)
            group by c.origin, c.destination
            having sum(c.n) > 0
          ), g as (
            select case when c.h <> '' and c.d <> '' then 'cell' when c.h <> '' then 'origin'
                        when c.d <> '' then 'destination' else 'total' end as line,
                   nullif(c.h, '') as h, nullif(c.d, '') as d, c.cnt, c.ks
            from c
            union all
            select 'total', null, null, 0, null where not exists (select 1 from c where c.h = '' and c.d = '')
          )
          select g.line, g.h, g.d, disclosed_count(g.cnt::bigint, ckm_key_of(g.ks), s.suppress, s.k, s.noise), false
          from g
          order by g.line, g.h, g.d;
          return;
        end if;
      end if;
      return query
      with inc as (
        select distinct l.referral_id, l.key_code, l.borough_code as d
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, v_until) l
        where l.kind = 'incident' and l.borough_code is not null
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
      ), home as (
        select distinct l.referral_id, l.borough_code as h
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, '-infinity'::date, v_until) l
        where l.kind = 'home' and l.borough_code is not null
          and l.referral_id in (select i.referral_id from referral_locations i
                                   where i.kind = 'incident' and i.borough_code is not null
                                     and i.observed_on >= p_from and i.observed_on < v_until)
      ), pairs as (
        select inc.referral_id, inc.key_code, home.h, inc.d from inc join home on home.referral_id = inc.referral_id
      ), g as (
        select (array['cell', 'origin', 'destination', 'total'])[grouping(pairs.h, pairs.d) + 1] as line, pairs.h, pairs.d,
               count(distinct pairs.referral_id) as c, ckm_key_of(sum(distinct pairs.key_code)) as ck
        from pairs
        group by grouping sets ((pairs.h, pairs.d), (pairs.h), (pairs.d), ())
      )
      select g.line, g.h, g.d, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.h, g.d;
    end $$;

--
-- Name: analysis_hex_counts(integer, date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_hex_counts(p_size integer, p_from date, p_to date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(line text, cell_q integer, cell_r integer, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if p_size is null or p_size not between 100 and 1000 then
        raise exception 'hex size must be 100 to 1000 metres' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_cell(s.suppress, s.level, s.cell, p_size, 'size');
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      return query
      with loc as (
        select l.referral_id, l.key_code, h.q as hq, h.r as hr
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        cross join lateral hex_cell(l.geom, p_size::double precision) h
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
      ), g as (
        select case when grouping(loc.hq, loc.hr) = 0 then 'cell' else 'total' end as line, loc.hq, loc.hr,
               count(distinct loc.referral_id) as c, ckm_key_of(sum(distinct loc.key_code)) as ck
        from loc
        group by grouping sets ((loc.hq, loc.hr), ())
      )
      select g.line, g.hq, g.hr, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      order by g.line, g.hq, g.hr;
    end $$;

--
-- Name: analysis_hex_month_counts(integer, date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_hex_month_counts(p_size integer, p_from date, p_to date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(month date, cell_q integer, cell_r integer, n bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if app_role() is distinct from 'lead' then
        raise exception 'monthly cell counts are for leads only' using errcode = '42501';
      end if;
      if p_size is null or p_size not between 100 and 1000 then
        raise exception 'hex size must be 100 to 1000 metres' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      select date_trunc('month', l.observed_on)::date as m, h.q, h.r, count(distinct l.referral_id)
      from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
      cross join lateral hex_cell(l.geom, p_size::double precision) h
      where (p_programme is null or l.programme = p_programme)
        and (p_subject_role is null or l.subject_role = p_subject_role)
        and (p_age_band is null or l.age_band = p_age_band)
      group by 1, 2, 3
      order by 1, 2, 3;
    end $$;

--
-- Name: analysis_study_area(integer, text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analysis_study_area(p_size integer, p_boroughs text[] DEFAULT NULL::text[]) RETURNS TABLE(cell_q integer, cell_r integer, borough text)
    LANGUAGE sql STABLE
    SET search_path TO 'public', 'pg_temp'
    SET jit TO 'off'
    AS $$
      with b as materialized (
        select a.id, a.code, a.geom from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (p_boroughs is null or a.code = any (p_boroughs))
      ), e as materialized (
        select ST_Extent(b.geom)::box2d as e from b
      ), qs as materialized (
        select q, e.e from e, generate_series(floor(ST_XMin(e.e) / (1.5 * p_size))::integer - 1,
                                         ceil(ST_XMax(e.e) / (1.5 * p_size))::integer + 1) as q
        where e.e is not null
      ), c as materialized (
        select qs.q, r, ST_SetSRID(ST_MakePoint(1.5 * p_size * qs.q, sqrt(3.0) * p_size * (r + qs.q / 2.0::float8)), 27700) as pt
        from qs, generate_series(floor(ST_YMin(qs.e) / (sqrt(3.0) * p_size) - qs.q / 2.0::float8)::integer - 1,
                                 ceil(ST_YMax(qs.e) / (sqrt(3.0) * p_size) - qs.q / 2.0::float8)::integer + 1) as r
      )
      select distinct on (c.q, c.r) c.q, c.r, b.code
      from c
      join area_parts p on p.kind = 'borough' and ST_Intersects(p.geom, c.pt)
      join b on b.id = p.area_id
      order by c.q, c.r, b.code
    $$;

--
-- Name: app_agreement_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.app_agreement_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('crossborough.agreement_id', true), '')::uuid $$;

--
-- Name: app_boroughs(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.app_boroughs() RETURNS text[]
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('crossborough.boroughs', true), '')::text[] $$;

--
-- Name: app_org_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.app_org_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('crossborough.organisation_id', true), '')::uuid $$;

--
-- Name: app_role(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.app_role() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('crossborough.role', true), '') $$;

--
-- Name: app_user_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.app_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ select nullif(current_setting('crossborough.user_id', true), '')::uuid $$;

--
-- Name: approval_decide(uuid, boolean, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_decide(p_id uuid, p_approve boolean, p_reason text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: approval_guard_agreements(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_guard_agreements() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

--
-- Name: approval_guard_tokens(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_guard_tokens() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      if current_user::text = 'crossborough_admin' then
        raise exception 'a partner token needs a second admin''s approval' using errcode = '42501';
      end if;
      return new;
    end $$;

--
-- Name: approval_guard_users(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_guard_users() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    end $$;

--
-- Name: approval_reveal_token(uuid, bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_reveal_token(p_id uuid, p_hash bytea) RETURNS TABLE(token_id uuid, agreement_id uuid, name text, created_at timestamp with time zone, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: approval_withdraw(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.approval_withdraw(p_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: area_borough_overlaps_refresh(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.area_borough_overlaps_refresh() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from area_borough_overlaps;
      insert into area_borough_overlaps (area_id, kind, code, name, area_valid_to, borough_id, borough_code, borough_valid_to)
      select a.id, a.kind, a.code, a.name, a.valid_to, b.id, b.code, b.valid_to
      from areas a join areas b
        on b.kind = 'borough' and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1
      where a.kind in ('estate', 'patch');
    $$;

--
-- Name: area_borough_overlaps_sync(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.area_borough_overlaps_sync() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: audit_append(text, jsonb, bigint, uuid, uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_append(p_action text, p_detail jsonb DEFAULT '{}'::jsonb, p_rows bigint DEFAULT NULL::bigint, p_user uuid DEFAULT NULL::uuid, p_org uuid DEFAULT NULL::uuid, p_role text DEFAULT NULL::text) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: audit_fold(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_fold(p_max integer DEFAULT 10000) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: audit_no_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_no_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$;

--
-- Name: audit_pending_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_pending_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      -- Only audit_fold removes records (it sets this for its own transaction); nothing edits one.
      if tg_op = 'DELETE' and current_setting('crossborough.audit_fold', true) = 'on' then return old; end if;
      raise exception 'audit_pending is append-only' using errcode = 'insufficient_privilege';
    end $$;

--
-- Name: audit_pending_verify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_pending_verify(OUT ok boolean, OUT row_count bigint, OUT first_broken bigint) RETURNS record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select min(id) filter (where hash <> audit_row_hash(id, at, user_id, organisation_id, role, action, detail, row_count, 'pending')) is null,
             count(*),
             min(id) filter (where hash <> audit_row_hash(id, at, user_id, organisation_id, role, action, detail, row_count, 'pending'))
      from audit_pending
    $$;

--
-- Name: audit_record(text, jsonb, bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_record(p_action text, p_detail jsonb DEFAULT '{}'::jsonb, p_rows bigint DEFAULT NULL::bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: audit_row_hash(bigint, timestamp with time zone, uuid, uuid, text, text, jsonb, bigint, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_row_hash(p_id bigint, p_at timestamp with time zone, p_user uuid, p_org uuid, p_role text, p_action text, p_detail jsonb, p_rows bigint, p_prev text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
      select encode(sha256(convert_to(concat_ws('|', p_id::text,
        to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), coalesce(p_user::text, ''),
        coalesce(p_org::text, ''), coalesce(p_role, ''), p_action, p_detail::text, coalesce(p_rows::text, ''), p_prev), 'UTF8')), 'hex')
    $$;

--
-- Name: audit_verify(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.audit_verify(OUT ok boolean, OUT row_count bigint, OUT first_broken bigint) RETURNS record
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: auth_clear_throttle(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_clear_throttle(p_user uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from login_failures f using users u
       where u.id = p_user and f.email = u.email and u.organisation_id = app_org_id() and app_role() = 'admin'
    $$;

--
-- Name: auth_end_sessions(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_end_sessions(p_user uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from sessions s using users u
       where s.user_id = p_user and u.id = p_user and u.organisation_id = app_org_id() and app_role() = 'admin'
    $$;

--
-- Name: auth_login_failed(text, text, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_login_failed(p_email text, p_address text, p_window interval) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from login_failures where at < now() - p_window;
      insert into login_failures (email, address) values (lower(p_email), p_address);
    $$;

--
-- Name: auth_login_succeeded(text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_login_succeeded(p_email text, p_address text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from login_failures where email = lower(p_email) and address = p_address
    $$;

--
-- Name: auth_login_throttle(text, text, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_login_throttle(p_email text, p_address text, p_window interval) RETURNS TABLE(pair integer, account integer, address integer)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select (select count(*) from login_failures f where f.email = lower(p_email) and f.address = p_address and f.at > now() - p_window)::integer,
             (select count(*) from login_failures f where f.email = lower(p_email) and f.at > now() - p_window)::integer,
             (select count(*) from login_failures f where f.address = p_address and f.at > now() - p_window)::integer
    $$;

--
-- Name: auth_record_login(uuid, boolean, integer, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_record_login(p_user uuid, p_ok boolean, p_max_failures integer, p_lock interval) RETURNS timestamp with time zone
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: auth_session_actor(bytea, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_session_actor(p_token_hash bytea, p_ttl interval) RETURNS TABLE(user_id uuid, organisation_id uuid, role text, boroughs text[], email text, display_name text, expires_at timestamp with time zone, agreement_id uuid)
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: auth_session_choose_agreement(bytea, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_session_choose_agreement(p_token_hash bytea, p_agreement uuid) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      with chosen as (
        update sessions s set agreement_id = a.id
        from users u, agreements a
        where s.token_hash = p_token_hash and s.expires_at > now() and u.id = s.user_id and u.role = 'partner' and not u.disabled
          and a.id = p_agreement and a.partner_organisation_id = u.organisation_id and current_date between a.valid_from and a.valid_until
        returning s.token_hash
      )
      select exists (select 1 from chosen)
    $$;

--
-- Name: auth_session_create(uuid, bytea, interval); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_session_create(p_user uuid, p_token_hash bytea, p_ttl interval) RETURNS timestamp with time zone
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from sessions where expires_at < now();
      insert into sessions (token_hash, user_id, expires_at) values (p_token_hash, p_user, now() + p_ttl) returning expires_at;
    $$;

--
-- Name: auth_session_delete(bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_session_delete(p_token_hash bytea) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      delete from sessions where token_hash = p_token_hash
    $$;

--
-- Name: auth_token_actor(bytea); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_token_actor(p_token_hash bytea) RETURNS TABLE(token_id uuid, agreement_id uuid, organisation_id uuid, boroughs text[], status text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select t.id, a.id, a.partner_organisation_id, a.boroughs,
             case when t.revoked_at is not null then 'revoked'
                  when t.expires_at <= now() then 'expired'
                  when current_date < a.valid_from or current_date > a.valid_until then 'agreement-expired'
                  else 'ok' end
      from api_tokens t join agreements a on a.id = t.agreement_id
      where t.token_hash = p_token_hash
    $$;

--
-- Name: auth_user_for_login(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.auth_user_for_login(p_email text) RETURNS TABLE(id uuid, organisation_id uuid, role text, boroughs text[], display_name text, password_hash text, locked_until timestamp with time zone, disabled boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select u.id, u.organisation_id, u.role, u.boroughs, u.display_name, u.password_hash, u.locked_until, u.disabled
      from users u where u.email = lower(p_email)
    $$;

--
-- Name: borough_edges_sync(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.borough_edges_sync() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    begin
      if tg_op = 'UPDATE' then
        delete from borough_edges where area_id = old.id;
      end if;
      if new.kind = 'borough' then
        insert into borough_edges (area_id, code, geom)
        select new.id, new.code, d.geom
        from ST_Subdivide(ST_Boundary(new.geom), 32) s(geom) cross join lateral ST_Dump(s.geom) d
        where GeometryType(d.geom) = 'LINESTRING';
      end if;
      return null;
    end
    $$;

--
-- Name: casework_location_ids_in_box(double precision, double precision, double precision, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.casework_location_ids_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare
      v_org uuid := app_org_id();
      v_role text := app_role();
      v_user uuid := app_user_id();
    begin
      if v_role is null or v_role not in ('lead', 'caseworker') or v_org is null then
        raise exception 'exact locations are for leads and caseworkers only' using errcode = '42501';
      end if;
      return query
      select l.id
      from referral_locations l
      join referrals r on r.id = l.referral_id
      where l.geom && ST_MakeEnvelope(p_xmin, p_ymin, p_xmax, p_ymax, 27700)
        -- may_see_referral(organisation_id, caseworker_id), with the settings read once
        and r.organisation_id = v_org and (v_role = 'lead' or r.caseworker_id = v_user)
        and not r.restricted;
    end $$;

--
-- Name: casework_locations_in_box(double precision, double precision, double precision, double precision, date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.casework_locations_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(referral_id uuid, kind text, geom public.geometry, observed_on date)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET jit TO 'off'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare
      v_org uuid := app_org_id();
      v_role text := app_role();
      v_user uuid := app_user_id();
    begin
      if v_role is null or v_role not in ('lead', 'caseworker') or v_org is null then
        raise exception 'exact locations are for leads and caseworkers only' using errcode = '42501';
      end if;
      return query
      select l.referral_id, l.kind, l.geom, l.observed_on
      from referral_locations l
      join referrals r on r.id = l.referral_id
      where l.geom && ST_MakeEnvelope(p_xmin, p_ymin, p_xmax, p_ymax, 27700)
        and l.observed_on >= p_from and l.observed_on < p_until
        -- may_see_referral(organisation_id, caseworker_id), with the settings read once
        and r.organisation_id = v_org and (v_role = 'lead' or r.caseworker_id = v_user)
        and not r.restricted
        and (p_programme is null or r.programme_id = (select p.id from programmes p where p.slug = p_programme))
        and (p_subject_role is null or r.subject_role = p_subject_role)
        and (p_age_band is null or r.age_band = p_age_band);
    end $$;

--
-- Name: ckm_assign_record_keys(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_assign_record_keys() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      insert into referral_record_keys (referral_id, record_key)
      select n.id, floor(random() * 1048576)::integer from ckm_new_referrals n
      on conflict (referral_id) do nothing;
      return null;
    end $$;

--
-- Name: ckm_floor_log2(bigint); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_floor_log2(x bigint) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      select max(b)::integer from generate_series(0, 62) b where (1::bigint << b) <= x
    $$;

--
-- Name: ckm_key_code(bigint, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_key_code(p_ordinal bigint, p_record_key integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ select (p_ordinal << 20) + p_record_key $$;

--
-- Name: ckm_key_of(numeric); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_key_of(p_sum numeric) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ select (coalesce(p_sum, 0) % 1048576)::bigint $$;

--
-- Name: ckm_noise(bigint, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_noise(p_key bigint, p_m integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      select case
        when p_m <= 0 then 0
        when t < (1::bigint << (p_m + 1)) - 1 then ckm_floor_log2(t + 1) - p_m
        else p_m - ckm_floor_log2(w - t)
      end
      from (select w, p_key * w / 1048576 as t from (select 3 * (1::bigint << p_m) - 2 as w) a) b
    $$;

--
-- Name: ckm_publish(bigint, bigint, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.ckm_publish(p_n bigint, p_key bigint, p_k integer, p_d integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      select case
        when p_n <= 0 then 0::bigint
        when p_n < p_k then case when p_key * p_k < p_n * 1048576 then p_k::bigint else 0::bigint end
        else p_n + ckm_noise(p_key, least(p_d, p_n - p_k)::integer)
      end
    $$;

--
-- Name: current_agreement(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.current_agreement() RETURNS TABLE(id uuid, name text, organisation_id uuid, partner_organisation_id uuid, boroughs text[], level text, fields text[], k integer, include_victims boolean, valid_from date, valid_until date, valid boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: disclosed_count(bigint, bigint, boolean, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosed_count(p_n bigint, p_key bigint, p_suppress boolean, p_k integer, p_noise integer) RETURNS bigint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
      select case when p_suppress then ckm_publish(coalesce(p_n, 0), coalesce(p_key, 0), p_k, p_noise) else coalesce(p_n, 0) end
    $$;

--
-- Name: disclosed_locations(uuid, text[], boolean, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date) RETURNS TABLE(referral_id uuid, kind text, geom public.geometry, observed_on date, borough_code text, ward_code text, lsoa_code text, border_code text, border_distance_m double precision, programme text, subject_role text, age_band text, key_code bigint)
    LANGUAGE sql STABLE
    AS $$
      select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code, l.ward_code, l.lsoa_code, l.border_code,
             l.border_distance_m, p.slug, r.subject_role, r.age_band, ckm_key_code(k.ordinal, k.record_key)
      from referral_locations l
      join referrals r on r.id = l.referral_id
      join programmes p on p.id = r.programme_id
      join referral_record_keys k on k.referral_id = r.id
      where r.organisation_id = s_org and not r.restricted
        and l.observed_on >= p_from and l.observed_on < p_until
        and (s_boroughs is null or l.borough_code = any (s_boroughs))
        and (s_victims or r.subject_role = 'at_risk')
    $$;

--
-- Name: disclosure_require_cell(boolean, text, integer, integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosure_require_cell(p_suppress boolean, p_level text, p_cell integer, p_size integer, p_param text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    begin
      if not p_suppress then return; end if;
      if p_size not in (250, 500, 1000) then
        raise exception 'the cell size must be 250, 500 or 1000 metres' using errcode = 'CB400', detail = p_param;
      end if;
      if p_cell is not null and p_level is distinct from 'generalised' then
        raise exception 'the data-sharing agreement allows counts by borough only, not by cell' using errcode = 'CB403', detail = p_param;
      end if;
      if p_cell is not null and p_size <> p_cell then
        raise exception 'the data-sharing agreement fixes the cell size at % metres', p_cell using errcode = 'CB403', detail = p_param;
      end if;
    end $$;

--
-- Name: disclosure_require_fields(text[], text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosure_require_fields(p_fields text[], p_asked text[]) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    declare f text;
    begin
      if p_fields is null then return; end if;
      foreach f in array coalesce(p_asked, '{}') loop
        if f is not null and not (f = any (p_fields)) then
          raise exception 'the data-sharing agreement does not include the field "%"', f using errcode = 'CB403', detail = f;
        end if;
      end loop;
    end $$;

--
-- Name: disclosure_require_period(boolean, date, date); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosure_require_period(p_suppress boolean, p_from date, p_to date) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
    begin
      if p_from is null or p_to is null or p_from <> date_trunc('month', p_from)::date
         or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      if not p_suppress or p_to = p_from then return; end if;
      if extract(month from p_from) in (1, 4, 7, 10) and p_to = (p_from + interval '2 months')::date then return; end if;
      if extract(month from p_from) = 4 and p_to = (p_from + interval '11 months')::date then return; end if;
      raise exception 'the period must be one calendar month, a calendar quarter (January–March, April–June, July–September, October–December) or a financial year (April to March)'
        using errcode = 'CB400', detail = 'from';
    end $$;

--
-- Name: disclosure_scope(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.disclosure_scope(OUT organisation_id uuid, OUT boroughs text[], OUT k integer, OUT include_victims boolean, OUT suppress boolean, OUT noise integer, OUT fields text[], OUT level text, OUT cell integer) RETURNS record
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare a record;
    begin
      if app_role() is null or app_org_id() is null then
        raise exception 'no acting user' using errcode = '42501';
      end if;
      if app_role() not in ('lead', 'caseworker', 'commissioner', 'partner') then
        raise exception 'administrators manage accounts; they do not read casework or counts' using errcode = '42501';
      end if;
      k := greatest(coalesce(nullif(current_setting('crossborough.k', true), '')::integer, 5), 3);
      noise := greatest(coalesce(nullif(current_setting('crossborough.noise', true), '')::integer, 8), 1);
      include_victims := true;
      if app_role() = 'partner' then
        select * into a from current_agreement();
        if a.id is null or not a.valid then
          raise exception 'no valid data-sharing agreement' using errcode = '42501';
        end if;
        organisation_id := a.organisation_id;
        boroughs := a.boroughs;
        k := greatest(k, a.k);
        include_victims := a.include_victims;
        fields := a.fields;
        level := a.level;
        select ag.cell_m into cell from agreements ag where ag.id = a.id;
      else
        organisation_id := app_org_id();
        boroughs := case when app_role() = 'commissioner' then app_boroughs() end;
      end if;
      suppress := app_role() <> 'lead';
    end $$;

--
-- Name: drawn_area_check(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_check(p_geojson text) RETURNS public.geometry
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare
      v_problem text;
    begin
      select field || ' ' || message into v_problem from drawn_area_problems(p_geojson) limit 1;
      if v_problem is not null then
        raise exception 'drawn area refused: %', v_problem using errcode = 'check_violation';
      end if;
      return ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(p_geojson), 4326), 27700));
    end
    $$;

--
-- Name: drawn_area_create(text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_create(p_kind text, p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: drawn_area_delete(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_delete(p_code text, OUT reassigned bigint) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: drawn_area_problems(text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_problems(p_geojson text) RETURNS TABLE(field text, message text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
      if ST_NPoints(g4326) > 5000 then
        field := 'geometry.coordinates'; message := 'has more than 5000 positions'; return next; return;
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
      if ST_Area(g) < 100 then
        field := 'geometry'; message := 'is smaller than 100 m²'; return next;
      elsif ST_Area(g) > 50000000 then
        field := 'geometry'; message := 'is larger than 50 km²'; return next;
      end if;
      if not exists (select 1 from area_parts p join areas a on a.id = p.area_id
                     where p.kind = 'borough' and ST_Intersects(p.geom, g)
                       and (a.valid_to is null or a.valid_to > current_date)) then
        field := 'geometry'; message := 'does not meet any loaded borough'; return next;
      end if;
    end
    $$;

--
-- Name: drawn_area_reassign(text, text, public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_reassign(p_kind text, p_code text, affected public.geometry) RETURNS bigint
    LANGUAGE plpgsql
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: drawn_area_require_lead(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_require_lead() RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
    begin
      if app_role() is distinct from 'lead' or app_org_id() is null then
        raise exception 'only a project lead may draw estates and patches' using errcode = 'insufficient_privilege';
      end if;
    end
    $$;

--
-- Name: drawn_area_update(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.drawn_area_update(p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) RETURNS record
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    $$;

--
-- Name: export_generalised(integer, text[], date, date, date, date, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.export_generalised(p_cell integer, p_by text[], p_observed_from date, p_observed_until date, p_opened_from date, p_opened_to date, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text, p_kind text DEFAULT NULL::text, p_borough text DEFAULT NULL::text) RETURNS TABLE(x double precision, y double precision, programme text, subject_role text, age_band text, month date, borough text, ward text, kind text, referrals bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare
      s record;
      v_by text[] := coalesce(p_by, '{}');
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      if not v_by <@ array['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] then
        raise exception 'unknown breakdown field' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      if app_role() = 'partner' then
        if s.level <> 'generalised' then
          raise exception 'the agreement allows aggregate counts only' using errcode = '42501';
        end if;
        -- Breaking down or filtering by a field is disclosing it: both need the agreement's leave.
        perform disclosure_require_fields(s.fields, v_by || array[
          case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
          case when p_age_band is not null then 'ageBand' end, case when p_kind is not null then 'kind' end,
          case when p_borough is not null then 'borough' end]);
        perform disclosure_require_cell(true, s.level, s.cell, p_cell, 'cell');
        if p_opened_from is not null or p_opened_to is not null then
          raise exception 'partners choose a fixed observation period, not a range of opening dates' using errcode = 'CB400', detail = 'from';
        end if;
        if p_observed_from is null or p_observed_until is null then
          raise exception 'partners must choose a period' using errcode = 'CB400', detail = 'from';
        end if;
        perform disclosure_require_period(true, p_observed_from, (p_observed_until - interval '1 month')::date);
      elsif app_role() not in ('lead', 'caseworker') then
        raise exception 'not a role that receives generalised points' using errcode = '42501';
      end if;
      return query
      select c.x, c.y, c.programme, c.subject_role, c.age_band, c.month, c.borough, c.ward, c.kind, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x,
               (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               case when 'programme' = any (v_by) then l.programme end as programme,
               case when 'subjectRole' = any (v_by) then l.subject_role end as subject_role,
               case when 'ageBand' = any (v_by) then l.age_band end as age_band,
               case when 'month' = any (v_by) then date_trunc('month', l.observed_on)::date end as month,
               case when 'borough' = any (v_by) then l.borough_code end as borough,
               case when 'ward' = any (v_by) then l.ward_code end as ward,
               case when 'kind' = any (v_by) then l.kind end as kind,
               case when app_role() = 'partner'
                    then disclosed_count(count(distinct l.referral_id), ckm_key_of(sum(distinct l.key_code)), true, s.k, s.noise)
                    else count(distinct l.referral_id) end as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims,
                                 coalesce(p_observed_from, '-infinity'::date), coalesce(p_observed_until, 'infinity'::date)) l
        join referrals r on r.id = l.referral_id
        where (p_opened_from is null or r.opened_on >= p_opened_from)
          and (p_opened_to is null or r.opened_on <= p_opened_to)
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
          and (p_kind is null or l.kind = p_kind)
          and (p_borough is null or l.borough_code = p_borough)
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9
      ) c
      where c.published >= case when app_role() = 'partner' then 1 else s.k end
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9;
    end $$;

--
-- Name: funding_counts(date, date, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.funding_counts(p_from date, p_to date, p_programme text DEFAULT NULL::text) RETURNS TABLE(line text, borough text, n bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[case when p_programme is not null then 'programme' end]);
      return query
      with boroughs as materialized (
        select a.code from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (s.boroughs is null or a.code = any (s.boroughs))
      ), loc as materialized (
        select l.referral_id, l.key_code, l.kind, l.borough_code as b, l.observed_on
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where l.kind in ('home', 'incident', 'school', 'hangout')
          and l.borough_code in (select boroughs.code from boroughs)
          and (p_programme is null or l.programme = p_programme)
      ), res as (
        select distinct on (loc.referral_id) loc.referral_id, loc.key_code, loc.b
        from loc where loc.kind = 'home'
        order by loc.referral_id, loc.observed_on desc, loc.b
      ), act as (
        select distinct loc.referral_id, loc.key_code, loc.b from loc where loc.kind <> 'home'
      ), sets as (
        select 'residence'::text as line, res.b, res.referral_id, res.key_code from res
        union all select 'activity', act.b, act.referral_id, act.key_code from act
        union all select distinct 'total', null::text, loc.referral_id, loc.key_code from loc
      ), g as (
        select sets.line, sets.b, count(distinct sets.referral_id) as c, ckm_key_of(sum(distinct sets.key_code)) as ck
        from sets group by sets.line, sets.b
      )
      select lines.line, lines.code, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise)
      from (select t.line, b.code from (values ('residence'), ('activity')) t (line) cross join boroughs b
            union all select 'total', null) lines
      left join g on g.line = lines.line and g.b is not distinct from lines.code
      order by 1, 2;
    end $$;

--
-- Name: funding_report(text, double precision, date, date, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.funding_report(p_basis text, p_weight double precision, p_from date, p_to date, p_programme text DEFAULT NULL::text) RETURNS TABLE(line text, borough text, part text, n bigint, weighted double precision, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if p_basis is null or p_basis not in ('residence', 'activity', 'blend') then
        raise exception 'basis must be residence, activity or blend' using errcode = '22023';
      end if;
      if p_weight is null or p_weight < 0 or p_weight > 1 then
        raise exception 'weight must be from 0 to 1' using errcode = '22023';
      end if;
      if p_from <> date_trunc('month', p_from)::date or p_to <> date_trunc('month', p_to)::date or p_to < p_from then
        raise exception 'months must be whole and in order' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      return query
      with boroughs as materialized (
        select a.code from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (s.boroughs is null or a.code = any (s.boroughs))
      ), loc as materialized (
        select l.referral_id, l.kind, l.borough_code as b, l.observed_on
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where l.kind in ('home', 'incident', 'school', 'hangout')
          and l.borough_code in (select boroughs.code from boroughs)
          and (p_programme is null or l.programme = p_programme)
      ), span as materialized (
        -- per referral: events in two or more boroughs; the latest home's borough; the other events' boroughs
        select loc.referral_id, count(distinct loc.b) > 1 as multi,
               (array_agg(loc.b order by loc.observed_on desc, loc.b) filter (where loc.kind = 'home'))[1] as home,
               array_agg(distinct loc.b) filter (where loc.kind <> 'home') as act
        from loc group by loc.referral_id
      ), w as (
        select sp.referral_id, sp.multi, sp.home as b,
               case p_basis when 'residence' then 1.0::float8 when 'activity' then 0.0::float8
                    else case when sp.act is not null then p_weight else 1.0::float8 end
               end as wt
        from span sp where sp.home is not null
        union all
        select sp.referral_id, sp.multi, a.b,
               case p_basis when 'residence' then 0.0::float8 when 'activity' then 1.0::float8 / cardinality(sp.act)
                    else case when sp.home is not null then 1.0::float8 - p_weight else 1.0::float8 end / cardinality(sp.act)
               end
        from span sp cross join lateral unnest(sp.act) a (b) where sp.act is not null
      ), per as (
        select w.referral_id, w.b, w.multi, sum(w.wt) as wt from w group by w.referral_id, w.b, w.multi having sum(w.wt) > 0
      ), cells as (
        select per.b, case when per.multi then 'cross' else 'single' end as pt, count(*) as c, sum(per.wt) as ws
        from per group by 1, 2
      ), lines as (
        select 'cell'::text as line, cells.b, cells.pt, cells.c, null::float8 as ws from cells
        union all
        select 'area', boroughs.code, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8
        from boroughs left join cells on cells.b = boroughs.code group by boroughs.code
        union all
        select 'part', pts.pt, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8
        from (values ('cross'), ('single')) pts (pt) left join cells on cells.pt = pts.pt group by pts.pt
        union all
        select 'total', null, null, coalesce(sum(cells.c), 0)::bigint, coalesce(sum(cells.ws), 0)::float8 from cells
      )
      select lines.line,
             case when lines.line = 'part' then null else lines.b end,
             case when lines.line = 'part' then lines.b else lines.pt end,
             case when s.suppress and lines.line = 'cell' and lines.c between 1 and s.k - 1 then null else lines.c end,
             lines.ws,
             s.suppress and lines.c between 1 and s.k - 1
      from lines
      order by 1, 2, 3;
    end $$;

--
-- Name: generalised_points(date, date, integer, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.generalised_points(p_from date, p_to date, p_cell integer DEFAULT 250, p_kind text DEFAULT NULL::text) RETURNS TABLE(x double precision, y double precision, referrals bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record;
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, (p_to - interval '1 month')::date);
      perform disclosure_require_cell(s.suppress, coalesce(s.level, 'generalised'), s.cell, p_cell, 'cell');
      -- Other aggregate readers (a caseworker's organisation-wide points) get the one 250 m grid.
      if s.suppress and s.cell is null and p_cell <> 250 then
        raise exception 'generalised points come at 250 m only' using errcode = 'CB400', detail = 'cell';
      end if;
      perform disclosure_require_fields(s.fields, array[case when p_kind is not null then 'kind' end]);
      return query
      select c.x, c.y, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               disclosed_count(count(distinct l.referral_id), ckm_key_of(sum(distinct l.key_code)), s.suppress, s.k, s.noise) as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_to) l
        where p_kind is null or l.kind = p_kind
        group by 1, 2
      ) c
      where c.published >= case when s.suppress then 1 else s.k end
      order by 1, 2;
    end $$;

--
-- Name: hex_cell(public.geometry, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hex_cell(g public.geometry, size double precision) RETURNS TABLE(q integer, r integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
      select t.q, t.r from tile_hex_axial(ST_X(g), ST_Y(g), size) t
    $$;

--
-- Name: hex_cell_geom(double precision, integer, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hex_cell_geom(size double precision, q integer, r integer) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      select ST_SetSRID(ST_MakePolygon(ST_MakeLine(array(
        select ST_MakePoint(cx + size * cos(radians(60 * (i % 6))), cy + size * sin(radians(60 * (i % 6))))
        from (select 1.5 * size * q as cx, sqrt(3.0) * size * (r + q / 2.0) as cy) c, generate_series(0, 6) i
        order by i))), 27700)
    $$;

--
-- Name: hex_cell_id(public.geometry, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hex_cell_id(g public.geometry, size integer) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
      select 'H' || size || ':' || h.q || ':' || h.r from hex_cell(g, size) h
    $$;

--
-- Name: location_areas(public.geometry); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.location_areas(g public.geometry, OUT borough_code text, OUT ward_code text, OUT lsoa_code text, OUT estate_code text, OUT patch_code text, OUT border_code text, OUT border_distance_m double precision) RETURNS record
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
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
    $$;

--
-- Name: may_see_referral(uuid, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.may_see_referral(p_org uuid, p_caseworker uuid) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
      select p_org = app_org_id() and (app_role() = 'lead' or (app_role() = 'caseworker' and p_caseworker = app_user_id()))
    $$;

--
-- Name: organisation_set_working_boroughs(text[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.organisation_set_working_boroughs(p_boroughs text[]) RETURNS text[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v text[]; bad text;
    begin
      if app_role() is distinct from 'admin' or app_org_id() is null then
        raise exception 'only an administrator sets the organisation''s working boroughs' using errcode = '42501';
      end if;
      select array_agg(distinct b order by b) into v from unnest(coalesce(p_boroughs, '{}'::text[])) b;
      select b into bad from unnest(coalesce(v, '{}'::text[])) b
      where not exists (select 1 from areas a where a.kind = 'borough' and a.code = b and (a.valid_to is null or a.valid_to > current_date))
      limit 1;
      if bad is not null then
        raise exception 'no borough in force has the code "%"', bad using errcode = 'CB400', detail = 'boroughs';
      end if;
      update organisations set working_boroughs = v where id = app_org_id();
      return v;
    end $$;

--
-- Name: organisation_working_boroughs(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.organisation_working_boroughs() RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select o.working_boroughs from organisations o where o.id = app_org_id()
    $$;

--
-- Name: reassign_locations(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.reassign_locations(only_referrals uuid[] DEFAULT NULL::uuid[]) RETURNS bigint
    LANGUAGE sql
    AS $$
      with changed as (
        update referral_locations r
           set borough_code = l.borough_code, ward_code = l.ward_code, lsoa_code = l.lsoa_code,
               estate_code = l.estate_code, patch_code = l.patch_code,
               border_code = l.border_code, border_distance_m = l.border_distance_m
          from referral_locations r2 cross join lateral location_areas(r2.geom) l
         where r.id = r2.id and (only_referrals is null or r2.referral_id = any(only_referrals))
        returning 1)
      select count(*) from changed
    $$;

--
-- Name: referral_cross_boundary(uuid[], double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.referral_cross_boundary(ids uuid[], border_zone_m double precision) RETURNS TABLE(referral_id uuid, multi_borough boolean, boroughs text[], funding_mismatch boolean, border_zone jsonb, straddling_areas text[])
    LANGUAGE sql STABLE
    AS $$
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
    $$;

--
-- Name: referral_location_assign(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.referral_location_assign() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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
    $$;

--
-- Name: referral_owner(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.referral_owner(p_id uuid) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
      select organisation_id from referrals where id = p_id
    $$;

--
-- Name: request_scope(text, text, text, text, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.request_scope(p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, OUT referrals_version bigint, OUT areas_version bigint, OUT pid integer) RETURNS record
    LANGUAGE sql
    AS $$
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
    $$;

--
-- Name: retention_purge(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.retention_purge(p_months integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_n bigint := 0; v_cutoff date := (current_date - make_interval(months => p_months))::date;
    begin
      if p_months < 1 then raise exception 'retention must be at least one month' using errcode = '22023'; end if;
      if exists (select 1 from referrals where status = 'closed' and closed_on < v_cutoff) then
        with gone as (delete from referrals where status = 'closed' and closed_on < v_cutoff returning 1)
        select count(*) into v_n from gone;
      end if;
      perform audit_append('retention.purge', jsonb_build_object('months', p_months, 'closedBefore', v_cutoff), v_n);
      return v_n;
    end $$;

--
-- Name: stats_area_contrib; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stats_area_contrib (
    referral_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    kind text NOT NULL,
    area text NOT NULL,
    month integer NOT NULL,
    prev integer NOT NULL,
    key_code bigint NOT NULL
);

--
-- Name: stats_area_contributions(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_area_contributions(p_ids uuid[]) RETURNS SETOF public.stats_area_contrib
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      if p_ids is null then
        return query 
      with loc as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null
      ), chains as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               k.kind, a.area, loc.month, loc.key_code
        from loc
        cross join lateral (values (loc.kind), ('')) k(kind)
        cross join lateral (values (loc.borough_code), ('')) a(area)
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band, c.kind, c.area, c.month,
             coalesce(lag(c.month) over (partition by c.referral_id, c.kind, c.area order by c.month), 0), c.key_code
      from chains c;
      else
        return query 
      with loc as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null
          and l.referral_id in (select unnest(p_ids))
      ), chains as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               k.kind, a.area, loc.month, loc.key_code
        from loc
        cross join lateral (values (loc.kind), ('')) k(kind)
        cross join lateral (values (loc.borough_code), ('')) a(area)
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band, c.kind, c.area, c.month,
             coalesce(lag(c.month) over (partition by c.referral_id, c.kind, c.area order by c.month), 0), c.key_code
      from chains c;
      end if;
    end $$;

--
-- Name: stats_counts(text, date, date, boolean, text, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_counts(p_geography text, p_from date, p_to date, p_by_month boolean, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text, p_kind text DEFAULT NULL::text) RETURNS TABLE(line text, area text, month date, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
    declare s record; v_size integer; v_from integer; v_to integer; v_role text; v_prog integer; v_grain smallint;
    begin
      if p_geography not in ('borough', 'ward', 'lsoa', 'hex250', 'hex500', 'hex1000') then
        raise exception 'unknown geography %', p_geography using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      perform disclosure_require_period(s.suppress, p_from, p_to);
      perform disclosure_require_fields(s.fields, array[
        case when p_geography = 'ward' then 'ward' end, case when p_by_month then 'month' end,
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end, case when p_kind is not null then 'kind' end]);
      v_size := case p_geography when 'hex250' then 250 when 'hex500' then 500 when 'hex1000' then 1000 end;
      if v_size is not null then
        perform disclosure_require_cell(s.suppress, s.level, s.cell, v_size, 'geography');
      elsif p_geography = 'lsoa' and s.cell is not null and s.level is distinct from 'generalised' then
        raise exception 'the data-sharing agreement allows counts by borough only' using errcode = 'CB403', detail = 'geography';
      end if;
      -- Counts by borough over whole months, for a scope without a borough restriction, from the
      -- contributions kept at write time (migration 0033): the same counts and cell keys as below.
      if p_geography = 'borough' and s.boroughs is null and (p_kind is null or p_kind <> '')
         and p_from = date_trunc('month', p_from)::date and p_to = date_trunc('month', p_to)::date and p_to >= p_from then
        v_from := extract(year from p_from)::integer * 12 + extract(month from p_from)::integer - 1;
        v_to := extract(year from p_to)::integer * 12 + extract(month from p_to)::integer - 1;
        v_role := case when s.include_victims then p_subject_role
                       when p_subject_role is null or p_subject_role = 'at_risk' then 'at_risk' end;
        if p_programme is not null then select id into v_prog from programmes where slug = p_programme; end if;
        if (p_programme is null or v_prog is not null) and (s.include_victims or v_role is not null) then
          v_grain := case when v_prog is null and v_role is null and p_age_band is null then 0 else 1 end;
          return query
          with c as (
            select c.area, c.month as m, c.prev, c.n, c.keysum
            from stats_area_counts c
            where c.organisation_id = s.organisation_id and c.grain = v_grain and c.kind = coalesce(p_kind, '')
              and c.month between v_from and v_to
              and (v_prog is null or c.programme_id = v_prog)
              and (v_role is null or c.subject_role = v_role)
              and (p_age_band is null or c.age_band = p_age_band)
          ), g as (
            select 'cell'::text as line, c.area as a, case when p_by_month then c.m end as m, sum(c.n) as c, sum(c.keysum) as ks
            from c where c.area <> '' and (p_by_month or c.prev < v_from) group by 2, 3 having sum(c.n) > 0
            union all
            select 'area', c.area, null, sum(c.n), sum(c.keysum)
            from c where c.area <> '' and c.prev < v_from group by 2 having sum(c.n) > 0
            union all
            select 'month', null, c.m, sum(c.n), sum(c.keysum)
            from c where p_by_month and c.area = '' group by 3 having sum(c.n) > 0
            union all
            select 'total', null, null, coalesce(sum(c.n), 0), sum(c.keysum)
            from c where c.area = '' and c.prev < v_from
          )
          select g.line, g.a, make_date(g.m / 12, g.m % 12 + 1, 1),
                 disclosed_count(g.c::bigint, ckm_key_of(g.ks), s.suppress, s.k, s.noise), false
          from g
          order by g.line, g.a, g.m;
          return;
        end if;
      end if;
      return query
      with loc as (
        select l.referral_id, l.key_code,
               case when p_by_month then date_trunc('month', l.observed_on)::date end as m,
               case p_geography when 'borough' then l.borough_code when 'ward' then l.ward_code
                                when 'lsoa' then l.lsoa_code else hex_cell_id(l.geom, v_size) end as a
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, (p_to + interval '1 month')::date) l
        where (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
          and (p_kind is null or l.kind = p_kind)
      ), g as (
        select (array['cell', 'area', 'month', 'total'])[grouping(loc.a, loc.m) + 1] as line, loc.a, loc.m,
               count(distinct loc.referral_id) as c, ckm_key_of(sum(distinct loc.key_code)) as ck
        from loc where loc.a is not null
        group by grouping sets ((loc.a, loc.m), (loc.a), (loc.m), ())
      )
      select g.line, g.a, g.m, disclosed_count(g.c, g.ck, s.suppress, s.k, s.noise), false
      from g
      where p_by_month or g.line <> 'month'
      order by g.line, g.a, g.m;
    end $$;

--
-- Name: stats_flow_contrib; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stats_flow_contrib (
    referral_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    origin text NOT NULL,
    destination text NOT NULL,
    month integer NOT NULL,
    prev integer NOT NULL,
    home_month integer NOT NULL,
    key_code bigint NOT NULL
);

--
-- Name: stats_flow_contributions(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_flow_contributions(p_ids uuid[]) RETURNS SETOF public.stats_flow_contrib
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      if p_ids is null then
        return query 
      with loc as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null
          and l.kind in ('home', 'incident')
      ), homes as (
        select loc.referral_id, o.origin, min(loc.month) as home_month
        from loc cross join lateral (values (loc.borough_code), ('')) o(origin)
        where loc.kind = 'home'
        group by loc.referral_id, o.origin
      ), incidents as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               d.destination, loc.month, loc.key_code
        from loc cross join lateral (values (loc.borough_code), ('')) d(destination)
        where loc.kind = 'incident'
      ), chains as (
        select i.*, coalesce(lag(i.month) over (partition by i.referral_id, i.destination order by i.month), 0) as prev
        from incidents i
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band,
             h.origin, c.destination, c.month, c.prev, h.home_month, c.key_code
      from chains c join homes h on h.referral_id = c.referral_id;
      else
        return query 
      with loc as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, l.kind, l.borough_code,
               extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1 as month,
               ckm_key_code(k.ordinal, k.record_key) as key_code
        from referral_locations l
        join referrals r on r.id = l.referral_id
        join referral_record_keys k on k.referral_id = r.id
        where not r.restricted and l.borough_code is not null
          and l.referral_id in (select unnest(p_ids))
          and l.kind in ('home', 'incident')
      ), homes as (
        select loc.referral_id, o.origin, min(loc.month) as home_month
        from loc cross join lateral (values (loc.borough_code), ('')) o(origin)
        where loc.kind = 'home'
        group by loc.referral_id, o.origin
      ), incidents as (
        select distinct loc.referral_id, loc.organisation_id, loc.programme_id, loc.subject_role, loc.age_band,
               d.destination, loc.month, loc.key_code
        from loc cross join lateral (values (loc.borough_code), ('')) d(destination)
        where loc.kind = 'incident'
      ), chains as (
        select i.*, coalesce(lag(i.month) over (partition by i.referral_id, i.destination order by i.month), 0) as prev
        from incidents i
      )
      select c.referral_id, c.organisation_id, c.programme_id, c.subject_role, c.age_band,
             h.origin, c.destination, c.month, c.prev, h.home_month, c.key_code
      from chains c join homes h on h.referral_id = c.referral_id;
      end if;
    end $$;

--
-- Name: stats_kept_locations_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_kept_locations_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
        return null;
      end if;
      -- A location without a borough contributes nothing: inserting or deleting one changes no count
      -- (the demo data and imports insert locations before their areas are assigned).
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_kept_touched (id uuid not null) on commit drop;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into stats_kept_touched select distinct referral_id from stats_new_rows where borough_code is not null;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          insert into stats_kept_touched select distinct referral_id from stats_old_rows where borough_code is not null;
        end if;
        return null;
      end if;
      if tg_op = 'INSERT' then
        select array_agg(distinct referral_id) into v_ids from stats_new_rows where borough_code is not null;
      elsif tg_op = 'DELETE' then
        select array_agg(distinct referral_id) into v_ids from stats_old_rows where borough_code is not null;
      else
        select array_agg(distinct id) into v_ids from (
          select referral_id as id from stats_new_rows where borough_code is not null
          union select referral_id from stats_old_rows where borough_code is not null) u;
      end if;
      if v_ids is not null then perform stats_kept_refresh(v_ids); end if;
      return null;
    end $$;

--
-- Name: stats_kept_rebuild(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_kept_rebuild() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_n bigint; v_m bigint;
    begin
      truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
      insert into stats_area_contrib select * from stats_area_contributions(null);
      get diagnostics v_n = row_count;
      
      insert into stats_area_counts (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, (case grouping(programme_id, subject_role, age_band) when 0 then 1 else 0 end)::smallint, kind, month, area, prev,
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             sum(1)::integer, sum(1 * key_code)
      from stats_area_contrib
      group by grouping sets ((organisation_id, kind, month, area, prev), (organisation_id, kind, month, area, prev, programme_id, subject_role, age_band))
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9
      on conflict (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band)
      do update set n = stats_area_counts.n + excluded.n, keysum = stats_area_counts.keysum + excluded.keysum;
      insert into stats_flow_contrib select * from stats_flow_contributions(null);
      get diagnostics v_m = row_count;
      
      insert into stats_flow_counts (organisation_id, grain, origin, destination, month, prev, home_month, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, (case grouping(programme_id, subject_role, age_band) when 0 then 1 else 0 end)::smallint, origin, destination, month, prev, home_month,
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             sum(1)::integer, sum(1 * key_code)
      from stats_flow_contrib
      group by grouping sets ((organisation_id, origin, destination, month, prev, home_month), (organisation_id, origin, destination, month, prev, home_month, programme_id, subject_role, age_band))
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      on conflict (organisation_id, grain, origin, destination, month, prev, home_month, programme_id, subject_role, age_band)
      do update set n = stats_flow_counts.n + excluded.n, keysum = stats_flow_counts.keysum + excluded.keysum;
      return v_n + v_m;
    end $$;

--
-- Name: stats_kept_referrals_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_kept_referrals_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_ids uuid[];
    begin
      if tg_op = 'TRUNCATE' then
        truncate stats_area_contrib, stats_area_counts, stats_flow_contrib, stats_flow_counts;
        return null;
      end if;
      -- Only what a contribution reads; a referral's rows go with its locations when it is deleted.
      select array_agg(n.id) into v_ids
      from stats_new_rows n join stats_old_rows o on o.id = n.id
      where (n.organisation_id, n.programme_id, n.subject_role, n.age_band, n.restricted)
            is distinct from (o.organisation_id, o.programme_id, o.subject_role, o.age_band, o.restricted);
      if v_ids is null then return null; end if;
      if current_setting('crossborough.defer_hex', true) = 'on' then
        create temp table if not exists stats_kept_touched (id uuid not null) on commit drop;
        insert into stats_kept_touched select unnest(v_ids);
        return null;
      end if;
      perform stats_kept_refresh(v_ids);
      return null;
    end $$;

--
-- Name: stats_kept_refresh(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_kept_refresh(p_ids uuid[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      -- Two transactions refreshing one referral at once would each take away only the rows they can
      -- see and both add theirs: whoever comes second waits here for the first to commit, and each
      -- statement below then sees what the first wrote (READ COMMITTED). In id order, so never a deadlock.
      perform 1 from referrals r where r.id in (select unnest(p_ids)) order by r.id for no key update;
      
      with gone as (
        delete from stats_area_contrib c where c.referral_id in (select unnest(p_ids)) returning c.*
      ), added as (
        insert into stats_area_contrib select * from stats_area_contributions(p_ids) returning *
      ), delta as (
        select gone.*, -1 as sign from gone union all select added.*, 1 from added
      )
      insert into stats_area_counts (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, (case grouping(programme_id, subject_role, age_band) when 0 then 1 else 0 end)::smallint, kind, month, area, prev,
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             sum(sign)::integer, sum(sign * key_code)
      from delta
      group by grouping sets ((organisation_id, kind, month, area, prev), (organisation_id, kind, month, area, prev, programme_id, subject_role, age_band))
      having sum(sign) <> 0 or sum(sign * key_code) <> 0
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9
      on conflict (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band)
      do update set n = stats_area_counts.n + excluded.n, keysum = stats_area_counts.keysum + excluded.keysum;
      
      with gone as (
        delete from stats_flow_contrib c where c.referral_id in (select unnest(p_ids)) returning c.*
      ), added as (
        insert into stats_flow_contrib select * from stats_flow_contributions(p_ids) returning *
      ), delta as (
        select gone.*, -1 as sign from gone union all select added.*, 1 from added
      )
      insert into stats_flow_counts (organisation_id, grain, origin, destination, month, prev, home_month, programme_id, subject_role, age_band, n, keysum)
      select organisation_id, (case grouping(programme_id, subject_role, age_band) when 0 then 1 else 0 end)::smallint, origin, destination, month, prev, home_month,
             coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             sum(sign)::integer, sum(sign * key_code)
      from delta
      group by grouping sets ((organisation_id, origin, destination, month, prev, home_month), (organisation_id, origin, destination, month, prev, home_month, programme_id, subject_role, age_band))
      having sum(sign) <> 0 or sum(sign * key_code) <> 0
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
      on conflict (organisation_id, grain, origin, destination, month, prev, home_month, programme_id, subject_role, age_band)
      do update set n = stats_flow_counts.n + excluded.n, keysum = stats_flow_counts.keysum + excluded.keysum;
    end $$;

--
-- Name: stats_kept_refresh_touched(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.stats_kept_refresh_touched() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_ids uuid[];
    begin
      if to_regclass('pg_temp.stats_kept_touched') is null then return 0; end if;
      select array_agg(distinct id) into v_ids from stats_kept_touched;
      truncate stats_kept_touched;
      if v_ids is null then return 0; end if;
      perform stats_kept_refresh(v_ids);
      return cardinality(v_ids);
    end $$;

--
-- Name: tile_bump_version(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_bump_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      -- version_rows exists for insert, update and delete triggers only (the query naming it is
      -- planned only when reached); a truncate always changes data.
      if tg_op <> 'TRUNCATE' then
        if not exists (select 1 from version_rows) then return null; end if;
      end if;
      insert into tile_version_pending (layer) values (tg_argv[0]) on conflict do nothing;
      return null;
    end $$;

--
-- Name: tile_generalised_points(double precision, double precision, double precision, double precision, date, date, integer, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_generalised_points(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_cell integer DEFAULT 250, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(x double precision, y double precision, referrals bigint)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
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
      perform disclosure_require_period(s.suppress, p_from, (p_until - interval '1 month')::date);
      perform disclosure_require_cell(s.suppress, coalesce(s.level, 'generalised'), s.cell, p_cell, 'cell');
      perform disclosure_require_fields(s.fields, array[
        case when p_programme is not null then 'programme' end, case when p_subject_role is not null then 'subjectRole' end,
        case when p_age_band is not null then 'ageBand' end]);
      return query
      select c.x, c.y, c.published from (
        select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell as x, (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell as y,
               disclosed_count(count(distinct l.referral_id), ckm_key_of(sum(distinct l.key_code)), s.suppress, s.k, s.noise) as published
        from disclosed_locations(s.organisation_id, s.boroughs, s.include_victims, p_from, p_until) l
        where l.geom && ST_MakeEnvelope(v_xmin, v_ymin, v_xmax, v_ymax, 27700)
          and ST_X(l.geom) >= v_xmin and ST_X(l.geom) < v_xmax and ST_Y(l.geom) >= v_ymin and ST_Y(l.geom) < v_ymax
          and (p_programme is null or l.programme = p_programme)
          and (p_subject_role is null or l.subject_role = p_subject_role)
          and (p_age_band is null or l.age_band = p_age_band)
        group by 1, 2
      ) c
      where c.published >= case when s.suppress then 1 else s.k end;
    end $$;

--
-- Name: tile_hex_axial(double precision, double precision, double precision); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_axial(x double precision, y double precision, size double precision) RETURNS TABLE(q integer, r integer)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
      select case when dq > dr and dq > ds then (-rr - rs)::integer else rq::integer end,
             case when dq > dr and dq > ds then rr::integer when dr > ds then (-rq - rs)::integer else rr::integer end
      from (select rq, rr, rs, abs(rq - fq) as dq, abs(rr - fr) as dr, abs(rs - fs) as ds
            from (select fq, fr, fs, round(fq) as rq, round(fr) as rr, round(fs) as rs
                  from (select fq, fr, -fq - fr as fs
                        from (select (2.0 / 3.0 * x) / size as fq, (-1.0 / 3.0 * x + sqrt(3.0) / 3.0 * y) / size as fr) a) b) c) d
    $$;

--
-- Name: tile_hex_cells(integer, date, date, integer, integer, double precision, double precision, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_cells(p_size integer, p_from date, p_to date, p_qmin integer DEFAULT NULL::integer, p_qmax integer DEFAULT NULL::integer, p_ymin double precision DEFAULT NULL::double precision, p_ymax double precision DEFAULT NULL::double precision, p_programme text DEFAULT NULL::text, p_subject_role text DEFAULT NULL::text, p_age_band text DEFAULT NULL::text) RETURNS TABLE(line text, cell_q integer, cell_r integer, n bigint, suppressed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET plan_cache_mode TO 'force_custom_plan'
    AS $$
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
      if s.suppress then
        return query
        select 'cell'::text, h.cell_q, h.cell_r, h.n, false
        from analysis_hex_counts(p_size, p_from, p_to, p_programme, p_subject_role, p_age_band) h
        where h.line = 'cell' and h.n > 0
          and (p_qmin is null or (h.cell_q between p_qmin and p_qmax
               and h.cell_r between floor(p_ymin / v_h - h.cell_q / 2.0) - 1 and ceil(p_ymax / v_h - h.cell_q / 2.0) + 1));
        return;
      end if;
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
      select 'cell'::text, c.q, c.r, sum(c.n)::bigint, false
      from tile_hex_counts c
      where c.organisation_id = s.organisation_id and c.size = p_size and c.grain = v_grain
        and c.month between v_from and v_to and c.prev < v_from
        and (s.boroughs is null or c.borough_code = any (s.boroughs))
        and (v_prog is null or c.programme_id = v_prog)
        and (v_role is null or c.subject_role = v_role)
        and (p_age_band is null or c.age_band = p_age_band)
        and (p_qmin is null or (c.q between p_qmin and p_qmax
             and c.r between floor(p_ymin / v_h - c.q / 2.0) - 1 and ceil(p_ymax / v_h - c.q / 2.0) + 1))
      group by c.q, c.r
      having sum(c.n) > 0;
    end $$;

--
-- Name: tile_hex_contrib; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tile_hex_contrib (
    referral_id uuid NOT NULL,
    organisation_id uuid NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    size smallint NOT NULL,
    q integer NOT NULL,
    r integer NOT NULL,
    month integer NOT NULL,
    prev integer NOT NULL,
    borough_code text NOT NULL
);

--
-- Name: tile_hex_contributions(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_contributions(p_ids uuid[]) RETURNS SETOF public.tile_hex_contrib
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      if p_ids is null then
        return query with pts as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, ST_X(l.geom) as x, ST_Y(l.geom) as y,
               (extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1) as month,
               coalesce(l.borough_code, '') as borough_code, l.observed_on, l.id
        from referral_locations l
        join referrals r on r.id = l.referral_id
        where not r.restricted
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
      from firsts;
      else
        return query with pts as materialized (
        select l.referral_id, r.organisation_id, r.programme_id, r.subject_role, r.age_band, ST_X(l.geom) as x, ST_Y(l.geom) as y,
               (extract(year from l.observed_on)::integer * 12 + extract(month from l.observed_on)::integer - 1) as month,
               coalesce(l.borough_code, '') as borough_code, l.observed_on, l.id
        from referral_locations l
        join referrals r on r.id = l.referral_id
        where not r.restricted
          and l.referral_id in (select unnest(p_ids))
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
      from firsts;
      end if;
    end $$;

--
-- Name: tile_hex_locations_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_locations_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: tile_hex_rebuild(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_rebuild() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    declare v_n bigint;
    begin
      truncate tile_hex_contrib, tile_hex_counts;
      insert into tile_hex_contrib select * from tile_hex_contributions(null);
      get diagnostics v_n = row_count;
      
      insert into tile_hex_counts (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n)
      select organisation_id, size,
             (case grouping(programme_id, subject_role, age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint,
             q, r, month, prev, borough_code, coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             1 * count(*)::integer
      from tile_hex_contrib
      group by grouping sets (
        (organisation_id, size, q, r, month, prev, borough_code),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id),
        (organisation_id, size, q, r, month, prev, borough_code, subject_role),
        (organisation_id, size, q, r, month, prev, borough_code, age_band),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id, subject_role, age_band))
      on conflict (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band)
      do update set n = tile_hex_counts.n + excluded.n;
      return v_n;
    end $$;

--
-- Name: tile_hex_referrals_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_referrals_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: tile_hex_refresh(uuid[]); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_refresh(p_ids uuid[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      create temp table if not exists tile_hex_delta (like tile_hex_contrib) on commit drop;
      delete from tile_hex_delta;
      with gone as (
        delete from tile_hex_contrib c where c.referral_id in (select unnest(p_ids)) returning c.*
      ) insert into tile_hex_delta select * from gone;
      
      insert into tile_hex_counts (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n)
      select organisation_id, size,
             (case grouping(programme_id, subject_role, age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint,
             q, r, month, prev, borough_code, coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             -1 * count(*)::integer
      from tile_hex_delta
      group by grouping sets (
        (organisation_id, size, q, r, month, prev, borough_code),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id),
        (organisation_id, size, q, r, month, prev, borough_code, subject_role),
        (organisation_id, size, q, r, month, prev, borough_code, age_band),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id, subject_role, age_band))
      on conflict (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band)
      do update set n = tile_hex_counts.n + excluded.n;
      delete from tile_hex_delta;
      insert into tile_hex_delta select * from tile_hex_contributions(p_ids);
      insert into tile_hex_contrib select * from tile_hex_delta;
      
      insert into tile_hex_counts (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n)
      select organisation_id, size,
             (case grouping(programme_id, subject_role, age_band) when 7 then 0 when 3 then 1 when 5 then 2 when 6 then 3 else 4 end)::smallint,
             q, r, month, prev, borough_code, coalesce(programme_id, 0), coalesce(subject_role, ''), coalesce(age_band, ''),
             1 * count(*)::integer
      from tile_hex_delta
      group by grouping sets (
        (organisation_id, size, q, r, month, prev, borough_code),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id),
        (organisation_id, size, q, r, month, prev, borough_code, subject_role),
        (organisation_id, size, q, r, month, prev, borough_code, age_band),
        (organisation_id, size, q, r, month, prev, borough_code, programme_id, subject_role, age_band))
      on conflict (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band)
      do update set n = tile_hex_counts.n + excluded.n;
      delete from tile_hex_delta;
    end $$;

--
-- Name: tile_hex_refresh_touched(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_hex_refresh_touched() RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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
    end $$;

--
-- Name: tile_points_exact_request(bytea, interval, text, text, text, text, text, text, text, text, integer, integer, integer, integer, integer, double precision, double precision, double precision, double precision, date, date, text, text, text, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_points_exact_request(p_session bytea, p_ttl interval, p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, p_z integer, p_x integer, p_y integer, p_extent integer, p_buffer integer, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text, p_action text, p_detail jsonb, OUT session_state text, OUT referrals_version bigint, OUT mvt bytea, OUT features integer) RETURNS record
    LANGUAGE plpgsql
    AS $$
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
    end $$;

--
-- Name: tile_points_exact_rows(integer, integer, integer, double precision, double precision, double precision, double precision, double precision, date, date, text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_points_exact_rows(p_z integer, p_x integer, p_y integer, p_margin double precision, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text) RETURNS TABLE(geom public.geometry, "referralId" text, kind text, month text)
    LANGUAGE sql STABLE
    AS $$
      select s.geom, s."referralId", s.kind, s.month from (
        select public.ST_Transform(l.geom, 3857) as geom, l.referral_id::text as "referralId", l.kind,
               to_char(l.observed_on, 'YYYY-MM') as month
        from public.casework_locations_in_box(p_xmin, p_ymin, p_xmax, p_ymax, p_from, p_until, p_programme, p_subject_role, p_age_band) l
      ) s
      where s.geom operator(public.&&) public.ST_TileEnvelope(p_z, p_x, p_y, margin => p_margin)
    $$;

--
-- Name: tile_version_commit(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.tile_version_commit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
    begin
      perform 1 from tile_data_versions
      where layer in (select p.layer from tile_version_pending p where p.txid = new.txid)
      order by layer for update;
      update tile_data_versions set version = version + 1, changed_at = now()
      where layer in (select p.layer from tile_version_pending p where p.txid = new.txid);
      delete from tile_version_pending where txid = new.txid;
      return null;
    end $$;

--
-- Name: agreements; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.agreements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    partner_organisation_id uuid NOT NULL,
    name text NOT NULL,
    boroughs text[] NOT NULL,
    level text NOT NULL,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    k integer DEFAULT 5 NOT NULL,
    include_victims boolean DEFAULT false NOT NULL,
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    cell_m integer DEFAULT 250 NOT NULL,
    CONSTRAINT agreements_boroughs_check CHECK ((cardinality(boroughs) >= 1)),
    CONSTRAINT agreements_cell_m_check CHECK ((cell_m = ANY (ARRAY[250, 500, 1000]))),
    CONSTRAINT agreements_check CHECK ((valid_until >= valid_from)),
    CONSTRAINT agreements_check1 CHECK ((partner_organisation_id <> organisation_id)),
    CONSTRAINT agreements_k_check CHECK ((k >= 3)),
    CONSTRAINT agreements_level_check CHECK ((level = ANY (ARRAY['aggregate'::text, 'generalised'::text]))),
    CONSTRAINT agreements_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
);

--
-- Name: api_tokens; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    token_hash bytea NOT NULL,
    agreement_id uuid NOT NULL,
    name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT api_tokens_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200)))
);

--
-- Name: approval_requests; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.approval_requests (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    kind text NOT NULL,
    target_id uuid,
    payload jsonb NOT NULL,
    summary text NOT NULL,
    password_hash text,
    status text DEFAULT 'pending'::text NOT NULL,
    requested_by uuid NOT NULL,
    requested_at timestamp with time zone DEFAULT now() NOT NULL,
    decided_by uuid,
    decided_at timestamp with time zone,
    reason text,
    result_id uuid,
    token_revealed_at timestamp with time zone,
    CONSTRAINT approval_decided CHECK ((((status = 'pending'::text) = (decided_by IS NULL)) AND ((decided_by IS NULL) = (decided_at IS NULL)))),
    CONSTRAINT approval_not_own CHECK (((status <> ALL (ARRAY['approved'::text, 'rejected'::text])) OR (decided_by <> requested_by))),
    CONSTRAINT approval_password CHECK (((password_hash IS NOT NULL) = (kind = 'user.create'::text))),
    CONSTRAINT approval_requests_kind_check CHECK ((kind = ANY (ARRAY['user.create'::text, 'user.change'::text, 'agreement.create'::text, 'agreement.change'::text, 'token.create'::text]))),
    CONSTRAINT approval_requests_reason_check CHECK (((reason IS NULL) OR (length(reason) <= 500))),
    CONSTRAINT approval_requests_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'withdrawn'::text]))),
    CONSTRAINT approval_requests_summary_check CHECK (((length(summary) >= 1) AND (length(summary) <= 1000))),
    CONSTRAINT approval_withdrawn_by_requester CHECK (((status <> 'withdrawn'::text) OR (decided_by = requested_by)))
);

--
-- Name: area_borough_overlaps; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.area_borough_overlaps (
    area_id bigint NOT NULL,
    kind text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    area_valid_to date,
    borough_id bigint NOT NULL,
    borough_code text NOT NULL,
    borough_valid_to date
);

--
-- Name: area_parts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.area_parts (
    area_id bigint NOT NULL,
    kind text NOT NULL,
    code text NOT NULL,
    geom public.geometry(Polygon,27700) NOT NULL
);

--
-- Name: areas; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.areas (
    id bigint NOT NULL,
    kind text NOT NULL,
    code text NOT NULL,
    name text NOT NULL,
    parent_code text,
    geom public.geometry(MultiPolygon,27700) NOT NULL,
    valid_from date,
    valid_to date,
    source text NOT NULL,
    licence text NOT NULL,
    synthetic boolean DEFAULT false NOT NULL,
    imported_at timestamp with time zone DEFAULT now() NOT NULL,
    organisation_id uuid,
    drawn_by uuid,
    drawn_at timestamp with time zone,
    CONSTRAINT areas_check CHECK (((valid_to IS NULL) OR (valid_from IS NULL) OR (valid_to > valid_from))),
    CONSTRAINT areas_code_check CHECK ((code <> ''::text)),
    CONSTRAINT areas_drawn_kind CHECK (((organisation_id IS NULL) OR (kind = ANY (ARRAY['estate'::text, 'patch'::text])))),
    CONSTRAINT areas_geom_check CHECK (public.st_isvalid(geom)),
    CONSTRAINT areas_kind_check CHECK ((kind = ANY (ARRAY['borough'::text, 'ward'::text, 'lsoa'::text, 'estate'::text, 'patch'::text])))
);

--
-- Name: areas_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.areas ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.areas_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: audit_head; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_head (
    one boolean DEFAULT true NOT NULL,
    last_id bigint NOT NULL,
    last_hash text NOT NULL,
    CONSTRAINT audit_head_one_check CHECK (one)
);

--
-- Name: audit_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_log (
    id bigint NOT NULL,
    at timestamp with time zone NOT NULL,
    user_id uuid,
    organisation_id uuid,
    role text,
    action text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    row_count bigint,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    CONSTRAINT audit_log_action_check CHECK ((action ~ '^[a-z][a-z0-9_.-]{0,63}$'::text))
);

--
-- Name: audit_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: audit_pending_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_pending_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

--
-- Name: audit_pending; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_pending (
    id bigint DEFAULT nextval('public.audit_pending_id_seq'::regclass) NOT NULL,
    at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    user_id uuid,
    organisation_id uuid,
    role text,
    action text NOT NULL,
    detail jsonb DEFAULT '{}'::jsonb NOT NULL,
    row_count bigint,
    hash text NOT NULL,
    CONSTRAINT audit_pending_action_check CHECK ((action ~ '^[a-z][a-z0-9_.-]{0,63}$'::text))
);

--
-- Name: borough_borders; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.borough_borders (
    borough_a text NOT NULL,
    borough_b text NOT NULL,
    geom public.geometry(MultiLineString,27700) NOT NULL,
    length_m double precision NOT NULL,
    CONSTRAINT borough_borders_check CHECK ((borough_a < borough_b))
);

--
-- Name: borough_adjacency; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.borough_adjacency AS
 SELECT borough_borders.borough_a AS borough,
    borough_borders.borough_b AS neighbour,
    borough_borders.length_m
   FROM public.borough_borders
UNION ALL
 SELECT borough_borders.borough_b AS borough,
    borough_borders.borough_a AS neighbour,
    borough_borders.length_m
   FROM public.borough_borders;

--
-- Name: borough_edges; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.borough_edges (
    area_id bigint NOT NULL,
    code text NOT NULL,
    geom public.geometry(LineString,27700) NOT NULL
);

--
-- Name: exclusion_zones; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.exclusion_zones (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    referral_id uuid NOT NULL,
    name text NOT NULL,
    geom public.geometry(MultiPolygon,27700) NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT exclusion_zones_geom_check CHECK (public.st_isvalid(geom))
);

--
-- Name: import_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.import_jobs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    file_name text NOT NULL,
    format text NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    phase text,
    processed bigint DEFAULT 0 NOT NULL,
    inserted integer DEFAULT 0 NOT NULL,
    updated integer DEFAULT 0 NOT NULL,
    unchanged integer DEFAULT 0 NOT NULL,
    locations integer DEFAULT 0 NOT NULL,
    error_count integer DEFAULT 0 NOT NULL,
    errors jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    heartbeat_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT import_jobs_format_check CHECK ((format = ANY (ARRAY['csv'::text, 'geojson'::text]))),
    CONSTRAINT import_jobs_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'succeeded'::text, 'failed'::text])))
);

--
-- Name: kysely_migration; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kysely_migration (
    name character varying(255) NOT NULL,
    "timestamp" character varying(255) NOT NULL
);

--
-- Name: kysely_migration_lock; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.kysely_migration_lock (
    id character varying(255) NOT NULL,
    is_locked integer DEFAULT 0 NOT NULL
);

--
-- Name: login_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.login_failures (
    id bigint NOT NULL,
    email text NOT NULL,
    address text NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: login_failures_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.login_failures ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.login_failures_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: organisations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    synthetic boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    working_boroughs text[]
);

--
-- Name: programmes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.programmes (
    id integer NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    CONSTRAINT programmes_slug_check CHECK ((slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'::text))
);

--
-- Name: programmes_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.programmes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.programmes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: referral_locations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.referral_locations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    referral_id uuid NOT NULL,
    kind text NOT NULL,
    geom public.geometry(Point,27700) NOT NULL,
    observed_on date NOT NULL,
    "precision" text NOT NULL,
    borough_code text,
    ward_code text,
    lsoa_code text,
    estate_code text,
    patch_code text,
    border_code text,
    border_distance_m double precision,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT referral_locations_kind_check CHECK ((kind = ANY (ARRAY['home'::text, 'incident'::text, 'school'::text, 'hangout'::text, 'relocation_from'::text, 'relocation_to'::text]))),
    CONSTRAINT referral_locations_precision_check CHECK (("precision" = ANY (ARRAY['exact'::text, 'postcode'::text, 'street'::text, 'area'::text])))
);

--
-- Name: referral_record_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.referral_record_keys (
    referral_id uuid NOT NULL,
    record_key integer NOT NULL,
    ordinal bigint NOT NULL,
    CONSTRAINT referral_record_keys_ordinal_range CHECK ((ordinal < '8796093022208'::bigint)),
    CONSTRAINT referral_record_keys_record_key_check CHECK (((record_key >= 0) AND (record_key < 1048576)))
);

--
-- Name: referral_record_keys_ordinal_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.referral_record_keys ALTER COLUMN ordinal ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.referral_record_keys_ordinal_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: referrals; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.referrals (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    programme_id integer NOT NULL,
    external_id text NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    referral_source text,
    funding_borough text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    opened_on date NOT NULL,
    closed_on date,
    risk_level text,
    restricted boolean DEFAULT false NOT NULL,
    caseworker_id uuid,
    synthetic boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT referrals_age_band_check CHECK ((age_band = ANY (ARRAY['10-13'::text, '14-15'::text, '16-17'::text, '18-20'::text, '21-24'::text]))),
    CONSTRAINT referrals_check CHECK (((closed_on IS NULL) OR (closed_on >= opened_on))),
    CONSTRAINT referrals_check1 CHECK (((status = 'closed'::text) = (closed_on IS NOT NULL))),
    CONSTRAINT referrals_external_id_check CHECK (((length(external_id) >= 1) AND (length(external_id) <= 64))),
    CONSTRAINT referrals_referral_source_check CHECK ((referral_source = ANY (ARRAY['school'::text, 'police'::text, 'youth_offending_team'::text, 'social_care'::text, 'health'::text, 'self'::text, 'family'::text, 'community'::text, 'other'::text]))),
    CONSTRAINT referrals_risk_level_check CHECK ((risk_level = ANY (ARRAY['low'::text, 'medium'::text, 'high'::text]))),
    CONSTRAINT referrals_status_check CHECK ((status = ANY (ARRAY['open'::text, 'paused'::text, 'closed'::text]))),
    CONSTRAINT referrals_subject_role_check CHECK ((subject_role = ANY (ARRAY['at_risk'::text, 'victim'::text, 'both'::text])))
);

--
-- Name: sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sessions (
    token_hash bytea NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    agreement_id uuid
);

--
-- Name: stats_area_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stats_area_counts (
    organisation_id uuid NOT NULL,
    grain smallint NOT NULL,
    kind text NOT NULL,
    month integer NOT NULL,
    area text NOT NULL,
    prev integer NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    n integer NOT NULL,
    keysum numeric NOT NULL
);

--
-- Name: stats_flow_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.stats_flow_counts (
    organisation_id uuid NOT NULL,
    grain smallint NOT NULL,
    origin text NOT NULL,
    destination text NOT NULL,
    month integer NOT NULL,
    prev integer NOT NULL,
    home_month integer NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    n integer NOT NULL,
    keysum numeric NOT NULL
);

--
-- Name: straddling_areas; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.straddling_areas AS
 SELECT o.kind,
    o.code,
    o.name,
    array_agg(o.borough_code ORDER BY o.borough_code) AS boroughs
   FROM public.area_borough_overlaps o
  WHERE (((o.area_valid_to IS NULL) OR (o.area_valid_to > CURRENT_DATE)) AND ((o.borough_valid_to IS NULL) OR (o.borough_valid_to > CURRENT_DATE)))
  GROUP BY o.kind, o.code, o.name
 HAVING (count(*) >= 2);

--
-- Name: tile_data_versions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tile_data_versions (
    layer text NOT NULL,
    version bigint DEFAULT 1 NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tile_data_versions_layer_check CHECK ((layer = ANY (ARRAY['areas'::text, 'referrals'::text])))
);

--
-- Name: tile_hex_counts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tile_hex_counts (
    organisation_id uuid NOT NULL,
    size smallint NOT NULL,
    grain smallint NOT NULL,
    q integer NOT NULL,
    r integer NOT NULL,
    month integer NOT NULL,
    prev integer NOT NULL,
    borough_code text NOT NULL,
    programme_id integer NOT NULL,
    subject_role text NOT NULL,
    age_band text NOT NULL,
    n integer NOT NULL
);

--
-- Name: tile_version_pending; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tile_version_pending (
    txid xid8 DEFAULT pg_current_xact_id() NOT NULL,
    layer text NOT NULL,
    CONSTRAINT tile_version_pending_layer_check CHECK ((layer = ANY (ARRAY['areas'::text, 'referrals'::text])))
);

--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organisation_id uuid NOT NULL,
    email text NOT NULL,
    display_name text NOT NULL,
    role text NOT NULL,
    boroughs text[],
    password_hash text NOT NULL,
    failed_logins integer DEFAULT 0 NOT NULL,
    locked_until timestamp with time zone,
    disabled boolean DEFAULT false NOT NULL,
    synthetic boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_check CHECK (((boroughs IS NULL) OR (role = ANY (ARRAY['commissioner'::text, 'partner'::text])))),
    CONSTRAINT users_display_name_check CHECK (((length(display_name) >= 1) AND (length(display_name) <= 200))),
    CONSTRAINT users_email_check CHECK (((email = lower(email)) AND (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'::text))),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['caseworker'::text, 'lead'::text, 'commissioner'::text, 'partner'::text, 'admin'::text])))
);

--
-- Name: agreements agreements_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_pkey PRIMARY KEY (id);

--
-- Name: api_tokens api_tokens_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_pkey PRIMARY KEY (id);

--
-- Name: api_tokens api_tokens_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash);

--
-- Name: approval_requests approval_requests_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_requests
    ADD CONSTRAINT approval_requests_pkey PRIMARY KEY (id);

--
-- Name: area_borough_overlaps area_borough_overlaps_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.area_borough_overlaps
    ADD CONSTRAINT area_borough_overlaps_pkey PRIMARY KEY (area_id, borough_id);

--
-- Name: areas areas_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_pkey PRIMARY KEY (id);

--
-- Name: audit_head audit_head_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_head
    ADD CONSTRAINT audit_head_pkey PRIMARY KEY (one);

--
-- Name: audit_log audit_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);

--
-- Name: audit_pending audit_pending_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_pending
    ADD CONSTRAINT audit_pending_pkey PRIMARY KEY (id);

--
-- Name: borough_borders borough_borders_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.borough_borders
    ADD CONSTRAINT borough_borders_pkey PRIMARY KEY (borough_a, borough_b);

--
-- Name: exclusion_zones exclusion_zones_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exclusion_zones
    ADD CONSTRAINT exclusion_zones_pkey PRIMARY KEY (id);

--
-- Name: import_jobs import_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_jobs
    ADD CONSTRAINT import_jobs_pkey PRIMARY KEY (id);

--
-- Name: kysely_migration_lock kysely_migration_lock_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kysely_migration_lock
    ADD CONSTRAINT kysely_migration_lock_pkey PRIMARY KEY (id);

--
-- Name: kysely_migration kysely_migration_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.kysely_migration
    ADD CONSTRAINT kysely_migration_pkey PRIMARY KEY (name);

--
-- Name: login_failures login_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.login_failures
    ADD CONSTRAINT login_failures_pkey PRIMARY KEY (id);

--
-- Name: organisations organisations_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_name_key UNIQUE (name);

--
-- Name: organisations organisations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisations
    ADD CONSTRAINT organisations_pkey PRIMARY KEY (id);

--
-- Name: programmes programmes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.programmes
    ADD CONSTRAINT programmes_pkey PRIMARY KEY (id);

--
-- Name: programmes programmes_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.programmes
    ADD CONSTRAINT programmes_slug_key UNIQUE (slug);

--
-- Name: referral_locations referral_locations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral_locations
    ADD CONSTRAINT referral_locations_pkey PRIMARY KEY (id);

--
-- Name: referral_record_keys referral_record_keys_ordinal; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral_record_keys
    ADD CONSTRAINT referral_record_keys_ordinal UNIQUE (ordinal);

--
-- Name: referral_record_keys referral_record_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral_record_keys
    ADD CONSTRAINT referral_record_keys_pkey PRIMARY KEY (referral_id);

--
-- Name: referrals referrals_organisation_id_external_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referrals
    ADD CONSTRAINT referrals_organisation_id_external_id_key UNIQUE (organisation_id, external_id);

--
-- Name: referrals referrals_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referrals
    ADD CONSTRAINT referrals_pkey PRIMARY KEY (id);

--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (token_hash);

--
-- Name: stats_area_counts stats_area_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stats_area_counts
    ADD CONSTRAINT stats_area_counts_pkey PRIMARY KEY (organisation_id, grain, kind, month, area, prev, programme_id, subject_role, age_band);

--
-- Name: stats_flow_counts stats_flow_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.stats_flow_counts
    ADD CONSTRAINT stats_flow_counts_pkey PRIMARY KEY (organisation_id, grain, month, origin, destination, prev, home_month, programme_id, subject_role, age_band);

--
-- Name: tile_data_versions tile_data_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tile_data_versions
    ADD CONSTRAINT tile_data_versions_pkey PRIMARY KEY (layer);

--
-- Name: tile_hex_counts tile_hex_counts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tile_hex_counts
    ADD CONSTRAINT tile_hex_counts_pkey PRIMARY KEY (organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band);

--
-- Name: tile_version_pending tile_version_pending_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tile_version_pending
    ADD CONSTRAINT tile_version_pending_pkey PRIMARY KEY (txid, layer);

--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: agreements_partner; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX agreements_partner ON public.agreements USING btree (partner_organisation_id);

--
-- Name: approval_requests_org; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX approval_requests_org ON public.approval_requests USING btree (organisation_id, status, requested_at DESC);

--
-- Name: area_borough_overlaps_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX area_borough_overlaps_code ON public.area_borough_overlaps USING btree (code);

--
-- Name: area_parts_area; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX area_parts_area ON public.area_parts USING btree (area_id);

--
-- Name: area_parts_borough_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX area_parts_borough_geom ON public.area_parts USING gist (geom) WHERE (kind = 'borough'::text);

--
-- Name: area_parts_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX area_parts_geom ON public.area_parts USING gist (geom);

--
-- Name: areas_code; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX areas_code ON public.areas USING btree (code);

--
-- Name: areas_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX areas_geom ON public.areas USING gist (geom);

--
-- Name: areas_kind_code_from; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX areas_kind_code_from ON public.areas USING btree (kind, code, COALESCE(valid_from, '-infinity'::date));

--
-- Name: areas_organisation; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX areas_organisation ON public.areas USING btree (organisation_id) WHERE (organisation_id IS NOT NULL);

--
-- Name: audit_log_org_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_org_at ON public.audit_log USING btree (organisation_id, id DESC);

--
-- Name: audit_log_owner; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX audit_log_owner ON public.audit_log USING btree (((detail ->> 'owner'::text)), id DESC);

--
-- Name: borough_borders_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX borough_borders_geom ON public.borough_borders USING gist (geom);

--
-- Name: borough_edges_area; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX borough_edges_area ON public.borough_edges USING btree (area_id);

--
-- Name: borough_edges_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX borough_edges_geom ON public.borough_edges USING gist (geom);

--
-- Name: exclusion_zones_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX exclusion_zones_geom ON public.exclusion_zones USING gist (geom);

--
-- Name: exclusion_zones_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX exclusion_zones_referral ON public.exclusion_zones USING btree (referral_id);

--
-- Name: import_jobs_org_created; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX import_jobs_org_created ON public.import_jobs USING btree (organisation_id, created_at DESC);

--
-- Name: import_jobs_unfinished; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX import_jobs_unfinished ON public.import_jobs USING btree (status) WHERE (status = ANY (ARRAY['queued'::text, 'running'::text]));

--
-- Name: login_failures_address; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_failures_address ON public.login_failures USING btree (address, at);

--
-- Name: login_failures_at; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_failures_at ON public.login_failures USING btree (at);

--
-- Name: login_failures_email; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX login_failures_email ON public.login_failures USING btree (email, at);

--
-- Name: referral_locations_borough; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referral_locations_borough ON public.referral_locations USING btree (borough_code);

--
-- Name: referral_locations_geom; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referral_locations_geom ON public.referral_locations USING gist (geom);

--
-- Name: referral_locations_observed; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referral_locations_observed ON public.referral_locations USING btree (observed_on);

--
-- Name: referral_locations_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referral_locations_referral ON public.referral_locations USING btree (referral_id);

--
-- Name: referrals_caseworker; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referrals_caseworker ON public.referrals USING btree (caseworker_id);

--
-- Name: referrals_funding; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referrals_funding ON public.referrals USING btree (funding_borough);

--
-- Name: referrals_org_opened; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX referrals_org_opened ON public.referrals USING btree (organisation_id, opened_on DESC, id DESC);

--
-- Name: sessions_user; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sessions_user ON public.sessions USING btree (user_id);

--
-- Name: stats_area_contrib_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stats_area_contrib_referral ON public.stats_area_contrib USING btree (referral_id);

--
-- Name: stats_flow_contrib_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX stats_flow_contrib_referral ON public.stats_flow_contrib USING btree (referral_id);

--
-- Name: tile_hex_contrib_referral; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tile_hex_contrib_referral ON public.tile_hex_contrib USING btree (referral_id);

--
-- Name: users_org; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX users_org ON public.users USING btree (organisation_id);

--
-- Name: agreements agreements_approval_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER agreements_approval_guard BEFORE INSERT OR UPDATE ON public.agreements FOR EACH ROW EXECUTE FUNCTION public.approval_guard_agreements();

--
-- Name: agreements agreements_tile_version_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER agreements_tile_version_del AFTER DELETE ON public.agreements REFERENCING OLD TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: agreements agreements_tile_version_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER agreements_tile_version_ins AFTER INSERT ON public.agreements REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: agreements agreements_tile_version_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER agreements_tile_version_truncate AFTER TRUNCATE ON public.agreements FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: agreements agreements_tile_version_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER agreements_tile_version_upd AFTER UPDATE ON public.agreements REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: api_tokens api_tokens_approval_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER api_tokens_approval_guard BEFORE INSERT ON public.api_tokens FOR EACH ROW EXECUTE FUNCTION public.approval_guard_tokens();

--
-- Name: areas areas_borough_edges; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_borough_edges AFTER INSERT OR UPDATE OF kind, code, geom ON public.areas FOR EACH ROW EXECUTE FUNCTION public.borough_edges_sync();

--
-- Name: areas areas_overlaps_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_overlaps_del AFTER DELETE ON public.areas REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.area_borough_overlaps_sync();

--
-- Name: areas areas_overlaps_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_overlaps_ins AFTER INSERT ON public.areas REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.area_borough_overlaps_sync();

--
-- Name: areas areas_overlaps_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_overlaps_upd AFTER UPDATE ON public.areas REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.area_borough_overlaps_sync();

--
-- Name: areas areas_tile_version_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_tile_version_del AFTER DELETE ON public.areas REFERENCING OLD TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('areas');

--
-- Name: areas areas_tile_version_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_tile_version_ins AFTER INSERT ON public.areas REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('areas');

--
-- Name: areas areas_tile_version_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_tile_version_truncate AFTER TRUNCATE ON public.areas FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('areas');

--
-- Name: areas areas_tile_version_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER areas_tile_version_upd AFTER UPDATE ON public.areas REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('areas');

--
-- Name: audit_log audit_log_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_append_only BEFORE DELETE OR UPDATE ON public.audit_log FOR EACH ROW EXECUTE FUNCTION public.audit_no_change();

--
-- Name: audit_log audit_log_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log FOR EACH STATEMENT EXECUTE FUNCTION public.audit_no_change();

--
-- Name: audit_pending audit_pending_append_only; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_pending_append_only BEFORE DELETE OR UPDATE ON public.audit_pending FOR EACH ROW EXECUTE FUNCTION public.audit_pending_guard();

--
-- Name: audit_pending audit_pending_no_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON public.audit_pending FOR EACH STATEMENT EXECUTE FUNCTION public.audit_no_change();

--
-- Name: referral_locations referral_locations_assign; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_assign BEFORE INSERT OR UPDATE OF geom ON public.referral_locations FOR EACH ROW WHEN ((COALESCE(current_setting('crossborough.defer_assignment'::text, true), ''::text) <> 'on'::text)) EXECUTE FUNCTION public.referral_location_assign();

--
-- Name: referral_locations referral_locations_stats_kept_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_stats_kept_del AFTER DELETE ON public.referral_locations REFERENCING OLD TABLE AS stats_old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_locations_changed();

--
-- Name: referral_locations referral_locations_stats_kept_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_stats_kept_ins AFTER INSERT ON public.referral_locations REFERENCING NEW TABLE AS stats_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_locations_changed();

--
-- Name: referral_locations referral_locations_stats_kept_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_stats_kept_truncate AFTER TRUNCATE ON public.referral_locations FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_locations_changed();

--
-- Name: referral_locations referral_locations_stats_kept_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_stats_kept_upd AFTER UPDATE ON public.referral_locations REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_locations_changed();

--
-- Name: referral_locations referral_locations_tile_hex_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_hex_del AFTER DELETE ON public.referral_locations REFERENCING OLD TABLE AS tile_old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_hex_locations_changed();

--
-- Name: referral_locations referral_locations_tile_hex_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_hex_ins AFTER INSERT ON public.referral_locations REFERENCING NEW TABLE AS tile_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_hex_locations_changed();

--
-- Name: referral_locations referral_locations_tile_hex_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_hex_upd AFTER UPDATE ON public.referral_locations REFERENCING OLD TABLE AS tile_old_rows NEW TABLE AS tile_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_hex_locations_changed();

--
-- Name: referral_locations referral_locations_tile_version_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_version_del AFTER DELETE ON public.referral_locations REFERENCING OLD TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referral_locations referral_locations_tile_version_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_version_ins AFTER INSERT ON public.referral_locations REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referral_locations referral_locations_tile_version_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_version_truncate AFTER TRUNCATE ON public.referral_locations FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referral_locations referral_locations_tile_version_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referral_locations_tile_version_upd AFTER UPDATE ON public.referral_locations REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referrals referrals_record_keys; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_record_keys AFTER INSERT ON public.referrals REFERENCING NEW TABLE AS ckm_new_referrals FOR EACH STATEMENT EXECUTE FUNCTION public.ckm_assign_record_keys();

--
-- Name: referrals referrals_stats_kept_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_stats_kept_truncate AFTER TRUNCATE ON public.referrals FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_referrals_changed();

--
-- Name: referrals referrals_stats_kept_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_stats_kept_upd AFTER UPDATE ON public.referrals REFERENCING OLD TABLE AS stats_old_rows NEW TABLE AS stats_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.stats_kept_referrals_changed();

--
-- Name: referrals referrals_tile_hex_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_tile_hex_upd AFTER UPDATE ON public.referrals REFERENCING OLD TABLE AS tile_old_rows NEW TABLE AS tile_new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_hex_referrals_changed();

--
-- Name: referrals referrals_tile_version_del; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_tile_version_del AFTER DELETE ON public.referrals REFERENCING OLD TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referrals referrals_tile_version_ins; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_tile_version_ins AFTER INSERT ON public.referrals REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referrals referrals_tile_version_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_tile_version_truncate AFTER TRUNCATE ON public.referrals FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: referrals referrals_tile_version_upd; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER referrals_tile_version_upd AFTER UPDATE ON public.referrals REFERENCING NEW TABLE AS version_rows FOR EACH STATEMENT EXECUTE FUNCTION public.tile_bump_version('referrals');

--
-- Name: tile_version_pending tile_version_pending_commit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE CONSTRAINT TRIGGER tile_version_pending_commit AFTER INSERT ON public.tile_version_pending DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.tile_version_commit();

--
-- Name: users users_approval_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_approval_guard BEFORE INSERT OR UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.approval_guard_users();

--
-- Name: agreements agreements_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: agreements agreements_partner_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.agreements
    ADD CONSTRAINT agreements_partner_organisation_id_fkey FOREIGN KEY (partner_organisation_id) REFERENCES public.organisations(id);

--
-- Name: api_tokens api_tokens_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_tokens
    ADD CONSTRAINT api_tokens_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE CASCADE;

--
-- Name: approval_requests approval_requests_decided_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_requests
    ADD CONSTRAINT approval_requests_decided_by_fkey FOREIGN KEY (decided_by) REFERENCES public.users(id);

--
-- Name: approval_requests approval_requests_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_requests
    ADD CONSTRAINT approval_requests_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: approval_requests approval_requests_requested_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.approval_requests
    ADD CONSTRAINT approval_requests_requested_by_fkey FOREIGN KEY (requested_by) REFERENCES public.users(id);

--
-- Name: area_parts area_parts_area_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.area_parts
    ADD CONSTRAINT area_parts_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.areas(id) ON DELETE CASCADE;

--
-- Name: areas areas_drawn_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_drawn_by_fkey FOREIGN KEY (drawn_by) REFERENCES public.users(id) ON DELETE SET NULL;

--
-- Name: areas areas_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: borough_edges borough_edges_area_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.borough_edges
    ADD CONSTRAINT borough_edges_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.areas(id) ON DELETE CASCADE;

--
-- Name: exclusion_zones exclusion_zones_referral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.exclusion_zones
    ADD CONSTRAINT exclusion_zones_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES public.referrals(id) ON DELETE CASCADE;

--
-- Name: import_jobs import_jobs_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.import_jobs
    ADD CONSTRAINT import_jobs_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: referral_locations referral_locations_referral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral_locations
    ADD CONSTRAINT referral_locations_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES public.referrals(id) ON DELETE CASCADE;

--
-- Name: referral_record_keys referral_record_keys_referral_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referral_record_keys
    ADD CONSTRAINT referral_record_keys_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES public.referrals(id) ON DELETE CASCADE;

--
-- Name: referrals referrals_caseworker_fk; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referrals
    ADD CONSTRAINT referrals_caseworker_fk FOREIGN KEY (caseworker_id) REFERENCES public.users(id) ON DELETE SET NULL;

--
-- Name: referrals referrals_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referrals
    ADD CONSTRAINT referrals_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: referrals referrals_programme_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.referrals
    ADD CONSTRAINT referrals_programme_id_fkey FOREIGN KEY (programme_id) REFERENCES public.programmes(id);

--
-- Name: sessions sessions_agreement_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.agreements(id) ON DELETE SET NULL;

--
-- Name: sessions sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sessions
    ADD CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: users users_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisations(id);

--
-- Name: agreements; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.agreements ENABLE ROW LEVEL SECURITY;

--
-- Name: agreements agreements_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agreements_owner ON public.agreements TO crossborough_admin USING ((organisation_id = public.app_org_id())) WITH CHECK ((organisation_id = public.app_org_id()));

--
-- Name: agreements agreements_parties; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY agreements_parties ON public.agreements FOR SELECT TO crossborough_aggregate, crossborough_admin USING (((organisation_id = public.app_org_id()) OR (partner_organisation_id = public.app_org_id())));

--
-- Name: api_tokens; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.api_tokens ENABLE ROW LEVEL SECURITY;

--
-- Name: api_tokens api_tokens_owner; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY api_tokens_owner ON public.api_tokens TO crossborough_admin USING ((EXISTS ( SELECT 1
   FROM public.agreements a
  WHERE (a.id = api_tokens.agreement_id)))) WITH CHECK ((EXISTS ( SELECT 1
   FROM public.agreements a
  WHERE ((a.id = api_tokens.agreement_id) AND (a.organisation_id = public.app_org_id())))));

--
-- Name: approval_requests; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.approval_requests ENABLE ROW LEVEL SECURITY;

--
-- Name: approval_requests approval_requests_org; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY approval_requests_org ON public.approval_requests FOR SELECT TO crossborough_admin USING ((organisation_id = public.app_org_id()));

--
-- Name: approval_requests approval_requests_request; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY approval_requests_request ON public.approval_requests FOR INSERT TO crossborough_admin WITH CHECK (((organisation_id = public.app_org_id()) AND (public.app_role() = 'admin'::text) AND (requested_by = public.app_user_id()) AND (status = 'pending'::text)));

--
-- Name: audit_log; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.audit_log ENABLE ROW LEVEL SECURITY;

--
-- Name: audit_log audit_log_org; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY audit_log_org ON public.audit_log FOR SELECT TO crossborough_admin USING (((organisation_id = public.app_org_id()) OR ((detail ->> 'owner'::text) = (public.app_org_id())::text)));

--
-- Name: exclusion_zones; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.exclusion_zones ENABLE ROW LEVEL SECURITY;

--
-- Name: exclusion_zones exclusion_zones_casework; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY exclusion_zones_casework ON public.exclusion_zones TO crossborough_casework USING ((EXISTS ( SELECT 1
   FROM public.referrals r
  WHERE (r.id = exclusion_zones.referral_id)))) WITH CHECK ((EXISTS ( SELECT 1
   FROM public.referrals r
  WHERE (r.id = exclusion_zones.referral_id))));

--
-- Name: import_jobs; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.import_jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: import_jobs import_jobs_casework; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY import_jobs_casework ON public.import_jobs TO crossborough_casework USING (((organisation_id = public.app_org_id()) AND (public.app_role() = 'lead'::text))) WITH CHECK (((organisation_id = public.app_org_id()) AND (public.app_role() = 'lead'::text)));

--
-- Name: login_failures; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.login_failures ENABLE ROW LEVEL SECURITY;

--
-- Name: referral_locations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.referral_locations ENABLE ROW LEVEL SECURITY;

--
-- Name: referral_locations referral_locations_casework; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY referral_locations_casework ON public.referral_locations TO crossborough_casework USING ((EXISTS ( SELECT 1
   FROM public.referrals r
  WHERE (r.id = referral_locations.referral_id)))) WITH CHECK ((EXISTS ( SELECT 1
   FROM public.referrals r
  WHERE (r.id = referral_locations.referral_id))));

--
-- Name: referrals; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.referrals ENABLE ROW LEVEL SECURITY;

--
-- Name: referrals referrals_casework; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY referrals_casework ON public.referrals TO crossborough_casework USING (public.may_see_referral(organisation_id, caseworker_id)) WITH CHECK (public.may_see_referral(organisation_id, caseworker_id));

--
-- Name: sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;

--
-- Name: users users_same_org; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY users_same_org ON public.users TO crossborough_casework, crossborough_admin USING ((organisation_id = public.app_org_id())) WITH CHECK (((organisation_id = public.app_org_id()) AND (public.app_role() = 'admin'::text)));

--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO crossborough_app;
GRANT USAGE ON SCHEMA public TO crossborough_casework;
GRANT USAGE ON SCHEMA public TO crossborough_aggregate;
GRANT USAGE ON SCHEMA public TO crossborough_admin;

--
-- Name: FUNCTION approval_decide(p_id uuid, p_approve boolean, p_reason text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.approval_decide(p_id uuid, p_approve boolean, p_reason text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.approval_decide(p_id uuid, p_approve boolean, p_reason text) TO crossborough_admin;

--
-- Name: FUNCTION approval_reveal_token(p_id uuid, p_hash bytea); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.approval_reveal_token(p_id uuid, p_hash bytea) FROM PUBLIC;
GRANT ALL ON FUNCTION public.approval_reveal_token(p_id uuid, p_hash bytea) TO crossborough_admin;

--
-- Name: FUNCTION approval_withdraw(p_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.approval_withdraw(p_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.approval_withdraw(p_id uuid) TO crossborough_admin;

--
-- Name: FUNCTION area_borough_overlaps_refresh(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.area_borough_overlaps_refresh() FROM PUBLIC;

--
-- Name: FUNCTION area_borough_overlaps_sync(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.area_borough_overlaps_sync() FROM PUBLIC;

--
-- Name: FUNCTION audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text) TO crossborough_app;
GRANT ALL ON FUNCTION public.audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text) TO crossborough_casework;
GRANT ALL ON FUNCTION public.audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text) TO crossborough_aggregate;
GRANT ALL ON FUNCTION public.audit_append(p_action text, p_detail jsonb, p_rows bigint, p_user uuid, p_org uuid, p_role text) TO crossborough_admin;

--
-- Name: FUNCTION audit_fold(p_max integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.audit_fold(p_max integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_fold(p_max integer) TO crossborough_app;
GRANT ALL ON FUNCTION public.audit_fold(p_max integer) TO crossborough_admin;

--
-- Name: FUNCTION audit_pending_verify(OUT ok boolean, OUT row_count bigint, OUT first_broken bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.audit_pending_verify(OUT ok boolean, OUT row_count bigint, OUT first_broken bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_pending_verify(OUT ok boolean, OUT row_count bigint, OUT first_broken bigint) TO crossborough_admin;

--
-- Name: FUNCTION audit_record(p_action text, p_detail jsonb, p_rows bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.audit_record(p_action text, p_detail jsonb, p_rows bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.audit_record(p_action text, p_detail jsonb, p_rows bigint) TO crossborough_app;
GRANT ALL ON FUNCTION public.audit_record(p_action text, p_detail jsonb, p_rows bigint) TO crossborough_casework;
GRANT ALL ON FUNCTION public.audit_record(p_action text, p_detail jsonb, p_rows bigint) TO crossborough_aggregate;
GRANT ALL ON FUNCTION public.audit_record(p_action text, p_detail jsonb, p_rows bigint) TO crossborough_admin;

--
-- Name: FUNCTION auth_clear_throttle(p_user uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.auth_clear_throttle(p_user uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.auth_clear_throttle(p_user uuid) TO crossborough_admin;

--
-- Name: FUNCTION auth_login_failed(p_email text, p_address text, p_window interval); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.auth_login_failed(p_email text, p_address text, p_window interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.auth_login_failed(p_email text, p_address text, p_window interval) TO crossborough_app;

--
-- Name: FUNCTION auth_login_succeeded(p_email text, p_address text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.auth_login_succeeded(p_email text, p_address text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.auth_login_succeeded(p_email text, p_address text) TO crossborough_app;

--
-- Name: FUNCTION auth_login_throttle(p_email text, p_address text, p_window interval); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.auth_login_throttle(p_email text, p_address text, p_window interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.auth_login_throttle(p_email text, p_address text, p_window interval) TO crossborough_app;

--
-- Name: FUNCTION casework_location_ids_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.casework_location_ids_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision) FROM PUBLIC;
GRANT ALL ON FUNCTION public.casework_location_ids_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision) TO crossborough_casework;

--
-- Name: FUNCTION casework_locations_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.casework_locations_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.casework_locations_in_box(p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text) TO crossborough_casework;

--
-- Name: FUNCTION disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.disclosed_locations(s_org uuid, s_boroughs text[], s_victims boolean, p_from date, p_until date) FROM PUBLIC;

--
-- Name: FUNCTION drawn_area_create(p_kind text, p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.drawn_area_create(p_kind text, p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.drawn_area_create(p_kind text, p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) TO crossborough_casework;

--
-- Name: FUNCTION drawn_area_delete(p_code text, OUT reassigned bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.drawn_area_delete(p_code text, OUT reassigned bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.drawn_area_delete(p_code text, OUT reassigned bigint) TO crossborough_casework;

--
-- Name: FUNCTION drawn_area_reassign(p_kind text, p_code text, affected public.geometry); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.drawn_area_reassign(p_kind text, p_code text, affected public.geometry) FROM PUBLIC;

--
-- Name: FUNCTION drawn_area_update(p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.drawn_area_update(p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.drawn_area_update(p_code text, p_name text, p_geojson text, OUT area_id bigint, OUT reassigned bigint) TO crossborough_casework;

--
-- Name: FUNCTION export_generalised(p_cell integer, p_by text[], p_observed_from date, p_observed_until date, p_opened_from date, p_opened_to date, p_programme text, p_subject_role text, p_age_band text, p_kind text, p_borough text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.export_generalised(p_cell integer, p_by text[], p_observed_from date, p_observed_until date, p_opened_from date, p_opened_to date, p_programme text, p_subject_role text, p_age_band text, p_kind text, p_borough text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.export_generalised(p_cell integer, p_by text[], p_observed_from date, p_observed_until date, p_opened_from date, p_opened_to date, p_programme text, p_subject_role text, p_age_band text, p_kind text, p_borough text) TO crossborough_casework;
GRANT ALL ON FUNCTION public.export_generalised(p_cell integer, p_by text[], p_observed_from date, p_observed_until date, p_opened_from date, p_opened_to date, p_programme text, p_subject_role text, p_age_band text, p_kind text, p_borough text) TO crossborough_aggregate;

--
-- Name: FUNCTION funding_counts(p_from date, p_to date, p_programme text); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.funding_counts(p_from date, p_to date, p_programme text) TO crossborough_casework;
GRANT ALL ON FUNCTION public.funding_counts(p_from date, p_to date, p_programme text) TO crossborough_aggregate;

--
-- Name: FUNCTION funding_report(p_basis text, p_weight double precision, p_from date, p_to date, p_programme text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.funding_report(p_basis text, p_weight double precision, p_from date, p_to date, p_programme text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.funding_report(p_basis text, p_weight double precision, p_from date, p_to date, p_programme text) TO crossborough_casework;

--
-- Name: FUNCTION organisation_set_working_boroughs(p_boroughs text[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.organisation_set_working_boroughs(p_boroughs text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.organisation_set_working_boroughs(p_boroughs text[]) TO crossborough_admin;

--
-- Name: FUNCTION referral_owner(p_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.referral_owner(p_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.referral_owner(p_id uuid) TO crossborough_app;
GRANT ALL ON FUNCTION public.referral_owner(p_id uuid) TO crossborough_casework;
GRANT ALL ON FUNCTION public.referral_owner(p_id uuid) TO crossborough_aggregate;
GRANT ALL ON FUNCTION public.referral_owner(p_id uuid) TO crossborough_admin;

--
-- Name: FUNCTION request_scope(p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, OUT referrals_version bigint, OUT areas_version bigint, OUT pid integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.request_scope(p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, OUT referrals_version bigint, OUT areas_version bigint, OUT pid integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_scope(p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, OUT referrals_version bigint, OUT areas_version bigint, OUT pid integer) TO crossborough_app;

--
-- Name: FUNCTION retention_purge(p_months integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.retention_purge(p_months integer) FROM PUBLIC;

--
-- Name: FUNCTION stats_area_contributions(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_area_contributions(p_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION stats_flow_contributions(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_flow_contributions(p_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION stats_kept_locations_changed(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_kept_locations_changed() FROM PUBLIC;

--
-- Name: FUNCTION stats_kept_rebuild(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_kept_rebuild() FROM PUBLIC;

--
-- Name: FUNCTION stats_kept_referrals_changed(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_kept_referrals_changed() FROM PUBLIC;

--
-- Name: FUNCTION stats_kept_refresh(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_kept_refresh(p_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION stats_kept_refresh_touched(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.stats_kept_refresh_touched() FROM PUBLIC;

--
-- Name: FUNCTION tile_hex_contributions(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_hex_contributions(p_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION tile_hex_rebuild(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_hex_rebuild() FROM PUBLIC;

--
-- Name: FUNCTION tile_hex_refresh(p_ids uuid[]); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_hex_refresh(p_ids uuid[]) FROM PUBLIC;

--
-- Name: FUNCTION tile_hex_refresh_touched(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_hex_refresh_touched() FROM PUBLIC;

--
-- Name: FUNCTION tile_points_exact_request(p_session bytea, p_ttl interval, p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, p_z integer, p_x integer, p_y integer, p_extent integer, p_buffer integer, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text, p_action text, p_detail jsonb, OUT session_state text, OUT referrals_version bigint, OUT mvt bytea, OUT features integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_points_exact_request(p_session bytea, p_ttl interval, p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, p_z integer, p_x integer, p_y integer, p_extent integer, p_buffer integer, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text, p_action text, p_detail jsonb, OUT session_state text, OUT referrals_version bigint, OUT mvt bytea, OUT features integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tile_points_exact_request(p_session bytea, p_ttl interval, p_role text, p_user text, p_org text, p_app_role text, p_boroughs text, p_agreement text, p_k text, p_noise text, p_z integer, p_x integer, p_y integer, p_extent integer, p_buffer integer, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text, p_action text, p_detail jsonb, OUT session_state text, OUT referrals_version bigint, OUT mvt bytea, OUT features integer) TO crossborough_app;

--
-- Name: FUNCTION tile_points_exact_rows(p_z integer, p_x integer, p_y integer, p_margin double precision, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_points_exact_rows(p_z integer, p_x integer, p_y integer, p_margin double precision, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.tile_points_exact_rows(p_z integer, p_x integer, p_y integer, p_margin double precision, p_xmin double precision, p_ymin double precision, p_xmax double precision, p_ymax double precision, p_from date, p_until date, p_programme text, p_subject_role text, p_age_band text) TO crossborough_casework;

--
-- Name: FUNCTION tile_version_commit(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.tile_version_commit() FROM PUBLIC;

--
-- Name: TABLE agreements; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.agreements TO crossborough_aggregate;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.agreements TO crossborough_admin;

--
-- Name: TABLE api_tokens; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.agreement_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(agreement_id) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.name; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(name) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.expires_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(expires_at) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN api_tokens.revoked_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(revoked_at),UPDATE(revoked_at) ON TABLE public.api_tokens TO crossborough_admin;

--
-- Name: COLUMN approval_requests.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.organisation_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(organisation_id),INSERT(organisation_id) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.kind; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(kind),INSERT(kind) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.target_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(target_id),INSERT(target_id) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.payload; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(payload),INSERT(payload) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.summary; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(summary),INSERT(summary) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.password_hash; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(password_hash) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.status; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(status) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.requested_by; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(requested_by),INSERT(requested_by) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.requested_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(requested_at) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.decided_by; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(decided_by) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.decided_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(decided_at) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.reason; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(reason) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.result_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(result_id) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: COLUMN approval_requests.token_revealed_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(token_revealed_at) ON TABLE public.approval_requests TO crossborough_admin;

--
-- Name: TABLE area_parts; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.area_parts TO crossborough_app;
GRANT SELECT ON TABLE public.area_parts TO crossborough_casework;
GRANT SELECT ON TABLE public.area_parts TO crossborough_aggregate;
GRANT SELECT ON TABLE public.area_parts TO crossborough_admin;

--
-- Name: TABLE areas; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.areas TO crossborough_app;
GRANT SELECT ON TABLE public.areas TO crossborough_casework;
GRANT SELECT ON TABLE public.areas TO crossborough_aggregate;
GRANT SELECT ON TABLE public.areas TO crossborough_admin;

--
-- Name: TABLE audit_log; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.audit_log TO crossborough_admin;

--
-- Name: TABLE borough_borders; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.borough_borders TO crossborough_app;
GRANT SELECT ON TABLE public.borough_borders TO crossborough_casework;
GRANT SELECT ON TABLE public.borough_borders TO crossborough_aggregate;
GRANT SELECT ON TABLE public.borough_borders TO crossborough_admin;

--
-- Name: TABLE borough_adjacency; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.borough_adjacency TO crossborough_app;
GRANT SELECT ON TABLE public.borough_adjacency TO crossborough_casework;
GRANT SELECT ON TABLE public.borough_adjacency TO crossborough_aggregate;
GRANT SELECT ON TABLE public.borough_adjacency TO crossborough_admin;

--
-- Name: TABLE borough_edges; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.borough_edges TO PUBLIC;
GRANT SELECT ON TABLE public.borough_edges TO crossborough_app;
GRANT SELECT ON TABLE public.borough_edges TO crossborough_casework;
GRANT SELECT ON TABLE public.borough_edges TO crossborough_aggregate;
GRANT SELECT ON TABLE public.borough_edges TO crossborough_admin;

--
-- Name: TABLE exclusion_zones; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.exclusion_zones TO crossborough_casework;

--
-- Name: TABLE import_jobs; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,UPDATE ON TABLE public.import_jobs TO crossborough_casework;

--
-- Name: TABLE kysely_migration; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.kysely_migration TO crossborough_app;
GRANT SELECT ON TABLE public.kysely_migration TO crossborough_casework;
GRANT SELECT ON TABLE public.kysely_migration TO crossborough_aggregate;
GRANT SELECT ON TABLE public.kysely_migration TO crossborough_admin;

--
-- Name: COLUMN organisations.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.organisations TO crossborough_app;
GRANT SELECT(id) ON TABLE public.organisations TO crossborough_casework;
GRANT SELECT(id) ON TABLE public.organisations TO crossborough_aggregate;
GRANT SELECT(id) ON TABLE public.organisations TO crossborough_admin;

--
-- Name: COLUMN organisations.name; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(name) ON TABLE public.organisations TO crossborough_app;
GRANT SELECT(name) ON TABLE public.organisations TO crossborough_casework;
GRANT SELECT(name) ON TABLE public.organisations TO crossborough_aggregate;
GRANT SELECT(name),INSERT(name) ON TABLE public.organisations TO crossborough_admin;

--
-- Name: COLUMN organisations.synthetic; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(synthetic) ON TABLE public.organisations TO crossborough_app;
GRANT SELECT(synthetic) ON TABLE public.organisations TO crossborough_casework;
GRANT SELECT(synthetic) ON TABLE public.organisations TO crossborough_aggregate;
GRANT SELECT(synthetic),INSERT(synthetic) ON TABLE public.organisations TO crossborough_admin;

--
-- Name: TABLE programmes; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.programmes TO crossborough_app;
GRANT SELECT ON TABLE public.programmes TO crossborough_casework;
GRANT SELECT ON TABLE public.programmes TO crossborough_aggregate;
GRANT SELECT ON TABLE public.programmes TO crossborough_admin;

--
-- Name: TABLE referral_locations; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referral_locations TO crossborough_casework;

--
-- Name: TABLE referrals; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.referrals TO crossborough_casework;

--
-- Name: TABLE straddling_areas; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.straddling_areas TO crossborough_app;
GRANT SELECT ON TABLE public.straddling_areas TO crossborough_casework;
GRANT SELECT ON TABLE public.straddling_areas TO crossborough_aggregate;
GRANT SELECT ON TABLE public.straddling_areas TO crossborough_admin;

--
-- Name: TABLE tile_data_versions; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.tile_data_versions TO crossborough_app;
GRANT SELECT ON TABLE public.tile_data_versions TO crossborough_casework;
GRANT SELECT ON TABLE public.tile_data_versions TO crossborough_aggregate;
GRANT SELECT ON TABLE public.tile_data_versions TO crossborough_admin;

--
-- Name: TABLE users; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT,DELETE,UPDATE ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(id) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(id) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.organisation_id; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(organisation_id) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(organisation_id) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.email; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(email) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(email) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.display_name; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(display_name) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(display_name) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.role; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(role) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(role) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.boroughs; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(boroughs) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(boroughs) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.failed_logins; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(failed_logins) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.locked_until; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(locked_until) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.disabled; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(disabled) ON TABLE public.users TO crossborough_casework;
GRANT SELECT(disabled) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(created_at) ON TABLE public.users TO crossborough_admin;

--
-- Name: COLUMN users.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT(updated_at) ON TABLE public.users TO crossborough_admin;

--
-- PostgreSQL database dump complete
--
