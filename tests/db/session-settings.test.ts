import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withSessionOptions, type Database } from '../../server/db/database.js'
import { chosenBackend } from '../helpers/backend.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * Request connections start with JIT compilation off (server/db/database.ts, REQUEST_SESSION_OPTIONS):
 * PostgreSQL would otherwise compile the analyses' plans, whose estimated costs are far above what
 * they take, for a second of a five-second question. PGlite has no JIT.
 */
let database: Database
beforeAll(async () => {
  database = await createTestDatabase()
}, 300_000)
afterAll(() => database?.close())

describe.skipIf(chosenBackend() === 'pglite')('request connections (server: PGlite has no JIT)', () => {
  it('have JIT off, also under the request role and inside a transaction', async () => {
    const jit = async () => (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(database.db)).rows[0]!.jit
    // Every connection of the pool, not only the first: ask from several at once.
    const settings = await Promise.all(Array.from({ length: 4 }, jit))
    expect(settings).toEqual(['off', 'off', 'off', 'off'])
    const inside = await database.db.transaction().execute(async (trx) => {
      await sql`set local role crossborough_app`.execute(trx)
      return (await sql<{ jit: string }>`select current_setting('jit') as jit`.execute(trx)).rows[0]!.jit
    })
    expect(inside).toBe('off')
  })
})

describe('request connection options', () => {
  it("come after the URL's own options (which are taken out of the URL), or PGOPTIONS's", () => {
    const saved = process.env.PGOPTIONS
    try {
      delete process.env.PGOPTIONS
      expect(withSessionOptions('postgres://u@h:5432/db')).toEqual({ connectionString: 'postgres://u@h:5432/db', options: '-c jit=off' })
      expect(withSessionOptions('postgres://u@h:5432/db?options=-c%20work_mem%3D64MB&sslmode=disable')).toEqual({
        connectionString: 'postgres://u@h:5432/db?sslmode=disable',
        options: '-c work_mem=64MB -c jit=off',
      })
      process.env.PGOPTIONS = '-c search_path=public'
      expect(withSessionOptions('postgres://u@h:5432/db').options).toBe('-c search_path=public -c jit=off')
    } finally {
      if (saved === undefined) delete process.env.PGOPTIONS
      else process.env.PGOPTIONS = saved
    }
  })
})
