import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** Session cookie name: HttpOnly, SameSite=Strict, Secure behind TLS. */
export const SESSION_COOKIE = 'cb_session'
/** Partner API tokens start with this, so a leaked one is easy to recognise and revoke. */
export const TOKEN_PREFIX = 'cbp_'

/** 256 random bits, URL-safe. */
export const newSecret = (prefix = '') => prefix + randomBytes(32).toString('base64url')

/** What the database stores instead of a session id or token: its SHA-256. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest()

/**
 * The CSRF token of a session: derived from the session secret (which JavaScript cannot read,
 * the cookie being HttpOnly), so it needs no storage and dies with the session.
 */
export const csrfTokenFor = (sessionSecret: string) => createHmac('sha256', sessionSecret).update('crossborough csrf v1').digest('base64url')

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
