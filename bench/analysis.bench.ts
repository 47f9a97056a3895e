import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { millionDatabase, rowsFromArgs } from './fixtures/million.js'

/**
 * The analysis endpoints end to end on a PostGIS server with N synthetic locations (default
 * 1,000,000; bench/fixtures/million.ts): the service listens on 127.0.0.1 and each request goes
 * through HTTP, sign-in cookie, row-level security, SQL and JSON, as the lead (and, for the funding
 * report, as a commissioner). Over the whole span of the data's months:
 * - hexbins at 250 m;
 * - hotspots (Gi*, band 1, Benjamini–Hochberg) at 250 m — the project's hexes of circumradius 250 m,
 *   ~9,700 cells over Greater London — and at 155 m, hexes of the same area as 250 m squares
 *   (~25,000 cells, the issue's "250 m grid");
 * - the funding report (blend; residence).
 * One warm-up request each, then the median (and min, max) of 5. Writes bench/results/analysis.json.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const RUNS = 5
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}
const r1 = (x: number) => Math.round(x * 10) / 10

export async function run(argv: string[]): Promise<void> {
  const rows = rowsFromArgs(argv)
  const fx = await millionDatabase({ rows })
  console.log(`analysis bench: ${rows.toLocaleString('en-GB')} locations in ${fx.databaseName}${fx.built ? ' (built now)' : ''}`)
  const owner = new pg.Client({ connectionString: fx.url })
  await owner.connect()
  const { rows: span } = await owner.query<{ from: string; to: string }>(
    `select to_char(min(observed_on), 'YYYY-MM') as from, to_char(max(observed_on), 'YYYY-MM') as to from referral_locations`,
  )
  await owner.end()
  const months = `from=${span[0]!.from}&to=${span[0]!.to}`

  // Sequential requests on purpose; no statement timeout and no overload shedding while measuring.
  const config = loadConfig({ DATABASE_URL: fx.url, LOG_LEVEL: 'silent', DB_POOL_MAX: '10', STATEMENT_TIMEOUT_MS: '0', PRESSURE_MAX_EVENT_LOOP_DELAY_MS: '0' })
  const app = await buildApp({ config, database: fx.database, web: false })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const signIn = async (who: { email: string; password: string }) => {
    const res = await fetch(`${address}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: who.email, password: who.password }),
    })
    if (!res.ok) throw new Error(`sign-in ${who.email}: ${res.status}`)
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!
  }
  const cookies = { lead: await signIn(fx.lead), commissioner: await signIn(fx.commissioner) }

  const cases: Array<{ name: string; who: keyof typeof cookies; path: string; size: (body: any) => Record<string, number> }> = [
    { name: 'hexbins 250 m', who: 'lead', path: `/api/v1/analysis/hexbins?size=250&${months}`, size: (b) => ({ hexes: b.features.length }) },
    {
      name: 'hotspots 250 m',
      who: 'lead',
      path: `/api/v1/analysis/hotspots?size=250&${months}`,
      size: (b) => ({ cells: b.n, features: b.features.length, groups: b.groups.length }),
    },
    {
      name: 'hotspots 155 m (≈ 250 m squares)',
      who: 'lead',
      path: `/api/v1/analysis/hotspots?size=155&${months}`,
      size: (b) => ({ cells: b.n, features: b.features.length, groups: b.groups.length }),
    },
    { name: 'funding blend (lead)', who: 'lead', path: `/api/v1/reports/funding?basis=blend&${months}`, size: (b) => ({ referrals: b.totals.count }) },
    { name: 'funding residence (lead)', who: 'lead', path: `/api/v1/reports/funding?basis=residence&${months}`, size: (b) => ({ referrals: b.totals.count }) },
    {
      name: 'funding blend (commissioner)',
      who: 'commissioner',
      path: `/api/v1/reports/funding?basis=blend&${months}`,
      size: (b) => ({ rows: b.rows.length }),
    },
  ]
  const only = argv.find((a) => a.startsWith('--only='))?.slice('--only='.length)
  const results: Array<Record<string, unknown>> = []
  try {
    for (const c of cases) {
      if (only && !c.name.includes(only)) continue
      const once = async () => {
        const t0 = performance.now()
        const res = await fetch(`${address}${c.path}`, { headers: { cookie: cookies[c.who] } })
        const text = await res.text()
        const ms = performance.now() - t0
        if (res.status !== 200) throw new Error(`${c.name}: ${res.status} ${text.slice(0, 300)}`)
        return { ms, bytes: text.length, body: JSON.parse(text) as unknown }
      }
      const warm = await once()
      const times: number[] = []
      for (let i = 0; i < RUNS; i++) times.push((await once()).ms)
      const r = {
        name: c.name,
        path: c.path,
        as: c.who,
        medianMs: r1(median(times)),
        minMs: r1(Math.min(...times)),
        maxMs: r1(Math.max(...times)),
        warmUpMs: r1(warm.ms),
        bytes: warm.bytes,
        ...c.size(warm.body),
      }
      results.push(r)
      console.log(
        `  ${c.name.padEnd(34)} median ${String(r.medianMs).padStart(8)} ms (min ${r.minMs}, max ${r.maxMs}; warm-up ${r.warmUpMs}) ${JSON.stringify(c.size(warm.body))}, ${(warm.bytes / 1024).toFixed(0)} KiB`,
      )
    }
  } finally {
    await app.close()
    await fx.database.close()
  }
  const out = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model.split(' ').slice(0, 2).join(' '), memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version },
    rows,
    database: fx.databaseName,
    months: span[0],
    runs: RUNS,
    only: only ?? null,
    results,
  }
  mkdirSync(join(HERE, 'results'), { recursive: true })
  const file = join(HERE, 'results', `analysis${rows === 1_000_000 ? '' : `-${rows}`}${only ? `-${only.replace(/[^a-z0-9]+/gi, '-')}` : ''}.json`)
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`)
  console.log(`  written to ${file}`)
}
