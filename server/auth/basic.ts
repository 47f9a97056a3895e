import { createHmac, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { audit } from '../audit/audit.js'
import { Lru } from '../cache/lru.js'
import { forbidden, Problem, unauthenticated } from '../errors/problem.js'
import type { Actor } from './actor.js'
import { userForLogin } from './auth.repository.js'
import { checkPassword } from './session.service.js'
import { TOKEN_PREFIX } from './tokens.js'

/**
 * HTTP Basic for GIS clients (QGIS, ArcGIS Pro, GDAL), whose built-in authentication can send
 * neither the session cookie nor a bearer token:
 * - the password is a partner token (`cbp_…`): the same grant as `Authorization: Bearer`; the
 *   username is not checked (the token id, an email or anything);
 * - otherwise, only where the operator set ALLOW_BASIC_PASSWORD: a person's email and account
 *   password, through the same throttling and audit as the sign-in route.
 * Basic is for reading: a browser that was once given Basic credentials sends them by itself, so
 * a state change with them could be forged by another site (sessions have a CSRF token for that).
 */

export const REALM = 'crossborough'

export interface BasicCredentials {
  user: string
  password: string
}

/** `Basic base64(user:password)` → its parts; undefined when the header is not Basic; 401 when malformed. */
export function parseBasic(header: string): BasicCredentials | undefined {
  const m = /^Basic(?:\s+(\S*))?\s*$/i.exec(header)
  if (!m) return undefined
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (!m[1] || colon < 0) throw unauthenticated('The Authorization header must be "Basic base64(username:password)".')
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

export const isPartnerToken = (password: string) => password.startsWith(TOKEN_PREFIX)

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function assertBasicMayDo(req: FastifyRequest) {
  if (!SAFE_METHODS.has(req.method)) {
    throw forbidden('HTTP Basic sign-in is for reading (GIS clients). To change data, sign in (POST /api/v1/session) or send the partner token as "Bearer".')
  }
}

/** How long a verified email and password are trusted without argon2 again (a GIS client sends many requests). */
const VERIFIED_TTL_MS = 60_000

/**
 * Verified Basic passwords of this process: key = HMAC(process secret, email ∖0 password), never the
 * password itself; value = the password hash it matched, so a changed password or disabled account
 * ends it at the next request (the account is read again every time).
 */
export class BasicPasswords {
  readonly #key = randomBytes(32)
  readonly #verified = new Lru<{ hash: string; at: number }>(1000)

  #cacheKey(email: string, password: string) {
    return createHmac('sha256', this.#key).update(email).update('\0').update(password).digest('base64url')
  }

  /** The actor of a valid email and password; 401/429 problems as the sign-in route answers them. */
  async actor(app: FastifyInstance, creds: BasicCredentials, ip: string): Promise<Actor> {
    const email = creds.user.trim().toLowerCase()
    const key = this.#cacheKey(email, creds.password)
    const hit = this.#verified.get(key)
    if (hit && Date.now() - hit.at < VERIFIED_TTL_MS) {
      const user = await userForLogin(app.db, email)
      if (user && !user.disabled && user.password_hash === hit.hash) return toActor(user)
      this.#verified.delete(key)
    }
    const { user } = await checkPassword(app, email, creds.password, ip, 'basic')
    // Audited once per verification (not on every tile), as a sign-in is.
    await audit(app.db, 'login.success', { email, ip, via: 'basic' }, null, { userId: user.id, organisationId: user.organisation_id, role: user.role })
    this.#verified.set(key, { hash: user.password_hash, at: Date.now() })
    return toActor(user)
  }
}

const toActor = (u: { id: string; organisation_id: string; role: Actor['role']; boroughs: string[] | null }): Actor => ({
  userId: u.id,
  organisationId: u.organisation_id,
  role: u.role,
  boroughs: u.boroughs,
  agreementId: null,
})

export const basicPasswordsOff = () =>
  new Problem(
    401,
    'unauthenticated',
    'HTTP Basic takes a partner token (cbp_…) as the password; email and password are not accepted here (the operator has not enabled ALLOW_BASIC_PASSWORD).',
  )

/**
 * `WWW-Authenticate` on every 401 (RFC 9110): Basic and Bearer, so a GIS client knows to ask for
 * credentials; an invalid bearer token is named (RFC 6750). Scripts in a browser page (the web app,
 * its map's tile requests: they send Sec-Fetch-Mode other than "navigate", or X-Requested-With) get
 * the Bearer challenge only, since a Basic challenge would make the browser pop up its own sign-in box.
 */
export function registerChallenge(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode !== 401 || reply.hasHeader('www-authenticate')) return payload
    const mode = req.headers['sec-fetch-mode']
    const script = (typeof mode === 'string' && mode !== 'navigate') || req.headers['x-requested-with'] !== undefined
    const bearerError = /^Bearer\s/i.test(req.headers.authorization ?? '') ? ', error="invalid_token"' : ''
    const challenges = [`Bearer realm="${REALM}"${bearerError}`]
    if (!script) challenges.unshift(`Basic realm="${REALM}", charset="UTF-8"`)
    reply.header('www-authenticate', challenges)
    return payload
  })
}
