import { createHmac, timingSafeEqual } from 'node:crypto'
import { invalid } from '../errors/problem.js'

/** Sort key of the referral list: newest opened first, id breaks ties. */
export interface ListKey {
  openedOn: string
  id: string
}

const VERSION = 'r2'
/** HMAC-SHA256 (truncated to 128 bits) with the server's cursor secret (server/audit/secrets.ts). */
const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url')

/**
 * base64url of `r2|openedOn|id|mac`: opaque to clients. The MAC needs the server's secret, so a
 * client can neither edit a cursor nor make one up; every instance must share the secret.
 */
export function encodeCursor(key: ListKey, secret: Buffer): string {
  const payload = `${VERSION}|${key.openedOn}|${key.id}`
  return Buffer.from(`${payload}|${mac(secret, payload)}`).toString('base64url')
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A real calendar day YYYY-MM-DD (2026-02-31 is not), years 1–9999. */
export function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
  return d <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]!
}

/** The key a cursor holds; 400 naming `cursor` when it is not one this service wrote. */
export function decodeCursor(cursor: string, secret: Buffer): ListKey {
  const bad = () => invalid('cursor', 'is not a cursor this service issued; start again without it')
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (parts.length !== 4) throw bad()
  const [version, openedOn, id, sum] = parts as [string, string, string, string]
  if (version !== VERSION) throw bad()
  const expected = Buffer.from(mac(secret, `${version}|${openedOn}|${id}`))
  const given = Buffer.from(sum)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw bad()
  // Signed, so written by a server; still checked, so nothing odd reaches SQL (a 400, never a 500).
  if (!isCalendarDate(openedOn) || !UUID.test(id)) throw bad()
  return { openedOn, id }
}
