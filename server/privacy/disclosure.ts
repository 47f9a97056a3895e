import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'

/**
 * How a count reaches a reader (docs/disclosure.md). The database publishes every count: exact for a
 * lead, through the cell-key perturbation (migration 0021, ckm_publish) for every aggregate reader.
 * Nothing is withheld any more — a published count is 0 or at least k — so `suppressed` is always
 * false; it stays in the responses for clients written against the earlier model.
 */
export interface Published {
  count: number
  suppressed: false
}

/** A count from the database as published. */
export const published = (n: number | string | null | undefined): Published => ({ count: Number(n ?? 0), suppressed: false })

/**
 * The fixed geographies, bands and periods of aggregate readers, as the web app and /api/v1/meta show
 * them. The database enforces them (migration 0021: disclosure_require_period, disclosure_require_cell,
 * analysis_border_activity); tests/access/fixed-rules.test.ts holds these lists to what it enforces.
 */
export const FIXED_RULES = Object.freeze({
  hexSizesM: [250, 500, 1000] as const,
  borderBandsM: [100, 200, 400, 800] as const,
  periods: ['month', 'quarter', 'financial-year'] as const,
})

/** The last complete calendar quarter before `today` (UTC), as whole months YYYY-MM: a fixed period. */
export function lastCompleteQuarter(today = new Date()): { from: string; to: string } {
  const q = Math.floor(today.getUTCMonth() / 3)
  const start = new Date(Date.UTC(today.getUTCFullYear(), (q - 1) * 3, 1))
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1))
  return { from: start.toISOString().slice(0, 7), to: end.toISOString().slice(0, 7) }
}

/**
 * The k an aggregate reader's figures obey — the service's, raised by a partner's agreement — or null
 * for a lead, who sees exact counts. The database applies the same k (disclosure_scope).
 */
export async function readerK(db: Kysely<DB>, actor: Actor, serviceK: number): Promise<number | null> {
  if (actor.role === 'lead') return null
  if (actor.role === 'partner') return effectiveK(serviceK, (await agreementInForce(db)).k)
  return serviceK
}

/** The one rule for k: the service's K_ANONYMITY, raised (never lowered) by a partner's agreement. */
export const effectiveK = (serviceK: number, agreementK: number | null | undefined): number => Math.max(serviceK, agreementK ?? serviceK)

/** What every aggregate table says of itself (`perturbed`, and a sentence for people). */
export function disclosureNote(k: number | null): { perturbed: boolean; note: string } {
  return k === null
    ? { perturbed: false, note: 'Exact counts (you are a lead of the organisation).' }
    : {
        perturbed: true,
        note:
          `Counts are perturbed for privacy (cell-key method): no count from 1 to ${k - 1} is shown (such counts read 0 or ${k}), ` +
          'other counts may be off by a small amount, and every total is perturbed on its own, so figures may not add up.',
      }
}
