import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { invalid, Problem } from '../errors/problem.js'
import { suppressTable } from '../privacy/suppression.js'
import { areAdjacent, borderActivityRows } from './border-activity.repository.js'

/**
 * Border activity end to end, without HTTP: counts from the database's disclosure function, then,
 * for every role but leads, secondary suppression of the 2-D table (side × month) and its totals.
 */

export const DEFAULT_BORDER_DISTANCE = 400
export const MIN_BORDER_DISTANCE = 1
export const MAX_BORDER_DISTANCE = 2000
const CODE = /^[A-Za-z0-9_-]{1,32}$/

export interface BorderActivityQuery {
  /** Two borough codes, comma-separated. */
  between: string
  distance?: number | undefined
  /** Whole months, YYYY-MM, inclusive. */
  from: string
  to: string
}

type Disclosed = { count: number; suppressed: false } | { count: null; suppressed: true }

export interface BorderActivity {
  between: [string, string]
  distanceM: number
  from: string
  to: string
  /** The k applied; null for a lead, who sees exact counts. */
  k: number | null
  rows: Array<{ month: string; side: string } & Disclosed>
  totals: Disclosed & { sides: Array<{ side: string } & Disclosed>; months: Array<{ month: string } & Disclosed> }
}

/** Parses `A,B` into two different borough codes, or throws a 400 naming `between`. */
export function parseBetween(between: string): [string, string] {
  const parts = between.split(',')
  if (parts.length !== 2 || !parts.every((p) => CODE.test(p))) throw invalid('between', 'must be two borough codes separated by a comma, e.g. E09000005,E09000033')
  const [a, b] = parts as [string, string]
  if (a === b) throw invalid('between', 'must name two different boroughs')
  return [a, b]
}

export async function borderActivity(db: Kysely<DB>, actor: Actor, q: BorderActivityQuery, serviceK: number): Promise<BorderActivity> {
  const [a, b] = parseBetween(q.between)
  const distance = q.distance ?? DEFAULT_BORDER_DISTANCE
  if (!Number.isFinite(distance) || distance < MIN_BORDER_DISTANCE || distance > MAX_BORDER_DISTANCE) {
    throw invalid('distance', `must be ${MIN_BORDER_DISTANCE} to ${MAX_BORDER_DISTANCE} metres`)
  }
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  if (!(await areAdjacent(db, a, b))) throw new Problem(404, 'not-found', `Boroughs ${a} and ${b} do not share a border (or are not loaded).`)
  let k = serviceK
  if (actor.role === 'partner') k = Math.max(k, (await agreementInForce(db)).k)
  const rows = await borderActivityRows(db, a, b, distance, `${q.from}-01`, `${q.to}-01`)
  const cells = rows.filter((r) => r.line === 'cell')
  const total = rows.find((r) => r.line === 'total')?.n ?? 0
  const sideTotals = rows.filter((r) => r.line === 'area').map((r) => ({ area: r.side!, count: r.n ?? 0 }))
  const monthTotals = rows.filter((r) => r.line === 'month').map((r) => ({ month: r.month!, count: r.n ?? 0 }))
  const head = { between: [a, b] as [string, string], distanceM: distance, from: q.from, to: q.to }

  if (actor.role === 'lead') {
    return {
      ...head,
      k: null,
      rows: cells.map((c) => ({ month: c.month!, side: c.side!, count: c.n ?? 0, suppressed: false as const })),
      totals: {
        count: total, suppressed: false,
        sides: sideTotals.map((s) => ({ side: s.area, count: s.count, suppressed: false as const })),
        months: monthTotals.map((m) => ({ ...m, suppressed: false as const })),
      },
    }
  }
  const table = suppressTable({
    cells: cells.map((c) => ({ area: c.side!, month: c.month!, count: c.n })),
    totals: { count: total, areas: sideTotals, months: monthTotals },
  }, { k })
  const { areas, months, ...grand } = table.totals
  return {
    ...head,
    k,
    rows: table.cells.map(({ area, month, ...d }) => ({ month: month!, side: area, ...d })),
    totals: { ...grand, sides: areas.map(({ area, ...d }) => ({ side: area, ...d })), months: months ?? [] },
  }
}
