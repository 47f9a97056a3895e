import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { createAgreement, createToken, ensureOrganisation } from '../../../server/auth/accounts.repository.js'
import { createSession } from '../../../server/auth/auth.repository.js'
import { hashPassword } from '../../../server/auth/passwords.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../../../server/auth/tokens.js'
import type { DB } from '../../../server/db/types.js'
import { DEMO_ORGANISATION } from '../../../server/demo/organisation.js'
import { seedDemo } from '../../../server/demo/seed.js'
import { createTestApp, type TestApp } from '../../helpers/app.js'
import { SCOPE, TODAY } from './model.js'

/**
 * The attackers' world: the synthetic demo data (server/demo) of a modest size, loaded into a fresh
 * test database, and accounts of the demo organisation — a lead (the truth as the owner sees it,
 * exact), a commissioner scoped to the demo's four boroughs, and two partners of that organisation:
 * `partner` under a generalised agreement listing every field (the strongest partner an agreement
 * can make), `narrow` under one listing only programme and ageBand. Sessions are made directly (as
 * tests/helpers/world.ts does); tokens through the repository.
 */

export { SCOPE, TODAY } from './model.js'
export const ALL_FIELDS = ['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] as const
export const NARROW_FIELDS = ['programme', 'ageBand'] as const

export interface AttackClient {
  name: string
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>
}

export interface AttackWorld {
  t: TestApp
  system: Kysely<DB>
  orgId: string
  lead: AttackClient
  commissioner: AttackClient
  /** A commissioner of the organisation not limited to boroughs: borough counts and flows come from the counts kept at write time (migration 0033). */
  commissionerAll: AttackClient
  partnerSession: AttackClient
  partnerToken: AttackClient
  narrowSession: AttackClient
  narrowToken: AttackClient
  admin: AttackClient
  caseworker: AttackClient
  seeded: { referrals: number; locations: number; ms: number }
}

/** A request that has not answered in this long fails, naming itself (a hung request would otherwise hang the file). */
const REQUEST_TIMEOUT_MS = 90_000

function client(app: FastifyInstance, name: string, headers: Record<string, string>, cookies: Record<string, string>): AttackClient {
  const inject = (opts: InjectOptions) => {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${name}: ${opts.method ?? 'GET'} ${opts.url} did not answer in ${REQUEST_TIMEOUT_MS / 1000} s`)),
        REQUEST_TIMEOUT_MS,
      )
    })
    return Promise.race([app.inject({ ...opts, headers: { ...headers, ...(opts.headers ?? {}) }, cookies }), timeout]).finally(() => clearTimeout(timer))
  }
  return { name, inject, get: (url, h) => inject({ method: 'GET', url, headers: h ?? {} }) }
}

export interface AttackWorldOptions {
  /** Demo referrals generated (all of London; about a third fall in the four boroughs). */
  count: number
  seed?: number
  /** Keep one located event per referral (its first), so that true counts are additive over areas and months. */
  singleLocation?: boolean
}

export async function createAttackWorld(opts: AttackWorldOptions): Promise<AttackWorld> {
  const t = await createTestApp()
  const system = t.database.system
  const started = Date.now()
  const report = await seedDemo(system, { count: opts.count, seed: opts.seed ?? 20261205, today: TODAY })
  const { id: orgId } = await system.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirstOrThrow()
  if (opts.singleLocation) {
    await sql`delete from referral_locations l where l.id <> (
                select f.id from referral_locations f where f.referral_id = l.referral_id order by f.observed_on, f.id limit 1)`.execute(system)
  }
  const passwordHash = await hashPassword('attack tests only, never used to sign in')
  const user = async (email: string, role: string, organisationId: string, boroughs: string[] | null) =>
    (
      await system
        .insertInto('users')
        .values({
          organisation_id: organisationId,
          email,
          display_name: email,
          role: role as never,
          boroughs,
          password_hash: passwordHash,
          locked_until: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const partnerOrg = await ensureOrganisation(system, 'Attack partner, every field (synthetic)')
  const narrowOrg = await ensureOrganisation(system, 'Attack partner, two fields (synthetic)')
  const ids = {
    lead: await user('lead@attack.test', 'lead', orgId, null),
    commissioner: await user('commissioner@attack.test', 'commissioner', orgId, SCOPE),
    commissionerAll: await user('commissioner-all@attack.test', 'commissioner', orgId, null),
    partner: await user('partner@attack.test', 'partner', partnerOrg, SCOPE),
    narrow: await user('narrow@attack.test', 'partner', narrowOrg, SCOPE),
    admin: await user('admin@attack.test', 'admin', orgId, null),
    caseworker: await user('caseworker@attack.test', 'caseworker', orgId, null),
  }
  const {
    rows: [v],
  } = await sql<{ from: string; until: string }>`select (current_date - 30)::text as from, (current_date + 365)::text as until`.execute(system)
  const agreement = (partnerOrganisationId: string, name: string, fields: readonly string[]) =>
    createAgreement(system, {
      organisationId: orgId,
      partnerOrganisationId,
      name,
      boroughs: SCOPE,
      level: 'generalised',
      fields: [...fields],
      k: 5,
      includeVictims: false,
      validFrom: v!.from,
      validUntil: v!.until,
    })
  const full = await agreement(partnerOrg, 'Attack agreement, every field (synthetic)', ALL_FIELDS)
  const narrow = await agreement(narrowOrg, 'Attack agreement, two fields (synthetic)', NARROW_FIELDS)
  const expires = new Date(Date.now() + 24 * 3600_000)
  const fullToken = (await createToken(system, full, 'attack token', expires)).token
  const narrowToken = (await createToken(system, narrow, 'attack token', expires)).token
  const session = async (name: string, userId: string) => {
    const secret = newSecret()
    await createSession(system, userId, secretHash(secret), 240)
    return client(t.app, name, { 'x-csrf-token': csrfTokenFor(secret) }, { [SESSION_COOKIE]: secret })
  }
  const bearer = (name: string, token: string) => client(t.app, name, { authorization: `Bearer ${token}` }, {})
  const {
    rows: [n],
  } = await sql<{ referrals: number; locations: number }>`
    select (select count(*)::int from referrals where organisation_id = ${orgId}::uuid) as referrals,
           (select count(*)::int from referral_locations) as locations`.execute(system)
  return {
    t,
    system,
    orgId,
    lead: await session('lead', ids.lead),
    commissioner: await session('commissioner', ids.commissioner),
    commissionerAll: await session('commissioner (all boroughs)', ids.commissionerAll),
    partnerSession: await session('partner (session)', ids.partner),
    partnerToken: bearer('partner (token)', fullToken),
    narrowSession: await session('narrow partner (session)', ids.narrow),
    narrowToken: bearer('narrow partner (token)', narrowToken),
    admin: await session('admin', ids.admin),
    caseworker: await session('caseworker', ids.caseworker),
    seeded: { referrals: n!.referrals, locations: n!.locations, ms: Date.now() - started + report.ms * 0 },
  }
}
