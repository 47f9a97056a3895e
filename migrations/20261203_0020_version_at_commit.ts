import { sql, type Kysely } from 'kysely'

/**
 * Tile data versions move at commit, not at the first write of a transaction.
 *
 * Migration 0012 bumped the single `tile_data_versions` row of a layer from a statement trigger on
 * every write. That row stayed locked until the writing transaction ended, so every other writer of
 * referrals, locations, agreements (or areas) queued behind it for the whole rest of that
 * transaction: writes were serialised service-wide. In the long soak (`npm run soak -- --long`, 50
 * writers, PostGIS server) the queue outgrew the pool's connection timeout after about 12 minutes
 * and writers got 503s.
 *
 * Now the statement trigger only notes the layer in `tile_version_pending` (one row per transaction
 * and layer; rows of different transactions never conflict), and a deferred constraint trigger on
 * that row bumps the counter as the transaction commits, so the row lock lasts only as long as the
 * commit. Readers see the same thing as before: a version read after a commit includes it; a
 * rolled-back transaction bumps nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table tile_version_pending (
      txid xid8 not null default pg_current_xact_id(),
      layer text not null check (layer in ('areas', 'referrals')),
      primary key (txid, layer)
    )`.execute(db)
  // Replaces tile_bump_version of migration 0012 (20261128_0012_tiles); db/schema.sql shows the definition in force.
  await sql`
    create or replace function tile_bump_version() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      insert into tile_version_pending (layer) values (tg_argv[0]) on conflict do nothing;
      return null;
    end $$`.execute(db)
  // Locks the layers' rows in one order (a transaction may have written both), then bumps them.
  await sql`
    create function tile_version_commit() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      perform 1 from tile_data_versions
      where layer in (select p.layer from tile_version_pending p where p.txid = new.txid)
      order by layer for update;
      update tile_data_versions set version = version + 1, changed_at = now()
      where layer in (select p.layer from tile_version_pending p where p.txid = new.txid);
      delete from tile_version_pending where txid = new.txid;
      return null;
    end $$`.execute(db)
  await sql`
    create constraint trigger tile_version_pending_commit after insert on tile_version_pending
    deferrable initially deferred for each row execute function tile_version_commit()`.execute(db)
  await sql`revoke execute on function tile_version_commit() from public`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists tile_version_pending_commit on tile_version_pending`.execute(db)
  await sql`drop function if exists tile_version_commit()`.execute(db)
  await sql`drop table if exists tile_version_pending`.execute(db)
  await sql`
    create or replace function tile_bump_version() returns trigger
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      update tile_data_versions set version = version + 1, changed_at = now() where layer = tg_argv[0];
      return null;
    end $$`.execute(db)
}
