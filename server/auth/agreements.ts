import { sql, type Kysely, type Selectable } from 'kysely'
import type { AgreementsTable, DB } from '../db/types.js'
import { Problem } from '../errors/problem.js'
import type { NewAgreement } from './accounts.repository.js'

/** A data-sharing agreement as a partner acts under it (docs/product-rules.md, "Privacy rules"). */
export interface Agreement extends NewAgreement {
  id: string
  inForce: boolean
  /** The fixed cell size (metres) of every cell the partner reads: generalised points, hexes, exports. */
  cellM: number
}

/** A row of current_agreement(): the table's own columns, and whether it is in force. */
type AgreementRow = Omit<Selectable<AgreementsTable>, 'created_at'> & { valid: boolean }

/** The agreement the acting partner works under (inside their scoped transaction), or undefined. */
export async function currentAgreement(db: Kysely<DB>): Promise<Agreement | undefined> {
  const { rows } = await sql<AgreementRow>`
    select c.*, coalesce((select a.cell_m from agreements a where a.id = c.id), 250) as cell_m from current_agreement() c`.execute(db)
  const a = rows[0]
  if (!a) return undefined
  return {
    id: a.id,
    name: a.name,
    organisationId: a.organisation_id,
    partnerOrganisationId: a.partner_organisation_id,
    boroughs: a.boroughs,
    level: a.level,
    fields: a.fields,
    k: a.k,
    includeVictims: a.include_victims,
    validFrom: a.valid_from,
    validUntil: a.valid_until,
    inForce: a.valid,
    cellM: a.cell_m,
  }
}

export interface AgreementChoice {
  id: string
  name: string
  owner: { id: string; name: string }
  validUntil: string
}

/** The agreements in force whose partner is `organisationId` (as the partner's own transaction sees them). */
export async function agreementsInForce(db: Kysely<DB>, organisationId: string): Promise<AgreementChoice[]> {
  const { rows } = await sql<{ id: string; name: string; owner_id: string; owner_name: string; valid_until: string }>`
    select a.id, a.name, o.id as owner_id, o.name as owner_name, a.valid_until
    from agreements a join organisations o on o.id = a.organisation_id
    where a.partner_organisation_id = ${organisationId} and current_date between a.valid_from and a.valid_until
    order by a.valid_until desc, a.name`.execute(db)
  return rows.map((r) => ({ id: r.id, name: r.name, owner: { id: r.owner_id, name: r.owner_name }, validUntil: r.valid_until }))
}

/**
 * The partner's agreement in force, or a problem: everything a partner reads obeys it. With several
 * in force and none chosen for the session, 409 agreement-choice-needed — never a silent pick.
 */
export async function agreementInForce(db: Kysely<DB>): Promise<Agreement> {
  const a = await currentAgreement(db)
  if (!a) {
    const {
      rows: [n],
    } = await sql<{ n: number }>`
      select count(*)::int as n from agreements
      where partner_organisation_id = app_org_id() and app_role() = 'partner' and current_date between valid_from and valid_until`.execute(db)
    if ((n?.n ?? 0) > 1) {
      throw new Problem(
        409,
        'agreement-choice-needed',
        `Your organisation has ${n!.n} data-sharing agreements in force: choose the one to act under with POST /api/v1/session/agreement {"agreementId": …} (GET /api/v1/me lists them).`,
      )
    }
    throw new Problem(403, 'agreement-expired', 'No data-sharing agreement covers your organisation.')
  }
  if (!a.inForce) throw new Problem(403, 'agreement-expired', `The data-sharing agreement "${a.name}" is not in force (${a.validFrom} to ${a.validUntil}).`)
  return a
}
