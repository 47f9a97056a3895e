import { sql, type Kysely } from 'kysely'

/**
 * A retention run that finds nothing to delete writes nothing.
 *
 * `retention_purge` (migration 0007) ran its DELETE on referrals whatever it found. A statement-level
 * trigger fires for a statement that touches no row, so the purge noted the referrals layer as
 * changed (tile_bump_version, 0012/0020) and its data version moved at commit, although no referral
 * had gone. Every kept answer and tile ETag is keyed by that version: 30 s after each start and then
 * daily, every cached answer was thrown away and the service's answer refresh (server/cache/refresh.ts)
 * recomputed every recently asked question — at 1M locations about 40 s of database work, during which
 * a lead's sign-in recomputed its own questions (3–4 s).
 *
 * Now the purge deletes only when some referral is due, so an empty run leaves the versions alone;
 * a run that deletes still moves them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Replaces retention_purge of migration 0007 (20261127_0007_disclosure); db/schema.sql shows the definition in force.
  await sql`
    create or replace function retention_purge(p_months integer) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint := 0; v_cutoff date := (current_date - make_interval(months => p_months))::date;
    begin
      if p_months < 1 then raise exception 'retention must be at least one month' using errcode = '22023'; end if;
      if exists (select 1 from referrals where status = 'closed' and closed_on < v_cutoff) then
        with gone as (delete from referrals where status = 'closed' and closed_on < v_cutoff returning 1)
        select count(*) into v_n from gone;
      end if;
      perform audit_append('retention.purge', jsonb_build_object('months', p_months, 'closedBefore', v_cutoff), v_n);
      return v_n;
    end $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function retention_purge(p_months integer) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare v_n bigint; v_cutoff date := (current_date - make_interval(months => p_months))::date;
    begin
      if p_months < 1 then raise exception 'retention must be at least one month' using errcode = '22023'; end if;
      with gone as (delete from referrals where status = 'closed' and closed_on < v_cutoff returning 1)
      select count(*) into v_n from gone;
      perform audit_append('retention.purge', jsonb_build_object('months', p_months, 'closedBefore', v_cutoff), v_n);
      return v_n;
    end $$`.execute(db)
}
