import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { ACTIVITY_KINDS, RESIDENCE_KINDS, type DB } from '../db/types.js'
import type { ListKey } from './cursor.js'
import type { ListQuery } from './list.schemas.js'

const CLASSIFIED_KINDS = [...RESIDENCE_KINDS, ...ACTIVITY_KINDS]

/** A location of referral `r` matching a condition on `l`. */
const anyLocation = (cond: RawBuilder<unknown>) => sql`exists (select 1 from referral_locations l where l.referral_id = r.id and ${cond})`

/**
 * The SQL conditions of the list filters (values bound as parameters). The cross-boundary ones
 * mirror `referral_cross_boundary` so a filtered referral classifies the same way.
 */
export function listConditions(actor: Actor, q: ListQuery, borderZoneM: number): RawBuilder<unknown>[] {
  const c: RawBuilder<unknown>[] = [sql`r.organisation_id = ${actor.organisationId}`]
  if (actor.role === 'caseworker') c.push(sql`r.caseworker_id = ${actor.userId}`)
  if (q.from) c.push(sql`r.opened_on >= ${q.from}::date`)
  if (q.to) c.push(sql`r.opened_on <= ${q.to}::date`)
  if (q.programme) c.push(sql`r.programme_id = (select id from programmes where slug = ${q.programme})`)
  if (q.subjectRole) c.push(sql`r.subject_role = ${q.subjectRole}`)
  if (q.ageBand) c.push(sql`r.age_band = ${q.ageBand}`)
  if (q.status) c.push(sql`r.status = ${q.status}`)
  if (q.borough) c.push(anyLocation(sql`l.borough_code = ${q.borough}`))
  if (q.multiBorough !== undefined) {
    const multi = anyLocation(sql`l.borough_code is not null and exists (
      select 1 from referral_locations l2 where l2.referral_id = r.id and l2.borough_code is not null and l2.borough_code <> l.borough_code)`)
    c.push(q.multiBorough ? multi : sql`not ${multi}`)
  }
  if (q.fundingMismatch !== undefined) {
    const mismatch = anyLocation(sql`l.borough_code is not null and l.borough_code <> r.funding_borough
      and l.kind in (${sql.join(CLASSIFIED_KINDS)})`)
    c.push(q.fundingMismatch ? mismatch : sql`not ${mismatch}`)
  }
  if (q.borderZone) {
    const [a, b] = q.borderZone.split(',') as [string, string]
    c.push(
      anyLocation(sql`l.border_distance_m <= ${borderZoneM}::float8
      and ((l.borough_code = ${a} and l.border_code = ${b}) or (l.borough_code = ${b} and l.border_code = ${a}))`),
    )
  }
  if (q.straddling !== undefined) {
    // The view is uncorrelated: evaluated once per query, not once per referral.
    const straddling = anyLocation(sql`(l.estate_code in (select code from straddling_areas) or l.patch_code in (select code from straddling_areas))`)
    c.push(q.straddling ? straddling : sql`not ${straddling}`)
  }
  return c
}

/**
 * One page of the actor's referral ids, newest opened first (keyset on (opened_on, id), which the
 * index referrals_org_opened serves); one extra row tells whether another page follows.
 */
export async function listReferralKeys(db: Kysely<DB>, actor: Actor, q: ListQuery, borderZoneM: number, limit: number, after?: ListKey): Promise<ListKey[]> {
  const conds = listConditions(actor, q, borderZoneM)
  if (after) conds.push(sql`(r.opened_on, r.id) < (${after.openedOn}::date, ${after.id}::uuid)`)
  const { rows } = await sql<ListKey>`
    select r.id, r.opened_on as "openedOn" from referrals r
    where ${sql.join(conds, sql` and `)}
    order by r.opened_on desc, r.id desc
    limit ${limit + 1}`.execute(db)
  return rows
}
