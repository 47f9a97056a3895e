import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { withActor } from '../db/scoped.js'
import { questionContext } from '../cache/refresh.js'
import { forbidden, Problem, unauthenticated } from '../errors/problem.js'
import type { Actor, Role } from './actor.js'
import { registerAccessAudit } from './access-audit.js'
import { internalActorOf } from './internal-actor.js'
import { actorOfSession, confirmSession, rememberSession, sessionToConfirm, useRememberedSession } from './recent-sessions.js'
import { sessionUser, tokenGrant } from './auth.repository.js'
import { csrfTokenFor, sameToken, secretHash, SESSION_COOKIE, TOKEN_PREFIX } from './tokens.js'
import { assertBasicMayDo, basicPasswordsOff, BasicPasswords, isPartnerToken, parseBasic, registerChallenge } from './basic.js'

/** Who may call a route: anyone, or signed-in users with one of these roles. Every /api route declares it. */
export type Access = 'public' | readonly Role[]

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
  }
  interface FastifyRequest {
    /** The signed-in user or partner token; null when anonymous. */
    actor: Actor | null
    /** How the actor authenticated: a session cookie (with its secret, for CSRF), a partner token (Bearer or Basic) or Basic with a password. */
    credential:
      | { kind: 'session'; secret: string; email: string; displayName: string; expiresAt: Date }
      | { kind: 'token'; scheme: 'bearer' | 'basic' }
      | { kind: 'password' } // HTTP Basic with email and password (ALLOW_BASIC_PASSWORD)
      | null
    /** Runs `fn` in one transaction as the actor (database role and row-level-security settings). */
    scoped<T>(fn: (db: Kysely<DB>, actor: Actor) => Promise<T>): Promise<T>
    /**
     * As `scoped`, for work that only reads: on a read replica that holds the primary's data
     * version, else on the primary (server/db/read-routing.ts). `fn` must write nothing, not even audit rows.
     */
    scopedRead<T>(fn: (db: Kysely<DB>, actor: Actor) => Promise<T>): Promise<T>
  }
}

const readFrom = new WeakMap<FastifyRequest, string>()

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
const GUARDED = /^\/(api|tiles|ogc)(\/|$)/

/** Routes under /api, /tiles and /ogc refuse to start without an access declaration. */
export function requireAccessDeclarations(app: FastifyInstance) {
  app.addHook('onRoute', (route) => {
    if (!GUARDED.test(route.url) || route.method === 'HEAD') return
    const access = (route.config as { access?: Access } | undefined)?.access
    if (access === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no access (config.access)`)
    if (access !== 'public' && route.schema) {
      // The OpenAPI document says who may call it (how to authenticate: server/plugins/openapi.ts).
      const schema = route.schema as { description?: string }
      schema.description = [schema.description, `Roles: ${access.join(', ')}.`].filter(Boolean).join(' ')
    }
  })
}

async function resolveActor(app: FastifyInstance, req: FastifyRequest, basic: BasicPasswords): Promise<void> {
  const internal = internalActorOf(req)
  if (internal) {
    req.actor = internal
    return
  }
  const auth = req.headers.authorization
  if (auth !== undefined) {
    const creds = parseBasic(auth)
    if (creds) {
      assertBasicMayDo(req)
      if (isPartnerToken(creds.password)) {
        req.actor = await tokenActor(app, creds.password)
        req.credential = { kind: 'token', scheme: 'basic' }
        return
      }
      if (!app.config.basicPasswordSignIn) throw basicPasswordsOff()
      req.actor = await basic.actor(app, creds, req.ip)
      req.credential = { kind: 'password' }
      return
    }
    const m = /^Bearer\s+(\S+)$/i.exec(auth)
    if (!m || !m[1]!.startsWith(TOKEN_PREFIX))
      throw unauthenticated('The Authorization header must be "Bearer <partner token>" or "Basic base64(username:partner token)".')
    req.actor = await tokenActor(app, m[1]!)
    req.credential = { kind: 'token', scheme: 'bearer' }
    return
  }
  const secret = req.cookies[SESSION_COOKIE]
  if (!secret) return
  // Routes whose own statement checks the session (server/auth/recent-sessions.ts) skip this round trip.
  if (useRememberedSession(app, req, secret)) return
  const user = await sessionUser(app.db, secretHash(secret), app.config.sessionTtlMinutes)
  if (!user) return
  req.actor = actorOfSession(user)
  req.credential = { kind: 'session', secret, email: user.email, displayName: user.display_name, expiresAt: user.expires_at }
  rememberSession(app, req)
}

/** The partner token's grant as an actor; 401/403 problems naming why not. */
async function tokenActor(app: FastifyInstance, token: string): Promise<Actor> {
  const grant = await tokenGrant(app.db, secretHash(token))
  if (!grant || grant.status === 'revoked') throw unauthenticated('The partner token is not known or has been revoked.')
  if (grant.status === 'expired') throw new Problem(401, 'token-expired', 'The partner token has expired; ask the data owner for a new one.')
  if (grant.status === 'agreement-expired') throw new Problem(403, 'agreement-expired', 'The data-sharing agreement of this token is not in force.')
  return { userId: null, organisationId: grant.organisation_id, role: 'partner', boroughs: grant.boroughs, agreementId: grant.agreement_id }
}

const scopeOptions = (app: FastifyInstance) => ({ k: app.config.kAnonymity, noise: app.config.disclosureNoise })

/** Runs a request's database work with the context that lets its questions be answered again after a write (server/cache/refresh.ts). */
function asking<T>(app: FastifyInstance, actor: Actor, work: () => Promise<T>): Promise<T> {
  const rerun = <R>(fn: (db: Kysely<DB>) => Promise<R>) => withActor(app.db, actor, fn, scopeOptions(app))
  return questionContext.run({ actor, rerun, refresher: app.refresher }, work)
}

/**
 * Authentication and the API half of "enforcement, twice": resolves the session cookie or partner
 * token, checks the route's declared roles and, for cookie-authenticated state changes, the CSRF
 * token — all before the body is read. The database half is `req.scoped` (row-level security).
 */
export async function registerAuth(app: FastifyInstance) {
  await app.register(cookie)
  app.decorateRequest('actor', null)
  app.decorateRequest('credential', null)
  app.decorateRequest('scoped', function <T>(this: FastifyRequest, fn: (db: Kysely<DB>, actor: Actor) => Promise<T>): Promise<T> {
    // A session taken from memory is looked up before anything runs in its name.
    if (sessionToConfirm(this)) return confirmSession(app, this).then(() => this.scoped(fn))
    const actor = this.actor
    if (!actor) throw unauthenticated()
    return asking(app, actor, () => withActor(app.db, actor, (trx) => fn(trx, actor), scopeOptions(app)))
  })
  app.decorateRequest('scopedRead', function <T>(this: FastifyRequest, fn: (db: Kysely<DB>, actor: Actor) => Promise<T>): Promise<T> {
    if (sessionToConfirm(this)) return confirmSession(app, this).then(() => this.scopedRead(fn))
    const actor = this.actor
    if (!actor) throw unauthenticated()
    if (!app.reads.enabled) return asking(app, actor, () => withActor(app.db, actor, (trx) => fn(trx, actor), scopeOptions(app)))
    return asking(app, actor, () =>
      app.reads.run(
        actor,
        (trx) => fn(trx, actor),
        scopeOptions(app),
        (from) => readFrom.set(this, from),
      ),
    )
  })
  // Where each read was answered, on the response (operators and the soak read it).
  app.addHook('onSend', async (req, reply, payload) => {
    const from = readFrom.get(req)
    if (from && !reply.sent) reply.header('x-read-from', from)
    return payload
  })
  requireAccessDeclarations(app)
  registerAccessAudit(app)
  registerChallenge(app)
  const basic = new BasicPasswords()

  app.addHook('onRequest', async (req) => {
    if (!GUARDED.test(req.url)) return
    const access = req.routeOptions.config?.access
    if (access === undefined) return // no such route: the not-found handler answers
    await resolveActor(app, req, basic)
    if (access === 'public') return
    if (!req.actor) throw unauthenticated()
    if (!access.includes(req.actor.role)) throw forbidden(`The ${req.actor.role} role may not ${req.method} ${req.routeOptions.url}.`)
    if (req.credential?.kind === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token']
      if (typeof sent !== 'string' || !sameToken(sent, csrfTokenFor(req.credential.secret))) {
        throw new Problem(403, 'csrf-failed', 'State-changing requests need the x-csrf-token header with the csrfToken of your session.')
      }
    }
  })
}
