import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import { PUBLIC } from '../../server/auth/access.js'
import { loadConfig } from '../../server/config.js'
import { adminQuery, withDatabase } from '../../server/db/admin.js'
import { openPostgres } from '../../server/db/database.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { testDbInfo } from '../helpers/db.js'

const opened: Array<{ close(): Promise<void> }> = []
let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  opened.push(t)
}, 180_000)
afterAll(async () => {
  for (const o of opened.reverse()) await o.close()
})

/** Another app over the same test database, with its own configuration. */
async function appWith(env: Record<string, string>, routes?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }), database: t.database, web: false })
  opened.push(app)
  routes?.(app)
  await app.ready()
  return app
}

function expectProblem503(res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string; status: number } }, code: string) {
  expect(res.statusCode).toBe(503)
  expect(String(res.headers['content-type'])).toContain('application/problem+json')
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  expect(res.json()).toMatchObject({ status: 503, code })
}

describe('overload (@fastify/under-pressure)', () => {
  it('answers 503 problem+json with Retry-After while the heap is over its threshold', async () => {
    const app = await appWith({ PRESSURE_MAX_HEAP_MB: '1', PRESSURE_SAMPLE_MS: '10', RETRY_AFTER_S: '7' })
    await new Promise((r) => setTimeout(r, 100))
    const res = await app.inject({ method: 'GET', url: '/api/v1/meta' })
    expectProblem503(res, 'overloaded')
    expect(res.headers['retry-after']).toBe('7')
  })

  it('answers 503 while the event loop is held up, and 200 again once it is not', async () => {
    // under-pressure samples the loop delay on a timer: the MEAN of the histogram (10 ms samples)
    // since its last sample, read by each request's check. So after a hold (1) the request must come
    // after the first sample that includes the hold, and before the next one, which averages ordinary
    // samples only; (2) the window must be short, or ordinary samples average the hold away (with
    // 100 ms and 300 ms, a hold that began 50 ms into the window stayed under 300 ms). CI failed on
    // both (2026-12-06): here the sample is awaited, then the request sent at once, and a 20 ms window
    // holds at most two ordinary samples (a mean of at least ~500 ms after a 1.5 s hold).
    const app = await appWith({ PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '200', PRESSURE_SAMPLE_MS: '20' })
    const delay = () => (app as unknown as { memoryUsage(): { eventLoopDelay: number } }).memoryUsage().eventLoopDelay
    let refused: Awaited<ReturnType<FastifyInstance['inject']>> | undefined
    for (let attempt = 0; attempt < 5 && !refused; attempt++) {
      const until = Date.now() + 1500
      while (Date.now() < until) {
        /* hold the event loop, as a CPU-bound request would */
      }
      // The first sample after the hold (the timer is overdue: it fires within a few milliseconds).
      for (let wait = 0; wait < 200 && delay() <= 200; wait++) await new Promise((r) => setTimeout(r, 1))
      const res = await app.inject({ method: 'GET', url: '/api/v1/meta' })
      if (res.statusCode === 503) refused = res
    }
    expect(refused, 'no 503 after holding the event loop').toBeDefined()
    expectProblem503(refused!, 'overloaded')
    // Recovered: a quiet second later the delay is back under the threshold.
    let ok = 0
    for (let i = 0; i < 50 && ok !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200))
      ok = (await app.inject({ method: 'GET', url: '/api/v1/meta' })).statusCode
    }
    expect(ok).toBe(200)
  })
})

describe('database failures as problems', () => {
  it('maps a cancelled query and an unreachable database to 503 problem+json with Retry-After', async () => {
    // Routes that fail as the driver would (these errors are what node-postgres throws).
    const failures: Record<string, Error> = {
      timeout: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      refused: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      shutdown: Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      starting: Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      poolWait: new Error('timeout exceeded when trying to connect'),
      terminated: new Error('Connection terminated unexpectedly'),
    }
    const app = await appWith({}, (a) => {
      for (const [name, err] of Object.entries(failures))
        a.get(`/test/fail/${name}`, { config: { access: PUBLIC } }, async () => {
          throw err
        })
    })
    expectProblem503(await app.inject({ method: 'GET', url: '/test/fail/timeout' }), 'query-timeout')
    for (const name of ['refused', 'shutdown', 'starting', 'poolWait', 'terminated']) {
      expectProblem503(await app.inject({ method: 'GET', url: `/test/fail/${name}` }), 'database-unavailable')
    }
    const body = (await app.inject({ method: 'GET', url: '/test/fail/refused' })).body
    expect(body).not.toContain('5432')
    expect(body).not.toContain('ECONNREFUSED')
  })

  const server = testDbInfo().backend !== 'pglite'
  it.skipIf(!server)(
    `statement_timeout stops a runaway query with 503 query-timeout, not a hung request${server ? '' : ' (skipped: embedded PGlite does not enforce statement_timeout)'}`,
    async () => {
      const info = testDbInfo()
      const name = `crossborough_t_${randomBytes(6).toString('hex')}`
      await adminQuery(info.adminUrl!, `create database ${name} template ${info.templateName}`)
      const database = openPostgres(withDatabase(info.adminUrl!, name), 2, { appRole: true, statementTimeoutMs: 300, connectTimeoutMs: 2000 })
      opened.push({
        close: async () => {
          await database.close()
          await adminQuery(info.adminUrl!, `drop database if exists ${name}`)
        },
      })
      const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', STATEMENT_TIMEOUT_MS: '300' }), database, web: false })
      opened.push(app)
      app.get('/test/runaway', { config: { access: PUBLIC } }, async () => {
        await sql`select pg_sleep(10)`.execute(app.db)
        return { finished: true }
      })
      await app.ready()
      const started = Date.now()
      const res = await app.inject({ method: 'GET', url: '/test/runaway' })
      expectProblem503(res, 'query-timeout')
      expect(Date.now() - started).toBeLessThan(3000)
      // The pool is fine afterwards.
      expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200)
    },
  )
})
