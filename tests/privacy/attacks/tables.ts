import { cellCentre, parseCellId } from '../../../server/analysis/hexgrid.js'
import type { Filter } from './api.js'
import type { Period } from './model.js'
import { countBy, countDistinct, size, type Loc, type Measure } from './truth.js'

/**
 * True counts of the same tables the API publishes, keyed as tests/privacy/attacks/api.ts keys
 * them, computed from the owner's located events (truth.ts) by the contract's definitions.
 */

export type Geography = 'borough' | 'ward' | 'lsoa' | 'hex250' | 'hex500' | 'hex1000'

export const areaOf =
  (g: Geography) =>
  (l: Loc): string | null =>
    g === 'borough' ? l.borough : g === 'ward' ? l.ward : g === 'lsoa' ? l.lsoa : g === 'hex250' ? l.h250 : g === 'hex500' ? l.h500 : l.h1000

export const matches = (f: Filter) => (l: Loc) =>
  (!f.programme || l.programme === f.programme) &&
  (!f.subjectRole || l.subjectRole === f.subjectRole) &&
  (!f.ageBand || l.ageBand === f.ageBand) &&
  (!f.kind || l.kind === f.kind)

export const inPeriod = (p: Period) => (l: Loc) => l.month >= p.from && l.month <= p.to

/** stats/counts (and hexbins with `hex…`): the same keys as api.counts. */
export function trueCounts(locs: readonly Loc[], g: Geography, p: Period, f: Filter = {}, byMonth = false, measure: Measure = size): Map<string, number> {
  const area = areaOf(g)
  const ok = (l: Loc) => inPeriod(p)(l) && matches(f)(l) && area(l) !== null
  const out = new Map<string, number>()
  if (byMonth) for (const [k, n] of countBy(locs, ok, (l) => `${area(l)}|${l.month}`, measure)) out.set(k, n)
  for (const [k, n] of countBy(locs, ok, (l) => `${area(l)}|*`, measure)) out.set(k, n)
  if (byMonth) for (const [k, n] of countBy(locs, ok, (l) => `*|${l.month}`, measure)) out.set(k, n)
  out.set('*|*', countDistinct(locs, ok, measure))
  return out
}

/** Hex id → true count, `*` the total (analysis/hexbins). */
export function trueHexbins(locs: readonly Loc[], hex: 250 | 500 | 1000, p: Period, f: Filter = {}, measure: Measure = size): Map<string, number> {
  const g = `hex${hex}` as Geography
  const t = trueCounts(locs, g, p, f, false, measure)
  const out = new Map<string, number>()
  for (const [k, n] of t) out.set(k === '*|*' ? '*' : k.slice(0, -2), n)
  return out
}

/** Border activity of one pair within `distance` m: `side|month`, `side|*`, `*|month`, `*|*`. */
export function trueBorder(locs: readonly Loc[], between: [string, string], distance: number, p: Period, measure: Measure = size): Map<string, number> {
  const [a, b] = between
  const ok = (l: Loc) =>
    inPeriod(p)(l) && l.borderM !== null && l.borderM <= distance && ((l.borough === a && l.border === b) || (l.borough === b && l.border === a))
  const out = new Map<string, number>()
  for (const [k, n] of countBy(locs, ok, (l) => `${l.borough}|${l.month}`, measure)) out.set(k, n)
  for (const [k, n] of countBy(locs, ok, (l) => `${l.borough}|*`, measure)) out.set(k, n)
  for (const [k, n] of countBy(locs, ok, (l) => `*|${l.month}`, measure)) out.set(k, n)
  out.set('*|*', countDistinct(locs, ok, measure))
  return out
}

/**
 * Flows: (H, D) = distinct referrals with a home located in H observed by the end of the period and
 * an incident located in D in the period; `H>*`, `*>D` and `*>*` are the distinct referrals of the
 * whole row, column and matrix. Only the reader's located events (scope) take part.
 */
export function trueFlows(locs: readonly Loc[], p: Period, f: Filter = {}, measure: Measure = size): Map<string, number> {
  const homes = new Map<string, Set<string>>()
  const incidents = new Map<string, Set<string>>()
  const add = (m: Map<string, Set<string>>, rid: string, b: string) => {
    let s = m.get(rid)
    if (!s) m.set(rid, (s = new Set()))
    s.add(b)
  }
  for (const l of locs) {
    if (!matches(f)(l)) continue
    if (l.kind === 'home' && l.month <= p.to) add(homes, l.rid, l.borough)
    if (l.kind === 'incident' && inPeriod(p)(l)) add(incidents, l.rid, l.borough)
  }
  const sets = new Map<string, Set<string>>()
  const put = (k: string, rid: string) => {
    let s = sets.get(k)
    if (!s) sets.set(k, (s = new Set()))
    s.add(rid)
  }
  for (const [rid, hs] of homes) {
    const ds = incidents.get(rid)
    if (!ds) continue
    for (const h of hs)
      for (const d of ds) {
        put(`${h}>${d}`, rid)
        put(`${h}>*`, rid)
        put(`*>${d}`, rid)
      }
    put('*>*', rid)
  }
  return new Map([...sets].map(([k, s]) => [k, measure(s)]))
}

/**
 * The funding report's two published counts per borough: `res|B` referrals whose latest home in the
 * period is in B (ties: the lowest code), `act|B` referrals with an incident, school or hangout in B
 * in the period; `res|*`, `act|*` the referrals counted on each basis; `total` the referrals with any
 * of those events in the period (the report's totals.count).
 */
export function trueFunding(locs: readonly Loc[], p: Period, programme?: string, measure: Measure = size): Map<string, number> {
  const latest = new Map<string, { day: string; b: string }>()
  const act = new Map<string, Set<string>>()
  const actAll = new Set<string>()
  const all = new Set<string>()
  for (const l of locs) {
    if (!inPeriod(p)(l) || (programme && l.programme !== programme)) continue
    if (['home', 'incident', 'school', 'hangout'].includes(l.kind)) all.add(l.rid)
    if (l.kind === 'home') {
      const cur = latest.get(l.rid)
      if (!cur || l.day > cur.day || (l.day === cur.day && l.borough < cur.b)) latest.set(l.rid, { day: l.day, b: l.borough })
    }
    if (l.kind === 'incident' || l.kind === 'school' || l.kind === 'hangout') {
      let s = act.get(l.borough)
      if (!s) act.set(l.borough, (s = new Set()))
      s.add(l.rid)
      actAll.add(l.rid)
    }
  }
  const out = new Map<string, number>()
  const res = new Map<string, Set<string>>()
  for (const [rid, { b }] of latest) {
    let s = res.get(b)
    if (!s) res.set(b, (s = new Set()))
    s.add(rid)
  }
  for (const [b, s] of res) out.set(`res|${b}`, measure(s))
  out.set('res|*', measure(new Set(latest.keys())))
  for (const [b, s] of act) out.set(`act|${b}`, measure(s))
  out.set('act|*', measure(actAll))
  out.set('total', measure(all))
  return out
}

/** Centre of a hex id in EPSG:27700. */
export function hexCentre(id: string): { size: number; x: number; y: number } {
  const c = parseCellId(id)
  return { size: c.size, ...cellCentre(c.size, c) }
}
