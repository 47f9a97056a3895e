import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { transact } from '../db/scoped.js'
import { notFound } from '../errors/problem.js'
import * as locations from './locations.repository.js'
import { toLocation } from './mappers.js'
import { referralRow } from './referrals.repository.js'
import type { Location, LocationInput, LocationPatch } from './referrals.schemas.js'
import { Checks, serviceAreaIfNeeded } from './validation.js'

async function openedOnOf(trx: Kysely<DB>, actor: Actor, referralId: string): Promise<string> {
  const r = await referralRow(trx, actor, referralId, true)
  if (!r) throw notFound(`Referral ${referralId}`)
  return r.opened_on
}

/** Adds one located event to a referral; the database assigns its areas. */
export async function addLocation(db: Kysely<DB>, actor: Actor, referralId: string, input: LocationInput): Promise<Location> {
  return transact(db, async (trx) => {
    const openedOn = await openedOnOf(trx, actor, referralId)
    const checks = new Checks()
    checks.location('', input, openedOn, await serviceAreaIfNeeded(trx, true))
    checks.throwIfAny()
    const [id] = await locations.insertLocations(trx, actor, referralId, [input])
    return toLocation((await locations.locationRow(trx, actor, referralId, id!))!)
  })
}

/** Changes a located event; a moved point is reassigned its areas. */
export async function changeLocation(db: Kysely<DB>, actor: Actor, referralId: string, id: string, patch: LocationPatch): Promise<Location> {
  return transact(db, async (trx) => {
    const openedOn = await openedOnOf(trx, actor, referralId)
    if (!(await locations.locationRow(trx, actor, referralId, id))) throw notFound(`Location ${id} of referral ${referralId}`)
    const checks = new Checks()
    checks.location('', patch, openedOn, await serviceAreaIfNeeded(trx, patch.lon !== undefined))
    checks.throwIfAny()
    await locations.updateLocation(trx, actor, referralId, id, patch)
    return toLocation((await locations.locationRow(trx, actor, referralId, id))!)
  })
}

export async function removeLocation(db: Kysely<DB>, actor: Actor, referralId: string, id: string): Promise<void> {
  if (!(await locations.deleteLocation(db, actor, referralId, id))) throw notFound(`Location ${id} of referral ${referralId}`)
}
