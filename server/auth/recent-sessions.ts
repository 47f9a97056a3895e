import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Lru } from '../cache/lru.js'
import { forbidden, unauthenticated } from '../errors/problem.js'
import type { Actor, Role } from './actor.js'
import { sessionUser, type SessionUser } from './auth.repository.js'
import { secretHash } from './tokens.js'

/**
 * Sessions checked inside the route's own statement.
 *
 * A route whose one SQL statement checks the session itself (the exact points tile:
 * tile_points_exact_request, migration 0025) declares `config.sessionInStatement` with the roles
 * that statement serves. For such a route the auth hook takes the actor from this instance's last
 * lookup of the same session instead of asking the database first; the statement then checks the
 * session (live, same user, organisation, role and boroughs) before it reads anything, so a
 * sign-out or an expiry on any instance ends the session at once. The remembered actor only
 * decides which path the request takes; it never widens what is read.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles for which the route's statement checks the session itself (see server/auth/recent-sessions.ts). */
    sessionInStatement?: readonly Role[]
  }
}

interface Remembered {
  actor: Actor
  email: string
  displayName: string
  expiresAt: Date
  at: number
}

/** An entry older than this is looked up again: it only saves a round trip, it is never trusted alone. */
const MAX_AGE_MS = 5 * 60_000
const recent = new WeakMap<FastifyInstance, Lru<Remembered>>()
const unconfirmed = new WeakMap<FastifyRequest, Buffer>()

const key = (hash: Buffer) => hash.toString('base64')
function cacheOf(app: FastifyInstance): Lru<Remembered> {
  let cache = recent.get(app)
  if (!cache) recent.set(app, (cache = new Lru<Remembered>(10_000)))
  return cache
}

/** The actor a live session acts as. */
export function actorOfSession(user: SessionUser): Actor {
  return {
    userId: user.user_id,
    organisationId: user.organisation_id,
    role: user.role,
    boroughs: user.boroughs,
    agreementId: user.role === 'partner' ? user.agreement_id : null,
  }
}

/** After the hook's own lookup of a live session: remember its actor for the routes that check sessions in their statement. */
export function rememberSession(app: FastifyInstance, req: FastifyRequest): void {
  const c = req.credential
  if (c?.kind !== 'session' || !req.actor) return
  cacheOf(app).set(key(secretHash(c.secret)), { actor: req.actor, email: c.email, displayName: c.displayName, expiresAt: c.expiresAt, at: Date.now() })
}

/**
 * For a route with `sessionInStatement`: sets `req.actor` and `req.credential` from the remembered
 * lookup of this session when its role is one the route's statement serves; true when it did (the
 * session is then unconfirmed until `sessionToConfirm` hands it to the statement or
 * `confirmSession` looks it up).
 */
export function useRememberedSession(app: FastifyInstance, req: FastifyRequest, secret: string): boolean {
  const roles = req.routeOptions.config?.sessionInStatement
  if (!roles) return false
  const hash = secretHash(secret)
  const r = cacheOf(app).get(key(hash))
  if (!r || Date.now() - r.at > MAX_AGE_MS || !roles.includes(r.actor.role)) return false
  req.actor = r.actor
  req.credential = { kind: 'session', secret, email: r.email, displayName: r.displayName, expiresAt: r.expiresAt }
  unconfirmed.set(req, hash)
  return true
}

/** The session hash the route's statement must check, or null when the hook has checked it already. */
export function sessionToConfirm(req: FastifyRequest): Buffer | null {
  return unconfirmed.get(req) ?? null
}

/** The statement found the session gone or changed: forget it here too. */
export function forgetSession(app: FastifyInstance, req: FastifyRequest): void {
  const hash = unconfirmed.get(req)
  if (hash) cacheOf(app).delete(key(hash))
}

/**
 * Before any other work of a request whose session came from memory: look it up as the hook would
 * have (401 when it is gone, the actor as it is now, the route's roles checked again).
 */
export async function confirmSession(app: FastifyInstance, req: FastifyRequest): Promise<void> {
  const hash = unconfirmed.get(req)
  if (!hash) return
  unconfirmed.delete(req)
  const user = await sessionUser(app.db, hash, app.config.sessionTtlMinutes)
  if (!user) {
    cacheOf(app).delete(key(hash))
    req.actor = null
    throw unauthenticated()
  }
  req.actor = actorOfSession(user)
  if (req.credential?.kind === 'session') req.credential = { ...req.credential, email: user.email, displayName: user.display_name, expiresAt: user.expires_at }
  rememberSession(app, req)
  const access = req.routeOptions.config?.access
  if (access !== undefined && access !== 'public' && !access.includes(req.actor.role))
    throw forbidden(`The ${req.actor.role} role may not ${req.method} ${req.routeOptions.url}.`)
}
