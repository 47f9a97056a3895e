import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
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

/**
 * Hot spots on the demo data, embedded (PGlite), as a lead: the synthetic demo referrals (default
 * DEMO_REFERRALS, 5,000; seed DEMO_SEED; 24 months ending TODAY) and, for each hex size from 100 to
 * 1000 m, GET /api/v1/analysis/hotspots over the last 12 whole months with the defaults — conditional
 * permutation inference, 999 draws, BH — through the service (app.inject: routing, session, row-level
 * security, SQL, statistics, JSON). One warm-up request per size (it fills the per-process caches of
 * the study area and hexagon shapes, which depend only on the boundaries), then the median of 5.
 * Also the same with inference=analytical, to show what the permutations cost.
 *
 * `npm run bench -- analysis-demo [--count N] [--dump DIR]`; GEODATA_DIR (default: the project's
 * geodata/). Writes bench/results/analysis-demo.json; with --dump, DIR/cells-SIZE.json holds each
 * size's study-area cells and counts for R's time on the same cells (bench/r/localg-time.R).
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const TODAY = '2026-11-30'
const FROM = '2025-12'
const TO = '2026-11'
const SIZES = [100, 155, 250, 500, 1000]
const RUNS = 5
const arg = (argv: string[], name: string) => {
  const i = argv.indexOf(name)
  return i >= 0 ? Number(argv[i + 1]) : undefined
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const r1 = (x: number) => Math.round(x * 10) / 10

export async function run(argv: string[]): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const count = arg(argv, '--count') ?? config.demoReferrals
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
      email: 'lead@bench.test',
      display_name: 'bench lead',
      role: 'lead',
      boroughs: null,
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
    const t0 = performance.now()
    const res = await app.inject({ method: 'GET', url, headers: { 'x-csrf-token': csrfTokenFor(secret) }, cookies: { [SESSION_COOKIE]: secret } })
    const ms = performance.now() - t0
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    return {
      ms,
      body: res.json<{
        n: number
        features: Array<{ id: string; properties: { count: number; class: string; draws: number | null } }>
        groups: unknown[]
        studyArea: { emptyCells: number }
      }>(),
      bytes: res.body.length,
    }
  }
  console.log(`analysis-demo bench: ${count} demo referrals ending ${TODAY}, ready in ${Date.now() - started} ms`)
  const results: Array<Record<string, unknown>> = []
  try {
    for (const size of SIZES) {
      for (const inference of ['permutation', 'analytical'] as const) {
        const url = `/api/v1/analysis/hotspots?size=${size}&from=${FROM}&to=${TO}&inference=${inference}`
        const warm = await get(url)
        const times: number[] = []
        for (let i = 0; i < RUNS; i++) times.push((await get(url)).ms)
        const b = warm.body
        const r = {
          size,
          inference,
          medianMs: r1(median(times)),
          minMs: r1(Math.min(...times)),
          maxMs: r1(Math.max(...times)),
          warmUpMs: r1(warm.ms),
          cells: b.n,
          emptyCells: b.studyArea.emptyCells,
          features: b.features.length,
          classed: b.features.filter((f) => f.properties.class !== 'none').length,
          exactP: b.features.filter((f) => f.properties.draws === 0).length,
          groups: b.groups.length,
          kib: Math.round(warm.bytes / 1024),
        }
        results.push(r)
        const dump = argv.includes('--dump') ? argv[argv.indexOf('--dump') + 1] : undefined
        if (dump && inference === 'permutation') {
          const all = (await get(`${url}&all=true`)).body.features
          const area = all.map((f) => {
            const [, q, rr] = f.id.split(':').map(Number)
            return { q, r: rr }
          })
          mkdirSync(dump, { recursive: true })
          writeFileSync(join(dump, `cells-${size}.json`), JSON.stringify({ area, x: all.map((f) => f.properties.count) }))
        }
        console.log(
          `  ${String(size).padStart(4)} m ${inference.padEnd(11)} median ${String(r.medianMs).padStart(7)} ms (min ${r.minMs}, max ${r.maxMs}; warm-up ${r.warmUpMs}) ${r.cells} cells (${r.emptyCells} empty), ${r.classed} classed, ${r.exactP} exact p, ${r.groups} groups, ${r.kib} KiB`,
        )
      }
    }
  } finally {
    await app.close()
    await database.close()
  }
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model.split(' ').slice(0, 2).join(' '), memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    referrals: count,
    today: TODAY,
    from: FROM,
    to: TO,
    runs: RUNS,
    results,
  }
  mkdirSync(join(HERE, 'results'), { recursive: true })
  const file = join(HERE, 'results', 'analysis-demo.json')
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
  console.log(`  written to ${file}`)
}
