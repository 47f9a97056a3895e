import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { withDatabase } from '../../server/db/admin.js'
import { openPostgres, type Database } from '../../server/db/database.js'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { testDbInfo } from '../helpers/db.js'
import { TEST_PASSWORD, type Client } from '../helpers/world.js'
import { SESSION_COOKIE } from '../../server/auth/tokens.js'
import { tileAt, tileUrl } from './decode.js'

/**
 * A lead's or caseworker's exact points tile with ST_AsMVT is one statement
 * (tile_points_exact_request, migration 0025): the session check, the scope, the tile and its audit
 * record. It must answer the same tile, ETag and audit record as the transaction path, check the
 * session in that statement (a sign-out on another instance ends it at once), and write nothing
 * for a session that is gone. PGlite has no ST_AsMVT (the JavaScript encoder keeps the
 * transaction path), so this runs on the server backend.
 */
const server = testDbInfo().backend !== 'pglite'
const RANGE = 'from=2026-01&to=2026-06'
const MARYLEBONE = tileAt(-0.155, 51.52, 14)
const url = tileUrl('points', MARYLEBONE, RANGE)

/**
 * Database round trips made by `f` on the request login's connections (the service's own jobs, such
 * as the audit fold every second, run as the owner and are not counted).
 */
async function roundTrips<T>(f: () => Promise<T>): Promise<{ value: T; trips: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }
  const original = proto.query
  const trips: string[] = []
  proto.query = function (this: { user?: string }, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined
    if (this.user === 'crossborough_app') trips.push((typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 60))
    return original.apply(this, args)
  }
  try {
    return { value: await f(), trips }
  } finally {
    proto.query = original
  }
}

describe.skipIf(!server)('exact points tile in one statement (server backend)', { timeout: 180_000 }, () => {
  let t: TestApp
  let second: Database
  let other: FastifyInstance
  let lead: Client

  /** Read records of this tile by `user`, folded into the chain or not yet. */
  const reads = async (user: string) => {
    const { rows } = await sql<{ row_count: string }>`
      select row_count::text from (
        select user_id, detail, row_count from audit_pending union all select user_id, detail, row_count from audit_log) a
      where a.user_id = ${user}::uuid and a.detail->>'tile' = ${`${MARYLEBONE.z}/${MARYLEBONE.x}/${MARYLEBONE.y}`} and a.detail->>'layer' = 'points'`.execute(
      t.database.system,
    )
    return rows.map((r) => Number(r.row_count))
  }

  beforeAll(async () => {
    t = await createTestApp()
    await seedReferrals(t.database.system, t.world.orgs)
    // A second instance: its own pools and memory on the same database.
    const name = (await t.database.system.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('d')).executeTakeFirstOrThrow()).d
    second = openPostgres(withDatabase(testDbInfo().adminUrl!, name), 4, { appRole: true })
    other = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database: second, web: false })
    await other.ready()
    lead = await t.world.as('leadA')
  }, 180_000)
  afterAll(async () => {
    await other?.close()
    await second?.close()
    await t?.close()
  })

  it('answers the same tile, ETag and audit record as the transaction path, in one round trip once the session is known', async () => {
    const first = await lead.get(url) // the hook looks the session up and remembers it
    expect(first.statusCode).toBe(200)
    const features = Number(first.headers['x-tile-features'])
    expect(features).toBeGreaterThan(5)
    const { value: one, trips } = await roundTrips(() => lead.get(url))
    expect(one.statusCode).toBe(200)
    expect(trips).toHaveLength(1)
    expect(trips[0]).toMatch(/tile_points_exact_request/)
    // An If-None-Match that does not match takes the transaction path (pointsTile in req.scoped).
    const { value: viaTransaction, trips: more } = await roundTrips(() => lead.inject({ method: 'GET', url, headers: { 'if-none-match': '"not-this"' } }))
    expect(viaTransaction.statusCode).toBe(200)
    expect(more.some((s) => /request_scope/.test(s))).toBe(true)
    expect(one.rawPayload.equals(viaTransaction.rawPayload)).toBe(true)
    expect(one.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(one.headers.etag).toBe(viaTransaction.headers.etag)
    expect(one.headers['cache-control']).toBe('no-store')
    // The ETag of the one statement revalidates through the transaction path.
    expect((await lead.inject({ method: 'GET', url, headers: { 'if-none-match': String(one.headers.etag) } })).statusCode).toBe(304)
    // Three tiles read, three records, each with the tile's feature count (the 304 read nothing).
    expect(await reads(t.world.users.leadA)).toEqual([features, features, features])
    const { rows } = await sql<{ ok: boolean }>`select ok from audit_pending_verify()`.execute(t.database.system)
    expect(rows[0]!.ok).toBe(true)
  })

  it('gives a caseworker only their caseload in one statement, the lead the whole organisation', async () => {
    const cw = await t.world.as('caseworkerA')
    await sql`update referrals set caseworker_id = ${t.world.users.caseworkerA}::uuid
              where organisation_id = ${t.world.orgs.A}::uuid and external_id like '%3'`.execute(t.database.system)
    await cw.get(url)
    const { value: res, trips } = await roundTrips(() => cw.get(url))
    expect(trips).toHaveLength(1)
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.caseworker_id = ${t.world.users.caseworkerA}::uuid and not r.restricted
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
        and ST_Transform(l.geom, 3857) && ST_TileEnvelope(${MARYLEBONE.z}::int, ${MARYLEBONE.x}::int, ${MARYLEBONE.y}::int, margin => 64.0 / 4096)`.execute(
      t.database.system,
    )
    expect(Number(res.headers['x-tile-features'])).toBe(rows[0]!.n)
    expect(rows[0]!.n).toBeLessThan(Number((await lead.get(url)).headers['x-tile-features']))
  })

  it('ends a remembered session at once when it is signed out on another instance, reading and recording nothing', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'leada@test.test', password: TEST_PASSWORD } })
    expect(signIn.statusCode).toBe(200)
    const session = signIn.cookies.find((c) => c.name === SESSION_COOKIE)!
    const csrf = (signIn.json() as { csrfToken: string }).csrfToken
    const onOther = () => other.inject({ method: 'GET', url, cookies: { [SESSION_COOKIE]: session.value } })
    expect((await onOther()).statusCode).toBe(200) // looked up and remembered by the other instance
    expect((await onOther()).statusCode).toBe(200) // from memory, checked in the statement
    const before = await reads(t.world.users.leadA)
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      cookies: { [SESSION_COOKIE]: session.value },
      headers: { 'x-csrf-token': csrf },
    })
    expect(out.statusCode).toBeLessThan(300)
    const gone = await onOther()
    expect(gone.statusCode).toBe(401)
    expect(gone.headers['content-type']).toMatch(/application\/problem\+json/)
    expect(await reads(t.world.users.leadA)).toEqual(before)
    expect((await onOther()).statusCode).toBe(401)
    // A request the tile would refuse (to before from) is still first of all a session that is gone.
    const backwards = await other.inject({
      method: 'GET',
      url: tileUrl('points', MARYLEBONE, 'from=2026-06&to=2026-01'),
      cookies: { [SESSION_COOKIE]: session.value },
    })
    expect(backwards.statusCode).toBe(401)
  })
})
