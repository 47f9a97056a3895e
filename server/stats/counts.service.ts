import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { invalid } from '../errors/problem.js'
import { suppressTable, type SuppressedTable } from '../privacy/suppression.js'
import { countRows, type CountsFilter, type Geography } from './counts.repository.js'

export interface CountsQuery extends CountsFilter {
  geography: Geography
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
  by?: 'month' | undefined
}

export interface CountsResult extends SuppressedTable {
  geography: Geography
  from: string
  to: string
  byMonth: boolean
  /** The k applied; null when the reader (a lead of the organisation) sees exact counts. */
  k: number | null
}

const firstOfMonth = (ym: string) => `${ym}-01`

/**
 * The base aggregate every role may call (SPEC "Privacy and disclosure control"): fixed geographies,
 * whole months, primary suppression in the database, secondary suppression here, so no suppressed
 * cell can be recomputed from the totals returned. Leads of the organisation see exact counts.
 */
export async function counts(db: Kysely<DB>, actor: Actor, q: CountsQuery, serviceK: number): Promise<CountsResult> {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  let k = serviceK
  if (actor.role === 'partner') k = Math.max(k, (await agreementInForce(db)).k)
  const byMonth = q.by === 'month'
  const rows = await countRows(db, q.geography, firstOfMonth(q.from), firstOfMonth(q.to), byMonth, q)
  const head = { geography: q.geography, from: q.from, to: q.to, byMonth }
  const cells = rows.filter((r) => r.line === 'cell')
  const total = rows.find((r) => r.line === 'total')?.n ?? 0
  const areaTotals = rows.filter((r) => r.line === 'area').map((r) => ({ area: r.area!, count: r.n ?? 0 }))
  const monthTotals = rows.filter((r) => r.line === 'month').map((r) => ({ month: r.month!, count: r.n ?? 0 }))

  if (actor.role === 'lead') {
    return {
      ...head,
      k: null,
      cells: cells.map((c) => ({ area: c.area!, ...(byMonth ? { month: c.month! } : {}), count: c.n ?? 0, suppressed: false as const })),
      totals: {
        count: total, suppressed: false,
        areas: areaTotals.map((a) => ({ ...a, suppressed: false as const })),
        ...(byMonth ? { months: monthTotals.map((m) => ({ ...m, suppressed: false as const })) } : {}),
      },
    }
  }
  const table = suppressTable({
    cells: cells.map((c) => ({ area: c.area!, ...(byMonth ? { month: c.month! } : {}), count: c.n })),
    totals: { count: total, areas: areaTotals, ...(byMonth ? { months: monthTotals } : {}) },
  }, { k })
  return { ...head, k, ...table }
}
