import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { ensureOrganisation } from '../../server/auth/accounts.repository.js'
import { chosenBackend } from '../helpers/backend.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * Tile data versions (the ETag's input) move once per committed transaction that wrote a layer's
 * tables, at its commit (migration 0020): never for a rollback, and without holding the counter's row
 * for the rest of the writing transaction, so concurrent writers do not queue behind one another.
 */

let database: Database
/** Two agreements, so two transactions can each write the referrals layer without sharing a row. */
let agreements: [string, string]
beforeAll(async () => {
  database = await createTestDatabase()
  const org = await ensureOrganisation(database.system, 'Versions test organisation')
  const partner = await ensureOrganisation(database.system, 'Versions test partner')
  const { rows } = await sql<{ id: string }>`
    insert into agreements (organisation_id, partner_organisation_id, name, boroughs, level, valid_from, valid_until)
    select ${org}, ${partner}, 'Versions test ' || n, '{E09000005}', 'aggregate', current_date, current_date + 30
    from generate_series(1, 2) n returning id`.execute(database.system)
  agreements = [rows[0]!.id, rows[1]!.id]
})
afterAll(async () => {
  await database?.close()
})

const version = async (db: Kysely<any>, layer: 'areas' | 'referrals') =>
  Number((await sql<{ version: string }>`select version from tile_data_versions where layer = ${layer}`.execute(db)).rows[0]!.version)
/** A write to one row of the areas table (same values: a row written is a change, as PostgreSQL counts it). */
const touchAreas = (db: Kysely<any>) => sql`update areas set name = name where id = (select min(id) from areas)`.execute(db)
const touchAgreements = (db: Kysely<any>, which: 0 | 1 = 0) => sql`update agreements set name = name where id = ${agreements[which]}`.execute(db)
/** The layers this transaction has noted as changed so far (they move at its commit). */
const pending = async (db: Kysely<any>) =>
  (await sql<{ layer: string }>`select layer from tile_version_pending where txid = pg_current_xact_id() order by layer`.execute(db)).rows.map((r) => r.layer)

describe('tile data versions', () => {
  it('move once per committed transaction, at its commit, and not at all on rollback', async () => {
    const db = database.system
    const before = await version(db, 'areas')
    await db.transaction().execute(async (trx) => {
      await touchAreas(trx)
      await touchAreas(trx)
      await touchAreas(trx)
      // Not yet: the counter moves as the transaction commits.
      expect(await version(trx, 'areas')).toBe(before)
    })
    expect(await version(db, 'areas')).toBe(before + 1)

    await expect(
      db.transaction().execute(async (trx) => {
        await touchAreas(trx)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await version(db, 'areas')).toBe(before + 1)

    // One transaction writing both layers moves both, once each; nothing is left pending.
    const referrals = await version(db, 'referrals')
    await db.transaction().execute(async (trx) => {
      await touchAgreements(trx)
      await touchAreas(trx)
      await touchAgreements(trx)
    })
    expect(await version(db, 'areas')).toBe(before + 2)
    expect(await version(db, 'referrals')).toBe(referrals + 1)
    expect(Number((await sql<{ n: string }>`select count(*) as n from tile_version_pending`.execute(db)).rows[0]!.n)).toBe(0)

    // Outside a transaction each statement is its own.
    await touchAreas(db)
    expect(await version(db, 'areas')).toBe(before + 3)
  })

  it('move only for a statement that changed rows (an insert, update or delete of nothing moves nothing), and for any truncate', async () => {
    const db = database.system
    const noted = (statement: (trx: Kysely<any>) => Promise<unknown>) =>
      db
        .transaction()
        .execute(async (trx) => {
          await statement(trx)
          const layers = await pending(trx)
          throw Object.assign(new Error('roll back'), { layers })
        })
        .catch((e: { layers?: string[] }) => {
          if (!e.layers) throw e
          return e.layers
        })
    // Statements that touch no row, on every table whose writes move a layer.
    for (const statement of [
      sql`update areas set name = name where false`,
      sql`delete from areas where false`,
      sql`insert into areas overriding system value select * from areas where false`,
      sql`update referrals set updated_at = now() where false`,
      sql`delete from referrals where false`,
      sql`insert into referrals overriding system value select * from referrals where false`,
      sql`insert into referral_locations overriding system value select * from referral_locations where false`,
      sql`update referral_locations set observed_on = observed_on where false`,
      sql`delete from referral_locations where false`,
      sql`update agreements set name = name where false`,
      sql`delete from agreements where false`,
    ])
      expect(await noted((trx) => statement.execute(trx)), statement.compile(db).sql).toEqual([])
    // Statements that change rows (rolled back: only the note is looked at).
    expect(await noted(touchAreas)).toEqual(['areas'])
    expect(await noted((trx) => touchAgreements(trx))).toEqual(['referrals'])
    expect(await noted((trx) => sql`delete from agreements where id = ${agreements[1]}`.execute(trx))).toEqual(['referrals'])
    expect(
      await noted((trx) =>
        sql`insert into agreements (organisation_id, partner_organisation_id, name, boroughs, level, valid_from, valid_until)
            select organisation_id, partner_organisation_id, 'Versions test 3', boroughs, level, valid_from, valid_until from agreements where id = ${agreements[0]}`.execute(
          trx,
        ),
      ),
    ).toEqual(['referrals'])
    expect(await noted((trx) => sql`truncate agreements cascade`.execute(trx))).toEqual(['referrals'])
    // And committed, a statement of nothing leaves the versions as they were.
    const before = [await version(db, 'areas'), await version(db, 'referrals')]
    await sql`update referrals set updated_at = now() where false`.execute(db)
    await sql`delete from areas where false`.execute(db)
    expect([await version(db, 'areas'), await version(db, 'referrals')]).toEqual(before)
  })

  it.skipIf(chosenBackend() !== 'postgres')("do not make a writer wait for another writer's open transaction (server: PGlite has one connection)", async () => {
    const db = database.system
    const before = await version(db, 'referrals')
    await db.transaction().execute(async (a) => {
      await touchAgreements(a)
      // Another connection writes the same layer while A is open: before migration 0020 it waited
      // for A's row lock on the counter and hit the lock timeout.
      await db.transaction().execute(async (b) => {
        await sql`set local lock_timeout = '2s'`.execute(b)
        await touchAgreements(b, 1)
      })
      expect(await version(db, 'referrals')).toBe(before + 1)
    })
    expect(await version(db, 'referrals')).toBe(before + 2)
  })
})
