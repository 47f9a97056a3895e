import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { BRENT, WESTMINSTER, type Client } from '../helpers/world.js'

let t: TestApp
let admin: Client
/** A second admin of organisation A: grants need another admin's approval (tests/access/approvals.test.ts). */
let admin2: Client
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.world.as('adminA')
  admin2 = (await t.world.addPerson('adminA2', 'A', 'admin')).client
})
afterAll(() => t?.close())

describe('admin: users, agreements, tokens, audit', () => {
  it('creates a commissioner scoped to boroughs, who can then sign in; lists only its own organisation', async () => {
    const res = await admin.post('/api/v1/users', {
      email: 'New.Commissioner@Test.test',
      displayName: 'New',
      role: 'commissioner',
      password: 'a long enough password',
      boroughs: [BRENT],
    })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ email: 'new.commissioner@test.test', role: 'commissioner', boroughs: [BRENT], disabled: false })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'new.commissioner@test.test', password: 'a long enough password' },
    })
    expect(login.statusCode).toBe(200)
    expect(login.json()).toMatchObject({ role: 'commissioner', boroughs: [BRENT] })
    const list = (await admin.get('/api/v1/users')).json().items as Array<{ email: string }>
    expect(list.map((u) => u.email)).toContain('leada@test.test')
    expect(list.map((u) => u.email)).not.toContain('leadb@test.test')
    const dup = await admin.post('/api/v1/users', {
      email: 'new.commissioner@test.test',
      displayName: 'Again',
      role: 'lead',
      password: 'a long enough password',
    })
    expect(dup.statusCode).toBe(409)
    const scopedLead = await admin.post('/api/v1/users', {
      email: 'x@test.test',
      displayName: 'X',
      role: 'lead',
      password: 'a long enough password',
      boroughs: [BRENT],
    })
    expect(scopedLead.statusCode).toBe(400)
    expect(scopedLead.json().errors[0].field).toBe('boroughs')
  })

  it('disables a user of its organisation (their session ends) but not one of another organisation', async () => {
    const cw = await t.world.as('caseworkerA2')
    expect((await cw.get('/api/v1/me')).statusCode).toBe(200)
    const res = await admin.patch(`/api/v1/users/${t.world.users.caseworkerA2}`, { disabled: true })
    expect(res.statusCode).toBe(200)
    expect((await cw.get('/api/v1/me')).statusCode).toBe(401)
    expect((await admin.patch(`/api/v1/users/${t.world.users.leadB}`, { disabled: true })).statusCode).toBe(404)
  })

  it('makes an agreement, issues a token that works (each approved by a second admin), and revokes it', async () => {
    const requested = await admin.post('/api/v1/agreements', {
      name: 'Schools data',
      partnerOrganisation: 'A school trust (test)',
      boroughs: [WESTMINSTER],
      level: 'aggregate',
      fields: ['ageBand'],
      k: 7,
      validFrom: '2026-01-01',
      validUntil: '2099-12-31',
    })
    expect(requested.statusCode, requested.body).toBe(202)
    expect(requested.json()).toMatchObject({ kind: 'agreement.create', status: 'pending', mine: true })
    const approved = await admin2.post(`/api/v1/approvals/${requested.json().id}/approve`)
    expect(approved.statusCode, approved.body).toBe(200)
    const agreement = (await admin.get(`/api/v1/agreements/${approved.json().resultId}`)).json()
    expect(agreement).toMatchObject({ level: 'aggregate', k: 7, inForce: true, partnerOrganisation: { name: 'A school trust (test)' } })
    const tokRequest = await admin.post(`/api/v1/agreements/${agreement.id}/tokens`, { name: 'QGIS', days: 30 })
    expect(tokRequest.statusCode, tokRequest.body).toBe(202)
    expect((await admin2.post(`/api/v1/approvals/${tokRequest.json().id}/approve`)).statusCode).toBe(200)
    const tok = await admin.post(`/api/v1/approvals/${tokRequest.json().id}/token`)
    expect(tok.statusCode, tok.body).toBe(201)
    const { token, id } = tok.json()
    expect(token).toMatch(/^cbp_/)
    const partner = t.world.withToken(token)
    const me = await partner.get('/api/v1/me')
    expect(me.json()).toMatchObject({ role: 'partner', boroughs: [WESTMINSTER], agreement: { id: agreement.id, k: 7 } })
    const listed = (await admin.get(`/api/v1/agreements/${agreement.id}/tokens`)).json().items
    expect(listed).toHaveLength(1)
    expect(JSON.stringify(listed)).not.toContain(token)
    expect((await admin.del(`/api/v1/agreements/${agreement.id}/tokens/${id}`)).statusCode).toBe(204)
    expect((await partner.get('/api/v1/me')).statusCode).toBe(401)
    const ended = await admin.patch(`/api/v1/agreements/${agreement.id}`, { validUntil: '2026-01-01' })
    expect(ended.json().inForce).toBe(false)
  })

  it("lists its organisation's audit entries (logins, admin changes) and verifies the chain", async () => {
    const page = (await admin.get('/api/v1/audit?limit=500')).json()
    const actions = page.items.map((e: { action: string }) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'users.create',
        'users.update',
        'agreements.create',
        'tokens.create',
        'tokens.reveal',
        'tokens.revoke',
        'approvals.request',
        'approvals.approve',
        'login.success',
      ]),
    )
    const verify = await admin.get('/api/v1/audit/verify')
    expect(verify.statusCode).toBe(200)
    expect(verify.json()).toMatchObject({ ok: true })
    expect(verify.json().rows).toBeGreaterThan(5)
    const lead = await t.world.as('leadA')
    expect((await lead.get('/api/v1/audit')).statusCode).toBe(403)
    const adminB = await t.world.as('adminB')
    const other = (await adminB.get('/api/v1/audit?limit=500')).json().items.map((e: { action: string }) => e.action)
    expect(other).not.toContain('agreements.create')
  })
})
