import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { parseArgs } from 'node:util'
import { millionDatabase, rowsFromArgs } from './fixtures/million.js'

/**
 * Vector tiles on a PostGIS server with N synthetic points (default 1,000,000; bench/fixtures/million.ts):
 * - points tiles as the lead at z10, z12, z14 over a fixed seeded list: HTTP latency (the service on
 *   127.0.0.1, fetch with keep-alive) against the bare ST_AsMVT query for the same tile and filter run
 *   directly in the database as its owner (no HTTP, no row-level security, no audit) — p50, p95, ratio;
 * - hexbins tiles z8–z11 (precomputed counts) as the lead and as a commissioner: p50, p95;
 * - throughput: z14 points tiles, 50 connections, 10 s, autocannon; against the bare query's
 *   throughput at the same concurrency (pgbench, 50 clients, one script per tile).
 * Writes bench/results/tiles.json.
 */

/** The part of autocannon's API used here (it ships no types). */
interface CannonResult {
  requests: { average: number }
  latency: { p50: number; p97_5: number }
  '2xx': number
  non2xx: number
  errors: number
}
type Autocannon = (opts: {
  url: string
  connections: number
  duration: number
  requests: Array<{ method: 'GET'; path: string; headers: Record<string, string> }>
}) => Promise<CannonResult>
const AUTOCANNON = 'autocannon'

const HERE = fileURLToPath(new URL('.', import.meta.url))
/** Greater London, lon/lat. */
const LONDON = { w: -0.45, s: 51.33, e: 0.2, n: 51.66 }

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Tile {
  z: number
  x: number
  y: number
}
function tileAt(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}
/** A fixed list: seeded random points in London, the tile holding each (repeats allowed, as a map would ask). */
export function tileList(z: number, count: number, seed: number): Tile[] {
  const rand = prng(seed)
  return Array.from({ length: count }, () => tileAt(LONDON.w + rand() * (LONDON.e - LONDON.w), LONDON.s + rand() * (LONDON.n - LONDON.s), z))
}

/**
 * The bare points tile: ST_AsMVT of the organisation's locations in the tile and period, run directly
 * as the owner (no HTTP, no row-level security, no audit) — what the HTTP tile is compared with.
 */
export function bareTile(client: pg.Client, t: Tile, organisationId: string, fromDate: string, untilDate: string) {
  return client.query(
    `
    select ST_AsMVT(m, 'points', 4096, 'geom') from (
      select ST_AsMVTGeom(ST_Transform(l.geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) as geom,
             l.referral_id::text as "referralId", l.kind, to_char(l.observed_on, 'YYYY-MM') as month
      from referral_locations l join referrals r on r.id = l.referral_id
      where l.geom && ST_Transform(ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096), 27700)
        and r.organisation_id = $4 and not r.restricted and l.observed_on >= $5::date and l.observed_on < $6::date
    ) m`,
    [t.z, t.x, t.y, organisationId, fromDate, untilDate],
  )
}

/** pgbench -c 50 -T 10 over the bare tile query of each tile; null when pgbench is not installed. */
function pgbenchBare(url: string, tiles: Tile[], organisationId: string, fromDate: string, untilDate: string): { tps: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'cb-pgbench-'))
  try {
    // pgbench takes at most 128 scripts: the first 128 distinct tiles of the list.
    const files = [...new Map(tiles.map((t) => [`${t.z}/${t.x}/${t.y}`, t])).values()].slice(0, 128).map((t, i) => {
      const f = join(dir, `t${i}.sql`)
      // The same statement as bareTile, with the values written in (pgbench scripts take no parameters).
      writeFileSync(
        f,
        `select ST_AsMVT(m, 'points', 4096, 'geom') from (select ST_AsMVTGeom(ST_Transform(l.geom, 3857), ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}), 4096, 64, true) as geom, l.referral_id::text as "referralId", l.kind, to_char(l.observed_on, 'YYYY-MM') as month from referral_locations l join referrals r on r.id = l.referral_id where l.geom && ST_Transform(ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}, margin => 64.0 / 4096), 27700) and r.organisation_id = '${organisationId}' and not r.restricted and l.observed_on >= '${fromDate}'::date and l.observed_on < '${untilDate}'::date) m;\n`,
      )
      return f
    })
    const out = spawnSync('pgbench', ['-n', '-c', '50', '-j', '2', '-T', '10', ...files.flatMap((f) => ['-f', f]), url], { encoding: 'utf8' })
    if (out.error) return null
    const m = /tps = ([0-9.]+)/.exec(out.stdout)
    if (!m) throw new Error(`pgbench: ${out.stderr || out.stdout}`)
    return { tps: Math.round(Number(m[1]) * 10) / 10 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!
}
const ms = (x: number) => Math.round(x * 100) / 100

export async function run(argv: string[]): Promise<void> {
  const rows = rowsFromArgs(argv)
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { tiles: { type: 'string' }, zooms: { type: 'string' } } })
  /** Points tiles per zoom (`--tiles N`, default 20). */
  const TILES_PER_ZOOM = Number(values.tiles ?? 20)
  const fx = await millionDatabase({ rows })
  console.log(`tiles bench: ${rows.toLocaleString('en-GB')} locations in ${fx.databaseName}${fx.built ? ' (built now)' : ''}`)
  const owner = new pg.Client({ connectionString: fx.url })
  await owner.connect()
  const { rows: span } = await owner.query<{ from: string; to: string }>(
    `select to_char(min(observed_on), 'YYYY-MM') as from, to_char(max(observed_on), 'YYYY-MM') as to from referral_locations`,
  )
  const from = span[0]!.from
  const to = span[0]!.to
  const until = (() => {
    const [y, m] = to.split('-').map(Number) as [number, number]
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  })()
  const query = `from=${from}&to=${to}`

  const config = loadConfig({ DATABASE_URL: fx.url, LOG_LEVEL: 'silent', DB_POOL_MAX: '10' })
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
  const leadCookie = await signIn(fx.lead)
  const commissionerCookie = await signIn(fx.commissioner)

  const bare = (t: Tile) => bareTile(owner, t, fx.organisationId, `${from}-01`, until)
  const http = async (layer: string, t: Tile, cookie: string, q = query) => {
    const res = await fetch(`${address}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt?${q}`, { headers: { cookie } })
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`${layer} ${t.z}/${t.x}/${t.y}: ${res.status} ${body.toString().slice(0, 200)}`)
    return body.length
  }
  const time = async (f: () => Promise<unknown>) => {
    const t0 = performance.now()
    await f()
    return performance.now() - t0
  }

  const results: Record<string, unknown> = {}
  const points: Record<string, unknown> = {}
  // `--zooms 14` measures only z14 (the goal's zoom); default 10,12,14.
  const zooms = String(values.zooms ?? '10,12,14')
    .split(',')
    .map(Number)
  for (const [i, z] of [10, 12, 14].entries()) {
    if (!zooms.includes(z)) continue
    const list = tileList(z, TILES_PER_ZOOM, 20261128 + i)
    // Warm both paths over the list once (caches, plans), then measure, alternating which goes first.
    for (const t of list) {
      await http('points', t, leadCookie)
      await bare(t)
    }
    const h: number[] = []
    const b: number[] = []
    let bytes = 0
    for (const [j, t] of list.entries()) {
      if (j % 2 === 0) {
        h.push(
          await time(async () => {
            bytes += await http('points', t, leadCookie)
          }),
        )
        b.push(await time(() => bare(t)))
      } else {
        b.push(await time(() => bare(t)))
        h.push(
          await time(async () => {
            bytes += await http('points', t, leadCookie)
          }),
        )
      }
    }
    const r = {
      tiles: list.length,
      meanBytes: Math.round(bytes / list.length),
      http: { p50: ms(quantile(h, 0.5)), p95: ms(quantile(h, 0.95)) },
      bare: { p50: ms(quantile(b, 0.5)), p95: ms(quantile(b, 0.95)) },
      ratioP50: ms(quantile(h, 0.5) / quantile(b, 0.5)),
      ratioP95: ms(quantile(h, 0.95) / quantile(b, 0.95)),
    }
    points[`z${z}`] = r
    console.log(
      `  points z${z}: HTTP p50 ${r.http.p50} ms p95 ${r.http.p95} ms | bare ST_AsMVT p50 ${r.bare.p50} ms p95 ${r.bare.p95} ms | ratio p50 ${r.ratioP50} (goal ≤ 1.3), p95 ${r.ratioP95}; ${r.meanBytes} bytes/tile`,
    )
  }
  results.points = points

  const hexbins: Record<string, unknown> = {}
  // Aggregate readers get counts for fixed periods only: the first whole calendar quarter in the data.
  const [fy, fm] = from.split('-').map(Number) as [number, number]
  const qm = Math.ceil((fm - 1) / 3) * 3 + 1
  const quarterStart = qm > 12 ? `${fy + 1}-01` : `${fy}-${String(qm).padStart(2, '0')}`
  const [qy, qs] = quarterStart.split('-').map(Number) as [number, number]
  const quarter = `from=${quarterStart}&to=${qy}-${String(qs + 2).padStart(2, '0')}`
  for (const [who, cookie] of [
    ['lead', leadCookie],
    ['commissioner', commissionerCookie],
  ] as const) {
    const list = [8, 9, 10, 11].flatMap((z, i) => tileList(z, 20, 777 + i))
    const q = who === 'lead' ? query : quarter
    for (const t of list) await http('hexbins', t, cookie, q)
    const h: number[] = []
    for (const t of list) h.push(await time(() => http('hexbins', t, cookie, q)))
    hexbins[who] = { tiles: list.length, p50: ms(quantile(h, 0.5)), p95: ms(quantile(h, 0.95)), max: ms(Math.max(...h)) }
    console.log(`  hexbins z8–z11 as ${who}: p50 ${ms(quantile(h, 0.5))} ms, p95 ${ms(quantile(h, 0.95))} ms (goal ≤ 50), after one warm pass`)
  }
  results.hexbins = hexbins

  const z14 = tileList(14, 200, 4242)
  const autocannon = ((await import(AUTOCANNON)) as { default: Autocannon }).default
  const cannon = await autocannon({
    url: address,
    connections: 50,
    duration: 10,
    requests: z14.map((t) => ({ method: 'GET' as const, path: `/tiles/points/${t.z}/${t.x}/${t.y}.mvt?${query}`, headers: { cookie: leadCookie } })),
  })
  results.throughput = {
    zoom: 14,
    connections: 50,
    durationS: 10,
    tilesPerSecond: cannon.requests.average,
    latencyP50Ms: cannon.latency.p50,
    latencyP97_5Ms: cannon.latency.p97_5,
    ok: cannon['2xx'],
    non2xx: cannon.non2xx,
    errors: cannon.errors,
  }
  console.log(
    `  throughput z14 points, 50 connections, 10 s: ${cannon.requests.average} tiles/s (2xx ${cannon['2xx']}, non-2xx ${cannon.non2xx}, errors ${cannon.errors}), latency p50 ${cannon.latency.p50} ms`,
  )

  // The bare query's throughput at the same concurrency: pgbench, 50 clients, 10 s, one script per
  // tile of the same list (pgbench picks one at random per transaction), as the owner.
  const bare50 = pgbenchBare(fx.url, z14, fx.organisationId, `${from}-01`, until)
  if (bare50) {
    const throughput = results.throughput as Record<string, unknown>
    throughput.bareTilesPerSecond = bare50.tps
    throughput.ratio = ms(cannon.requests.average / bare50.tps)
    console.log(`  bare ST_AsMVT z14 by pgbench, 50 clients, 10 s: ${bare50.tps} tiles/s; HTTP/bare ${throughput.ratio} (goal ≥ 0.7)`)
  }

  await app.close()
  await owner.end()
  const out = {
    bench: 'tiles',
    date: new Date().toISOString(),
    rows,
    database: fx.databaseName,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    months: { from, to },
    ...results,
  }
  mkdirSync(join(HERE, 'results'), { recursive: true })
  writeFileSync(join(HERE, 'results', rows === 1_000_000 ? 'tiles.json' : `tiles-${rows}.json`), `${JSON.stringify(out, null, 2)}\n`)
  console.log(`  written bench/results/${rows === 1_000_000 ? 'tiles.json' : `tiles-${rows}.json`}`)
}
