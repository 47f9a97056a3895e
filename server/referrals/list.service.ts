import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import { listReferralKeys } from './list.repository.js'
import type { ListQuery } from './list.schemas.js'
import type { Referral } from './referrals.schemas.js'
import { loadReferrals } from './referrals.service.js'

export interface ReferralPage {
  items: Referral[]
  next: string | null
}

/** One page of the actor's referrals matching the filters: four queries whatever the page size. */
export async function listReferrals(
  db: Kysely<DB>,
  actor: Actor,
  q: ListQuery,
  borderZoneM: number,
  limit: number,
  cursorSecret: Buffer,
): Promise<ReferralPage> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, cursorSecret)
  const keys = await listReferralKeys(db, actor, q, borderZoneM, limit, after)
  const page = keys.slice(0, limit)
  const last = page[page.length - 1]
  return {
    items: await loadReferrals(
      db,
      actor,
      page.map((k) => k.id),
      borderZoneM,
    ),
    next: keys.length > limit && last ? encodeCursor(last, cursorSecret) : null,
  }
}
