import { sql, type Kysely } from 'kysely'
import { createAgreement, createToken, ensureOrganisation } from '../auth/accounts.repository.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { invalid, notFound } from '../errors/problem.js'
import type { Agreement, AgreementInput, AgreementPatch } from './admin.schemas.js'

interface Row {
  id: string; name: string; partner_id: string; partner_name: string; boroughs: string[]; level: Agreement['level']; fields: string[]
  k: number; include_victims: boolean; valid_from: string; valid_until: string; in_force: boolean
}

const toAgreement = (r: Row): Agreement => ({
  id: r.id, name: r.name, partnerOrganisation: { id: r.partner_id, name: r.partner_name }, boroughs: r.boroughs, level: r.level,
  fields: r.fields, k: r.k, includeVictims: r.include_victims, validFrom: r.valid_from, validUntil: r.valid_until, inForce: r.in_force,
})

async function rows(db: Kysely<DB>, actor: Actor, id?: string): Promise<Row[]> {
  const { rows: found } = await sql<Row>`
    select a.id, a.name, o.id as partner_id, o.name as partner_name, a.boroughs, a.level, a.fields, a.k, a.include_victims,
           a.valid_from, a.valid_until, current_date between a.valid_from and a.valid_until as in_force
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

export async function addAgreement(db: Kysely<DB>, actor: Actor, input: AgreementInput): Promise<Agreement> {
  if (input.validUntil < input.validFrom) throw invalid('validUntil', 'must not be before validFrom')
  const partner = await ensureOrganisation(db, input.partnerOrganisation)
  if (partner === actor.organisationId) throw invalid('partnerOrganisation', 'must be another organisation')
  const id = await createAgreement(db, {
    organisationId: actor.organisationId, partnerOrganisationId: partner, name: input.name, boroughs: input.boroughs, level: input.level,
    fields: input.fields ?? [], k: input.k ?? 5, includeVictims: input.includeVictims ?? false, validFrom: input.validFrom, validUntil: input.validUntil,
  })
  return getAgreement(db, actor, id)
}

export async function changeAgreement(db: Kysely<DB>, actor: Actor, id: string, patch: AgreementPatch): Promise<Agreement> {
  const current = await getAgreement(db, actor, id)
  if (patch.validUntil && patch.validUntil < current.validFrom) throw invalid('validUntil', `must not be before validFrom (${current.validFrom})`)
  await db.updateTable('agreements').set({
    ...(patch.validUntil !== undefined ? { valid_until: patch.validUntil } : {}),
    ...(patch.boroughs !== undefined ? { boroughs: patch.boroughs } : {}),
    ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
    ...(patch.k !== undefined ? { k: patch.k } : {}),
    ...(patch.includeVictims !== undefined ? { include_victims: patch.includeVictims } : {}),
  }).where('id', '=', id).where('organisation_id', '=', actor.organisationId).execute()
  return getAgreement(db, actor, id)
}

const tokenColumns = ['id', 'agreement_id', 'name', 'created_at', 'expires_at', 'revoked_at'] as const
const toToken = (t: { id: string; agreement_id: string; name: string; created_at: Date; expires_at: Date; revoked_at: Date | null }) => ({
  id: t.id, agreementId: t.agreement_id, name: t.name, createdAt: t.created_at.toISOString(), expiresAt: t.expires_at.toISOString(),
  revokedAt: t.revoked_at ? t.revoked_at.toISOString() : null,
})

export async function listTokens(db: Kysely<DB>, actor: Actor, agreementId: string) {
  await getAgreement(db, actor, agreementId)
  const found = await db.selectFrom('api_tokens').select(tokenColumns).where('agreement_id', '=', agreementId).orderBy('created_at', 'desc').execute()
  return found.map(toToken)
}

/** A partner token for one agreement, expiring after `days`; the secret is in this answer only. */
export async function addToken(db: Kysely<DB>, actor: Actor, agreementId: string, name: string, days: number) {
  await getAgreement(db, actor, agreementId)
  const { id, token } = await createToken(db, agreementId, name, new Date(Date.now() + days * 86_400_000))
  const row = await db.selectFrom('api_tokens').select(tokenColumns).where('id', '=', id).executeTakeFirstOrThrow()
  return { ...toToken(row), token }
}

export async function revokeToken(db: Kysely<DB>, actor: Actor, agreementId: string, tokenId: string) {
  await getAgreement(db, actor, agreementId)
  const r = await db.updateTable('api_tokens').set({ revoked_at: sql`now()` })
    .where('id', '=', tokenId).where('agreement_id', '=', agreementId).where('revoked_at', 'is', null).executeTakeFirst()
  if (r.numUpdatedRows === 0n) throw notFound(`Active token ${tokenId} of agreement ${agreementId}`)
}
