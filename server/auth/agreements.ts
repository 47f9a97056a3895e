import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { Problem } from '../errors/problem.js'
import type { NewAgreement } from './accounts.repository.js'

/** A data-sharing agreement as a partner acts under it (SPEC "Privacy and disclosure control"). */
export interface Agreement extends NewAgreement {
  id: string
  inForce: boolean
}

interface AgreementRow {
  id: string; name: string; organisation_id: string; partner_organisation_id: string; boroughs: string[]; level: Agreement['level']
  fields: string[]; k: number; include_victims: boolean; valid_from: string; valid_until: string; valid: boolean
}

/** The agreement the acting partner works under (inside their scoped transaction), or undefined. */
export async function currentAgreement(db: Kysely<DB>): Promise<Agreement | undefined> {
  const { rows } = await sql<AgreementRow>`select * from current_agreement()`.execute(db)
  const a = rows[0]
  if (!a) return undefined
  return {
    id: a.id, name: a.name, organisationId: a.organisation_id, partnerOrganisationId: a.partner_organisation_id,
    boroughs: a.boroughs, level: a.level, fields: a.fields, k: a.k, includeVictims: a.include_victims,
    validFrom: a.valid_from, validUntil: a.valid_until, inForce: a.valid,
  }
}

/** The partner's agreement in force, or 403: everything a partner reads obeys it. */
export async function agreementInForce(db: Kysely<DB>): Promise<Agreement> {
  const a = await currentAgreement(db)
  if (!a) throw new Problem(403, 'agreement-expired', 'No data-sharing agreement covers your organisation.')
  if (!a.inForce) throw new Problem(403, 'agreement-expired', `The data-sharing agreement "${a.name}" is not in force (${a.validFrom} to ${a.validUntil}).`)
  return a
}
