import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { withActor } from '../db/scoped.js'
import { Problem } from '../errors/problem.js'
import type { Actor } from './actor.js'
import { currentAgreement } from './agreements.js'
import { createSession, deleteSession, recordLogin, userForLogin } from './auth.repository.js'
import { verifyPassword } from './passwords.js'
import { csrfTokenFor, newSecret, secretHash } from './tokens.js'

const wrong = () => new Problem(401, 'invalid-credentials', 'The email or password is wrong.')
const locked = (until: Date) =>
  new Problem(423, 'account-locked', `Too many failed sign-ins: the account is locked until ${until.toISOString()}.`)

/**
 * Checks a password (argon2id), counts failures and locks the account after too many, and opens a
 * session. Every attempt, good or bad, is audited.
 */
export async function signIn(app: FastifyInstance, rawEmail: string, password: string, ip: string) {
  const email = rawEmail.trim().toLowerCase()
  const user = await userForLogin(app.db, email)
  const who = user ? { userId: user.id, organisationId: user.organisation_id, role: user.role } : undefined
  if (!user || user.disabled) {
    await verifyPassword(undefined, password)
    await audit(app.db, 'login.failure', { email, ip, reason: user ? 'disabled' : 'unknown email' }, null, who)
    throw wrong()
  }
  if (user.locked_until && user.locked_until > new Date()) {
    await audit(app.db, 'login.locked', { email, ip }, null, who)
    throw locked(user.locked_until)
  }
  const ok = await verifyPassword(user.password_hash, password)
  const lockedUntil = await recordLogin(app.db, user.id, ok, app.config.loginMaxFailures, app.config.loginLockMinutes)
  if (!ok) {
    await audit(app.db, 'login.failure', { email, ip, reason: 'wrong password', locked: lockedUntil !== null }, null, who)
    throw lockedUntil ? locked(lockedUntil) : wrong()
  }
  const secret = newSecret()
  const expires = await createSession(app.db, user.id, secretHash(secret), app.config.sessionTtlMinutes)
  await audit(app.db, 'login.success', { email, ip }, null, who)
  const actor: Actor = { userId: user.id, organisationId: user.organisation_id, role: user.role, boroughs: user.boroughs, agreementId: null }
  const me = await describe(app, actor, { id: user.id, email, displayName: user.display_name }, csrfTokenFor(secret), expires)
  return { secret, expires, me }
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

async function describe(app: FastifyInstance, actor: Actor, user: { id: string; email: string; displayName: string } | null, csrfToken: string | null, expires: Date | null) {
  return withActor(app.db, actor, async (db) => {
    const org = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', actor.organisationId).executeTakeFirstOrThrow()
    const agreement = actor.role === 'partner' ? await currentAgreement(db) : undefined
    return {
      user,
      role: actor.role,
      organisation: { id: org.id, name: org.name },
      boroughs: actor.boroughs,
      agreement: agreement
        ? { id: agreement.id, name: agreement.name, level: agreement.level, boroughs: agreement.boroughs, fields: agreement.fields, k: agreement.k,
            includeVictims: agreement.includeVictims, validFrom: agreement.validFrom, validUntil: agreement.validUntil, inForce: agreement.inForce }
        : null,
      csrfToken,
      expiresAt: expires ? expires.toISOString() : null,
    }
  }, { k: app.config.kAnonymity })
}
