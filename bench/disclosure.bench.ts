import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../server/app.js'
import { createSession } from '../server/auth/auth.repository.js'
import { hashPassword } from '../server/auth/passwords.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../server/auth/tokens.js'
import { loadConfig } from '../server/config.js'
import { openPGlite } from '../server/db/database.js'
import { migrateToLatest } from '../server/db/migrate.js'
import { DEMO_ORGANISATION } from '../server/demo/organisation.js'
import { seedDemo } from '../server/demo/seed.js'
import { loadGeodataDir } from '../server/geodata/load-boundaries.js'
import { AGE_BANDS, decide, K, PROGRAMMES, published, SCOPE, SUBJECT_ROLES, TODAY, type Derivation, type Period } from '../tests/privacy/attacks/model.js'
import { trueBorder, trueCounts, trueFlows, type Geography } from '../tests/privacy/attacks/tables.js'
import { loadTruth, size, type Loc, type Measure } from '../tests/privacy/attacks/truth.js'

/**
 * What the cell-key method costs and what it leaves, on the synthetic demo data
 * (server/demo, default size: DEMO_REFERRALS, 5,000; dates ending TODAY = 2026-03-31, so FY 2024
 * and FY 2025 are whole):
 *
 * 1. Accuracy: every stats/counts table a commissioner (scope: Brent, Camden, Kensington & Chelsea,
 *    Westminster) can request by geography (borough, ward, LSOA, hex 250/500/1000 m) and fixed period
 *    (each month, quarter and financial year of both years), through the HTTP API of the real
 *    service (embedded PGlite, DISCLOSURE_NOISE as configured, default 8), against the owner's exact
 *    counts: mean and maximum absolute error of the published counts, by geography and period kind.
 * 2. The averaging attack that chooses D: for D = 1 to 5 and 8 (the default) the same attacks as
 *    tests/privacy/attacks (filter complements, overlapping periods, border rings, flow splits) run on
 *    tables perturbed in TypeScript (tests/privacy/attacks/model.ts `publish`, the documented rule)
 *    with fresh random record keys, `--replicates` times: cells attempted, exact recoveries and the
 *    probability that the attacker's best estimate of a small cell (1..k−1) is right; and the mean
 *    and maximum absolute error the same D costs on the same tables.
 *
 * `npm run bench -- disclosure [--count N] [--replicates R]`; GEODATA_DIR (default: the project's geodata/).
 * Writes bench/results/disclosure.json.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const arg = (argv: string[], name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : undefined
}

const monthsOf = (fy: number) =>
  Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1
    const y = fy + (i >= 9 ? 1 : 0)
    return `${y}-${String(m).padStart(2, '0')}`
  })
const periodsOf = (fy: number) => {
  const months = monthsOf(fy)
  const year: Period = { from: months[0]!, to: months[11]!, months, name: `FY${fy}` }
  const quarters: Period[] = [0, 3, 6, 9].map((i) => ({ from: months[i]!, to: months[i + 2]!, months: months.slice(i, i + 3), name: `FY${fy} Q${i / 3 + 1}` }))
  return { year, quarters }
}
const YEARS = [2024, 2025].map(periodsOf)
const GEOGRAPHIES: Geography[] = ['borough', 'ward', 'lsoa', 'hex250', 'hex500', 'hex1000']

/** mulberry32: fresh record keys per replicate, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ErrorStats {
  cells: number
  sum: number
  max: number
  smallRoundedUp: number
  smallRoundedDown: number
  small: number
  large: number
  sumLarge: number
  maxLarge: number
}
const stats = (): ErrorStats => ({ cells: 0, sum: 0, max: 0, smallRoundedUp: 0, smallRoundedDown: 0, small: 0, large: 0, sumLarge: 0, maxLarge: 0 })
function add(s: ErrorStats, truth: number, pub: number) {
  const e = Math.abs(pub - truth)
  s.cells++
  s.sum += e
  s.max = Math.max(s.max, e)
  if (truth >= 1 && truth < K) {
    s.small++
    if (pub === 0) s.smallRoundedDown++
    else s.smallRoundedUp++
  }
  if (truth >= K) {
    s.large++
    s.sumLarge += e
    s.maxLarge = Math.max(s.maxLarge, e)
  }
}
const summary = (s: ErrorStats) => ({
  cells: s.cells,
  meanAbsError: +(s.sum / Math.max(1, s.cells)).toFixed(3),
  maxAbsError: s.max,
  smallCells: s.small,
  smallPublishedK: s.smallRoundedUp,
  smallPublished0: s.smallRoundedDown,
  cellsAtLeastK: s.large,
  meanAbsErrorAtLeastK: +(s.sumLarge / Math.max(1, s.large)).toFixed(3),
  maxAbsErrorAtLeastK: s.maxLarge,
})

/** The attacks of tests/privacy/attacks on TypeScript-perturbed tables: figures per attack. */
function simulate(locs: readonly Loc[], pub: Measure, d: number) {
  const out = new Map<string, { attempted: number; exact: number; right: number }>()
  const tally = (name: string, truth: number, derivations: Derivation[], own: number | undefined) => {
    if (truth < 1 || truth >= K) return
    const o = decide(truth, derivations, own, 'perturbed', K, d)
    const t = out.get(name) ?? { attempted: 0, exact: 0, right: 0 }
    t.attempted++
    if (o.exact && o.truth >= o.lo && o.truth <= o.hi) t.exact++
    if (o.right) t.right++
    out.set(name, t)
  }
  const err = stats()
  const { year, quarters } = YEARS[1]!
  const get = (m: Map<string, number>, k: string) => m.get(k) ?? 0
  // Filter complements: the total minus the other values of a referral field (eq).
  for (const g of ['borough', 'ward'] as const) {
    const base = trueCounts(locs, g, year, {}, true, pub)
    for (const [k, n] of trueCounts(locs, g, year, {}, true, size)) add(err, n, get(base, k))
    for (const [family, values] of [
      ['programme', PROGRAMMES],
      ['subjectRole', SUBJECT_ROLES],
      ['ageBand', AGE_BANDS],
    ] as const) {
      const parts = new Map(values.map((v) => [v, trueCounts(locs, g, year, { [family]: v }, true, pub)]))
      for (const v of values) {
        const tv = trueCounts(locs, g, year, { [family]: v }, true, size)
        for (const [k, n] of tv) add(err, n, get(parts.get(v)!, k))
        for (const key of base.keys()) {
          tally(
            'filter complements',
            get(tv, key),
            [{ rel: 'eq', terms: [{ coef: 1, p: get(base, key) }, ...values.filter((x) => x !== v).map((x) => ({ coef: -1, p: get(parts.get(x)!, key) }))] }],
            get(parts.get(v)!, key),
          )
        }
      }
    }
    // Overlapping periods: quarter − month, year − quarter (eq).
    for (const q of quarters) {
      const pq = trueCounts(locs, g, q, {}, false, pub)
      const tq = trueCounts(locs, g, q, {}, false, size)
      const tyear = trueCounts(locs, g, year, {}, true, size)
      for (const [k, n] of tq) add(err, n, get(pq, k))
      for (const key of tq.keys()) {
        if (key.startsWith('*')) continue
        const a = key.split('|')[0]!
        for (const m of q.months)
          tally(
            'overlapping periods',
            get(tq, key) - get(tyear, `${a}|${m}`),
            [
              {
                rel: 'eq',
                terms: [
                  { coef: 1, p: get(pq, key) },
                  { coef: -1, p: get(base, `${a}|${m}`) },
                ],
              },
            ],
            undefined,
          )
        tally(
          'overlapping periods',
          get(tyear, key) - get(tq, key),
          [
            {
              rel: 'eq',
              terms: [
                { coef: 1, p: get(base, key) },
                { coef: -1, p: get(pq, key) },
              ],
            },
          ],
          undefined,
        )
      }
    }
  }
  // Border rings: d2 − d1 on one side in a month or the year (eq).
  const distances = [100, 200, 400, 800]
  for (let i = 0; i < SCOPE.length; i++)
    for (let j = i + 1; j < SCOPE.length; j++) {
      const pair: [string, string] = [SCOPE[i]!, SCOPE[j]!]
      const p = new Map(distances.map((dd) => [dd, trueBorder(locs, pair, dd, year, pub)]))
      const t = new Map(distances.map((dd) => [dd, trueBorder(locs, pair, dd, year, size)]))
      for (const dd of distances) for (const [k, n] of t.get(dd)!) add(err, n, get(p.get(dd)!, k))
      for (const key of t.get(800)!.keys())
        for (const d1 of distances)
          for (const d2 of distances) {
            if (d2 <= d1) continue
            tally(
              'border rings',
              get(t.get(d2)!, key) - get(t.get(d1)!, key),
              [
                {
                  rel: 'eq',
                  terms: [
                    { coef: 1, p: get(p.get(d2)!, key) },
                    { coef: -1, p: get(p.get(d1)!, key) },
                  ],
                },
              ],
              undefined,
            )
          }
    }
  // Flow splits by programme (eq).
  for (const q of [...quarters, year]) {
    const all = trueFlows(locs, q, {}, pub)
    for (const [k, n] of trueFlows(locs, q, {}, size)) add(err, n, get(all, k))
    const parts = new Map(PROGRAMMES.map((x) => [x, trueFlows(locs, q, { programme: x }, pub)]))
    for (const prog of PROGRAMMES) {
      const tp = trueFlows(locs, q, { programme: prog }, size)
      for (const [key, n] of tp) {
        add(err, n, get(parts.get(prog)!, key))
        tally(
          'flow splits',
          n,
          [
            {
              rel: 'eq',
              terms: [{ coef: 1, p: get(all, key) }, ...PROGRAMMES.filter((x) => x !== prog).map((x) => ({ coef: -1, p: get(parts.get(x)!, key) }))],
            },
          ],
          get(parts.get(prog)!, key),
        )
      }
    }
  }
  return { attacks: out, error: err }
}

export async function run(argv: string[]): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const count = arg(argv, '--count') ?? config.demoReferrals
  const replicates = arg(argv, '--replicates') ?? 5
  const geodata = resolve(process.env.GEODATA_DIR ?? join(HERE, '../geodata'))
  const started = Date.now()
  const database = await openPGlite()
  await migrateToLatest(database.db)
  await loadGeodataDir(database.system, geodata)
  await seedDemo(database.system, { count, seed: config.demoSeed, today: TODAY })
  const system = database.system
  const { id: orgId } = await system.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirstOrThrow()
  const user = await system
    .insertInto('users')
    .values({
      organisation_id: orgId,
      email: 'commissioner@bench.test',
      display_name: 'bench commissioner',
      role: 'commissioner',
      boroughs: SCOPE,
      password_hash: await hashPassword('bench only, never used to sign in'),
      locked_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const secret = newSecret()
  await createSession(system, user.id, secretHash(secret), 240)
  const app = await buildApp({ config, database, web: false })
  await app.ready()
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { 'x-csrf-token': csrfTokenFor(secret) }, cookies: { [SESSION_COOKIE]: secret } })
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    return res.json()
  }
  const truth = await loadTruth(system, orgId, SCOPE)
  const locs = truth.locs('commissioner')
  console.log(
    `disclosure bench: ${count} demo referrals, ${new Set(locs.map((l) => l.rid)).size} in the commissioner's scope; ready in ${Date.now() - started} ms`,
  )

  // 1. Accuracy of the service's published counts (D as configured).
  const byGeography = new Map<string, ErrorStats>()
  const byPeriod = new Map<string, ErrorStats>()
  const overall = stats()
  const record = (g: string, kind: string, t: number, p: number) => {
    for (const [m, key] of [
      [byGeography, g],
      [byPeriod, kind],
    ] as const) {
      if (!m.has(key)) m.set(key, stats())
      add(m.get(key)!, t, p)
    }
    add(overall, t, p)
  }
  const flat = (body: any) => {
    const v = new Map<string, number>()
    for (const c of body.cells) v.set(`${c.area}|${c.month ?? '*'}`, c.count)
    for (const a of body.totals.areas) v.set(`${a.area}|*`, a.count)
    for (const m of body.totals.months ?? []) v.set(`*|${m.month}`, m.count)
    v.set('*|*', body.totals.count)
    return v
  }
  let requests = 0
  for (const g of GEOGRAPHIES)
    for (const { year, quarters } of YEARS) {
      const y = flat(await get(`/api/v1/stats/counts?geography=${g}&from=${year.from}&to=${year.to}&by=month`))
      requests++
      const ty = trueCounts(locs, g, year, {}, true)
      for (const key of new Set([...y.keys(), ...ty.keys()]))
        record(g, key.endsWith('|*') || key === '*|*' ? 'year' : 'month', ty.get(key) ?? 0, y.get(key) ?? 0)
      for (const q of quarters) {
        const p = flat(await get(`/api/v1/stats/counts?geography=${g}&from=${q.from}&to=${q.to}`))
        requests++
        const tq = trueCounts(locs, g, q)
        for (const key of new Set([...p.keys(), ...tq.keys()])) record(g, 'quarter', tq.get(key) ?? 0, p.get(key) ?? 0)
      }
    }
  const accuracy = {
    noise: config.disclosureNoise,
    k: config.kAnonymity,
    requests,
    overall: summary(overall),
    byGeography: Object.fromEntries([...byGeography].map(([k, s]) => [k, summary(s)])),
    byPeriod: Object.fromEntries([...byPeriod].map(([k, s]) => [k, summary(s)])),
  }
  console.log(`accuracy (service, D = ${config.disclosureNoise}, k = ${config.kAnonymity}), ${requests} tables: overall ${JSON.stringify(accuracy.overall)}`)
  for (const [g, s] of Object.entries(accuracy.byGeography)) console.log(`  ${g.padEnd(8)} ${JSON.stringify(s)}`)
  for (const [p, s] of Object.entries(accuracy.byPeriod)) console.log(`  ${p.padEnd(8)} ${JSON.stringify(s)}`)

  // 2. The averaging attack for each D, with fresh record keys per replicate.
  const rids = [...new Set(truth.all.map((l) => l.rid))]
  const simulation: Array<Record<string, unknown>> = []
  for (const d of [1, 2, 3, 4, 5, 8]) {
    const agg = new Map<string, { attempted: number; exact: number; right: number }>()
    const err = stats()
    for (let r = 0; r < replicates; r++) {
      const rand = prng(1000 * d + r)
      const keys = new Map(rids.map((id) => [id, Math.floor(rand() * 2 ** 20)]))
      const res = simulate(locs, published(keys, K, d), d)
      for (const [name, t] of res.attacks) {
        const a = agg.get(name) ?? { attempted: 0, exact: 0, right: 0 }
        a.attempted += t.attempted
        a.exact += t.exact
        a.right += t.right
        agg.set(name, a)
      }
      err.cells += res.error.cells
      err.sum += res.error.sum
      err.max = Math.max(err.max, res.error.max)
      err.large += res.error.large
      err.sumLarge += res.error.sumLarge
      err.maxLarge = Math.max(err.maxLarge, res.error.maxLarge)
    }
    const all = [...agg.values()].reduce((s, t) => ({ attempted: s.attempted + t.attempted, exact: s.exact + t.exact, right: s.right + t.right }), {
      attempted: 0,
      exact: 0,
      right: 0,
    })
    const row = {
      D: d,
      replicates,
      attempted: all.attempted,
      exact: all.exact,
      pRight: +(all.right / Math.max(1, all.attempted)).toFixed(4),
      meanAbsError: +(err.sum / Math.max(1, err.cells)).toFixed(3),
      maxAbsError: err.max,
      meanAbsErrorAtLeastK: +(err.sumLarge / Math.max(1, err.large)).toFixed(3),
      maxAbsErrorAtLeastK: err.maxLarge,
      attacks: Object.fromEntries(
        [...agg].map(([n, t]) => [n, { attempted: t.attempted, exact: t.exact, pRight: +(t.right / Math.max(1, t.attempted)).toFixed(4) }]),
      ),
    }
    simulation.push(row)
    console.log(
      `D = ${d}: small cells attacked ${row.attempted} (${replicates} key draws), exact recoveries ${row.exact}, best estimate right ${(100 * row.pRight).toFixed(1)} %; ` +
        `mean |error| ${row.meanAbsError}, max ${row.maxAbsError} (cells ≥ k: ${row.meanAbsErrorAtLeastK}, max ${row.maxAbsErrorAtLeastK}); ${Object.entries(
          row.attacks,
        )
          .map(([n, t]) => `${n} ${(100 * t.pRight).toFixed(1)} % (${t.exact} exact)`)
          .join(', ')}`,
    )
  }
  await app.close()
  await database.close()
  mkdirSync(join(HERE, 'results'), { recursive: true })
  writeFileSync(join(HERE, 'results', 'disclosure.json'), `${JSON.stringify({ date: new Date().toISOString(), count, accuracy, simulation }, null, 2)}\n`)
  console.log(`disclosure bench: done in ${Math.round((Date.now() - started) / 1000)} s; bench/results/disclosure.json`)
}
