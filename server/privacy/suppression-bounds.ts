/**
 * The linear structure of an aggregate table and interval reasoning over it, shared by the
 * secondary suppression in ./suppression.ts and by its auditor. Pure; no I/O.
 *
 * A table is a list of entries (cells, area totals, month totals, the grand total), each with an
 * integer value, and a list of lines: "this total equals the sum of these members". Someone who
 * sees some entries and knows an interval for each hidden one can narrow those intervals line by
 * line until nothing changes; an entry whose interval shrinks to one value has been recovered.
 */

/** Names one entry of a table. A 1-D table (no months) has no separate area totals: they are its cells. */
export type EntryRef =
  | { kind: 'cell'; area: string; month?: string }
  | { kind: 'area-total'; area: string }
  | { kind: 'month-total'; month: string }
  | { kind: 'grand-total' }

/** One linear relation: value(total) = sum of value(members). */
export interface Line {
  readonly total: number
  readonly members: readonly number[]
}

/**
 * Entry indexes, in this order (which is also the tie-break order everywhere): cells by area then
 * month, then area totals by area (by-month tables only), then month totals by month, then the
 * grand total.
 */
export interface Grid {
  readonly byMonth: boolean
  readonly areas: readonly string[]
  readonly months: readonly string[]
  readonly size: number
  readonly refs: readonly EntryRef[]
  readonly lines: readonly Line[]
  /** For each entry, the indexes of the lines it takes part in (as total or member). */
  readonly linesOf: readonly (readonly number[])[]
  readonly grand: number
  cell(area: number, month: number): number
  /** In a 1-D table this is the area's cell. */
  areaTotal(area: number): number
  monthTotal(month: number): number
}

/** Plain code-unit order: deterministic whatever the locale. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function refKey(ref: EntryRef): string {
  switch (ref.kind) {
    case 'cell':
      return ref.month === undefined ? `c\u0000${ref.area}` : `c\u0000${ref.area}\u0000${ref.month}`
    case 'area-total':
      return `a\u0000${ref.area}`
    case 'month-total':
      return `m\u0000${ref.month}`
    case 'grand-total':
      return 'g'
  }
}

/** `areas` and `months` must already be sorted and free of duplicates; `months` is null for a 1-D table. */
export function buildGrid(areas: readonly string[], months: readonly string[] | null): Grid {
  const byMonth = months !== null
  const ms = months ?? []
  const A = areas.length
  const M = ms.length
  const cellCount = byMonth ? A * M : A
  const areaTotalBase = cellCount
  const monthTotalBase = byMonth ? areaTotalBase + A : cellCount
  const grand = monthTotalBase + (byMonth ? M : 0)
  const size = grand + 1

  const refs: EntryRef[] = []
  for (const area of areas) {
    if (byMonth) for (const month of ms) refs.push({ kind: 'cell', area, month })
    else refs.push({ kind: 'cell', area })
  }
  if (byMonth) {
    for (const area of areas) refs.push({ kind: 'area-total', area })
    for (const month of ms) refs.push({ kind: 'month-total', month })
  }
  refs.push({ kind: 'grand-total' })

  const cell = (a: number, m: number) => (byMonth ? a * M + m : a)
  const areaTotal = (a: number) => (byMonth ? areaTotalBase + a : a)
  const monthTotal = (m: number) => monthTotalBase + m

  const lines: Line[] = []
  if (byMonth) {
    for (let a = 0; a < A; a++) lines.push({ total: areaTotal(a), members: ms.map((_, m) => cell(a, m)) })
    for (let m = 0; m < M; m++) lines.push({ total: monthTotal(m), members: areas.map((_, a) => cell(a, m)) })
    lines.push({ total: grand, members: areas.map((_, a) => areaTotal(a)) })
    lines.push({ total: grand, members: ms.map((_, m) => monthTotal(m)) })
  } else {
    lines.push({ total: grand, members: areas.map((_, a) => cell(a, 0)) })
  }

  const linesOf: number[][] = Array.from({ length: size }, () => [])
  lines.forEach((line, li) => {
    linesOf[line.total]!.push(li)
    for (const e of line.members) linesOf[e]!.push(li)
  })

  return { byMonth, areas, months: ms, size, refs, lines, linesOf, grand, cell, areaTotal, monthTotal }
}

/** Thrown by {@link propagate} when the intervals admit no solution (the assumed knowledge is false). */
export class InfeasibleError extends Error {
  constructor(readonly entry: number) {
    super(`no value of entry ${entry} satisfies the table's lines`)
    this.name = 'InfeasibleError'
  }
}

/** Sums of member bounds of a line, with the infinite upper bounds counted apart. */
export interface LineSums {
  lo: number
  finiteHi: number
  infinite: number
}

export function lineSums(line: Line, lo: ArrayLike<number>, hi: ArrayLike<number>): LineSums {
  let sLo = 0
  let finiteHi = 0
  let infinite = 0
  for (const e of line.members) {
    sLo += lo[e]!
    const h = hi[e]!
    if (h === Infinity) infinite++
    else finiteHi += h
  }
  return { lo: sLo, finiteHi, infinite }
}

/** Sum of the upper bounds of the line's members other than one whose upper bound is `hiOfOne`. */
export function othersHi(s: LineSums, hiOfOne: number): number {
  if (hiOfOne === Infinity) return s.infinite > 1 ? Infinity : s.finiteHi
  return s.infinite > 0 ? Infinity : s.finiteHi - hiOfOne
}

/**
 * The interval a single line gives for one of its entries, from the bounds of the line's other
 * entries, intersected with the entry's own bounds. `s` must be the line's member sums under the
 * same `lo`/`hi`.
 */
export function lineInterval(
  line: Line,
  entry: number,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  s: LineSums = lineSums(line, lo, hi),
): [number, number] {
  if (entry === line.total) {
    return [Math.max(lo[entry]!, s.lo), Math.min(hi[entry]!, s.infinite > 0 ? Infinity : s.finiteHi)]
  }
  const t = line.total
  return [
    Math.max(lo[entry]!, lo[t]! - othersHi(s, hi[entry]!)),
    Math.min(hi[entry]!, hi[t]! - (s.lo - lo[entry]!)),
  ]
}

/** Upper limit on member visits, so a pathological table cannot spin; the bounds stay sound if it is hit. */
const VISIT_BUDGET = 50_000_000

/**
 * Narrows `lo`/`hi` (integers, `hi` may be Infinity) in place over all lines until nothing changes.
 * Sound: if the true values lie within the starting bounds they lie within the final ones.
 * Throws {@link InfeasibleError} when some interval becomes empty.
 */
export function propagate(grid: Grid, lo: number[], hi: number[]): void {
  const n = grid.lines.length
  const queued = new Uint8Array(n).fill(1)
  let queue: number[] = Array.from({ length: n }, (_, i) => i)
  let head = 0
  let visits = 0

  const tighten = (e: number, newLo: number, newHi: number) => {
    let changed = false
    if (newLo > lo[e]!) {
      lo[e] = newLo
      changed = true
    }
    if (newHi < hi[e]!) {
      hi[e] = newHi
      changed = true
    }
    if (lo[e]! > hi[e]!) throw new InfeasibleError(e)
    if (changed) {
      for (const li of grid.linesOf[e]!) {
        if (!queued[li]) {
          queued[li] = 1
          queue.push(li)
        }
      }
    }
  }

  while (head < queue.length) {
    if (head > 4096 && head * 2 > queue.length) {
      queue = queue.slice(head)
      head = 0
    }
    const li = queue[head++]!
    queued[li] = 0
    const line = grid.lines[li]!
    visits += line.members.length + 1
    if (visits > VISIT_BUDGET) return
    const s = lineSums(line, lo, hi)
    tighten(line.total, s.lo, s.infinite > 0 ? Infinity : s.finiteHi)
    const tLo = lo[line.total]!
    const tHi = hi[line.total]!
    // Later members use the sums from before earlier members narrowed: wider, so still sound, and
    // the line is queued again whenever one of its entries changed.
    for (const e of line.members) {
      tighten(e, tLo - othersHi(s, hi[e]!), tHi - (s.lo - lo[e]!))
    }
  }
}
