import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { Actor } from './actor.js'

/**
 * INTERIM, until accounts and sessions land (issue "Who sees what"): every API request acts as the
 * lead of one organisation — the demo organisation in demo mode, else "Default organisation" —
 * created on first use. Repository functions already take an Actor, so the real resolver replaces
 * only this function.
 */
export const INTERIM_ORGANISATION = 'Default organisation'

export async function interimActor(db: Kysely<DB>, organisationName = INTERIM_ORGANISATION): Promise<Actor> {
  const { rows } = await sql<{ id: string }>`
    with found as (select id from organisations where name = ${organisationName}),
         made as (insert into organisations (name) select ${organisationName} where not exists (select 1 from found) returning id)
    select id from found union all select id from made`.execute(db)
  return { userId: null, organisationId: rows[0]!.id, role: 'lead', boroughs: null }
}
