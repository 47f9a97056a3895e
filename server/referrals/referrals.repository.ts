import { sql, type Kysely, type Selectable } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB, ReferralsTable } from '../db/types.js'
import { currentlyValid } from '../db/spatial.js'

/** A referral row with its programme's slug (mapped to the API shape in mappers.ts). */
export type ReferralRow = Pick<
  Selectable<ReferralsTable>,
  | 'id'
  | 'external_id'
  | 'subject_role'
  | 'age_band'
  | 'referral_source'
  | 'funding_borough'
  | 'status'
  | 'opened_on'
  | 'closed_on'
  | 'risk_level'
  | 'restricted'
  | 'caseworker_id'
> & { programme: string }

/** The writable columns of a referral (organisation comes from the actor). */
export type ReferralValues = Omit<ReferralRow, 'id' | 'programme'> & { programme_id: number }

const columns = [
  'r.id',
  'r.external_id',
  'p.slug as programme',
  'r.subject_role',
  'r.age_band',
  'r.referral_source',
  'r.funding_borough',
  'r.status',
  'r.opened_on',
  'r.closed_on',
  'r.risk_level',
  'r.restricted',
  'r.caseworker_id',
] as const

/** The actor's referrals: their organisation's; a caseworker's own caseload only (row-level security says the same). */
const ofActor = (db: Kysely<DB>, actor: Actor) => {
  const q = db.selectFrom('referrals as r').innerJoin('programmes as p', 'p.id', 'r.programme_id').where('r.organisation_id', '=', actor.organisationId)
  return actor.role === 'caseworker' ? q.where('r.caseworker_id', '=', actor.userId) : q
}

/** The actor's referrals with these ids, in the order of `ids`' rows as stored (callers reorder). */
export async function referralRows(db: Kysely<DB>, actor: Actor, ids: string[]): Promise<ReferralRow[]> {
  if (ids.length === 0) return []
  return ofActor(db, actor).select(columns).where('r.id', 'in', ids).execute()
}

/** One of the actor's referrals, locked for update when `lock` (inside a transaction). */
export async function referralRow(db: Kysely<DB>, actor: Actor, id: string, lock = false): Promise<ReferralRow | undefined> {
  let q = ofActor(db, actor).select(columns).where('r.id', '=', id)
  if (lock) q = q.forUpdate('r')
  return q.executeTakeFirst()
}

export async function insertReferral(db: Kysely<DB>, actor: Actor, values: ReferralValues): Promise<string> {
  const row = await db
    .insertInto('referrals')
    .values({ ...values, organisation_id: actor.organisationId, ...(actor.role === 'caseworker' ? { caseworker_id: actor.userId } : {}) })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateReferral(db: Kysely<DB>, actor: Actor, id: string, values: Partial<ReferralValues>): Promise<boolean> {
  const r = await db
    .updateTable('referrals')
    .set({ ...values, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('organisation_id', '=', actor.organisationId)
    .executeTakeFirst()
  return r.numUpdatedRows > 0n
}

/** Deletes a referral with its locations and exclusion zones (cascade). */
export async function deleteReferral(db: Kysely<DB>, actor: Actor, id: string): Promise<boolean> {
  const r = await db.deleteFrom('referrals').where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst()
  return r.numDeletedRows > 0n
}

/** The id of a programme by slug. */
export async function programmeId(db: Kysely<DB>, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('programmes').select('id').where('slug', '=', slug).executeTakeFirst())?.id
}

/** True when `code` is a current, loaded borough. */
export async function isBorough(db: Kysely<DB>, code: string): Promise<boolean> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from areas a where a.kind = 'borough' and a.code = ${code} and ${currentlyValid('a')}`.execute(db)
  return (rows[0]?.n ?? 0) > 0
}
