import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { versioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { BORDER_DISTANCE, noSharedBorder } from '../areas/border-zone.js'
import { invalid } from '../errors/problem.js'
import { boundedValue } from '../schemas/bounded.js'
import { disclosureNote, FIXED_RULES, published, readerK, type Published } from '../privacy/disclosure.js'
import { areAdjacent, borderActivityRows } from './border-activity.repository.js'

/**
 * Border activity end to end, without HTTP: distinct referrals per side and month within a band of
 * the shared border, with side, month and grand totals each counted from its own set — exact for a
 * lead, perturbed by the database for every other reader, who may ask only for the fixed bands
 * (BORDER_BANDS_M) and fixed periods.
 */

const CODE = /^[A-Za-z0-9_-]{1,32}$/

export interface BorderActivityQuery {
  /** Two borough codes, comma-separated. */
  between: string
  distance?: number | undefined
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
}

type Disclosed = Published

/** The border bands an aggregate reader may ask for (the database's analysis_border_activity enforces them). */
export const BORDER_BANDS_M = FIXED_RULES.borderBandsM

export interface BorderActivity {
  between: [string, string]
  distanceM: number
  from: string
  to: string
  /** The k applied; null for a lead, who sees exact counts. */
  k: number | null
  perturbed: boolean
  note: string
  rows: Array<{ month: string; side: string } & Disclosed>
  totals: Disclosed & { sides: Array<{ side: string } & Disclosed>; months: Array<{ month: string } & Disclosed> }
}

/** Parses `A,B` into two different borough codes, or throws a 400 naming `between`. */
export function parseBetween(between: string): [string, string] {
  const parts = between.split(',')
  if (parts.length !== 2 || !parts.every((p) => CODE.test(p)))
    throw invalid('between', 'must be two borough codes separated by a comma, e.g. E09000005,E09000033')
  const [a, b] = parts as [string, string]
  if (a === b) throw invalid('between', 'must name two different boroughs')
  return [a, b]
}

/** The answer from the per-process cache of answers (server/cache/versioned.ts) when the same question was answered under the same data and scope. */
export async function borderActivity(db: Kysely<DB>, actor: Actor, q: BorderActivityQuery, serviceK: number): Promise<BorderActivity> {
  return versioned(db, 'analysis/border-activity', { q, serviceK }, (trx) => computeBorderActivity(trx, actor, q, serviceK))
}

async function computeBorderActivity(db: Kysely<DB>, actor: Actor, q: BorderActivityQuery, serviceK: number): Promise<BorderActivity> {
  const [a, b] = parseBetween(q.between)
  const distance = boundedValue('distance', q.distance, BORDER_DISTANCE)
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  if (!(await areAdjacent(db, a, b))) throw noSharedBorder(a, b)
  const k = await readerK(db, actor, serviceK)
  const rows = await borderActivityRows(db, a, b, distance, `${q.from}-01`, `${q.to}-01`)
  const line = (l: string) => rows.filter((r) => r.line === l)
  return {
    between: [a, b],
    distanceM: distance,
    from: q.from,
    to: q.to,
    k,
    ...disclosureNote(k),
    rows: line('cell').map((c) => ({ month: c.month!, side: c.side!, ...published(c.n) })),
    totals: {
      ...published(line('total')[0]?.n),
      sides: line('area').map((r) => ({ side: r.side!, ...published(r.n) })),
      months: line('month').map((r) => ({ month: r.month!, ...published(r.n) })),
    },
  }
}
