import { sql, type Kysely, type Selectable } from 'kysely'
import { ensureOrganisation } from '../auth/accounts.repository.js'
import type { Actor } from '../auth/actor.js'
import type { AgreementsTable, DB } from '../db/types.js'
import { invalid, notFound, Problem } from '../errors/problem.js'
import type { Agreement, AgreementInput, AgreementPatch, ApprovalRequest } from './admin.schemas.js'
import { requestApproval } from './approvals.service.js'

/** An agreement as the admin's list reads it: the table's own columns, and the partner's name. */
type Row = Omit<Selectable<AgreementsTable>, 'organisation_id' | 'partner_organisation_id' | 'created_at'> & {
  partner_id: string
  partner_name: string
  in_force: boolean
}

const toAgreement = (r: Row): Agreement => ({
  id: r.id,
  name: r.name,
  partnerOrganisation: { id: r.partner_id, name: r.partner_name },
  boroughs: r.boroughs,
  level: r.level,
  fields: r.fields,
  k: r.k,
  includeVictims: r.include_victims,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  inForce: r.in_force,
  cellM: r.cell_m,
})

async function rows(db: Kysely<DB>, actor: Actor, id?: string): Promise<Row[]> {
  const { rows: found } = await sql<Row>`
    select a.id, a.name, o.id as partner_id, o.name as partner_name, a.boroughs, a.level, a.fields, a.k, a.include_victims,
           a.valid_from, a.valid_until, current_date between a.valid_from and a.valid_until as in_force, a.cell_m
    from agreements a join organisations o on o.id = a.partner_organisation_id
    where a.organisation_id = ${actor.organisationId} ${id ? sql`and a.id = ${id}` : sql``}
    order by a.valid_until desc, a.name`.execute(db)
  return found
}

/** The data-sharing agreements the admin's organisation has made with partners. */
export async function listAgreements(db: Kysely<DB>, actor: Actor): Promise<Agreement[]> {
  return (await rows(db, actor)).map(toAgreement)
}

export async function getAgreement(db: Kysely<DB>, actor: Actor, id: string): Promise<Agreement> {
  const [r] = await rows(db, actor, id)
  if (!r) throw notFound(`Agreement ${id}`)
  return toAgreement(r)
}

/** A new agreement: always a request another admin approves (the partner organisation is registered now). */
export async function addAgreement(db: Kysely<DB>, actor: Actor, input: AgreementInput): Promise<ApprovalRequest> {
  if (input.validUntil < input.validFrom) throw invalid('validUntil', 'must not be before validFrom')
  const partner = await ensureOrganisation(db, input.partnerOrganisation)
  if (partner === actor.organisationId) throw invalid('partnerOrganisation', 'must be another organisation')
  const change = {
    name: input.name,
    partnerOrganisationId: partner,
    partnerOrganisation: input.partnerOrganisation,
    boroughs: input.boroughs,
    level: input.level,
    fields: input.fields ?? [],
    k: input.k ?? 5,
    includeVictims: input.includeVictims ?? false,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    cellM: input.cellM ?? 250,
  }
  return requestApproval(db, actor, {
    kind: 'agreement.create',
    targetId: null,
    change,
    summary:
      `Share ${input.level} data of ${input.boroughs.length} borough(s) with ${input.partnerOrganisation} ("${input.name}", k ${change.k}, ` +
      `${change.cellM} m cells, ${input.validFrom} to ${input.validUntil}${change.includeVictims ? ', victims included' : ''})`,
  })
}

/** What in `patch` widens `current` (more boroughs or fields, later end, lower k, victims); empty = narrowing only. */
export function widening(current: Agreement, patch: AgreementPatch): string[] {
  const out: string[] = []
  if (patch.boroughs?.some((b) => !current.boroughs.includes(b))) out.push('more boroughs')
  if (patch.fields?.some((f) => !current.fields.includes(f))) out.push('more fields')
  if (patch.validUntil !== undefined && patch.validUntil > current.validUntil) out.push(`a later end (${patch.validUntil})`)
  if (patch.k !== undefined && patch.k < current.k) out.push(`a lower k (${patch.k})`)
  if (patch.includeVictims && !current.includeVictims) out.push('victims')
  return out
}

/**
 * Changes an agreement: narrowing (fewer boroughs or fields, an earlier end, a higher k, no victims)
 * applies at once (200); any widening makes the whole change a request another admin approves (202).
 */
export async function changeAgreement(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  patch: AgreementPatch,
): Promise<{ agreement: Agreement; request?: ApprovalRequest }> {
  const current = await getAgreement(db, actor, id)
  if (patch.validUntil && patch.validUntil < current.validFrom) throw invalid('validUntil', `must not be before validFrom (${current.validFrom})`)
  const wider = widening(current, patch)
  if (wider.length) {
    const next = {
      boroughs: patch.boroughs ?? current.boroughs,
      fields: patch.fields ?? current.fields,
      k: patch.k ?? current.k,
      includeVictims: patch.includeVictims ?? current.includeVictims,
      validUntil: patch.validUntil ?? current.validUntil,
    }
    const was = { boroughs: current.boroughs, fields: current.fields, k: current.k, includeVictims: current.includeVictims, validUntil: current.validUntil }
    const request = await requestApproval(db, actor, {
      kind: 'agreement.change',
      targetId: id,
      change: { ...next, was },
      summary: `Widen "${current.name}" with ${current.partnerOrganisation.name}: ${wider.join(', ')}`,
    })
    return { agreement: current, request }
  }
  await db
    .updateTable('agreements')
    .set({
      ...(patch.validUntil !== undefined ? { valid_until: patch.validUntil } : {}),
      ...(patch.boroughs !== undefined ? { boroughs: patch.boroughs } : {}),
      ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
      ...(patch.k !== undefined ? { k: patch.k } : {}),
      ...(patch.includeVictims !== undefined ? { include_victims: patch.includeVictims } : {}),
    })
    .where('id', '=', id)
    .where('organisation_id', '=', actor.organisationId)
    .execute()
  return { agreement: await getAgreement(db, actor, id) }
}

const tokenColumns = ['id', 'agreement_id', 'name', 'created_at', 'expires_at', 'revoked_at'] as const
const toToken = (t: { id: string; agreement_id: string; name: string; created_at: Date; expires_at: Date; revoked_at: Date | null }) => ({
  id: t.id,
  agreementId: t.agreement_id,
  name: t.name,
  createdAt: t.created_at.toISOString(),
  expiresAt: t.expires_at.toISOString(),
  revokedAt: t.revoked_at ? t.revoked_at.toISOString() : null,
})

export async function listTokens(db: Kysely<DB>, actor: Actor, agreementId: string) {
  await getAgreement(db, actor, agreementId)
  const found = await db.selectFrom('api_tokens').select(tokenColumns).where('agreement_id', '=', agreementId).orderBy('created_at', 'desc').execute()
  return found.map(toToken)
}

/**
 * A partner token for one agreement: a request another admin approves. On approval the token exists
 * but no secret matches it until the requester fetches it, once (POST /approvals/{id}/token).
 */
export async function addToken(db: Kysely<DB>, actor: Actor, agreementId: string, name: string, days: number): Promise<ApprovalRequest> {
  const agreement = await getAgreement(db, actor, agreementId)
  if (agreement.validUntil < new Date().toISOString().slice(0, 10)) {
    throw new Problem(409, 'agreement-expired', `The agreement "${agreement.name}" ended on ${agreement.validUntil}; a token for it would never work.`)
  }
  return requestApproval(db, actor, {
    kind: 'token.create',
    targetId: agreementId,
    change: { name, days },
    summary: `Issue partner token "${name}" (${days} days) for "${agreement.name}" with ${agreement.partnerOrganisation.name}`,
  })
}

export async function revokeToken(db: Kysely<DB>, actor: Actor, agreementId: string, tokenId: string) {
  await getAgreement(db, actor, agreementId)
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId)
    .where('agreement_id', '=', agreementId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (r.numUpdatedRows === 0n) throw notFound(`Active token ${tokenId} of agreement ${agreementId}`)
}
