/**
 * Statistical disclosure control for the aggregate counts shown to commissioners and partners.
 * Pure functions: no database, no HTTP.
 *
 * The table: counts on fixed areas (borough, ward, LSOA, hex cell), either one count per area
 * (a "1-D" table) or one per area and whole month ("by month"), with the totals: one per area,
 * one per month (by-month tables), and the grand total.
 *
 * What arrives: the database has already applied PRIMARY suppression, so a cell whose count is
 * 1..k-1 arrives as `count: null` and its value is never known here, only that it lies in 1..k-1.
 * Every other cell arrives with its true count, and every total arrives with its true value (the
 * database computed it before suppressing anything). Cells left out of the input are zero.
 *
 * The rules, in plain words:
 *  0. k is a whole number, 3 or more (default 5); anything else is refused with a RangeError.
 *     It must be at least the k the database used for primary suppression.
 *  1. A cell or a total whose value is 1..k-1 is hidden (cells arriving as null already are;
 *     a cell that arrives visible but small is hidden too). Zero is never hidden: it is shown
 *     as 0, so everyone may take any hidden number to be at least 1.
 *  2. The table's lines: each area's cells add up to its area total; each month's cells add up to
 *     its month total; the area totals add up to the grand total; so do the month totals. A 1-D
 *     table has one line, its cells add up to the grand total, and its area totals are its cells
 *     (returned, hidden or shown, exactly like them).
 *  3. Secondary suppression guards against recovering a hidden number from what is shown. The
 *     attacker we guard against sees the returned table and also knows which hidden cells were
 *     small (each lies in 1..k-1) and that the other hidden cells were hidden to protect them
 *     (each is at least k, as every shown non-zero cell is); a hidden total is only known to be
 *     at least 1. They narrow these intervals line by line (a line's total lies between the sums
 *     of its members' lower and upper bounds; a member lies between the total's bounds less the
 *     other members' bounds) until nothing changes. If any hidden number's interval is then a
 *     single value, it is recoverable, and we hide something more and look again:
 *       a. A hidden entry that a line alone pins down, given the numbers shown (one hidden member
 *          in an otherwise shown line; or, say, two hidden small cells summing to 2, or to
 *          2(k-1)): in that line, hide the smallest shown non-zero cell whose hiding leaves that
 *          entry with two or more possible values; if none does, hide the line's total; a line
 *          whose hidden entry is its total gets its smallest shown non-zero member hidden.
 *          Every such line gets one more hidden entry per round.
 *       b. Only if nothing is pinned by a single line (the value follows from several lines
 *          together): for the first such entry, hide the smallest shown non-zero member of a line
 *          through it that pins it with the others' narrowed bounds, else that line's total, else
 *          the nearest shown non-zero entry.
 *     Zero cells are never hidden: they are public knowledge anyway (rule 1). Hiding every
 *     non-zero number leaves nothing recoverable, so this always ends.
 *  4. Deterministic: areas and months are ordered by their codes (plain code-unit order), ties
 *     between equal candidates go to the earlier area, then the earlier month, and the output is
 *     in that order whatever the input order.
 *
 * Limits: the attacker modelled is one who reasons line by line with intervals (as
 * {@link auditRecoverable} does). Linear programming over the whole table can sometimes narrow
 * bounds further than line-by-line reasoning; the published values are never changed or rounded.
 */

import {
  buildGrid,
  compareCodes,
  InfeasibleError,
  lineInterval,
  lineSums,
  propagate,
  refKey,
  type EntryRef,
  type Grid,
  type LineSums,
} from './suppression-bounds.js'

export type { EntryRef } from './suppression-bounds.js'

export const DEFAULT_K = 5
export const MIN_K = 3

// ---------------------------------------------------------------------------------------------
// Types

/** One cell as the database returns it: `count: null` means primary-suppressed (true value 1..k-1). */
export interface InputCell {
  area: string
  /** Present on every cell of a by-month table, absent on every cell of a 1-D table. */
  month?: string
  count: number | null
}

export interface InputAreaTotal {
  area: string
  count: number
}

export interface InputMonthTotal {
  month: string
  count: number
}

/** The true totals the database computed (none of them suppressed). */
export interface InputTotals {
  count: number
  /**
   * By-month tables: one per area; an area left out is allowed only if none of its cells is null
   * (its total is then their sum). 1-D tables: optional, and checked against the cells if given.
   */
  areas?: readonly InputAreaTotal[]
  /** By-month tables only: one per month, same rule as `areas`. Its presence marks a by-month table. */
  months?: readonly InputMonthTotal[]
}

export interface SuppressionInput {
  /** The full set of areas (a fixed geography), so areas with no rows still appear. Defaults to those mentioned. */
  areas?: readonly string[]
  /** The full set of months of a by-month table ("YYYY-MM"). Its presence marks a by-month table. */
  months?: readonly string[]
  /** Cells not listed are zero. */
  cells: readonly InputCell[]
  totals: InputTotals
}

export interface SuppressionOptions {
  /** Threshold: counts 1..k-1 are hidden. Whole number ≥ 3; default {@link DEFAULT_K}. */
  k?: number
}

/** A published number: shown, or hidden. Zero is always shown. */
export type Disclosed = { count: number; suppressed: false } | { count: null; suppressed: true }

export type PublishedCell = { area: string; month?: string } & Disclosed
export type PublishedAreaTotal = { area: string } & Disclosed
export type PublishedMonthTotal = { month: string } & Disclosed
export type PublishedTotals = Disclosed & {
  areas: PublishedAreaTotal[]
  /** Present exactly when the table is by month. */
  months?: PublishedMonthTotal[]
}

export interface SuppressedTable {
  /** Every (area, month) cell, or every area cell in a 1-D table, ordered by area then month. */
  cells: PublishedCell[]
  totals: PublishedTotals
}

/** A hidden entry whose value can be worked out exactly from a published table. */
export interface RecoveredEntry {
  ref: EntryRef
  value: number
}

// ---------------------------------------------------------------------------------------------
// k

/** Throws a RangeError unless `k` is a whole number ≥ {@link MIN_K}. */
export function assertValidK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < MIN_K) {
    throw new RangeError(`k must be a whole number of at least ${MIN_K}, got ${String(k)}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the input

interface Known {
  grid: Grid
  /** True value per entry; null for a primary-suppressed cell (value in 1..k-1, unknown). */
  values: (number | null)[]
}

function fail(message: string): never {
  throw new TypeError(`suppression input: ${message}`)
}

function checkCount(count: unknown, what: string): number {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
    fail(`${what} must be a whole number ≥ 0, got ${String(count)}`)
  }
  return count
}

function checkCode(code: unknown, what: string): string {
  if (typeof code !== 'string') fail(`${what} must be a string, got ${String(code)}`)
  return code
}

/** The sorted universe of codes: the declared list if given (others are an error), else those seen. */
function universe(declared: readonly string[] | undefined, seen: Iterable<string>, what: string): string[] {
  if (declared) {
    const set = new Set<string>()
    for (const c of declared) {
      if (set.has(checkCode(c, what))) fail(`${what} ${c} is declared twice`)
      set.add(c)
    }
    for (const c of seen) if (!set.has(c)) fail(`${what} ${c} is not among the declared ${what}s`)
    return [...set].sort(compareCodes)
  }
  return [...new Set(seen)].sort(compareCodes)
}

function readInput(input: SuppressionInput, k: number): Known {
  if (!input || !Array.isArray(input.cells) || !input.totals) fail('cells and totals are required')
  const { cells, totals } = input
  const byMonth =
    input.months !== undefined || totals.months !== undefined || cells.some((c) => c.month !== undefined)

  const cellAreas: string[] = []
  const cellMonths: string[] = []
  for (const c of cells) {
    cellAreas.push(checkCode(c.area, 'area'))
    if (byMonth) cellMonths.push(checkCode(c.month, `month of the cell for area ${c.area}`))
  }
  const areaTotals = totals.areas ?? []
  const monthTotals = totals.months ?? []
  const areas = universe(input.areas, [...cellAreas, ...areaTotals.map((t) => checkCode(t.area, 'area'))], 'area')
  const months = byMonth
    ? universe(input.months, [...cellMonths, ...monthTotals.map((t) => checkCode(t.month, 'month'))], 'month')
    : null
  const grid = buildGrid(areas, months)
  const areaIndex = new Map(areas.map((a, i) => [a, i]))
  const monthIndex = new Map((months ?? []).map((m, i) => [m, i]))

  const values: (number | null)[] = new Array<number | null>(grid.size).fill(0)
  const seen = new Uint8Array(grid.size)
  for (const c of cells) {
    const e = grid.cell(areaIndex.get(c.area)!, byMonth ? monthIndex.get(c.month!)! : 0)
    const where = byMonth ? `${c.area} ${c.month}` : c.area
    if (seen[e]) fail(`cell ${where} appears twice`)
    seen[e] = 1
    values[e] = c.count === null ? null : checkCount(c.count, `count of cell ${where}`)
  }

  values[grid.grand] = checkCount(totals.count, 'grand total')
  const given = new Uint8Array(grid.size)
  for (const t of areaTotals) {
    const a = areaIndex.get(t.area)!
    const count = checkCount(t.count, `total of area ${t.area}`)
    const e = grid.areaTotal(a)
    if (given[e]) fail(`total of area ${t.area} appears twice`)
    given[e] = 1
    if (!byMonth) {
      const v = values[e]
      if (v === null ? count < 1 || count > k - 1 : v !== count) {
        fail(`total of area ${t.area} (${count}) disagrees with its cell (${v ?? 'suppressed'})`)
      }
    } else {
      values[e] = count
    }
  }
  for (const t of monthTotals) {
    const m = monthIndex.get(t.month)!
    const e = grid.monthTotal(m)
    const count = checkCount(t.count, `total of month ${t.month}`)
    if (given[e]) fail(`total of month ${t.month} appears twice`)
    given[e] = 1
    values[e] = count
  }
  if (byMonth) {
    // Totals not given: the sum of the line's cells, which must all be known.
    const derive = (e: number, members: readonly number[], what: string) => {
      if (given[e]) return
      let sum = 0
      for (const c of members) {
        const v = values[c]
        if (v === null) fail(`${what} is needed: it has a suppressed cell`)
        sum += v!
      }
      values[e] = sum
    }
    for (const line of grid.lines) {
      const ref = grid.refs[line.total]!
      if (ref.kind === 'area-total') derive(line.total, line.members, `the total of area ${ref.area}`)
      if (ref.kind === 'month-total') derive(line.total, line.members, `the total of month ${ref.month}`)
    }
  }

  // The totals must fit the cells, with each null cell somewhere in 1..k-1.
  const lo = values.map((v) => v ?? 1)
  const hi = values.map((v) => v ?? k - 1)
  try {
    propagate(grid, lo, hi)
  } catch (err) {
    if (err instanceof InfeasibleError) {
      fail(`the totals do not fit the cells (at ${describe(grid.refs[err.entry]!)}, with suppressed cells in 1..${k - 1})`)
    }
    throw err
  }
  return { grid, values }
}

function describe(ref: EntryRef): string {
  switch (ref.kind) {
    case 'cell':
      return ref.month === undefined ? `cell ${ref.area}` : `cell ${ref.area} ${ref.month}`
    case 'area-total':
      return `total of area ${ref.area}`
    case 'month-total':
      return `total of month ${ref.month}`
    case 'grand-total':
      return 'the grand total'
  }
}

// ---------------------------------------------------------------------------------------------
// What the attacker is taken to know about a hidden entry

/**
 * The starting interval for a hidden entry of true value `value` (null: primary-suppressed).
 * Cells: small ones 1..k-1; others k or more (a secondarily hidden cell was shown-sized, and a
 * zero is never hidden, but a hidden zero in someone else's table is only known to be ≥ 0).
 * Totals: at least 1 (or 0 for a hidden zero): whether a hidden total is small is not assumed known.
 */
function hiddenPrior(ref: EntryRef, value: number | null, k: number): [number, number] {
  if (ref.kind === 'cell') {
    if (value === null || (value >= 1 && value < k)) return [1, k - 1]
    return value === 0 ? [0, Infinity] : [k, Infinity]
  }
  return value === 0 ? [0, Infinity] : [1, Infinity]
}

function isSmall(value: number | null, k: number): boolean {
  return value === null || (value >= 1 && value < k)
}

// ---------------------------------------------------------------------------------------------
// Suppression

/**
 * Applies rules 1–4 (see the top of this file) to a table whose small cells the database has
 * already hidden. Throws a RangeError for a bad k and a TypeError for malformed or inconsistent
 * input.
 */
export function suppressTable(input: SuppressionInput, options: SuppressionOptions = {}): SuppressedTable {
  const k = options.k ?? DEFAULT_K
  assertValidK(k)
  const { grid, values } = readInput(input, k)
  const n = grid.size
  const hidden = new Uint8Array(n)
  for (let e = 0; e < n; e++) if (isSmall(values[e]!, k)) hidden[e] = 1

  const plo = new Array<number>(n)
  const phi = new Array<number>(n)
  const setPrior = (e: number) => {
    if (hidden[e]) [plo[e], phi[e]] = hiddenPrior(grid.refs[e]!, values[e]!, k)
    else plo[e] = phi[e] = values[e]!
  }
  for (let e = 0; e < n; e++) setPrior(e)

  /** Shown and non-zero: worth hiding. (Shown entries always have known values.) */
  const hideable = (e: number) => !hidden[e] && values[e]! > 0
  const byValue = (a: number, b: number) => values[a]! - values[b]! || a - b

  for (let round = 0; ; round++) {
    if (round > n + 1) throw new Error('secondary suppression did not settle (bug)')
    const lo = plo.slice()
    const hi = phi.slice()
    propagate(grid, lo, hi)
    const pinned: number[] = []
    for (let e = 0; e < n; e++) if (hidden[e] && lo[e] === hi[e]) pinned.push(e)
    if (pinned.length === 0) break

    // (a) entries pinned by one line on its own, from the shown numbers and the starting intervals.
    const sums: (LineSums | undefined)[] = new Array(grid.lines.length)
    const priorSums = (li: number) => (sums[li] ??= lineSums(grid.lines[li]!, plo, phi))
    const touched = new Uint8Array(grid.lines.length)
    let added = 0
    const hide = (c: number) => {
      hidden[c] = 1
      setPrior(c)
      for (const li of grid.linesOf[c]!) touched[li] = 1
      added++
    }
    for (const p of pinned) {
      for (const li of grid.linesOf[p]!) {
        if (touched[li]) continue
        const line = grid.lines[li]!
        const [a, b] = lineInterval(line, p, plo, phi, priorSums(li))
        if (a !== b) continue
        const c = chooseInLine(li, p)
        if (c !== null) hide(c)
      }
    }
    if (added > 0) continue

    // (b) pinned only by several lines together.
    const p = pinned[0]!
    const lines = grid.linesOf[p]!
    const pinning = lines.filter((li) => {
      const [a, b] = lineInterval(grid.lines[li]!, p, lo, hi)
      return a === b
    })
    let choice: number | null = null
    for (const li of [...pinning, ...lines]) {
      const line = grid.lines[li]!
      const members = line.members.filter((e) => e !== p && hideable(e)).sort(byValue)
      choice = members[0] ?? (hideable(line.total) ? line.total : null)
      if (choice !== null) break
    }
    choice ??= nearestHideable(p)
    if (choice === null) throw new Error('secondary suppression found nothing left to hide (bug)')
    hide(choice)
  }

  /**
   * The entry to hide in line `li` to protect `p`: the smallest shown non-zero member whose hiding
   * leaves `p` with two or more values on this line; else the line's total; else the smallest member.
   */
  function chooseInLine(li: number, p: number): number | null {
    const line = grid.lines[li]!
    const members = line.members.filter((e) => e !== p && hideable(e)).sort(byValue)
    const base = lineSums(line, plo, phi)
    for (const c of members) {
      const [cLo, cHi] = hiddenPrior(grid.refs[c]!, values[c]!, k)
      const s: LineSums = {
        lo: base.lo - values[c]! + cLo,
        finiteHi: base.finiteHi - values[c]! + (cHi === Infinity ? 0 : cHi),
        infinite: base.infinite + (cHi === Infinity ? 1 : 0),
      }
      // lineInterval reads only p's and the total's own bounds besides the sums, and c is neither.
      const [a, b] = lineInterval(line, p, plo, phi, s)
      if (a !== b) return c
    }
    if (line.total !== p && hideable(line.total)) return line.total
    return members[0] ?? null
  }

  /** Breadth-first over the lines from `p`: the first shown non-zero entry met. */
  function nearestHideable(p: number): number | null {
    const seenLine = new Uint8Array(grid.lines.length)
    const seenEntry = new Uint8Array(n)
    seenEntry[p] = 1
    let frontier = [p]
    while (frontier.length > 0) {
      const next: number[] = []
      for (const e of frontier) {
        for (const li of grid.linesOf[e]!) {
          if (seenLine[li]) continue
          seenLine[li] = 1
          const line = grid.lines[li]!
          for (const m of [...line.members, line.total]) {
            if (seenEntry[m]) continue
            seenEntry[m] = 1
            if (hideable(m)) return m
            next.push(m)
          }
        }
      }
      frontier = next
    }
    return null
  }

  return publish(grid, (e) => (hidden[e] ? null : values[e]!))
}

function disclosed(value: number | null): Disclosed {
  return value === null ? { count: null, suppressed: true } : { count: value, suppressed: false }
}

function publish(grid: Grid, shown: (e: number) => number | null): SuppressedTable {
  const cells: PublishedCell[] = []
  grid.areas.forEach((area, a) => {
    if (grid.byMonth) grid.months.forEach((month, m) => cells.push({ area, month, ...disclosed(shown(grid.cell(a, m))) }))
    else cells.push({ area, ...disclosed(shown(grid.cell(a, 0))) })
  })
  const totals: PublishedTotals = {
    ...disclosed(shown(grid.grand)),
    areas: grid.areas.map((area, a) => ({ area, ...disclosed(shown(grid.areaTotal(a))) })),
  }
  if (grid.byMonth) totals.months = grid.months.map((month, m) => ({ month, ...disclosed(shown(grid.monthTotal(m))) }))
  return { cells, totals }
}

// ---------------------------------------------------------------------------------------------
// Audit

/**
 * Tries to recover hidden numbers of a published table exactly, by interval reasoning over its
 * lines to a fixpoint, and returns every hidden entry (cell or total) whose interval became a single
 * value, with that value, in table order. Without `known`, each hidden number is taken to be ≥ 1
 * (zero is never hidden). With `known` (the input the table was made from), the attacker of rule 3
 * is modelled: hidden cells that were small lie in 1..k-1, other hidden cells are ≥ k (≥ 0 if zero),
 * hidden totals are ≥ 1. Throws a RangeError for a bad k, a TypeError if the table is malformed or
 * contradicts itself or `known`.
 */
export function auditRecoverable(table: SuppressedTable, k: number, known?: SuppressionInput): RecoveredEntry[] {
  assertValidK(k)
  const bad = (message: string): never => {
    throw new TypeError(`audited table: ${message}`)
  }
  if (!table || !Array.isArray(table.cells) || !table.totals || !Array.isArray(table.totals.areas)) {
    bad('cells and totals are required')
  }
  const byMonth = table.totals.months !== undefined
  const areas = [...new Set([...table.cells.map((c) => c.area), ...table.totals.areas.map((t) => t.area)])].sort(compareCodes)
  const months = byMonth
    ? [...new Set([...table.cells.map((c) => c.month ?? bad('a cell has no month')), ...table.totals.months!.map((t) => t.month)])].sort(compareCodes)
    : null
  const grid = buildGrid(areas, months)
  const index = new Map(grid.refs.map((ref, e) => [refKey(ref), e]))

  // null: hidden; undefined: not set yet.
  const shown: (number | null | undefined)[] = new Array(grid.size).fill(undefined)
  const set = (ref: EntryRef, d: Disclosed, alias = false) => {
    const e = index.get(refKey(ref)) ?? bad(`unexpected entry ${describe(ref)}`)
    const v = d.suppressed ? null : d.count
    if (v !== null && (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)) bad(`${describe(ref)} is not a count`)
    const before = shown[e]
    if (before === undefined) shown[e] = v
    else if (!alias) bad(`${describe(ref)} appears twice`)
    else if (before !== v) {
      // A 1-D area total must match its cell; one shown where the other is hidden gives it away.
      if (before !== null && v !== null) bad(`${describe(ref)} is shown as both ${before} and ${v}`)
      shown[e] = before ?? v
    }
  }
  for (const c of table.cells) {
    set(byMonth ? { kind: 'cell', area: c.area, month: c.month! } : { kind: 'cell', area: c.area }, c)
  }
  for (const t of table.totals.areas) {
    set(byMonth ? { kind: 'area-total', area: t.area } : { kind: 'cell', area: t.area }, t, !byMonth)
  }
  for (const t of table.totals.months ?? []) set({ kind: 'month-total', month: t.month }, t)
  set({ kind: 'grand-total' }, table.totals)
  shown.forEach((v, e) => {
    if (v === undefined) bad(`${describe(grid.refs[e]!)} is missing`)
  })

  let truth: ((ref: EntryRef) => number | null) | null = null
  if (known) {
    const kn = readInput(known, k)
    const knIndex = new Map(kn.grid.refs.map((ref, e) => [refKey(ref), e]))
    if (kn.grid.size !== grid.size || kn.grid.byMonth !== grid.byMonth) bad('its shape differs from the known input')
    truth = (ref) => {
      const e = knIndex.get(refKey(ref)) ?? bad(`${describe(ref)} is not in the known input`)
      return kn.values[e]!
    }
  }

  const lo = new Array<number>(grid.size)
  const hi = new Array<number>(grid.size)
  for (let e = 0; e < grid.size; e++) {
    const v = shown[e]
    if (v !== null && v !== undefined) lo[e] = hi[e] = v
    else [lo[e], hi[e]] = truth ? hiddenPrior(grid.refs[e]!, truth(grid.refs[e]!), k) : [1, Infinity]
  }
  try {
    propagate(grid, lo, hi)
  } catch (err) {
    if (err instanceof InfeasibleError) bad(`its numbers do not add up (at ${describe(grid.refs[err.entry]!)})`)
    throw err
  }
  const recovered: RecoveredEntry[] = []
  for (let e = 0; e < grid.size; e++) {
    if (shown[e] === null && lo[e] === hi[e]) recovered.push({ ref: grid.refs[e]!, value: lo[e]! })
  }
  return recovered
}
