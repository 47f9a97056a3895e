import type { Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { ensureOrganisation } from './accounts.repository.js'
import type { Actor } from './actor.js'

/** The organisation command-line imports go to when none is named. */
export const DEFAULT_ORGANISATION = 'Default organisation'

/**
 * For the command line and the bench, which run as the database owner: act as a lead of the named
 * organisation (created if missing). Requests never use this — they act as their signed-in user.
 */
export async function organisationLead(db: Kysely<DB>, organisationName = DEFAULT_ORGANISATION): Promise<Actor> {
  return { userId: null, organisationId: await ensureOrganisation(db, organisationName), role: 'lead', boroughs: null }
}
