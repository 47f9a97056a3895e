import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { versioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { disclosureNote, published, readerK, type Published } from '../privacy/disclosure.js'
import { countRows, type CountsFilter, type Geography } from './counts.repository.js'

export interface CountsQuery extends CountsFilter {
  geography: Geography
  /** Whole months, YYYY-MM, inclusive; for aggregate readers a fixed period (docs/disclosure.md). */
  from: string
  to: string
  by?: 'month' | undefined
}

export interface CountsResult {
  geography: Geography
  from: string
  to: string
  byMonth: boolean
  /** The k applied; null when the reader (a lead of the organisation) sees exact counts. */
  k: number | null
  perturbed: boolean
  note: string
  cells: Array<{ area: string; month?: string } & Published>
  totals: Published & { areas: Array<{ area: string } & Published>; months?: Array<{ month: string } & Published> }
}

const firstOfMonth = (ym: string) => `${ym}-01`

/**
 * The base aggregate every counting role may call: distinct referrals per fixed area (and month), with
 * per-area, per-month and grand totals each counted from its own set of referrals. The database
 * publishes them (exact for a lead; the cell-key perturbation for everyone else) and refuses periods,
 * geographies and fields outside the disclosure rules.
 */
/** The answer from the per-process cache of answers (server/cache/versioned.ts) when the same question was answered under the same data and scope. */
export async function counts(db: Kysely<DB>, actor: Actor, q: CountsQuery, serviceK: number): Promise<CountsResult> {
  return versioned(db, 'stats/counts', { q, serviceK }, (trx) => computeCounts(trx, actor, q, serviceK))
}

async function computeCounts(db: Kysely<DB>, actor: Actor, q: CountsQuery, serviceK: number): Promise<CountsResult> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  const k = await readerK(db, actor, serviceK)
  const byMonth = q.by === 'month'
  const rows = await countRows(db, q.geography, firstOfMonth(q.from), firstOfMonth(q.to), byMonth, q)
  const line = (l: string) => rows.filter((r) => r.line === l)
  return {
    geography: q.geography,
    from: q.from,
    to: q.to,
    byMonth,
    k,
    ...disclosureNote(k),
    cells: line('cell').map((c) => ({ area: c.area!, ...(byMonth ? { month: c.month! } : {}), ...published(c.n) })),
    totals: {
      ...published(line('total')[0]?.n),
      areas: line('area').map((a) => ({ area: a.area!, ...published(a.n) })),
      ...(byMonth ? { months: line('month').map((m) => ({ month: m.month!, ...published(m.n) })) } : {}),
    },
  }
}
