import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { TEST_PASSWORD } from '../helpers/world.js'

/**
 * HTTP Basic for GIS clients: a partner token as the password (any username) acts exactly as the
 * bearer token, audited the same; email and password only where ALLOW_BASIC_PASSWORD is set, through
 * the sign-in throttling; every 401 carries WWW-Authenticate (Basic and Bearer; Bearer only to
 * scripts in a browser page); Basic is refused for state changes.
 */

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
/** A month inside the test agreement (today ± 30 days). */
const month = new Date().toISOString().slice(0, 7)
const COUNTS = `/api/v1/stats/counts?geography=borough&from=${month}&to=${month}`

function expectChallenge(res: { statusCode: number; headers: Record<string, unknown> }, basicToo = true) {
  expect(res.statusCode).toBe(401)
  const h = ([] as string[]).concat(res.headers['www-authenticate'] as string | string[])
  expect(h.some((v) => /^Bearer realm="crossborough"/.test(v))).toBe(true)
  expect(h.some((v) => /^Basic realm="crossborough"/.test(v))).toBe(basicToo)
}

let t: TestApp
let withPasswords: TestApp
beforeAll(async () => {
  t = await createTestApp()
  withPasswords = await createTestApp({ ALLOW_BASIC_PASSWORD: 'true', LOGIN_MAX_FAILURES: '3' })
}, 240_000)
afterAll(async () => {
  await t?.close()
  await withPasswords?.close()
})

const auditOf = async (app: TestApp, action: string) =>
  (
    await sql<{ detail: Record<string, unknown>; user_id: string | null }>`
    select detail, user_id::text from audit_log where action = ${action} order by id`.execute(app.database.system)
  ).rows

describe('Basic with a partner token', () => {
  it('answers as the bearer token does, whatever the username, and is audited as a partner read', async () => {
    const bearer = await t.app.inject({ url: COUNTS, headers: { authorization: `Bearer ${t.world.partnerToken}` } })
    expect(bearer.statusCode).toBe(200)
    const before = (await auditOf(t, 'partner.read')).length
    for (const user of ['anything', '', 'partner@test.test']) {
      const res = await t.app.inject({ url: COUNTS, headers: { authorization: basic(user, t.world.partnerToken) } })
      expect(res.statusCode, user).toBe(200)
      expect(res.json()).toEqual(bearer.json())
    }
    const reads = (await auditOf(t, 'partner.read')).slice(before)
    expect(reads).toHaveLength(3)
    expect(reads.every((r) => r.detail.via === 'token' && r.detail.owner === t.world.orgs.A)).toBe(true)
  })

  it('on a public route: valid credentials are not refused, invalid ones are 401 with the challenge', async () => {
    const ok = await t.app.inject({ url: '/ogc/collections', headers: { authorization: basic('x', t.world.partnerToken) } })
    expect(ok.statusCode).toBe(200)
    const bad = await t.app.inject({ url: '/ogc/collections', headers: { authorization: basic('x', 'cbp_not-a-real-token') } })
    expectChallenge(bad)
    expect(bad.headers['content-type']).toContain('application/problem+json')
    expect((await t.app.inject({ url: '/tiles/areas/0/0/0.mvt', headers: { authorization: basic('x', 'cbp_nope') } })).statusCode).toBe(401)
  })

  it('is refused for state changes (a browser may send remembered Basic credentials by itself)', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session/agreement',
      payload: { agreementId: t.world.agreementId },
      headers: { authorization: basic('x', t.world.partnerToken) },
    })
    expect(res.statusCode).toBe(403)
    expect(res.json().detail).toMatch(/Basic sign-in is for reading/)
  })

  it('a malformed Basic header is 401 naming the expected form', async () => {
    const res = await t.app.inject({ url: COUNTS, headers: { authorization: 'Basic' } })
    expectChallenge(res)
    expect(res.json().detail).toMatch(/Basic base64\(username:password\)/)
  })
})

describe('WWW-Authenticate on every 401', () => {
  it('without credentials, with a bad bearer token (named invalid_token), and from the sign-in route', async () => {
    expectChallenge(await t.app.inject({ url: COUNTS }))
    const bad = await t.app.inject({ url: COUNTS, headers: { authorization: 'Bearer cbp_nope' } })
    expectChallenge(bad)
    expect(String(bad.headers['www-authenticate'])).toMatch(/error="invalid_token"/)
    expectChallenge(await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'leada@test.test', password: 'wrong password!' } }))
  })

  it('gives scripts in a browser page only the Bearer challenge (no browser sign-in box over the web app)', async () => {
    expectChallenge(await t.app.inject({ url: COUNTS, headers: { 'sec-fetch-mode': 'cors' } }), false)
    expectChallenge(await t.app.inject({ url: '/api/v1/me', headers: { 'sec-fetch-mode': 'same-origin' } }), false)
    // A person opening the URL in the browser may sign in with Basic.
    expectChallenge(await t.app.inject({ url: COUNTS, headers: { 'sec-fetch-mode': 'navigate' } }), true)
  })
})

describe('Basic with email and password', () => {
  it('is refused unless the operator enabled it, and nothing is signed in', async () => {
    const res = await t.app.inject({ url: '/api/v1/me', headers: { authorization: basic('leada@test.test', TEST_PASSWORD) } })
    expectChallenge(res)
    expect(res.json().detail).toMatch(/ALLOW_BASIC_PASSWORD/)
    expect((await auditOf(t, 'login.success')).filter((r) => r.detail.via === 'basic')).toEqual([])
  })

  it('where enabled: the person, audited once per verification; wrong passwords counted and throttled as sign-ins are', async () => {
    const a = withPasswords
    const me = await a.app.inject({ url: '/api/v1/me', headers: { authorization: basic('LeadA@test.test', TEST_PASSWORD) } })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ role: 'lead', organisation: { id: a.world.orgs.A } })
    expect((await a.app.inject({ url: COUNTS, headers: { authorization: basic('leada@test.test', TEST_PASSWORD) } })).statusCode).toBe(200)
    const successes = (await auditOf(a, 'login.success')).filter((r) => r.detail.via === 'basic')
    expect(successes).toHaveLength(1)
    expect(successes[0]!.user_id).toBe(a.world.users.leadA)

    // LOGIN_MAX_FAILURES = 3: three wrong passwords, then the right one is throttled too.
    const email = 'caseworkera2@test.test'
    for (let i = 0; i < 3; i++) expectChallenge(await a.app.inject({ url: '/api/v1/me', headers: { authorization: basic(email, `wrong ${i}`) } }))
    const throttled = await a.app.inject({ url: '/api/v1/me', headers: { authorization: basic(email, TEST_PASSWORD) } })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.json().code).toBe('sign-in-throttled')
    const failures = (await auditOf(a, 'login.failure')).filter((r) => r.detail.email === email)
    expect(failures).toHaveLength(3)
    expect(failures.every((r) => r.detail.via === 'basic')).toBe(true)
    expect((await auditOf(a, 'login.throttled')).some((r) => r.detail.email === email && r.detail.via === 'basic')).toBe(true)
  })

  it('where enabled: a disabled account stops at once, even within the verified window', async () => {
    const a = withPasswords
    const auth = { authorization: basic('commissionera@test.test', TEST_PASSWORD) }
    expect((await a.app.inject({ url: '/api/v1/me', headers: auth })).statusCode).toBe(200)
    await sql`update users set disabled = true where id = ${a.world.users.commissionerA}::uuid`.execute(a.database.system)
    expectChallenge(await a.app.inject({ url: '/api/v1/me', headers: auth }))
  })
})
