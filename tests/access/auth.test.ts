import { sql } from 'kysely'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../server/auth/auth.repository.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../../server/auth/tokens.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { TEST_PASSWORD, type Who } from '../helpers/world.js'
import { exampleReferral, problemFields } from '../referrals/fixture.js'
import { ensureProgrammes } from './seed.js'

/**
 * Authentication over HTTP: CSRF on cookie-authenticated state changes, the sign-in rate limit,
 * lockout and its audit trail, disabled users, session expiry, security headers, and error
 * responses that never show a stack trace or SQL.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT: '1000' })
  await ensureProgrammes(t.database.system)
})
afterAll(() => t?.close())

/** A session of one of the test people, with its cookie and CSRF token kept apart so tests can leave either out. */
async function session(who: Who) {
  const secret = newSecret()
  await createSession(t.database.system, t.world.users[who], secretHash(secret), 60)
  const csrf = csrfTokenFor(secret)
  const send = (opts: InjectOptions, csrfHeader?: string) =>
    t.app.inject({
      ...opts,
      cookies: { [SESSION_COOKIE]: secret },
      headers: { ...(opts.headers ?? {}), ...(csrfHeader === undefined ? {} : { 'x-csrf-token': csrfHeader }) },
    })
  return { secret, csrf, send }
}

const signIn = (app: TestApp, email: string, password: string, remoteAddress = '127.0.0.1') =>
  app.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress })

function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toContain('application/problem+json')
  if (code) expect(res.json().code).toBe(code)
}

const countReferrals = async () => {
  const {
    rows: [r],
  } = await sql<{ n: number }>`select count(*)::int as n from referrals where organisation_id = ${t.world.orgs.A}::uuid`.execute(t.database.system)
  return r!.n
}

describe('CSRF', () => {
  it('a cookie-authenticated POST, PATCH or DELETE without the right x-csrf-token is 403 csrf-failed and writes nothing', async () => {
    const lead = await session('leadA')
    const other = await session('leadA')
    const body = exampleReferral()
    const post = (csrf?: string) => lead.send({ method: 'POST', url: '/api/v1/referrals', payload: body }, csrf)
    const before = await countReferrals()
    for (const csrf of [undefined, '', 'x'.repeat(43), other.csrf, lead.secret]) {
      expectProblem(await post(csrf), 403, 'csrf-failed')
    }
    expect(await countReferrals()).toBe(before)

    const created = await post(lead.csrf)
    expect(created.statusCode, created.body).toBe(201)
    expect(await countReferrals()).toBe(before + 1)
    const id = created.json().id as string
    const riskOf = async () =>
      (await sql<{ risk_level: string | null }>`select risk_level from referrals where id = ${id}::uuid`.execute(t.database.system)).rows[0]!.risk_level

    const patch = (csrf?: string) => lead.send({ method: 'PATCH', url: `/api/v1/referrals/${id}`, payload: { riskLevel: 'high' } }, csrf)
    for (const csrf of [undefined, other.csrf]) expectProblem(await patch(csrf), 403, 'csrf-failed')
    expect(await riskOf()).toBeNull()
    expect((await patch(lead.csrf)).statusCode).toBe(200)
    expect(await riskOf()).toBe('high')

    const addLocation = (csrf?: string) =>
      lead.send(
        {
          method: 'POST',
          url: `/api/v1/referrals/${id}/locations`,
          payload: { kind: 'school', lon: -0.2817, lat: 51.556, observedOn: '2026-03-12', precision: 'exact' },
        },
        csrf,
      )
    const locations = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from referral_locations where referral_id = ${id}::uuid`.execute(t.database.system)).rows[0]!.n
    const located = await locations()
    expectProblem(await addLocation(), 403, 'csrf-failed')
    expect(await locations()).toBe(located)
    expect((await addLocation(lead.csrf)).statusCode).toBe(201)
    expect(await locations()).toBe(located + 1)

    const del = (csrf?: string) => lead.send({ method: 'DELETE', url: `/api/v1/referrals/${id}` }, csrf)
    for (const csrf of [undefined, other.csrf]) expectProblem(await del(csrf), 403, 'csrf-failed')
    expect(await countReferrals()).toBe(before + 1)
    expect((await del(lead.csrf)).statusCode).toBe(204)
    expect(await countReferrals()).toBe(before)
  })

  it('safe methods need no CSRF token; a bearer-token request needs none either', async () => {
    const lead = await session('leadA')
    expect((await lead.send({ method: 'GET', url: '/api/v1/referrals' })).statusCode).toBe(200)
    expect((await lead.send({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200)

    const partner = t.world.withToken(t.world.partnerToken)
    // Past the CSRF check: refused for what it is (no session to end; a role that may not write), not for CSRF.
    const out = await partner.del('/api/v1/session')
    expectProblem(out, 400, 'bad-request')
    const write = await partner.post('/api/v1/referrals', exampleReferral())
    expectProblem(write, 403, 'forbidden')
    expect((await partner.get('/api/v1/me')).statusCode).toBe(200)
  })
})

describe('sign-in rate limit', () => {
  let limited: TestApp
  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_RATE_LIMIT: '3' })
  })
  afterAll(() => limited?.close())

  it('the 4th attempt within the minute is 429 problem+json with retry-after, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expectProblem(await signIn(limited, 'leada@test.test', `wrong password ${i}`), 401, 'invalid-credentials')
    const fourth = await signIn(limited, 'leada@test.test', TEST_PASSWORD)
    expectProblem(fourth, 429, 'rate-limited')
    const retryAfter = Number(fourth.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(fourth.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()
    // Other routes are not limited.
    expect((await limited.app.inject({ method: 'GET', url: '/api/v1/meta' })).statusCode).toBe(200)
  })
})

describe('throttling, disabled users and session expiry', () => {
  const auditRows = async (userId: string) =>
    (
      await sql<{ action: string; detail: Record<string, unknown> }>`
      select action, detail from audit_log where user_id = ${userId}::uuid and action like 'login.%' order by id`.execute(t.database.system)
    ).rows

  it('after LOGIN_MAX_FAILURES wrong passwords from one address, that address is throttled (429) for that email even with the right password; the account is not locked; the audit log holds it all', async () => {
    const email = 'caseworkera2@test.test'
    for (let i = 0; i < 3; i++) expectProblem(await signIn(t, email, 'wrong password!'), 401, 'invalid-credentials')
    const right = await signIn(t, email, TEST_PASSWORD)
    expectProblem(right, 429, 'sign-in-throttled')
    expect(right.cookies.find((c) => c.name === SESSION_COOKIE)).toBeUndefined()

    const rows = await auditRows(t.world.users.caseworkerA2)
    expect(rows.filter((r) => r.action === 'login.failure')).toHaveLength(3)
    expect(rows.filter((r) => r.action === 'login.throttled')).toHaveLength(1)
    expect(rows.some((r) => r.action === 'login.success')).toBe(false)
    expect(rows[0]!.detail).toMatchObject({ email, reason: 'wrong password' })
    const {
      rows: [u],
    } = await sql<{ locked: boolean }>`
      select coalesce(locked_until > now(), false) as locked from users where id = ${t.world.users.caseworkerA2}::uuid`.execute(t.database.system)
    expect(u).toMatchObject({ locked: false })
    const {
      rows: [s],
    } = await sql<{ n: number }>`select count(*)::int as n from sessions where user_id = ${t.world.users.caseworkerA2}::uuid`.execute(t.database.system)
    expect(s!.n).toBe(0)
    // The owner, from their own address, is not locked out.
    expect((await signIn(t, email, TEST_PASSWORD, '127.0.0.9')).statusCode).toBe(200)
  })

  it('a successful sign-in is audited and resets the failure count', async () => {
    expectProblem(await signIn(t, 'leadb@test.test', 'wrong password!'), 401)
    expect((await signIn(t, 'leadb@test.test', TEST_PASSWORD)).statusCode).toBe(200)
    const rows = await auditRows(t.world.users.leadB)
    expect(rows.map((r) => r.action)).toEqual(['login.failure', 'login.success'])
    expect((await signIn(t, 'leadb@test.test', 'wrong password!')).statusCode).toBe(401)
    expect((await signIn(t, 'leadb@test.test', 'wrong password!')).statusCode).toBe(401)
    expect((await signIn(t, 'leadb@test.test', TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('a disabled user cannot sign in, and their open sessions stop working', async () => {
    const open = await session('caseworkerB')
    expect((await open.send({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200)
    await sql`update users set disabled = true where id = ${t.world.users.caseworkerB}::uuid`.execute(t.database.system)
    expectProblem(await signIn(t, 'caseworkerb@test.test', TEST_PASSWORD), 401, 'invalid-credentials')
    expectProblem(await open.send({ method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated')
    expectProblem(await open.send({ method: 'GET', url: '/api/v1/referrals' }), 401, 'unauthenticated')
    const rows = await auditRows(t.world.users.caseworkerB)
    expect(rows.at(-1)).toMatchObject({ action: 'login.failure', detail: { reason: 'disabled' } })
  })

  it('an expired session is 401, for reads and writes', async () => {
    const s = await session('adminB')
    expect((await s.send({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(200)
    await sql`update sessions set expires_at = now() - interval '1 minute' where token_hash = ${secretHash(s.secret)}`.execute(t.database.system)
    expectProblem(await s.send({ method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated')
    expectProblem(await s.send({ method: 'DELETE', url: '/api/v1/session' }, s.csrf), 401, 'unauthenticated')
    // Using it does not bring it back.
    expectProblem(await s.send({ method: 'GET', url: '/api/v1/me' }), 401, 'unauthenticated')
  })
})

describe('security headers', () => {
  const expectHeaders = (res: LightMyRequestResponse) => {
    const csp = String(res.headers['content-security-policy'])
    const workerSrc = csp
      .split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('worker-src '))
    expect(workerSrc, csp).toBeDefined()
    expect(workerSrc!.split(/\s+/)).toContain('blob:')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin')
  }

  it('on an API response, on /api/v1/meta and on an error', async () => {
    const lead = await t.world.as('leadA')
    const me = await lead.get('/api/v1/me')
    expect(me.statusCode).toBe(200)
    expectHeaders(me)
    const meta = await t.world.anonymous.get('/api/v1/meta')
    expect(meta.statusCode).toBe(200)
    expectHeaders(meta)
    const denied = await t.world.anonymous.get('/api/v1/referrals')
    expectProblem(denied, 401, 'unauthenticated')
    expectHeaders(denied)
  })
})

describe('error responses', () => {
  /** What must never reach a client: stack frames, source paths, SQL, database messages. */
  const LEAKS = [
    /\bat\s+\S+\s+\(/,
    /\.(ts|js|mjs|cjs):\d+/,
    /node_modules/,
    /\bselect\b[\s\S]*\bfrom\b/i,
    /\binsert\s+into\b/i,
    /\bupdate\s+\w+\s+set\b/i,
    /violates/i,
    /constraint/i,
    /relation "/i,
    /syntax error/i,
    /\bSQLSTATE\b/i,
    /\bpg_/i,
    /stack/i,
    /Error:/,
  ]

  const expectClean = (res: LightMyRequestResponse, status: number, code: string) => {
    expectProblem(res, status, code)
    const body = res.json() as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['code', 'detail', 'status', 'title', 'type']))
    expect(body).not.toHaveProperty('stack')
    for (const leak of LEAKS) expect(res.body, `${res.body} matches ${leak}`).not.toMatch(leak)
  }

  it('invalid input, unknown fields, bad JSON, wrong media type, duplicates and unknown routes', async () => {
    const lead = await t.world.as('leadA')
    const uuid = await lead.get('/api/v1/referrals/not-a-uuid')
    expectClean(uuid, 400, 'validation-failed')
    expect(problemFields(uuid)).toContain('id')

    const unknown = await lead.post('/api/v1/referrals', { ...exampleReferral(), nationalInsurance: 'QQ123456C' })
    expectClean(unknown, 400, 'validation-failed')
    expect(problemFields(unknown)).toContain('nationalInsurance')
    const nested = await lead.post(
      '/api/v1/referrals',
      exampleReferral({
        locations: [{ kind: 'home', lon: -0.2, lat: 51.5, observedOn: '2026-03-01', precision: 'exact', address: '1 High St' }],
      }),
    )
    expectClean(nested, 400, 'validation-failed')
    expect(problemFields(nested)).toContain('locations[0].address')

    const badJson = await lead.inject({ method: 'POST', url: '/api/v1/referrals', payload: '{"externalId": ', headers: { 'content-type': 'application/json' } })
    expectClean(badJson, 400, 'bad-request')
    const text = await lead.inject({ method: 'POST', url: '/api/v1/referrals', payload: '<referral/>', headers: { 'content-type': 'application/xml' } })
    expectClean(text, 415, 'unsupported-media-type')

    const first = exampleReferral()
    expect((await lead.post('/api/v1/referrals', first)).statusCode).toBe(201)
    expectClean(await lead.post('/api/v1/referrals', first), 409, 'conflict')

    const programme = await lead.post('/api/v1/referrals', exampleReferral({ programme: 'no-such-programme' }))
    expect(programme.statusCode).toBeGreaterThanOrEqual(400)
    expect(programme.statusCode).toBeLessThan(500)
    expectClean(programme, programme.statusCode, programme.json().code)

    const stats = await lead.get('/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-02&ageBand=99')
    expectClean(stats, 400, 'validation-failed')
    expectClean(await lead.get('/api/v1/no-such-thing'), 404, 'route-not-found')
  })

  it('a JSON body over 1 MiB is 413 problem+json, and nothing is written', async () => {
    const lead = await t.world.as('leadA')
    const before = await countReferrals()
    const payload = JSON.stringify({ ...exampleReferral(), notes: 'x'.repeat(1024 * 1024 + 1) })
    const res = await lead.inject({ method: 'POST', url: '/api/v1/referrals', payload, headers: { 'content-type': 'application/json' } })
    expectClean(res, 413, 'payload-too-large')
    expect(await countReferrals()).toBe(before)
  })
})
