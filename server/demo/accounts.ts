import { sql, type Kysely } from 'kysely'
import type { Role } from '../auth/actor.js'
import { createAgreement, createUser, ensureOrganisation } from '../auth/accounts.repository.js'
import type { DB } from '../db/types.js'
import { DEMO_ORGANISATION } from './organisation.js'

/** The partner organisation of the demo (synthetic). */
export const DEMO_PARTNER_ORGANISATION = 'Northside Youth Offending Team (synthetic demo)'

/** Boroughs the demo commissioner and the demo agreement cover: the Brent/Westminster border and neighbours. */
export const DEMO_SCOPE = ['E09000005', 'E09000033', 'E09000007', 'E09000020']

export const DEMO_USERS: ReadonlyArray<{ role: Role; email: string; displayName: string }> = [
  { role: 'lead', email: 'lead@demo.test', displayName: 'Demo project lead' },
  { role: 'caseworker', email: 'caseworker@demo.test', displayName: 'Demo caseworker' },
  { role: 'commissioner', email: 'commissioner@demo.test', displayName: 'Demo commissioner' },
  { role: 'partner', email: 'partner@demo.test', displayName: 'Demo partner analyst' },
  { role: 'admin', email: 'admin@demo.test', displayName: 'Demo administrator' },
  // Grants need a second admin's approval (docs/accounts.md "Approvals"): the demo has two.
  { role: 'admin', email: 'admin2@demo.test', displayName: 'Demo second administrator' },
]

export interface DemoAccountsReport {
  users: number
}

const DEMO_CASEWORKER = DEMO_USERS.find((u) => u.role === 'caseworker')!.email

/**
 * Demo mode only (embedded database): one user per role with the DEMO_PASSWORD, a partner
 * organisation with a year-long generalised agreement (the caseworker's caseload follows the demo
 * referrals: assignDemoCaseload). Does nothing when the demo users exist already.
 */
export async function seedDemoAccounts(db: Kysely<DB>, password: string): Promise<DemoAccountsReport | null> {
  if (
    await db
      .selectFrom('users')
      .select('id')
      .where(
        'email',
        'in',
        DEMO_USERS.map((u) => u.email),
      )
      .limit(1)
      .executeTakeFirst()
  )
    return null
  const org = await ensureOrganisation(db, DEMO_ORGANISATION, true)
  const partnerOrg = await ensureOrganisation(db, DEMO_PARTNER_ORGANISATION, true)
  const ids = new Map<Role, string>()
  for (const u of DEMO_USERS) {
    const scoped = u.role === 'commissioner' || u.role === 'partner'
    ids.set(
      u.role,
      await createUser(db, {
        organisationId: u.role === 'partner' ? partnerOrg : org,
        email: u.email,
        displayName: u.displayName,
        role: u.role,
        password,
        boroughs: scoped ? DEMO_SCOPE : null,
        synthetic: true,
      }),
    )
  }
  const { rows } = await sql<{ from: string; until: string }>`
    select (current_date - 30)::text as from, (current_date + 365)::text as until`.execute(db)
  await createAgreement(db, {
    organisationId: org,
    partnerOrganisationId: partnerOrg,
    name: 'Demo data-sharing agreement (synthetic)',
    boroughs: DEMO_SCOPE,
    level: 'generalised',
    fields: ['programme', 'ageBand', 'month', 'borough'],
    k: 5,
    includeVictims: false,
    validFrom: rows[0]!.from,
    validUntil: rows[0]!.until,
  })
  return { users: DEMO_USERS.length }
}

/**
 * The demo caseworker's caseload: about one demo referral in ten (by a hash of its id). Run once the
 * demo referrals are loaded; returns how many are theirs.
 */
export async function assignDemoCaseload(db: Kysely<DB>): Promise<number> {
  const caseworker = await db.selectFrom('users').select('id').where('email', '=', DEMO_CASEWORKER).executeTakeFirst()
  const org = await db.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirst()
  if (!caseworker || !org) return 0
  const caseload = await db
    .updateTable('referrals')
    .set({ caseworker_id: caseworker.id })
    .where('organisation_id', '=', org.id)
    .where('synthetic', '=', true)
    .where(sql<boolean>`abs(hashtext(id::text)) % 10 = 0`)
    .executeTakeFirst()
  return Number(caseload.numUpdatedRows)
}
