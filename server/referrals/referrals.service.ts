import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { transact } from '../db/scoped.js'
import { notFound, Problem } from '../errors/problem.js'
import { classifyReferrals } from './classification.js'
import { insertLocations, locationRows, type LocationRow } from './locations.repository.js'
import { toReferral } from './mappers.js'
import * as repo from './referrals.repository.js'
import type { Referral, ReferralInput, ReferralPatch } from './referrals.schemas.js'
import { Checks, checkReferences, serviceAreaIfNeeded } from './validation.js'

/** Referrals with their locations and classification, in the order of `ids`: three queries whatever the count. */
export async function loadReferrals(db: Kysely<DB>, actor: Actor, ids: string[], borderZoneM: number): Promise<Referral[]> {
  const [rows, locations, classes] = [
    await repo.referralRows(db, actor, ids),
    await locationRows(db, actor, ids),
    await classifyReferrals(db, actor, ids, borderZoneM),
  ]
  const byReferral = new Map<string, LocationRow[]>()
  for (const l of locations) byReferral.set(l.referral_id, [...(byReferral.get(l.referral_id) ?? []), l])
  const byId = new Map(rows.map((r) => [r.id, r]))
  return ids.flatMap((id) => {
    const r = byId.get(id)
    return r ? [toReferral(r, byReferral.get(id) ?? [], classes.get(id))] : []
  })
}

export async function getReferral(db: Kysely<DB>, actor: Actor, id: string, borderZoneM: number): Promise<Referral> {
  const [found] = await loadReferrals(db, actor, [id], borderZoneM)
  if (!found) throw notFound(`Referral ${id}`)
  return found
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505'
const duplicate = (externalId: string) =>
  new Problem(409, 'conflict', `externalId ${externalId} is already used by another referral of this organisation.`, [
    { field: 'externalId', message: 'is already used in this organisation' },
  ])

/** Validates, then writes the referral and its locations in one transaction (all or nothing). */
export async function createReferral(db: Kysely<DB>, actor: Actor, input: ReferralInput, borderZoneM: number): Promise<Referral> {
  const locations = input.locations ?? []
  const checks = new Checks()
  const closedOn = input.closedOn ?? null
  const status = input.status ?? (closedOn ? 'closed' : 'open')
  checks.referralDates({ openedOn: input.openedOn, closedOn, status })
  const [programmeId, area] = [
    await checkReferences(db, checks, { programme: input.programme, fundingBorough: input.fundingBorough, caseworkerId: input.caseworkerId }, actor),
    await serviceAreaIfNeeded(db, locations.length > 0),
  ]
  for (const [i, l] of locations.entries()) checks.location(`locations[${i}].`, l, input.openedOn, area)
  checks.throwIfAny()

  const id = await transact(db, async (trx) => {
    const newId = await repo.insertReferral(trx, actor, {
      programme_id: programmeId!,
      external_id: input.externalId,
      subject_role: input.subjectRole,
      age_band: input.ageBand,
      referral_source: input.referralSource ?? null,
      funding_borough: input.fundingBorough,
      status,
      opened_on: input.openedOn,
      closed_on: closedOn,
      risk_level: input.riskLevel ?? null,
      restricted: input.restricted ?? false,
      caseworker_id: input.caseworkerId ?? null,
    })
    await insertLocations(trx, actor, newId, locations)
    return newId
  }).catch((err: unknown) => {
    throw isUniqueViolation(err) ? duplicate(input.externalId) : err
  })
  return getReferral(db, actor, id, borderZoneM)
}

/** Applies a partial update after checking the referral as it would become, locations included. */
export async function updateReferral(db: Kysely<DB>, actor: Actor, id: string, patch: ReferralPatch, borderZoneM: number): Promise<Referral> {
  return transact(db, async (trx) => {
    const current = await getReferral(trx, actor, id, borderZoneM)
    const checks = new Checks()
    const openedOn = patch.openedOn ?? current.openedOn
    // Setting closedOn closes the referral; reopening it clears closedOn, unless the request says otherwise.
    const closedOn = patch.closedOn !== undefined ? patch.closedOn : patch.status && patch.status !== 'closed' ? null : current.closedOn
    const status = patch.status ?? (patch.closedOn ? 'closed' : patch.closedOn === null ? 'open' : current.status)
    checks.referralDates({ openedOn, closedOn, status })
    if (patch.openedOn) for (const [i, l] of current.locations.entries()) checks.location(`locations[${i}].`, { observedOn: l.observedOn }, openedOn, null)
    const programmeId = await checkReferences(
      trx,
      checks,
      { programme: patch.programme, fundingBorough: patch.fundingBorough, caseworkerId: patch.caseworkerId },
      actor,
    )
    checks.throwIfAny()

    await repo
      .updateReferral(trx, actor, id, {
        ...(patch.externalId !== undefined ? { external_id: patch.externalId } : {}),
        ...(programmeId !== undefined ? { programme_id: programmeId } : {}),
        ...(patch.subjectRole !== undefined ? { subject_role: patch.subjectRole } : {}),
        ...(patch.ageBand !== undefined ? { age_band: patch.ageBand } : {}),
        ...(patch.fundingBorough !== undefined ? { funding_borough: patch.fundingBorough } : {}),
        ...(patch.referralSource !== undefined ? { referral_source: patch.referralSource } : {}),
        ...(patch.riskLevel !== undefined ? { risk_level: patch.riskLevel } : {}),
        ...(patch.restricted !== undefined ? { restricted: patch.restricted } : {}),
        ...(patch.caseworkerId !== undefined ? { caseworker_id: patch.caseworkerId } : {}),
        opened_on: openedOn,
        closed_on: closedOn,
        status,
      })
      .catch((err: unknown) => {
        throw isUniqueViolation(err) ? duplicate(patch.externalId ?? '') : err
      })
    return getReferral(trx, actor, id, borderZoneM)
  })
}

export async function deleteReferral(db: Kysely<DB>, actor: Actor, id: string): Promise<void> {
  if (!(await repo.deleteReferral(db, actor, id))) throw notFound(`Referral ${id}`)
}
