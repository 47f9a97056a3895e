import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAgreement, createToken } from '../../server/auth/accounts.repository.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import {
  AUDIT_READERS,
  CANARY_READERS,
  importUpload,
  MATRIX,
  newLocation,
  newReferral,
  newZone,
  outcomeOf,
  VARIANTS,
  type Canary,
  type MatrixContext,
  type MatrixEntry,
  type MatrixRequest,
  type Variant,
} from './matrix.data.js'

/**
 * Issue "Who sees what", done when #1: the access matrix (tests/access/matrix.data.ts) covers every
 * route the app registers under /api, /tiles and /ogc, and every caller gets exactly the outcome it
 * names — with no leak: an answer that is not ok is a problem+json that names nothing the caller did
 * not send, and an ok answer names no referral, location, zone or agreement the caller may not see.
 */

const GUARDED = /^\/(api|tiles|ogc)(\/|$)/

/**
 * The routes Fastify registered, from `printRoutes({ commonPrefix: false })`: a tree whose lines are
 * `<indent>├── <segment> (METHODS)`, each segment continuing its parent's path. HEAD (added by
 * Fastify for every GET) is left out; `/x/` and `/x` (a prefixed plugin's root) are one route.
 */
function registeredRoutes(app: FastifyInstance): Set<string> {
  const routes = new Set<string>()
  const stack: string[] = []
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line)
    if (!m) continue
    const depth = m[1]!.length / 4
    const path = (depth > 0 ? stack[depth - 1]! : '') + m[2]!
    stack[depth] = path
    stack.length = depth + 1
    for (const method of (m[3] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && s !== 'HEAD')) {
      const url = path.length > 1 ? path.replace(/\/$/, '') : path
      routes.add(`${method} ${url}`)
    }
  }
  return routes
}

interface Secrets {
  ids: string[]
  names: string[]
}

let t: TestApp
let ctx: MatrixContext
const clients = {} as Record<Variant, Client>
const canaries = {} as Record<Canary, Secrets>
let requests = 0
let assertions = 0
let started = 0

async function clientFor(v: Variant, fresh = false): Promise<Client> {
  if (v === 'anonymous') return t.world.anonymous
  if (v === 'partnerToken') return t.world.withToken(t.world.partnerToken)
  if (fresh) return t.world.as(v)
  return (clients[v] ??= await t.world.as(v))
}

function created(res: LightMyRequestResponse, what: string): { id: string } & Record<string, unknown> {
  if (res.statusCode < 200 || res.statusCode > 299) throw new Error(`setup: ${what} answered ${res.statusCode}: ${res.body}`)
  return res.json()
}

/** A referral of the caller's organisation, with one location and one exclusion zone, put on `caseworker`'s caseload. */
async function referral(
  by: Client,
  caseworker: string,
  externalId: string,
): Promise<Secrets & { id: string; externalId: string; locationId: string; zoneId: string }> {
  const r = created(await by.post('/api/v1/referrals', newReferral(externalId)), `create ${externalId}`) as { id: string; locations: Array<{ id: string }> }
  const zone = created(await by.post(`/api/v1/referrals/${r.id}/exclusion-zones`, newZone(`Zone of ${externalId}`)), `zone of ${externalId}`)
  await sql`update referrals set caseworker_id = ${caseworker} where id = ${r.id}`.execute(t.database.system)
  const locationId = r.locations[0]!.id
  return { id: r.id, externalId, locationId, zoneId: zone.id, ids: [r.id, locationId, zone.id], names: [externalId] }
}

beforeAll(async () => {
  started = Date.now()
  t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('relocation', 'Relocation') on conflict (slug) do nothing`.execute(
    t.database.system,
  )
  const leadA = await clientFor('leadA')
  const leadB = await clientFor('leadB')
  const adminA = await clientFor('adminA')
  const { users } = t.world

  const a = await referral(leadA, users.caseworkerA, 'CANARY-A-0001')
  const a2 = await referral(leadA, users.caseworkerA2, 'CANARY-A2-0001')
  const b = await referral(leadB, users.caseworkerB, 'CANARY-B-0001')
  canaries.referralA = a
  canaries.referralA2 = a2
  canaries.referralB = b

  const job = created(await leadA.inject({ method: 'POST', url: '/api/v1/imports', ...importUpload('MATRIX-SETUP-IMPORT') }), 'import')
  for (let i = 0; ; i++) {
    const { rows } = await sql<{ status: string }>`select status from import_jobs where id = ${job.id}`.execute(t.database.system)
    if (rows[0] && ['succeeded', 'failed'].includes(rows[0].status)) break
    if (i > 400) throw new Error('setup: the import did not finish')
    await new Promise((r) => setTimeout(r, 50))
  }
  // Made with the owner's connection (as the CLI does): through the API an agreement waits for a second admin.
  const {
    rows: [matrixPartner],
  } = await sql<{ id: string }>`insert into organisations (name) values ('Matrix partner (test)') returning id`.execute(t.database.system)
  const agreement = {
    id: await createAgreement(t.database.system, {
      organisationId: t.world.orgs.A,
      partnerOrganisationId: matrixPartner!.id,
      name: 'Matrix target agreement',
      boroughs: ['E09000033'],
      level: 'aggregate',
      fields: [],
      k: 5,
      includeVictims: false,
      validFrom: '2026-01-01',
      validUntil: '2099-12-31',
    }),
  }
  canaries.agreementA = { ids: [agreement.id], names: ['Matrix target agreement'] }
  const user = created(
    await adminA.post('/api/v1/users', {
      email: 'matrix-target@test.test',
      displayName: 'Matrix target',
      role: 'commissioner',
      password: 'a long enough password',
    }),
    'user',
  )
  const adminA2 = (await t.world.addPerson('adminA2', 'A', 'admin')).client
  let tokenRequests = 0
  const tokenRequest = async (by: Client) =>
    created(await by.post(`/api/v1/agreements/${agreement.id}/tokens`, { name: `matrix request ${++tokenRequests}`, days: 1 }), 'approval request').id
  const approvalId = await tokenRequest(adminA)

  let seq = 0
  ctx = {
    referral: a,
    importJobId: job.id,
    agreementId: agreement.id,
    userId: user.id,
    partnerAgreementId: t.world.agreementId,
    approvalId,
    seq: () => ++seq,
    fresh: {
      referral: async () => (await referral(leadA, users.caseworkerA, `MATRIX-DEL-${++seq}`)).id,
      location: async () => created(await leadA.post(`/api/v1/referrals/${a.id}/locations`, newLocation()), 'location').id,
      zone: async () => created(await leadA.post(`/api/v1/referrals/${a.id}/exclusion-zones`, newZone(`Doomed ${++seq}`)), 'zone').id,
      token: async () => (await createToken(t.database.system, agreement.id, `doomed ${++seq}`, new Date(Date.now() + 86_400_000))).id,
      request: async (by) => tokenRequest(by === 'adminA' ? adminA : adminA2),
      approvedToken: async () => {
        const id = await tokenRequest(adminA)
        created(await adminA2.post(`/api/v1/approvals/${id}/approve`), 'approval')
        return id
      },
    },
  }
  for (const v of VARIANTS) await clientFor(v)
  console.log(`matrix setup: ${Date.now() - started} ms`)
})

afterAll(async () => {
  console.log(`matrix: ${MATRIX.length} routes × ${VARIANTS.length} callers, ${requests} requests, ${assertions} checks, ${Date.now() - started} ms`)
  await t?.close()
})

/** What an answer to `caller` may not contain: canaries they may not read, less what the request itself carried. */
function forbiddenStrings(entry: MatrixEntry, caller: Variant, req: MatrixRequest, ok: boolean): string[] {
  const sent = `${req.url} ${typeof req.payload === 'string' || Buffer.isBuffer(req.payload) ? String(req.payload) : JSON.stringify(req.payload ?? null)}`
  const out: string[] = []
  for (const [canary, secrets] of Object.entries(canaries) as Array<[Canary, Secrets]>) {
    if (ok && CANARY_READERS[canary].includes(caller)) continue
    const idsVisible = ok && entry.auditLog === true && AUDIT_READERS[canary].includes(caller)
    for (const s of [...(idsVisible ? [] : secrets.ids), ...secrets.names]) if (!sent.includes(s)) out.push(`${canary}:${s}`)
  }
  return out
}

async function check(entry: MatrixEntry, caller: Variant): Promise<string[]> {
  const problems: string[] = []
  const client = await clientFor(caller, entry.freshSession)
  const req = await entry.request(ctx, caller)
  const res = await client.inject(req)
  requests++
  const expected = entry.expect[caller]
  const got = outcomeOf(res.statusCode)
  assertions++
  if (got !== expected) problems.push(`${caller}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 300)}`)
  const ok = got === 'ok'
  if (!ok) {
    assertions++
    const type = String(res.headers['content-type'] ?? '')
    let status: unknown
    try {
      status = (JSON.parse(res.body) as { status?: unknown }).status
    } catch {
      status = undefined
    }
    if (!type.startsWith('application/problem+json') || status !== res.statusCode)
      problems.push(`${caller}: a ${res.statusCode} that is not problem+json (${type}): ${res.body.slice(0, 200)}`)
  }
  for (const s of forbiddenStrings(entry, caller, req, ok)) {
    assertions++
    if (res.body.includes(s.slice(s.indexOf(':') + 1))) problems.push(`${caller}: ${res.statusCode} answer names ${s}`)
  }
  for (const canary of (ok && entry.mustContain?.[caller]) || []) {
    assertions++
    if (!res.body.includes(canaries[canary].ids[0]!)) problems.push(`${caller}: ok answer does not name ${canary} (the leak checks would see nothing)`)
  }
  return problems
}

describe('the access matrix', () => {
  it('has one entry for every route under /api, /tiles and /ogc, and none for a route that does not exist', () => {
    const real = [...registeredRoutes(t.app)].filter((r) => GUARDED.test(r.split(' ')[1]!))
    const named = MATRIX.map((e) => e.route)
    expect(real.length).toBeGreaterThan(20)
    expect(new Set(named).size, 'duplicate entries').toBe(named.length)
    expect(
      real.filter((r) => !named.includes(r)),
      'routes with no matrix entry',
    ).toEqual([])
    expect(
      named.filter((r) => !real.includes(r)),
      'matrix entries for routes the app does not have',
    ).toEqual([])
    assertions += 4
  })

  it.each(MATRIX.map((e) => [e.route, e] as const))('%s', async (_route, entry) => {
    const problems: string[] = []
    for (const caller of VARIANTS) problems.push(...(await check(entry, caller)))
    expect(problems).toEqual([])
  })
})
