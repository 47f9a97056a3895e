import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAgreement } from '../../server/auth/accounts.repository.js'
import { withActor } from '../../server/db/scoped.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { BRENT, TEST_PASSWORD, WESTMINSTER, type Client } from '../helpers/world.js'

/**
 * Separation of duties: the four grants — a casework (or admin) role, a wider borough
 * scope, a new or wider data-sharing agreement, a partner token — each need a second admin's
 * approval. For each: admin A1 requests (202, nothing applied), A1's own approval is refused (403
 * own-request, still nothing applied), admin A2 of the same organisation approves (applied in the
 * same transaction), a second decision is 409, an admin of another organisation sees no such
 * request (404). The database refuses self-approval and the grants themselves when the admin role
 * tries them directly. Narrowing applies at once.
 */

let t: TestApp
let a1: Client
let a2: Client
let a2Id: string
let adminB: Client

beforeAll(async () => {
  // The per-address request limit (@fastify/rate-limit) out of the way of the throttling tests.
  t = await createTestApp({ LOGIN_RATE_LIMIT: '1000' })
  a1 = await t.world.as('adminA')
  const second = await t.world.addPerson('adminA2', 'A', 'admin')
  a2 = second.client
  a2Id = second.id
  adminB = await t.world.as('adminB')
})
afterAll(() => t?.close())

const ok = (res: LightMyRequestResponse, status: number) => {
  expect(res.statusCode, res.body).toBe(status)
  return res.json()
}
const problem = (res: LightMyRequestResponse, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toContain('application/problem+json')
  expect(res.json().code).toBe(code)
}
const userRow = async (email: string) =>
  (await sql<{ id: string; role: string; boroughs: string[] | null }>`select id, role, boroughs from users where email = ${email}`.execute(t.database.system))
    .rows[0]

/** A1 requests; A1 cannot approve; B's admin cannot see it; A2 approves; a second approval is 409. Returns the decided request. */
async function onlyASecondAdminCompletes(request: { id: string; status: string; mine: boolean }, applied: () => Promise<boolean>) {
  expect(request).toMatchObject({ status: 'pending', mine: true })
  expect(await applied()).toBe(false)
  problem(await a1.post(`/api/v1/approvals/${request.id}/approve`), 403, 'own-request')
  problem(await a1.post(`/api/v1/approvals/${request.id}/reject`, {}), 403, 'own-request')
  problem(await adminB.post(`/api/v1/approvals/${request.id}/approve`), 404, 'not-found')
  expect(await applied()).toBe(false)
  const listed = ok(await a2.get('/api/v1/approvals?status=pending'), 200).items as Array<{ id: string; mine: boolean }>
  expect(listed.find((r) => r.id === request.id)).toMatchObject({ mine: false })
  const decided = ok(await a2.post(`/api/v1/approvals/${request.id}/approve`), 200)
  expect(decided).toMatchObject({ id: request.id, status: 'approved', decidedBy: { id: a2Id } })
  expect(await applied()).toBe(true)
  problem(await a2.post(`/api/v1/approvals/${request.id}/approve`), 409, 'not-pending')
  return decided as { resultId: string }
}

describe('granting a casework role', () => {
  it('a new lead exists only after a second admin approves; then they can sign in', async () => {
    const email = 'approved.lead@test.test'
    const request = ok(await a1.post('/api/v1/users', { email, displayName: 'Approved lead', role: 'lead', password: 'a long enough password' }), 202)
    expect(request).toMatchObject({ kind: 'user.create', change: { email, role: 'lead' } })
    expect(JSON.stringify(request)).not.toContain('a long enough password')
    const decided = await onlyASecondAdminCompletes(request, async () => (await userRow(email)) !== undefined)
    expect((await userRow(email))!.id).toBe(decided.resultId)
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: 'a long enough password' } })
    expect(login.statusCode).toBe(200)
    expect(login.json()).toMatchObject({ role: 'lead' })
    // The same email again, pending or made, is a conflict.
    problem(await a1.post('/api/v1/users', { email, displayName: 'Again', role: 'caseworker', password: 'a long enough password' }), 409, 'conflict')
  })

  it('a role change to caseworker (or admin) waits; a downgrade to commissioner applies at once', async () => {
    const email = 'to.caseworker@test.test'
    const made = ok(
      await a1.post('/api/v1/users', { email, displayName: 'Soon a caseworker', role: 'commissioner', password: 'a long enough password', boroughs: [BRENT] }),
      201,
    )
    const request = ok(await a1.patch(`/api/v1/users/${made.id}`, { role: 'caseworker', boroughs: null }), 202)
    expect(request).toMatchObject({ kind: 'user.change', targetId: made.id })
    await onlyASecondAdminCompletes(request, async () => (await userRow(email))!.role === 'caseworker')
    const down = ok(await a1.patch(`/api/v1/users/${made.id}`, { role: 'commissioner', boroughs: [WESTMINSTER] }), 200)
    expect(down).toMatchObject({ role: 'commissioner', boroughs: [WESTMINSTER] })
    // Making another admin is a grant too: otherwise one admin could make a second to approve their own requests.
    const promote = ok(await a1.patch(`/api/v1/users/${made.id}`, { role: 'admin', boroughs: null }), 202)
    expect((await userRow(email))!.role).toBe('commissioner')
    ok(await a1.post(`/api/v1/approvals/${promote.id}/withdraw`), 200)
  })
})

describe('widening a borough scope', () => {
  it('more boroughs, or every borough, waits for approval; fewer applies at once', async () => {
    const email = 'scoped.commissioner@test.test'
    const made = ok(
      await a1.post('/api/v1/users', { email, displayName: 'Scoped', role: 'commissioner', password: 'a long enough password', boroughs: [BRENT] }),
      201,
    )
    const wider = ok(await a1.patch(`/api/v1/users/${made.id}`, { boroughs: [BRENT, WESTMINSTER], displayName: 'Scoped, renamed' }), 202)
    // The name changed at once; the scope did not.
    expect((await a1.get('/api/v1/users')).json().items.find((u: { id: string }) => u.id === made.id)).toMatchObject({
      displayName: 'Scoped, renamed',
      boroughs: [BRENT],
    })
    await onlyASecondAdminCompletes(wider, async () => ((await userRow(email))!.boroughs ?? []).length === 2)
    const unscoped = ok(await a1.patch(`/api/v1/users/${made.id}`, { boroughs: null }), 202)
    await onlyASecondAdminCompletes(unscoped, async () => (await userRow(email))!.boroughs === null)
    const narrower = ok(await a1.patch(`/api/v1/users/${made.id}`, { boroughs: [WESTMINSTER] }), 200)
    expect(narrower.boroughs).toEqual([WESTMINSTER])
  })
})

describe('data-sharing agreements', () => {
  it('a new agreement, and widening one, wait for approval; narrowing applies at once', async () => {
    const body = {
      name: 'Approved sharing',
      partnerOrganisation: 'Test partner (YOT)',
      boroughs: [WESTMINSTER],
      level: 'aggregate',
      k: 8,
      validFrom: '2026-01-01',
      validUntil: '2026-01-31',
    }
    const request = ok(await a1.post('/api/v1/agreements', body), 202)
    expect(request).toMatchObject({ kind: 'agreement.create', change: { name: 'Approved sharing', k: 8 } })
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from agreements where name = 'Approved sharing'`.execute(t.database.system)).rows[0]!.n
    const decided = await onlyASecondAdminCompletes(request, async () => (await count()) === 1)
    const id = decided.resultId
    expect(ok(await a1.get(`/api/v1/agreements/${id}`), 200)).toMatchObject({ k: 8, boroughs: [WESTMINSTER], level: 'aggregate' })

    for (const widen of [{ boroughs: [WESTMINSTER, BRENT] }, { k: 5 }, { fields: ['ageBand'] }, { includeVictims: true }, { validUntil: '2026-02-28' }]) {
      const r = ok(await a1.patch(`/api/v1/agreements/${id}`, widen), 202)
      expect(r.kind).toBe('agreement.change')
      ok(await a1.post(`/api/v1/approvals/${r.id}/withdraw`), 200)
    }
    expect(ok(await a1.get(`/api/v1/agreements/${id}`), 200)).toMatchObject({
      k: 8,
      boroughs: [WESTMINSTER],
      fields: [],
      includeVictims: false,
      validUntil: '2026-01-31',
    })
    const lower = ok(await a1.patch(`/api/v1/agreements/${id}`, { k: 6 }), 202)
    await onlyASecondAdminCompletes(lower, async () => (await a1.get(`/api/v1/agreements/${id}`)).json().k === 6)
    expect(ok(await a1.patch(`/api/v1/agreements/${id}`, { k: 9, validUntil: '2026-01-15' }), 200)).toMatchObject({ k: 9, validUntil: '2026-01-15' })
  })
})

describe('partner tokens', () => {
  it('a token exists after approval, but only its requester can fetch the secret, once; it then acts as the partner', async () => {
    const request = ok(await a1.post(`/api/v1/agreements/${t.world.agreementId}/tokens`, { name: 'Approved token', days: 7 }), 202)
    const count = async () =>
      (await sql<{ n: number }>`select count(*)::int as n from api_tokens where name = 'Approved token'`.execute(t.database.system)).rows[0]!.n
    expect(request).toMatchObject({ kind: 'token.create', targetId: t.world.agreementId, tokenRevealed: null })
    problem(await a1.post(`/api/v1/approvals/${request.id}/token`), 409, 'not-pending')
    await onlyASecondAdminCompletes(request, async () => (await count()) === 1)
    // The approver never sees the secret.
    problem(await a2.post(`/api/v1/approvals/${request.id}/token`), 403, 'own-request')
    const issued = ok(await a1.post(`/api/v1/approvals/${request.id}/token`), 201)
    expect(issued.token).toMatch(/^cbp_/)
    problem(await a1.post(`/api/v1/approvals/${request.id}/token`), 409, 'not-pending')
    expect(ok(await a1.get(`/api/v1/approvals/${request.id}`), 200)).toMatchObject({ tokenRevealed: true })
    const me = ok(await t.world.withToken(issued.token).get('/api/v1/me'), 200)
    expect(me).toMatchObject({ role: 'partner', agreement: { id: t.world.agreementId } })
    const { rows } = await sql<{ user_id: string }>`select user_id from audit_log where action = 'tokens.reveal' and detail->>'id' = ${issued.id}`.execute(
      t.database.system,
    )
    expect(rows.map((r) => r.user_id)).toEqual([t.world.users.adminA])
  })
})

describe('rejecting and withdrawing', () => {
  it('a rejected or withdrawn request changes nothing and cannot be decided again; only the requester withdraws', async () => {
    const email = 'rejected.lead@test.test'
    const r1 = ok(await a1.post('/api/v1/users', { email, displayName: 'Rejected', role: 'lead', password: 'a long enough password' }), 202)
    problem(await a2.post(`/api/v1/approvals/${r1.id}/withdraw`), 403, 'own-request')
    const rejected = ok(await a2.post(`/api/v1/approvals/${r1.id}/reject`, { reason: 'No such post at the charity' }), 200)
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'No such post at the charity', decidedBy: { id: a2Id } })
    problem(await a2.post(`/api/v1/approvals/${r1.id}/approve`), 409, 'not-pending')
    expect(await userRow(email)).toBeUndefined()
    const r2 = ok(await a1.post('/api/v1/users', { email, displayName: 'Withdrawn', role: 'lead', password: 'a long enough password' }), 202)
    expect(ok(await a1.post(`/api/v1/approvals/${r2.id}/withdraw`), 200)).toMatchObject({ status: 'withdrawn' })
    problem(await a2.post(`/api/v1/approvals/${r2.id}/approve`), 409, 'not-pending')
    expect(await userRow(email)).toBeUndefined()
    const { rows } = await sql<{ action: string; user_id: string }>`
      select action, user_id from audit_log where detail->>'id' in (${r1.id}, ${r2.id}) and action like 'approvals.%' order by id`.execute(t.database.system)
    expect(rows).toEqual([
      { action: 'approvals.request', user_id: t.world.users.adminA },
      { action: 'approvals.reject', user_id: a2Id },
      { action: 'approvals.request', user_id: t.world.users.adminA },
      { action: 'approvals.withdraw', user_id: t.world.users.adminA },
    ])
  })
})

describe('the database enforces it too', () => {
  const adminA = () => ({ userId: t.world.users.adminA, organisationId: t.world.orgs.A, role: 'admin' as const, boroughs: null, agreementId: null })
  const refused = async (p: Promise<unknown>, code: string) => {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e as { code?: string },
    )
    expect(err, 'the statement should have been refused').toBeDefined()
    expect(err!.code).toBe(code)
  }

  it('approval_decide refuses the requester, called directly; a constraint refuses a self-approved row even to the owner', async () => {
    const r = ok(
      await a1.post('/api/v1/users', { email: 'direct@test.test', displayName: 'Direct', role: 'caseworker', password: 'a long enough password' }),
      202,
    )
    await refused(
      withActor(t.app.db, adminA(), (db) => sql`select approval_decide(${r.id}::uuid, true, null)`.execute(db)),
      '42501',
    )
    await refused(
      withActor(t.app.db, adminA(), (db) => sql`update approval_requests set status = 'approved' where id = ${r.id}::uuid`.execute(db)),
      '42501',
    )
    await refused(
      sql`update approval_requests set status = 'approved', decided_by = requested_by, decided_at = now() where id = ${r.id}::uuid`.execute(t.database.system),
      '23514',
    )
    expect(await userRow('direct@test.test')).toBeUndefined()
  })

  it('the admin role cannot write the grants itself: a casework user, a wider scope, an agreement, a token', async () => {
    const as = <T>(fn: (db: typeof t.app.db) => Promise<T>) => withActor(t.app.db, adminA(), fn)
    await refused(
      as((db) =>
        sql`insert into users (organisation_id, email, display_name, role, password_hash)
      values (${t.world.orgs.A}::uuid, 'sneaky@test.test', 'Sneaky', 'lead', 'x')`.execute(db),
      ),
      '42501',
    )
    await refused(
      as((db) => sql`update users set role = 'admin' where id = ${t.world.users.commissionerA}::uuid`.execute(db)),
      '42501',
    )
    await refused(
      as((db) => sql`update users set boroughs = null where id = ${t.world.users.commissionerA}::uuid`.execute(db)),
      '42501',
    )
    await refused(
      as((db) =>
        sql`insert into agreements (organisation_id, partner_organisation_id, name, boroughs, level, valid_from, valid_until)
      values (${t.world.orgs.A}::uuid, ${t.world.orgs.P}::uuid, 'Sneaky', ${[BRENT]}, 'generalised', current_date, current_date + 1)`.execute(db),
      ),
      '42501',
    )
    await refused(
      as((db) => sql`update agreements set k = 3 where id = ${t.world.agreementId}::uuid`.execute(db)),
      '42501',
    )
    await refused(
      as((db) =>
        sql`insert into api_tokens (token_hash, agreement_id, name, expires_at)
      values (sha256('x'), ${t.world.agreementId}::uuid, 'Sneaky', now() + interval '1 day')`.execute(db),
      ),
      '42501',
    )
    // Narrowing is allowed to the admin role directly.
    await as((db) => sql`update users set boroughs = ${[BRENT]} where id = ${t.world.users.commissionerA}::uuid`.execute(db))
    expect((await userRow('commissionera@test.test'))!.boroughs).toEqual([BRENT])
  })
})

describe('admins read no counts', () => {
  it('an admin gets 403 from stats/counts, and from every other counting route', async () => {
    for (const url of [
      '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-01',
      '/api/v1/stats/points?from=2026-01&to=2026-01',
      '/api/v1/analysis/hexbins?size=500&from=2026-01&to=2026-01',
      '/api/v1/reports/funding?basis=residence&from=2026-01&to=2026-01',
      '/api/v1/exports/referrals.csv',
      '/api/v1/referrals',
    ]) {
      problem(await a1.get(url), 403, 'forbidden')
    }
  })
})

describe('the audit trail of access', () => {
  it("the data owner's admins see a partner's reads (token and session); others do not", async () => {
    const url = '/api/v1/stats/points?from=2026-01&to=2026-01'
    ok(await t.world.withToken(t.world.partnerToken).get(url), 200)
    ok(await (await t.world.as('partner')).get(url), 200)
    const mine = ok(await a1.get('/api/v1/audit?action=partner.read&limit=50'), 200).items as Array<{
      organisationId: string
      role: string
      detail: Record<string, unknown>
    }>
    const reads = mine.filter((e) => e.detail.route === '/api/v1/stats/points')
    expect(reads.map((e) => e.detail.via).sort()).toEqual(['session', 'token'])
    for (const e of reads)
      expect(e).toMatchObject({
        organisationId: t.world.orgs.P,
        role: 'partner',
        detail: { owner: t.world.orgs.A, agreement: t.world.agreementId, status: 200 },
      })
    expect(ok(await adminB.get('/api/v1/audit?action=partner.read&limit=50'), 200).items).toEqual([])
  })

  it("a denied read of another caseload or organisation is audited, and the owner's admin sees it", async () => {
    await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
    const lead = await t.world.as('leadA')
    const made = ok(
      await lead.post('/api/v1/referrals', {
        externalId: 'DENIED-0001',
        programme: 'mentoring',
        subjectRole: 'at_risk',
        ageBand: '16-17',
        fundingBorough: WESTMINSTER,
        openedOn: '2026-03-01',
        locations: [{ kind: 'home', lon: -0.195, lat: 51.534, observedOn: '2026-03-01', precision: 'exact' }],
      }),
      201,
    )
    await sql`update referrals set caseworker_id = ${t.world.users.caseworkerA} where id = ${made.id}`.execute(t.database.system)
    problem(await (await t.world.as('caseworkerA2')).get(`/api/v1/referrals/${made.id}`), 404, 'not-found')
    problem(await (await t.world.as('leadB')).get(`/api/v1/referrals/${made.id}`), 404, 'not-found')
    problem(await (await t.world.as('commissionerA')).get(`/api/v1/referrals/${made.id}`), 403, 'forbidden')
    const seen = ok(await a1.get('/api/v1/audit?action=access.denied&limit=100'), 200).items as Array<{
      userId: string
      detail: { target?: { id?: string }; status: number; route: string }
    }>
    const about = seen.filter((e) => e.detail.target?.id === made.id)
    expect(about.map((e) => [e.userId, e.detail.status]).sort()).toEqual(
      [
        [t.world.users.caseworkerA2, 404],
        [t.world.users.commissionerA, 403],
        [t.world.users.leadB, 404],
      ].sort(),
    )
    expect(about.every((e) => e.detail.route === '/api/v1/referrals/:id')).toBe(true)
    // Organisation B's admin sees their own user's attempt.
    const b = ok(await adminB.get('/api/v1/audit?action=access.denied&limit=100'), 200).items as Array<{ userId: string }>
    expect(b.map((e) => e.userId)).toContain(t.world.users.leadB)
    expect(b.map((e) => e.userId)).not.toContain(t.world.users.caseworkerA2)
  })
})

describe('sign-in', () => {
  const signIn = (email: string, password: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password }, remoteAddress })
  const fastest = (xs: number[]) => Math.min(...xs)

  it('answers the same for a known email with a wrong password, an unknown email and a disabled account: status, body and time', async () => {
    await sql`update users set disabled = true where id = ${t.world.users.caseworkerB}::uuid`.execute(t.database.system)
    const cases = { known: 'leadb@test.test', unknown: 'nobody.here@test.test', disabled: 'caseworkerb@test.test' }
    const bodies: Record<string, string> = {}
    const times: Record<string, number[]> = { known: [], unknown: [], disabled: [] }
    for (let i = 0; i < 8; i++) {
      for (const [name, email] of Object.entries(cases)) {
        const password = name === 'disabled' ? TEST_PASSWORD : `wrong password ${i}`
        const started = performance.now()
        const res = await signIn(email, password, `127.0.1.${i}`)
        times[name]!.push(performance.now() - started)
        expect(res.statusCode).toBe(401)
        expect(res.headers['content-type']).toContain('application/problem+json')
        bodies[name] = res.body
      }
    }
    expect(bodies.unknown).toBe(bodies.known)
    expect(bodies.disabled).toBe(bodies.known)
    // Every path verifies one argon2id hash (a decoy for unknown and disabled accounts), so their costs are close;
    // a path that skipped the hash would be several times faster. Each path's cost is its fastest of 8 interleaved
    // tries: other work on a shared machine only ever adds time, so the minimum is the path's own work (a median
    // of 4 swung from 0.34 to 2.96 under a parallel suite). Generous bounds all the same.
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, fastest(v)])) as Record<string, number>
    for (const name of ['unknown', 'disabled']) {
      expect(m[name]! / m.known!, JSON.stringify(m)).toBeGreaterThan(0.4)
      expect(m[name]! / m.known!, JSON.stringify(m)).toBeLessThan(2.5)
    }
  })

  it('throttles an (email, address) pair after LOGIN_MAX_FAILURES failures — known or unknown alike — but the owner signs in from another address', async () => {
    // createTestApp's defaults: LOGIN_MAX_FAILURES 5, window LOGIN_LOCK_MINUTES 15.
    for (const email of ['leada@test.test', 'nobody.else@test.test']) {
      for (let i = 0; i < 5; i++) expect((await signIn(email, 'wrong password!', '127.0.2.1')).statusCode).toBe(401)
      problem(await signIn(email, TEST_PASSWORD, '127.0.2.1'), 429, 'sign-in-throttled')
    }
    expect(ok(await signIn('leada@test.test', TEST_PASSWORD, '127.0.2.2'), 200)).toMatchObject({ role: 'lead' })
    // The same answer for both emails while throttled.
    const known = await signIn('leada@test.test', 'x', '127.0.2.1')
    const unknown = await signIn('nobody.else@test.test', 'x', '127.0.2.1')
    expect(unknown.body).toBe(known.body)
  })

  it('throttles an email from every address that failed for it after 2×N failures anywhere; a clean address still signs in', async () => {
    for (let i = 0; i < 10; i++) expect((await signIn('caseworkera@test.test', 'wrong password!', `127.0.3.${i}`)).statusCode).toBe(401)
    problem(await signIn('caseworkera@test.test', TEST_PASSWORD, '127.0.3.0'), 429, 'sign-in-throttled')
    expect((await signIn('caseworkera@test.test', TEST_PASSWORD, '127.0.3.200')).statusCode).toBe(200)
  })

  it('throttles an address after 4×N failures over any emails', async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`spray${i}@test.test`, 'wrong password!', '127.0.4.1')).statusCode).toBe(401)
    problem(await signIn('leada@test.test', TEST_PASSWORD, '127.0.4.1'), 429, 'sign-in-throttled')
    expect((await signIn('leada@test.test', TEST_PASSWORD, '127.0.4.2')).statusCode).toBe(200)
  })
})

describe('a partner with several agreements in force', () => {
  it('must choose one for the session (409 until then, never a silent pick); a token stays bound to its own', async () => {
    const {
      rows: [d],
    } = await sql<{ from: string; until: string }>`select (current_date - 10)::text as from, (current_date + 10)::text as until`.execute(t.database.system)
    const second = await createAgreement(t.database.system, {
      organisationId: t.world.orgs.B,
      partnerOrganisationId: t.world.orgs.P,
      name: 'Second agreement B→P',
      boroughs: [BRENT],
      level: 'generalised',
      fields: [],
      k: 6,
      includeVictims: false,
      validFrom: d!.from,
      validUntil: d!.until,
    })
    const partner = await t.world.as('partner')
    const url = '/api/v1/stats/points?from=2026-01&to=2026-01'
    problem(await partner.get(url), 409, 'agreement-choice-needed')
    const me = ok(await partner.get('/api/v1/me'), 200)
    expect(me.agreement).toBeNull()
    expect(me.agreementChoices.map((c: { id: string }) => c.id).sort()).toEqual([t.world.agreementId, second].sort())
    problem(
      await partner.post('/api/v1/session/agreement', { agreementId: t.world.agreementId.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) }),
      404,
      'not-found',
    )
    const chosen = ok(await partner.post('/api/v1/session/agreement', { agreementId: second }), 200)
    expect(chosen.agreement).toMatchObject({ id: second, k: 6, boroughs: [BRENT] })
    ok(await partner.get(url), 200)
    expect(ok(await partner.get('/api/v1/me'), 200).agreement.id).toBe(second)
    // The owner of the chosen agreement sees the read; the other owner does not.
    const bReads = ok(await adminB.get('/api/v1/audit?action=partner.read&limit=50'), 200).items as Array<{ detail: { agreement: string } }>
    expect(bReads.map((e) => e.detail.agreement)).toEqual([second])
    const token = t.world.withToken(t.world.partnerToken)
    expect(ok(await token.get('/api/v1/me'), 200).agreement.id).toBe(t.world.agreementId)
    problem(await token.post('/api/v1/session/agreement', { agreementId: second }), 400, 'bad-request')
  })
})
