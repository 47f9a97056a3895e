import { sql, type Kysely } from 'kysely'

/**
 * Exports and OGC API – Features: the one way referral points reach an aggregate role at
 * record level — generalised. Each located event is snapped to the centre of a fixed square cell of
 * the British National Grid (origin 0,0), counted as distinct referrals per cell and per breakdown
 * field, and a cell (with its breakdown) holding fewer than k referrals is dropped. For a partner the
 * agreement decides: level 'generalised' only, and every breakdown field and filter must be one the
 * agreement lists (`fields`); scope, k and victims come from disclosure_scope(). Restricted referrals
 * never appear (disclosed_locations). A SECURITY DEFINER function, as the counting functions of 0007.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function export_generalised(p_cell integer, p_by text[],
                                       p_observed_from date, p_observed_until date,
                                       p_opened_from date, p_opened_to date,
                                       p_programme text default null, p_subject_role text default null,
                                       p_age_band text default null, p_kind text default null, p_borough text default null)
    returns table (x double precision, y double precision, programme text, subject_role text, age_band text,
                   month date, borough text, ward text, kind text, referrals bigint)
    language plpgsql stable security definer set search_path = public, pg_temp as $$
    declare
      s record;
      a record;
      v_by text[] := coalesce(p_by, '{}');
      v_asked text[];
    begin
      if p_cell not between 100 and 5000 then
        raise exception 'cell size out of range' using errcode = '22023';
      end if;
      if not v_by <@ array['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] then
        raise exception 'unknown breakdown field' using errcode = '22023';
      end if;
      select * into s from disclosure_scope();
      if app_role() = 'partner' then
        select * into a from current_agreement();
        if a.level <> 'generalised' then
          raise exception 'the agreement allows aggregate counts only' using errcode = '42501';
        end if;
        -- Breaking down or filtering by a field is disclosing it: both need the agreement's leave.
        v_asked := v_by
          || case when p_programme is not null then array['programme'] else '{}' end
          || case when p_subject_role is not null then array['subjectRole'] else '{}' end
          || case when p_age_band is not null then array['ageBand'] else '{}' end
          || case when p_kind is not null then array['kind'] else '{}' end
          || case when p_borough is not null then array['borough'] else '{}' end;
        if not v_asked <@ a.fields then
          raise exception 'the agreement does not allow these fields' using errcode = '42501';
        end if;
        if p_opened_from is not null and p_opened_from <> date_trunc('month', p_opened_from)::date
           or p_opened_to is not null and p_opened_to <> (date_trunc('month', p_opened_to) + interval '1 month - 1 day')::date then
          raise exception 'periods must be whole months' using errcode = '22023';
        end if;
      elsif app_role() not in ('lead', 'caseworker') then
        raise exception 'not a role that receives generalised points' using errcode = '42501';
      end if;
      return query
      select (floor(ST_X(l.geom) / p_cell) + 0.5) * p_cell,
             (floor(ST_Y(l.geom) / p_cell) + 0.5) * p_cell,
             case when 'programme' = any (v_by) then l.programme end,
             case when 'subjectRole' = any (v_by) then l.subject_role end,
             case when 'ageBand' = any (v_by) then l.age_band end,
             case when 'month' = any (v_by) then date_trunc('month', l.observed_on)::date end,
             case when 'borough' = any (v_by) then l.borough_code end,
             case when 'ward' = any (v_by) then l.ward_code end,
             case when 'kind' = any (v_by) then l.kind end,
             count(distinct l.referral_id)
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
      having count(distinct l.referral_id) >= s.k
      order by 1, 2, 3, 4, 5, 6, 7, 8, 9;
    end $$`.execute(db)
  await sql`revoke execute on function export_generalised(integer, text[], date, date, date, date, text, text, text, text, text) from public`.execute(db)
  await sql`grant execute on function export_generalised(integer, text[], date, date, date, date, text, text, text, text, text)
            to crossborough_casework, crossborough_aggregate`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists export_generalised(integer, text[], date, date, date, date, text, text, text, text, text)`.execute(db)
}
