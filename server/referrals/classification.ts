import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import type { CrossBoundary } from './referrals.schemas.js'

interface CrossBoundaryRow {
  referral_id: string
  multi_borough: boolean
  boroughs: string[]
  funding_mismatch: boolean
  border_zone: { between: [string, string]; distanceM: number }[]
  straddling_areas: string[]
}

export const NOT_CROSS_BOUNDARY: CrossBoundary = { multiBorough: false, boroughs: [], fundingMismatch: false, borderZone: [], straddlingAreas: [] }

/**
 * The cross-boundary classification (docs/product-rules.md, "What cross-boundary means") of a page of the actor's
 * referrals in one call of the SQL function `referral_cross_boundary(ids, D)`.
 */
export async function classifyReferrals(db: Kysely<DB>, actor: Actor, ids: string[], borderZoneM: number): Promise<Map<string, CrossBoundary>> {
  const out = new Map<string, CrossBoundary>()
  if (ids.length === 0) return out
  const { rows } = await sql<CrossBoundaryRow>`
    select c.* from referral_cross_boundary(${ids}::uuid[], ${borderZoneM}::float8) c
    join referrals r on r.id = c.referral_id
    where r.organisation_id = ${actor.organisationId}`.execute(db)
  for (const r of rows) {
    out.set(r.referral_id, {
      multiBorough: r.multi_borough,
      boroughs: r.boroughs,
      fundingMismatch: r.funding_mismatch,
      borderZone: r.border_zone,
      straddlingAreas: r.straddling_areas,
    })
  }
  return out
}
