import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { sql, type Kysely } from 'kysely'
import { createAgreement, createToken, createUser, ensureOrganisation } from '../../server/auth/accounts.repository.js'
import type { Actor, Role } from '../../server/auth/actor.js'
import { createSession } from '../../server/auth/auth.repository.js'
import { hashPassword } from '../../server/auth/passwords.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../../server/auth/tokens.js'
import type { DB } from '../../server/db/types.js'

/** Password of every test user. */
export const TEST_PASSWORD = 'correct horse battery staple'
export const BRENT = 'E09000005'
export const WESTMINSTER = 'E09000033'

/** The people of a test database: organisation A with every role, organisation B's lead, a partner of A. */
export const WHO = ['leadA', 'caseworkerA', 'caseworkerA2', 'commissionerA', 'adminA', 'leadB', 'caseworkerB', 'adminB', 'partner'] as const
export type Who = (typeof WHO)[number]

const PEOPLE: Record<Who, { org: 'A' | 'B' | 'P'; role: Role; boroughs?: string[] }> = {
  leadA: { org: 'A', role: 'lead' },
  caseworkerA: { org: 'A', role: 'caseworker' },
  caseworkerA2: { org: 'A', role: 'caseworker' },
  commissionerA: { org: 'A', role: 'commissioner', boroughs: [BRENT, WESTMINSTER] },
  adminA: { org: 'A', role: 'admin' },
  leadB: { org: 'B', role: 'lead' },
  caseworkerB: { org: 'B', role: 'caseworker' },
  adminB: { org: 'B', role: 'admin' },
  partner: { org: 'P', role: 'partner' },
}

export interface Client {
  actor: Actor
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>
  get(url: string): Promise<LightMyRequestResponse>
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>
  patch(url: string, body: unknown): Promise<LightMyRequestResponse>
  del(url: string): Promise<LightMyRequestResponse>
}

export interface World {
  orgs: { A: string; B: string; P: string }
  users: Record<Who, string>
  agreementId: string
  /** A partner token for the agreement. */
  partnerToken: string
  /** A signed-in session of one of the people (cookie and CSRF header sent on every request). */
  as(who: Who): Promise<Client>
  /** A client with a bearer token (partners). */
  withToken(token: string): Client
  /** No credentials at all. */
  anonymous: Client
  /**
   * Another person, created with the owner's connection (createUser, as the CLI does: no approval),
   * with a signed-in client; e.g. a second admin of organisation A to approve adminA's requests.
   */
  addPerson(key: string, org: 'A' | 'B' | 'P', role: Role, boroughs?: string[]): Promise<{ id: string; client: Client }>
}

let hashed: Promise<string> | undefined

function client(app: FastifyInstance, actor: Actor, headers: Record<string, string>, cookies: Record<string, string>): Client {
  const inject = (opts: InjectOptions) =>
    app.inject({
      ...opts,
      headers: { ...headers, ...(opts.headers ?? {}) },
      cookies: { ...cookies, ...((opts as { cookies?: Record<string, string> }).cookies ?? {}) },
    })
  return {
    actor,
    inject,
    get: (url) => inject({ method: 'GET', url }),
    post: (url, body) => inject({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    patch: (url, body) => inject({ method: 'PATCH', url, payload: body as object }),
    del: (url) => inject({ method: 'DELETE', url }),
  }
}

/** Seeds the people, the agreement and a token with the owner's connection. */
export async function seedWorld(app: FastifyInstance, system: Kysely<DB>): Promise<World> {
  hashed ??= hashPassword(TEST_PASSWORD)
  const passwordHash = await hashed
  const orgs = {
    A: await ensureOrganisation(system, 'Test organisation A'),
    B: await ensureOrganisation(system, 'Test organisation B'),
    P: await ensureOrganisation(system, 'Test partner (YOT)'),
  }
  const users = {} as Record<Who, string>
  for (const who of WHO) {
    const p = PEOPLE[who]
    const row = await system
      .insertInto('users')
      .values({
        organisation_id: orgs[p.org],
        email: `${who.toLowerCase()}@test.test`,
        display_name: who,
        role: p.role,
        boroughs: p.boroughs ?? null,
        password_hash: passwordHash,
        locked_until: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    users[who] = row.id
  }
  const { rows } = await sql<{ from: string; until: string }>`select (current_date - 30)::text as from, (current_date + 30)::text as until`.execute(system)
  const agreementId = await createAgreement(system, {
    organisationId: orgs.A,
    partnerOrganisationId: orgs.P,
    name: 'Test agreement A→P',
    boroughs: [BRENT, WESTMINSTER],
    level: 'generalised',
    fields: ['programme', 'ageBand'],
    k: 5,
    includeVictims: false,
    validFrom: rows[0]!.from,
    validUntil: rows[0]!.until,
  })
  const { token } = await createToken(system, agreementId, 'test token', new Date(Date.now() + 24 * 3600 * 1000))
  const actorOf = (who: Who): Actor => {
    const p = PEOPLE[who]
    return { userId: users[who], organisationId: orgs[p.org], role: p.role, boroughs: p.boroughs ?? null, agreementId: null }
  }
  return {
    orgs,
    users,
    agreementId,
    partnerToken: token,
    as: async (who) => {
      const secret = newSecret()
      await createSession(system, users[who], secretHash(secret), 60)
      return client(app, actorOf(who), { 'x-csrf-token': csrfTokenFor(secret) }, { [SESSION_COOKIE]: secret })
    },
    withToken: (t) =>
      client(app, { userId: null, organisationId: orgs.P, role: 'partner', boroughs: [BRENT, WESTMINSTER], agreementId }, { authorization: `Bearer ${t}` }, {}),
    anonymous: client(app, { userId: null, organisationId: orgs.A, role: 'lead', boroughs: null }, {}, {}),
    addPerson: async (key, org, role, boroughs) => {
      const id = await createUser(system, {
        organisationId: orgs[org],
        email: `${key.toLowerCase()}@test.test`,
        displayName: key,
        role,
        password: TEST_PASSWORD,
        boroughs: boroughs ?? null,
      })
      const secret = newSecret()
      await createSession(system, id, secretHash(secret), 60)
      const actor: Actor = { userId: id, organisationId: orgs[org], role, boroughs: boroughs ?? null, agreementId: null }
      return { id, client: client(app, actor, { 'x-csrf-token': csrfTokenFor(secret) }, { [SESSION_COOKIE]: secret }) }
    },
  }
}
