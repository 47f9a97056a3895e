import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sql } from 'kysely'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { withDatabase } from '../server/db/admin.js'
import { openPostgres } from '../server/db/database.js'
import { signIn } from '../scripts/soak.js'
import { clusterSkipReason, TestCluster } from '../tests/reliability/cluster.js'
import { millionDatabase } from './fixtures/million.js'

/**
 * Read throughput with one primary and one streaming replica against the primary alone
 * (`npm run bench -- replicas [-- --rows 100000 --seconds 15 --clients 16 --rounds 3]`).
 *
 * A primary and a replica of the bench's own (initdb, pg_basebackup -R, loopback ports) hold the
 * bench fixture (`rows` synthetic locations imported through the product's importer). Two services
 * in this process share the fixture: one with DATABASE_READ_URL, one without. `clients` concurrent
 * loops ask, for `seconds` per round, the reads a replica may answer: a lead's hex bins and counts
 * with varying periods, sizes and filters, and a commissioner's counts and hexbin tiles. Rounds
 * alternate primary-only / with-replica, and the medians are compared. Writes
 * bench/results/replicas.json. On this 2-core machine the two servers and Node share the same
 * cores, so the figure shows that reads move to the replica, not how a second machine scales.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)]! : 0
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!

const MONTHS = ['2025-01', '2025-04', '2025-07', '2025-10', '2026-01', '2026-04', '2026-07']
const QUARTERS = [
  ['2025-04', '2025-06'],
  ['2025-07', '2025-09'],
  ['2025-10', '2025-12'],
  ['2026-01', '2026-03'],
  ['2026-04', '2026-06'],
] as const

/** One read a replica may answer, chosen at random (so most are not in any cache). */
function nextRead(): { who: 'lead' | 'commissioner'; path: string } {
  const r = Math.random()
  if (r < 0.35) {
    const a = pick(MONTHS)
    const b = pick(MONTHS.filter((m) => m >= a))
    const filter = pick(['', '&ageBand=16-17', '&ageBand=14-15', '&programme=mentoring', '&subjectRole=at_risk', '&multiBorough=true'])
    return { who: 'lead', path: `/api/v1/analysis/hexbins?from=${a}&to=${b}&size=${pick([250, 500, 1000])}${filter}` }
  }
  if (r < 0.6) {
    const a = pick(MONTHS)
    const b = pick(MONTHS.filter((m) => m >= a))
    return { who: 'lead', path: `/api/v1/stats/counts?geography=${pick(['borough', 'ward', 'lsoa'])}&from=${a}&to=${b}&by=month` }
  }
  const [from, to] = pick(QUARTERS)
  if (r < 0.8) return { who: 'commissioner', path: `/api/v1/stats/counts?geography=${pick(['borough', 'ward'])}&from=${from}&to=${to}` }
  // Central London at z11 (hex tiles of the commissioner's band).
  return {
    who: 'commissioner',
    path: `/tiles/hexbins/11/${1021 + Math.floor(Math.random() * 3)}/${680 + Math.floor(Math.random() * 2)}.mvt?from=${from}&to=${to}`,
  }
}

async function load(base: string, cookies: Record<'lead' | 'commissioner', string>, clients: number, seconds: number) {
  const deadline = Date.now() + seconds * 1000
  let done = 0
  let failed = 0
  const from = new Map<string, number>()
  const ms: number[] = []
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const { who, path } = nextRead()
        const t0 = performance.now()
        const res = await fetch(`${base}${path}`, { headers: { cookie: cookies[who] } })
        await res.arrayBuffer()
        ms.push(performance.now() - t0)
        if (res.status !== 200) failed++
        else done++
        const f = res.headers.get('x-read-from') ?? 'primary'
        from.set(f, (from.get(f) ?? 0) + 1)
      }
    }),
  )
  ms.sort((a, b) => a - b)
  return { rps: done / seconds, failed, from: Object.fromEntries(from), p50: median(ms), p95: ms[Math.floor(ms.length * 0.95)] ?? 0 }
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { rows: { type: 'string' }, seconds: { type: 'string' }, clients: { type: 'string' }, rounds: { type: 'string' } },
  })
  const rows = Number(values.rows ?? 100_000)
  const seconds = Number(values.seconds ?? 15)
  const clients = Number(values.clients ?? 16)
  const rounds = Number(values.rounds ?? 3)
  const why = clusterSkipReason()
  if (why) throw new Error(`replicas bench: ${why}`)
  const primary = await TestCluster.create()
  const replica = await TestCluster.createReplica(primary)
  const apps: Array<Awaited<ReturnType<typeof buildApp>>> = []
  const closers: Array<() => Promise<void>> = []
  try {
    const saved = process.env.BENCH_DATABASE_URL
    process.env.BENCH_DATABASE_URL = primary.url()
    const fixture = await millionDatabase({ rows })
    if (saved === undefined) delete process.env.BENCH_DATABASE_URL
    else process.env.BENCH_DATABASE_URL = saved
    closers.push(() => fixture.database.close())
    // Wait for the replica to replay the fixture.
    const { rows: lsn } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(fixture.database.system)
    const replicaOwner = openPostgres(withDatabase(replica.url(), fixture.databaseName), 1)
    closers.push(() => replicaOwner.close())
    for (;;) {
      const { rows: r } = await sql<{ ok: boolean }>`select pg_last_wal_replay_lsn() >= ${lsn[0]!.lsn}::pg_lsn as ok`.execute(replicaOwner.system)
      if (r[0]?.ok) break
      await new Promise((res) => setTimeout(res, 200))
    }
    const withReplica = openPostgres(fixture.url, 10, { appRole: true, readUrls: [withDatabase(replica.url(), fixture.databaseName)] })
    closers.push(() => withReplica.close())
    const config = loadConfig({ DATABASE_URL: fixture.url, LOG_LEVEL: 'silent' })
    const bases: Record<'primary' | 'replica', string> = { primary: '', replica: '' }
    for (const [name, database] of [
      ['primary', fixture.database],
      ['replica', withReplica],
    ] as const) {
      const app = await buildApp({ config, database, web: false })
      await app.listen({ port: 0, host: '127.0.0.1' })
      apps.push(app)
      bases[name] = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
    }
    const lead = await signIn(bases.primary, fixture.lead.email, fixture.lead.password)
    const commissioner = await signIn(bases.primary, fixture.commissioner.email, fixture.commissioner.password)
    const cookies = { lead: lead.cookie, commissioner: commissioner.cookie }
    const results: Record<'primary' | 'replica', Array<Awaited<ReturnType<typeof load>>>> = { primary: [], replica: [] }
    await load(bases.primary, cookies, clients, 3) // warm-up
    for (let i = 0; i < rounds; i++) {
      for (const name of i % 2 ? (['replica', 'primary'] as const) : (['primary', 'replica'] as const)) {
        const r = await load(bases[name], cookies, clients, seconds)
        results[name].push(r)
        console.log(
          `  round ${i + 1} ${name.padEnd(7)} ${r.rps.toFixed(1)} reads/s, p50 ${r.p50.toFixed(0)} ms, p95 ${r.p95.toFixed(0)} ms, answered by ${JSON.stringify(r.from)}`,
        )
      }
    }
    const p = median(results.primary.map((r) => r.rps))
    const q = median(results.replica.map((r) => r.rps))
    const served = results.replica.reduce((n, r) => n + (r.from.replica ?? 0), 0)
    const all = results.replica.reduce((n, r) => n + Object.values(r.from).reduce((a, b) => a + b, 0), 0)
    console.log(
      `replicas: ${rows.toLocaleString('en-GB')} rows, ${clients} clients; primary alone ${p.toFixed(1)} reads/s, primary + replica ${q.toFixed(1)} reads/s (${(q / p).toFixed(2)}×); the replica answered ${served} of ${all} reads`,
    )
    mkdirSync(join(HERE, 'results'), { recursive: true })
    writeFileSync(
      join(HERE, 'results', 'replicas.json'),
      `${JSON.stringify(
        {
          date: new Date().toISOString(),
          machine: { cpus: cpus().length, model: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30) },
          rows,
          clients,
          seconds,
          rounds,
          medianReadsPerSecond: { primary: p, primaryPlusReplica: q, ratio: q / p },
          replicaShare: all ? served / all : 0,
          results,
        },
        null,
        2,
      )}\n`,
    )
  } finally {
    for (const app of apps) await app.close()
    for (const c of closers.reverse()) await c().catch(() => {})
    await replica.destroy()
    await primary.destroy()
  }
}
