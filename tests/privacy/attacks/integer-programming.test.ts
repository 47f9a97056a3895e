import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { counts, requests, type Filter, type Table } from './api.js'
import { AGE_BANDS, K, PROGRAMMES, preimage, QUARTERS, SUBJECT_ROLES, YEAR, type Model, type Pub } from './model.js'
import { BoundSolver, type Row } from './solver.js'
import { loadTruth, type Loc, type Population, type Truth } from './truth.js'
import { createAttackWorld, SCOPE, type AttackClient, type AttackWorld } from './world.js'

/**
 * The integer-programming attack: every table an aggregate reader can request about one
 * borough and one quarter — borough and ward counts, by month, unfiltered and under each value of
 * each referral field — set up as constraints on the unknown true counts, then solved for the
 * possible values of each small cell.
 *
 * Unknowns: x ≥ 0, integer, one per ward × month × programme × age band (× subject role for the
 * commissioner; the partner's agreement counts at-risk subjects only) — the finest cells the tables
 * are made of. To make true counts exactly additive the demo data keeps one located event per
 * referral (its first), so a referral is in one ward and one month: a published cell is then the sum
 * of its unknowns, and its published value p constrains that sum to p's preimage (model.ts). The
 * location-kind filter is left out (kinds cut across the other fields only through the events).
 *
 * Decided: for each small target — every published cell with a true count 1..k−1, and the never
 * published ward × month × programme cells with such a count — HiGHS finds the minimum and maximum
 * of its sum under all constraints (LP relaxation, then the integer program when the LP leaves just
 * two values (one borough each: Westminster for the commissioner, Brent for the partner); **exactly recovered** when min = max. The attacker's best estimate is the rounded
 * midpoint of [min, max]. Must end with 0 exact recoveries and at most half the estimates right.
 */

const COUNT = 1600
const Q = QUARTERS[1]!
let w: AttackWorld
let truth: Truth
let model: Model
let wardsOf: Map<string, string[]>

beforeAll(async () => {
  w = await createAttackWorld({ count: COUNT, singleLocation: true })
  truth = await loadTruth(w.system, w.orgId, SCOPE)
  model = (await counts(w.commissioner, 'borough', YEAR))!.model
  const wards = await w.system.selectFrom('areas').select(['code', 'parent_code']).where('kind', '=', 'ward').execute()
  wardsOf = new Map()
  for (const a of wards) if (a.parent_code) wardsOf.set(a.parent_code, [...(wardsOf.get(a.parent_code) ?? []), a.code])
}, 300_000)
afterAll(async () => {
  console.log(`[attack] requests: ${requests.count}, refused: ${requests.refused}`)
  await w?.t.close()
})

interface Atom {
  ward: string
  month: string
  programme: string
  ageBand: string
  subjectRole: string
}

async function attack(who: AttackClient, pop: Population, borough: string) {
  const wards = wardsOf.get(borough)!
  const roles = pop === 'partner' ? ['at_risk'] : [...SUBJECT_ROLES]
  const atoms: Atom[] = []
  for (const ward of wards)
    for (const month of Q.months)
      for (const programme of PROGRAMMES)
        for (const ageBand of AGE_BANDS)
          for (const subjectRole of roles) {
            atoms.push({ ward, month, programme, ageBand, subjectRole })
          }
  const filters: Filter[] = [
    {},
    ...PROGRAMMES.map((programme) => ({ programme })),
    ...AGE_BANDS.map((ageBand) => ({ ageBand })),
    ...(pop === 'partner' ? [] : SUBJECT_ROLES.map((subjectRole) => ({ subjectRole }))),
  ]
  const fits = (a: Atom, f: Filter) =>
    (!f.programme || a.programme === f.programme) && (!f.ageBand || a.ageBand === f.ageBand) && (!f.subjectRole || a.subjectRole === f.subjectRole)
  // Every published cell of the region: its atoms and its value.
  const cells: Array<{ name: string; cols: number[]; p: Pub }> = []
  let leaks = 0
  for (const g of ['borough', 'ward'] as const)
    for (const f of filters) {
      const t: Table | undefined = await counts(who, g, Q, f, true)
      if (!t) continue
      const areas = g === 'borough' ? [borough] : wards
      for (const area of areas)
        for (const m of [...Q.months, '*']) {
          const key = `${area}|${m}`
          const p = t.values.has(key) ? t.values.get(key)! : 0
          if (model === 'perturbed' && p !== null && p >= 1 && p < K) leaks++
          const cols = atoms.flatMap((a, i) => ((g === 'borough' || a.ward === area) && (m === '*' || a.month === m) && fits(a, f) ? [i] : []))
          cells.push({ name: `${g} ${key} ${JSON.stringify(f)}`, cols, p })
        }
    }
  const rows: Row[] = cells.map((c) => {
    const [lo, hi] = preimage(c.p, model)
    return { cols: c.cols, lo, hi }
  })
  const solver = await BoundSolver.create(atoms.length, rows)
  // The truth of any set of atoms, from the owner's data.
  const locs = truth.locs(pop).filter((l) => l.borough === borough && l.month >= Q.from && l.month <= Q.to)
  const atomIndex = new Map(atoms.map((a, i) => [`${a.ward}|${a.month}|${a.programme}|${a.ageBand}|${a.subjectRole}`, i]))
  const x = new Array<number>(atoms.length).fill(0)
  for (const l of locs as Loc[]) {
    const i = atomIndex.get(`${l.ward}|${l.month}|${l.programme}|${l.ageBand}|${l.subjectRole}`)
    expect(i, `atom of ${l.rid}`).toBeDefined()
    x[i!] = x[i!]! + 1
  }
  const trueOf = (cols: number[]) => cols.reduce((s, i) => s + x[i]!, 0)
  // Targets: published cells with a small true count, and the unpublished ward × month × programme cells.
  const targets = cells.map((c) => ({ name: c.name, cols: c.cols }))
  for (const ward of wards)
    for (const month of Q.months)
      for (const programme of PROGRAMMES) {
        targets.push({
          name: `unpublished ${ward}|${month} ${programme}`,
          cols: atoms.flatMap((a, i) => (a.ward === ward && a.month === month && a.programme === programme ? [i] : [])),
        })
      }
  const fig = { cells: cells.length, attempted: 0, exact: 0, right: 0, mip: 0, inconsistent: [] as string[], examples: [] as string[] }
  for (const t of targets) {
    const n = trueOf(t.cols)
    if (n < 1 || n >= K) continue
    const b = solver.bounds(t.cols, 1)
    fig.attempted++
    if (b.mip) fig.mip++
    if (n < b.min || n > b.max) fig.inconsistent.push(`${t.name}: ${n} outside [${b.min}, ${b.max}]`)
    if (b.min === b.max) {
      fig.exact++
      if (fig.examples.length < 5) fig.examples.push(`${t.name} = ${n}`)
    }
    const hi = Number.isFinite(b.max) ? b.max : Math.max(b.min, K - 1)
    if (Math.round((b.min + hi) / 2) === n) fig.right++
  }
  solver.dispose()
  return { ...fig, leaks, unknowns: atoms.length }
}

describe('integer-programming attack (the real London wards are needed)', () => {
  it.each([
    ['commissioner', 'commissioner', () => w.commissioner],
    ['partner (token)', 'partner', () => w.partnerToken],
  ] as const)(
    'as %s: every borough and ward table of a quarter, by month and by every field, solved for each small cell',
    async (name, pop, who) => {
      const total = { attempted: 0, exact: 0, right: 0, leaks: 0, cells: 0, unknowns: 0, mip: 0 }
      const examples: string[] = []
      // One borough each (Westminster for the commissioner, Brent for the partner) keeps the test to minutes.
      for (const borough of [pop === 'partner' ? SCOPE[0]! : SCOPE[3]!]) {
        const started = Date.now()
        const f = await attack(who(), pop as Population, borough)
        expect(f.inconsistent, `${name} ${borough}: every true count lies in its [min, max]`).toEqual([])
        console.log(
          `[attack] ${name}: integer programming, ${borough} ${Q.name} (${model}): ${f.cells} published cells as constraints on ${f.unknowns} unknowns; ` +
            `cells attempted ${f.attempted}, exact recoveries ${f.exact}, midpoint estimate right ${f.right} (${((100 * f.right) / Math.max(1, f.attempted)).toFixed(1)} %), ` +
            `${f.mip} settled by the integer program, in ${Date.now() - started} ms${f.examples.length ? `; e.g. ${f.examples.join('; ')}` : ''}`,
        )
        for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += f[k]
        examples.push(...f.examples)
      }
      console.log(
        `[attack] ${name}: integer programming (${model}): cells attempted ${total.attempted}, exact recoveries ${total.exact}, best estimate right ${total.right} (${((100 * total.right) / Math.max(1, total.attempted)).toFixed(1)} %)`,
      )
      expect(total.attempted).toBeGreaterThan(50)
      expect(total.leaks, 'counts from 1 to k−1 published').toBe(0)
      expect(total.exact, `small counts determined with certainty (e.g. ${examples.join('; ')})`).toBe(0)
      expect(total.right / total.attempted, 'share of small counts the midpoint estimate gets right').toBeLessThanOrEqual(0.5)
    },
    900_000,
  )
})
