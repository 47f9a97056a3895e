import { sql, type Kysely } from 'kysely'

/**
 * The organisation's working boroughs: the boroughs its project works in, set by an administrator.
 * They are the default study area of the hot-spot analyses (the cells whose centre lies in one of
 * them), so that a hot spot is judged against the places the project covers and not against every
 * empty hexagon of Greater London. Null: every borough in force.
 *
 * Read and written through two SECURITY DEFINER functions of the acting user's own organisation (no
 * column grant: nobody reads another organisation's setting); setting them is for administrators,
 * and every code must be a borough in force (CB400 naming `boroughs`). An empty list clears them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table organisations add column working_boroughs text[]`.execute(db)

  await sql`
    create function organisation_working_boroughs() returns text[]
    language sql stable security definer set search_path = public, pg_temp as $$
      select o.working_boroughs from organisations o where o.id = app_org_id()
    $$`.execute(db)

  await sql`
    create function organisation_set_working_boroughs(p_boroughs text[]) returns text[]
    language plpgsql volatile security definer set search_path = public, pg_temp as $$
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
    end $$`.execute(db)
  await sql`revoke execute on function organisation_set_working_boroughs(text[]) from public`.execute(db)
  await sql`grant execute on function organisation_set_working_boroughs(text[]) to crossborough_admin`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function if exists organisation_set_working_boroughs(text[])`.execute(db)
  await sql`drop function if exists organisation_working_boroughs()`.execute(db)
  await sql`alter table organisations drop column if exists working_boroughs`.execute(db)
}
