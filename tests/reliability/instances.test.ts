import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { openPostgres, type Database } from '../../server/db/database.js'
import { withDatabase } from '../../server/db/admin.js'
import { createTestDatabase, testDbInfo } from '../helpers/db.js'
import { seedWorld, TEST_PASSWORD, WESTMINSTER } from '../helpers/world.js'
import { csv, CSV_HEADER, csvRows, ensureProgrammes } from '../imports/fixtures.js'
import { listen, postReferral } from './service.js'

/**
 * Two API instances (each with its own pools, caches and job runner, as two processes would have)
 * on one PostGIS database: a session made on one is honoured by the other, an import started on
 * one is watched to its end on the other, and a write through one changes the other's ETags and
 * cached hex tables. Embedded PGlite is one process's database: this runs on the server backend.
 */
const server = testDbInfo().backend !== 'pglite'

describe.skipIf(!server)('two API instances on one database (server backend; PGlite cannot be shared by two processes)', { timeout: 180_000 }, () => {
  let database: Database
  let second: Database
  const apps: FastifyInstance[] = []
  let a: string
  let b: string
  beforeAll(async () => {
    database = await createTestDatabase()
    // The second instance's own pools on the same database.
    const url = (await database.system.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('d')).executeTakeFirstOrThrow()).d
    second = openPostgres(withDatabase(testDbInfo().adminUrl!, url), 4, { appRole: true })
    const config = loadConfig({ LOG_LEVEL: 'silent', AUDIT_CHECKPOINT_FILE: join(tmpdir(), `cb-instances-${randomBytes(4).toString('hex')}.jsonl`) })
    for (const d of [database, second]) {
      const app = await buildApp({ config, database: d, web: false })
      await app.ready()
      apps.push(app)
    }
    await seedWorld(apps[0]!, database.system)
    await ensureProgrammes(database.system)
    a = await listen(apps[0]!)
    b = await listen(apps[1]!)
  }, 180_000)
  afterAll(async () => {
    for (const app of apps) await app.close()
    await second?.close()
    await database?.close()
  })

  /** Signs in on `base`; the cookie and CSRF token. */
  const signIn = async (base: string, email: string) => {
    const res = await fetch(`${base}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { csrfToken: string }
    return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken }
  }

  it('signs in on one instance and is known on the other; signing out on the other ends it on the first', async () => {
    const s = await signIn(a, 'leada@test.test')
    const me = await fetch(`${b}/api/v1/me`, { headers: { cookie: s.cookie } })
    expect(me.status).toBe(200)
    expect(((await me.json()) as { role: string }).role).toBe('lead')
    const out = await fetch(`${b}/api/v1/session`, { method: 'DELETE', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } })
    expect(out.status).toBeLessThan(300)
    expect((await fetch(`${a}/api/v1/me`, { headers: { cookie: s.cookie } })).status).toBe(401)
  })

  it('runs an import started on one instance to its end, watched on the other', async () => {
    const s = await signIn(a, 'leada@test.test')
    const boundary = '----cb-instances'
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\nContent-Type: text/csv\r\n\r\n${csv(CSV_HEADER, csvRows('MI', 6))}\r\n--${boundary}--\r\n`
    const started = await fetch(`${a}/api/v1/imports`, {
      method: 'POST',
      body,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': `multipart/form-data; boundary=${boundary}` },
    })
    expect(started.status).toBe(202)
    const { id } = (await started.json()) as { id: string }
    let job: { status: string; inserted?: number } = { status: 'queued' }
    for (let i = 0; i < 300 && job.status !== 'succeeded' && job.status !== 'failed'; i++) {
      const res = await fetch(`${b}/api/v1/imports/${id}`, { headers: { cookie: s.cookie } })
      expect(res.status).toBe(200)
      job = (await res.json()) as typeof job
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(job).toMatchObject({ status: 'succeeded', inserted: 6 })
  })

  it('a write through one instance changes the other instance’s tile ETag and cached hex table', async () => {
    const s = await signIn(a, 'leada@test.test')
    const tile = '/tiles/hexbins/12/2046/1361.mvt?from=2026-03&to=2026-03'
    const first = await fetch(`${b}${tile}`, { headers: { cookie: s.cookie } })
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')!
    const features = Number(first.headers.get('x-tile-features'))
    expect((await fetch(`${b}${tile}`, { headers: { cookie: s.cookie, 'if-none-match': etag } })).status).toBe(304)
    const created = await postReferral(a, s, {
      externalId: `MI-${randomBytes(3).toString('hex')}`,
      fundingBorough: WESTMINSTER,
      on: '2026-03-02',
      lon: -0.1626,
      lat: 51.5205,
    })
    expect(created.status).toBe(201)
    const after = await fetch(`${b}${tile}`, { headers: { cookie: s.cookie, 'if-none-match': etag } })
    expect(after.status).toBe(200)
    expect(after.headers.get('etag')).not.toBe(etag)
    expect(Number(after.headers.get('x-tile-features'))).toBeGreaterThanOrEqual(features === 0 ? 1 : features)
  })

  it('a write through one instance is in the next answer of the other, though that instance keeps answers per data version', async () => {
    const s = await signIn(a, 'leada@test.test')
    const path = '/api/v1/stats/counts?geography=borough&from=2026-04&to=2026-04'
    const total = async () => {
      const res = await fetch(`${b}${path}`, { headers: { cookie: s.cookie } })
      expect(res.status).toBe(200)
      return ((await res.json()) as { totals: { count: number } }).totals.count
    }
    const before = await total()
    expect(await total(), 'asked again: the kept answer, the same').toBe(before)
    const created = await postReferral(a, s, {
      externalId: `MI-${randomBytes(3).toString('hex')}`,
      fundingBorough: WESTMINSTER,
      on: '2026-04-02',
      lon: -0.1626,
      lat: 51.5205,
    })
    expect(created.status).toBe(201)
    expect(await total(), 'a lead counts exactly: one more referral in April').toBe(before + 1)
  })
})
