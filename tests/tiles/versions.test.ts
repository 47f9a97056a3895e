import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { chosenBackend } from '../helpers/backend.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * Tile data versions (the ETag's input) move once per committed transaction that wrote a layer's
 * tables, at its commit (migration 0020): never for a rollback, and without holding the counter's row
 * for the rest of the writing transaction, so concurrent writers do not queue behind one another.
 */

let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database?.close()
})

const version = async (db: Kysely<any>, layer: 'areas' | 'referrals') =>
  Number((await sql<{ version: string }>`select version from tile_data_versions where layer = ${layer}`.execute(db)).rows[0]!.version)
/** A write to the areas table that changes nothing (statement triggers still fire). */
const touchAreas = (db: Kysely<any>) => sql`update areas set name = name where false`.execute(db)
const touchAgreements = (db: Kysely<any>) => sql`update agreements set name = name where false`.execute(db)

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

  it.skipIf(chosenBackend() !== 'postgres')("do not make a writer wait for another writer's open transaction (server: PGlite has one connection)", async () => {
    const db = database.system
    const before = await version(db, 'referrals')
    await db.transaction().execute(async (a) => {
      await touchAgreements(a)
      // Another connection writes the same layer while A is open: before migration 0020 it waited
      // for A's row lock on the counter and hit the lock timeout.
      await db.transaction().execute(async (b) => {
        await sql`set local lock_timeout = '2s'`.execute(b)
        await touchAgreements(b)
      })
      expect(await version(db, 'referrals')).toBe(before + 1)
    })
    expect(await version(db, 'referrals')).toBe(before + 2)
  })
})
