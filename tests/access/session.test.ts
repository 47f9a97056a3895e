import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SESSION_COOKIE } from '../../server/auth/tokens.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { TEST_PASSWORD } from '../helpers/world.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_FAILURES: '3' })
})
afterAll(() => t?.close())

const signIn = (email: string, password: string, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress })

describe('sessions', () => {
  it('signs in with an HttpOnly, SameSite=Strict cookie and returns the CSRF token; /me answers with it', async () => {
    const res = await signIn('leada@test.test', TEST_PASSWORD)
    expect(res.statusCode).toBe(200)
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(cookie.secure).toBeFalsy()
    const body = res.json()
    expect(body).toMatchObject({ role: 'lead', user: { email: 'leada@test.test' }, organisation: { name: 'Test organisation A' } })
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie.value } })
    expect(me.statusCode).toBe(200)
    expect(me.json().csrfToken).toBe(body.csrfToken)

    const noCsrf = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { [SESSION_COOKIE]: cookie.value } })
    expect(noCsrf.statusCode).toBe(403)
    expect(noCsrf.json().code).toBe('csrf-failed')
    const wrongCsrf = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      cookies: { [SESSION_COOKIE]: cookie.value },
      headers: { 'x-csrf-token': 'x'.repeat(43) },
    })
    expect(wrongCsrf.statusCode).toBe(403)
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      cookies: { [SESSION_COOKIE]: cookie.value },
      headers: { 'x-csrf-token': body.csrfToken },
    })
    expect(out.statusCode).toBe(204)
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { [SESSION_COOKIE]: cookie.value } })
    expect(after.statusCode).toBe(401)
    expect(after.headers['content-type']).toContain('application/problem+json')
  })

  it('answers 401 for a wrong password; after 3 failures that email is throttled (429) from that address only, and no account is locked', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn('caseworkera2@test.test', 'wrong password!')).statusCode).toBe(401)
    const fourth = await signIn('caseworkera2@test.test', TEST_PASSWORD)
    expect(fourth.statusCode).toBe(429)
    expect(fourth.json().code).toBe('sign-in-throttled')
    expect((await signIn('caseworkera2@test.test', TEST_PASSWORD, '127.0.0.2')).statusCode).toBe(200)
    expect((await signIn('nobody@test.test', TEST_PASSWORD)).statusCode).toBe(401)
  })

  it('partner tokens: a bearer token acts under its agreement; unknown tokens are 401', async () => {
    const me = await t.world.withToken(t.world.partnerToken).get('/api/v1/me')
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ role: 'partner', user: null, csrfToken: null, agreement: { id: t.world.agreementId, inForce: true } })
    expect((await t.world.withToken('cbp_nonsense').get('/api/v1/me')).statusCode).toBe(401)
  })

  it('stats/counts: a lead sees exact counts, a commissioner suppressed ones', async () => {
    const lead = await t.world.as('leadA')
    const res = await lead.get('/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-03')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ k: null, totals: { count: 0 } })
    const commissioner = await t.world.as('commissionerA')
    const c = await commissioner.get('/api/v1/stats/counts?geography=ward&from=2026-01&to=2026-03&by=month')
    expect(c.statusCode).toBe(200)
    expect(c.json().k).toBe(5)
    expect((await commissioner.get('/api/v1/referrals')).statusCode).toBe(403)
  })
})
