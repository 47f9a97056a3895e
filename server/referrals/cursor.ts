import { createHash } from 'node:crypto'
import { invalid } from '../errors/problem.js'

/** Sort key of the referral list: newest opened first, id breaks ties. */
export interface ListKey {
  openedOn: string
  id: string
}

const VERSION = 'r1'
const check = (payload: string) => createHash('sha256').update(payload).digest('base64url').slice(0, 10)

/** base64url of `r1|openedOn|id|checksum`: opaque to clients, and an edited cursor fails the checksum. */
export function encodeCursor(key: ListKey): string {
  const payload = `${VERSION}|${key.openedOn}|${key.id}`
  return Buffer.from(`${payload}|${check(payload)}`).toString('base64url')
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The key a cursor holds; 400 naming `cursor` when it is not one this service wrote. */
export function decodeCursor(cursor: string): ListKey {
  const bad = () => invalid('cursor', 'is not a cursor this service issued; start again without it')
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad()
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|')
  if (parts.length !== 4) throw bad()
  const [version, openedOn, id, sum] = parts as [string, string, string, string]
  if (version !== VERSION || !DATE.test(openedOn) || !UUID.test(id) || sum !== check(`${version}|${openedOn}|${id}`)) throw bad()
  return { openedOn, id }
}
