import { sql, type Kysely } from 'kysely'

/**
 * A data version moves only when a statement changed rows.
 *
 * Migrations 0012 and 0020 note a layer as changed from a statement-level trigger, and a statement
 * trigger fires for a statement that touches no row. Every write path that runs a statement whatever
 * it finds moved the version without changing any data: an import whose rows were all unchanged (its
 * insert, update and delete of nothing), an update or delete that matched nothing. Every kept answer
 * and tile ETag is keyed by the version, so each such write threw them all away and the service
 * recomputed every recently asked question (at 1M locations, about 20 s of database work).
 * Migration 0030 fixed one such path (retention); this fixes the mechanism.
 *
 * Now each of insert, update and delete has its own trigger with the statement's rows as a transition
 * table (`version_rows`; PostgreSQL allows transition tables only on single-event triggers), and
 * `tile_bump_version` notes the layer only when that table has a row. A truncate always notes it.
 * The tables' other statement triggers already capture the same rows for most of these events
 * (PostgreSQL shares one capture between triggers of a table and event); referrals' deletes and
 * agreements are the new captures, both small.
 */
const TABLES = [
  ['areas', 'areas'],
  ['referrals', 'referrals'],
  ['referral_locations', 'referrals'],
  ['agreements', 'referrals'],
] as const

const EVENTS = [
  ['ins', 'insert', 'new'],
  ['upd', 'update', 'new'],
  ['del', 'delete', 'old'],
] as const

export async function up(db: Kysely<any>): Promise<void> {
  // Replaces tile_bump_version of migration 0020 (20261203_0020_version_at_commit); db/schema.sql shows the definition in force.
  await sql`
    create or replace function tile_bump_version() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      -- version_rows exists for insert, update and delete triggers only (the query naming it is
      -- planned only when reached); a truncate always changes data.
      if tg_op <> 'TRUNCATE' then
        if not exists (select 1 from version_rows) then return null; end if;
      end if;
      insert into tile_version_pending (layer) values (tg_argv[0]) on conflict do nothing;
      return null;
    end $$`.execute(db)
  for (const [table, layer] of TABLES) {
    await sql.raw(`drop trigger ${table}_tile_version on ${table}`).execute(db)
    for (const [suffix, event, which] of EVENTS)
      await sql
        .raw(`create trigger ${table}_tile_version_${suffix} after ${event} on ${table}
          referencing ${which} table as version_rows
          for each statement execute function tile_bump_version('${layer}')`)
        .execute(db)
    await sql
      .raw(`create trigger ${table}_tile_version_truncate after truncate on ${table}
        for each statement execute function tile_bump_version('${layer}')`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [table, layer] of TABLES) {
    for (const [suffix] of EVENTS) await sql.raw(`drop trigger ${table}_tile_version_${suffix} on ${table}`).execute(db)
    await sql.raw(`drop trigger ${table}_tile_version_truncate on ${table}`).execute(db)
    await sql
      .raw(`create trigger ${table}_tile_version after insert or update or delete or truncate on ${table}
        for each statement execute function tile_bump_version('${layer}')`)
      .execute(db)
  }
  await sql`
    create or replace function tile_bump_version() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      insert into tile_version_pending (layer) values (tg_argv[0]) on conflict do nothing;
      return null;
    end $$`.execute(db)
}
