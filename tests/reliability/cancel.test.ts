import { request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { createTestDatabase, testDbInfo } from '../helpers/db.js'
import { seedWorld } from '../helpers/world.js'
import { listen, sessionFor } from './service.js'

/**
 * A request whose client goes away mid-statement has its statement cancelled (server/db/request-signal.ts):
 * the backend stops working on it and the connection serves the next request. On embedded PGlite a
 * statement runs inside this process and cannot be interrupted, so this runs on the server backend.
 */
const server = testDbInfo().backend !== 'pglite'

describe.skipIf(!server)('cancellation when the client goes away (server backend; PGlite cannot interrupt a running statement)', { timeout: 120_000 }, () => {
  let app: FastifyInstance
  let database: Database
  let base: string
  const marker = `slow-${randomBytes(4).toString('hex')}`
  beforeAll(async () => {
    database = await createTestDatabase()
    const config = loadConfig({ LOG_LEVEL: 'silent', AUDIT_CHECKPOINT_FILE: join(tmpdir(), `cb-cancel-${marker}.jsonl`), DB_POOL_MAX: '2' })
    app = await buildApp({ config, database, web: false })
    // A deliberately slow scoped read, as a slow OGC page or export read would be.
    app.get('/api/v1/test-slow', { config: { access: ['lead'] } }, async (req) =>
      req.scoped(async (db) => (await sql`select pg_sleep(20) as ${sql.ref(marker)}`.execute(db)).rows.length),
    )
    await app.ready()
    await seedWorld(app, database.system)
    base = await listen(app)
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await database?.close()
  })

  const running = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_stat_activity where state = 'active' and query like ${`%${marker}%`} and pid <> pg_backend_pid()`.execute(
      database.system,
    )
    return rows[0]!.n
  }

  it('cancels the statement of an abandoned request and frees its connection', async () => {
    // Two abandoned slow requests: with DB_POOL_MAX 2 they would hold both connections for 20 s.
    const sessionCookie = await sessionCookieOf(app, database)
    for (let i = 0; i < 2; i++) {
      const req = request(`${base}/api/v1/test-slow`, { headers: { cookie: sessionCookie } })
      req.on('error', () => {})
      req.end()
      setTimeout(() => req.destroy(), 1000)
    }
    await new Promise((r) => setTimeout(r, 700))
    expect(await running()).toBe(2)
    const t0 = Date.now()
    while ((await running()) > 0 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 100))
    expect(await running()).toBe(0)
    // Both pooled connections (DB_POOL_MAX 2) serve again at once: a scoped read is answered promptly.
    const started = Date.now()
    const res = await fetch(`${base}/api/v1/referrals?limit=1`, { headers: { cookie: sessionCookie } })
    expect(res.status).toBe(200)
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('does not cancel a request whose client stays', async () => {
    const sessionCookie = await sessionCookieOf(app, database)
    const slow = fetch(`${base}/api/v1/test-slow`, { headers: { cookie: sessionCookie }, signal: AbortSignal.timeout(60_000) })
    await new Promise((r) => setTimeout(r, 700))
    expect(await running()).toBe(1)
    await database.system.transaction().execute(async (trx) => {
      await sql`select pg_cancel_backend(pid) from pg_stat_activity where query like ${`%${marker}%`} and pid <> pg_backend_pid()`.execute(trx)
    })
    // Cancelled by us (the test), the answer is the ordinary 503 of a stopped query: the route ran until then.
    expect((await slow).status).toBe(503)
  })
})

/** A lead's session cookie for real HTTP requests. */
async function sessionCookieOf(_app: FastifyInstance, database: Database): Promise<string> {
  const { rows } = await sql<{ id: string }>`select id from users where role = 'lead' order by email limit 1`.execute(database.system)
  return (await sessionFor(database.system, rows[0]!.id)).cookie
}
