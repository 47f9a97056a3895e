import type { FastifyInstance, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { audit } from '../audit/audit.js'
import { withActor } from '../db/scoped.js'
import { Problem } from '../errors/problem.js'
import type { Actor } from './actor.js'
import { agreementsInForce, currentAgreement } from './agreements.js'
import { createSession, deleteSession, userForLogin, type LoginUser } from './auth.repository.js'
import { verifyPassword } from './passwords.js'
import { csrfTokenFor, newSecret, secretHash } from './tokens.js'

const wrong = () => new Problem(401, 'invalid-credentials', 'The email or password is wrong.')
const throttled = (minutes: number) =>
  new Problem(
    429,
    'sign-in-throttled',
    `Too many failed sign-ins for this email or from this address; try again in up to ${minutes} minute(s), or from another device.`,
  )

/** Which throttling rule refuses an attempt, if any (docs/accounts.md "Sign-in"). Keyed by the email as typed, known or not. */
export function throttleRule(n: { pair: number; account: number; address: number }, maxFailures: number): 'pair' | 'account' | 'address' | null {
  if (n.pair >= maxFailures) return 'pair'
  if (n.address >= 4 * maxFailures) return 'address'
  if (n.account >= 2 * maxFailures && n.pair >= 1) return 'account'
  return null
}

/**
 * Checks a password (argon2id) and opens a session. Known and unknown emails get the same answers
 * (401 invalid-credentials, or 429 sign-in-throttled) after the same work: an unknown or disabled
 * email is verified against a decoy hash, and failures are counted by the email as typed.
 * Failures are throttled per (email, address), per email and per address — never by locking the
 * account, so the owner signs in from their own address while someone else guesses elsewhere.
 * Every attempt, good or bad, is audited.
 */
export async function signIn(app: FastifyInstance, rawEmail: string, password: string, ip: string) {
  const { email, user } = await checkPassword(app, rawEmail, password, ip)
  const secret = newSecret()
  const expires = await createSession(app.db, user.id, secretHash(secret), app.config.sessionTtlMinutes)
  await audit(app.db, 'login.success', { email, ip }, null, { userId: user.id, organisationId: user.organisation_id, role: user.role })
  const actor: Actor = { userId: user.id, organisationId: user.organisation_id, role: user.role, boroughs: user.boroughs, agreementId: null }
  const me = await describe(app, actor, { id: user.id, email, displayName: user.display_name }, csrfTokenFor(secret), expires)
  return { secret, expires, me }
}

/**
 * The password check behind every sign-in (the session route and HTTP Basic): throttling first,
 * then argon2id; failures counted and audited (`via` names the route of a non-session attempt).
 * Answers the usable account, or throws 429 sign-in-throttled / 401 invalid-credentials.
 */
export async function checkPassword(
  app: FastifyInstance,
  rawEmail: string,
  password: string,
  ip: string,
  via?: 'basic',
): Promise<{ email: string; user: LoginUser }> {
  const email = rawEmail.trim().toLowerCase()
  const window = app.config.loginLockMinutes
  const {
    rows: [n],
  } = await sql<{ pair: number; account: number; address: number }>`
    select * from auth_login_throttle(${email}, ${ip}, make_interval(mins => ${window}::int))`.execute(app.db)
  const user = await userForLogin(app.db, email)
  const who = user ? { userId: user.id, organisationId: user.organisation_id, role: user.role } : undefined
  const rule = throttleRule(n!, app.config.loginMaxFailures)
  const how = via ? { via } : {}
  if (rule) {
    await audit(app.db, 'login.throttled', { email, ip, rule, ...how }, null, who)
    throw throttled(window)
  }
  const usable = user && !user.disabled ? user : undefined
  const ok = await verifyPassword(usable?.password_hash, password)
  if (!ok || !usable) {
    await sql`select auth_login_failed(${email}, ${ip}, make_interval(mins => ${window}::int))`.execute(app.db)
    await audit(app.db, 'login.failure', { email, ip, reason: !user ? 'unknown email' : user.disabled ? 'disabled' : 'wrong password', ...how }, null, who)
    throw wrong()
  }
  await sql`select auth_login_succeeded(${email}, ${ip})`.execute(app.db)
  return { email, user: usable }
}

export async function signOut(app: FastifyInstance, req: FastifyRequest) {
  if (req.credential?.kind !== 'session') throw new Problem(400, 'bad-request', 'Only a session can sign out; partner tokens are revoked by their owner.')
  await deleteSession(app.db, secretHash(req.credential.secret))
  await req.scoped((db) => audit(db, 'logout', {}))
}

export async function whoAmI(app: FastifyInstance, req: FastifyRequest) {
  const actor = req.actor!
  const c = req.credential
  const user = c?.kind === 'session' ? { id: actor.userId!, email: c.email, displayName: c.displayName } : null
  return describe(app, actor, user, c?.kind === 'session' ? csrfTokenFor(c.secret) : null, c?.kind === 'session' ? c.expiresAt : null)
}

async function describe(
  app: FastifyInstance,
  actor: Actor,
  user: { id: string; email: string; displayName: string } | null,
  csrfToken: string | null,
  expires: Date | null,
) {
  return withActor(
    app.db,
    actor,
    async (db) => {
      const org = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow()
      const agreement = actor.role === 'partner' ? await currentAgreement(db) : undefined
      const choices = actor.role === 'partner' && !actor.agreementId ? await agreementsInForce(db, actor.organisationId) : []
      return {
        user,
        role: actor.role,
        organisation: { id: org.id, name: org.name },
        boroughs: actor.boroughs,
        agreement: agreement
          ? {
              id: agreement.id,
              name: agreement.name,
              level: agreement.level,
              boroughs: agreement.boroughs,
              fields: agreement.fields,
              k: agreement.k,
              includeVictims: agreement.includeVictims,
              validFrom: agreement.validFrom,
              validUntil: agreement.validUntil,
              inForce: agreement.inForce,
              cellM: agreement.cellM,
            }
          : null,
        // A partner session with several agreements in force chooses one (POST /api/v1/session/agreement).
        ...(choices.length > 1 ? { agreementChoices: choices } : {}),
        csrfToken,
        expiresAt: expires ? expires.toISOString() : null,
      }
    },
    { k: app.config.kAnonymity },
  )
}

/**
 * A partner session chooses the agreement it acts under (one of its organisation's agreements in
 * force); a partner token is bound to its own agreement and cannot.
 */
export async function chooseAgreement(app: FastifyInstance, req: FastifyRequest, agreementId: string) {
  const c = req.credential
  if (c?.kind !== 'session') throw new Problem(400, 'bad-request', 'A partner token is bound to its own agreement; only a signed-in partner chooses one.')
  const {
    rows: [r],
  } = await sql<{ ok: boolean }>`select auth_session_choose_agreement(${secretHash(c.secret)}, ${agreementId}::uuid) as ok`.execute(app.db)
  if (!r?.ok) throw new Problem(404, 'not-found', `No data-sharing agreement ${agreementId} with your organisation is in force.`)
  const actor: Actor = { ...req.actor!, agreementId }
  await withActor(app.db, actor, (db) => audit(db, 'session.agreement', { agreement: agreementId }))
  req.actor = actor
  return whoAmI(app, req)
}
