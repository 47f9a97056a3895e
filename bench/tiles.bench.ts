import { spawn, spawnSync } from 'node:child_process'
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
 * - throughput: z14 points tiles, 50 connections, autocannon in a process of its own; against the
 *   bare query's throughput at the same concurrency (pgbench, 50 clients, one script per tile), in
 *   turn for several rounds (`--rounds`, `--seconds`), medians and ratios.
 * Writes bench/results/tiles.json.
 */

/** The part of autocannon's result used here (it ships no types). */
interface CannonResult {
  requests: { average: number }
  latency: { p50: number; p97_5: number }
  '2xx': number
  non2xx: number
  errors: number
}

/** autocannon in its own process (bench/fixtures/autocannon-process.ts): the service's event loop serves, nothing else. */
function autocannonProcess(opts: {
  url: string
  connections: number
  duration: number
  requests: Array<{ method: 'GET'; path: string; headers: Record<string, string> }>
}): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'fixtures', 'autocannon-process.ts'), JSON.stringify(opts)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon process exited with ${code}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as CannonResult)
    })
  })
}

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

/**
 * pgbench -c 50 over the bare tile query of each tile for `warm` + `seconds` seconds, the rate of the
 * last `seconds` (from its per-second progress): each new backend's first transforms load PROJ's
 * data, which costs up to a second, so the first seconds measure connection warm-up rather than
 * the query. Null when pgbench is not installed.
 */
function pgbenchBare(
  url: string,
  tiles: Tile[],
  organisationId: string,
  fromDate: string,
  untilDate: string,
  seconds: number,
  warm: number,
): { tps: number } | null {
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
    const out = spawnSync('pgbench', ['-n', '-c', '50', '-j', '2', '-P', '1', '-T', String(warm + seconds), ...files.flatMap((f) => ['-f', f]), url], {
      encoding: 'utf8',
    })
    if (out.error) return null
    // progress: 7.0 s, 123.0 tps, lat … (stderr, one line a second)
    const steady = [...out.stderr.matchAll(/progress: ([0-9.]+) s, ([0-9.]+) tps/g)].filter((m) => Number(m[1]) > warm).map((m) => Number(m[2]))
    if (!steady.length) throw new Error(`pgbench: ${out.stderr || out.stdout}`)
    return { tps: Math.round((steady.reduce((a, b) => a + b, 0) / steady.length) * 10) / 10 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * An If-None-Match that never matches: the service answers 200 through its transaction path (session
 * lookup, BEGIN, request_scope, the tile, audit_record, COMMIT: what every exact tile took before
 * the one-statement path), measured beside it in the same run.
 */
const NO_MATCH = { 'if-none-match': '"bench-never-matches"' }

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!
}
const ms = (x: number) => Math.round(x * 100) / 100

export async function run(argv: string[]): Promise<void> {
  const rows = rowsFromArgs(argv)
  const { values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      tiles: { type: 'string' },
      zooms: { type: 'string' },
      passes: { type: 'string' },
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      warm: { type: 'string' },
      'audit-commit': { type: 'string' },
    },
  })
  /** Points tiles per zoom (`--tiles N`, default 20). */
  const TILES_PER_ZOOM = Number(values.tiles ?? 20)
  const PASSES = Number(values.passes ?? 3)
  /** Throughput: `--rounds N` (default 3) of the service and pgbench in turn, `--seconds S` each (default 10). */
  const ROUNDS = Number(values.rounds ?? 3)
  const SECONDS = Number(values.seconds ?? 10)
  /** Seconds of load before each measured run, not counted (`--warm`, default 5). */
  const WARM = Number(values.warm ?? 5)
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

  // `--audit-commit async`: the alternative measured for comparison only — the service's commits
  // (the tile's audit record among them) not waiting for the WAL flush (synchronous_commit off for
  // the request role in this bench database; reset at the end). The product commits durably.
  const asyncCommit = values['audit-commit'] === 'async'
  const roleSetting = (v: 'off' | 'default') =>
    owner.query(
      v === 'off'
        ? `alter role crossborough_app in database ${fx.databaseName} set synchronous_commit = off`
        : `alter role crossborough_app in database ${fx.databaseName} reset synchronous_commit`,
    )
  await roleSetting(asyncCommit ? 'off' : 'default')
  if (asyncCommit) console.log('  --audit-commit async: synchronous_commit off for the service (comparison only)')
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
  const http = async (layer: string, t: Tile, cookie: string, q = query, extra: Record<string, string> = {}) => {
    const res = await fetch(`${address}/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt?${q}`, { headers: { cookie, ...extra } })
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
      await http('points', t, leadCookie, query, NO_MATCH)
      await bare(t)
    }
    const h: number[] = []
    const x: number[] = []
    const b: number[] = []
    let bytes = 0
    // `--passes N` passes over the list (default 3): on shared cores more samples steady the medians.
    // The three ways in turn, each tile starting with another one.
    for (const [j, t] of Array.from({ length: PASSES }, () => list)
      .flat()
      .entries()) {
      const ways = [
        async () =>
          h.push(
            await time(async () => {
              bytes += await http('points', t, leadCookie)
            }),
          ),
        async () => x.push(await time(() => http('points', t, leadCookie, query, NO_MATCH))),
        async () => b.push(await time(() => bare(t))),
      ]
      for (let k = 0; k < 3; k++) await ways[(j + k) % 3]!()
    }
    const r = {
      tiles: list.length,
      passes: PASSES,
      meanBytes: Math.round(bytes / h.length),
      http: { p50: ms(quantile(h, 0.5)), p95: ms(quantile(h, 0.95)) },
      bare: { p50: ms(quantile(b, 0.5)), p95: ms(quantile(b, 0.95)) },
      ratioP50: ms(quantile(h, 0.5) / quantile(b, 0.5)),
      ratioP95: ms(quantile(h, 0.95) / quantile(b, 0.95)),
      transactionPath: { p50: ms(quantile(x, 0.5)), p95: ms(quantile(x, 0.95)), ratioP50: ms(quantile(x, 0.5) / quantile(b, 0.5)) },
    }
    points[`z${z}`] = r
    console.log(
      `  points z${z}: HTTP p50 ${r.http.p50} ms p95 ${r.http.p95} ms | bare ST_AsMVT p50 ${r.bare.p50} ms p95 ${r.bare.p95} ms | ratio p50 ${r.ratioP50} (goal ≤ 1.3), p95 ${r.ratioP95}; ${r.meanBytes} bytes/tile; transaction path p50 ${r.transactionPath.p50} ms (${r.transactionPath.ratioP50} ×)`,
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

  // Throughput at 50 connections: the service (autocannon, in its own process) and the bare query
  // (pgbench, 50 clients, one script per tile of the same list, as the owner) in turn, `ROUNDS`
  // times, alternating which goes first, so both see the same shared machine; medians and ratios.
  const z14 = tileList(14, 200, 4242)
  const rounds: Array<{ http: CannonResult; tx: CannonResult; bare: number | null }> = []
  for (let r = 0; r < ROUNDS; r++) {
    const cannon = (duration: number, extra: Record<string, string>) =>
      autocannonProcess({
        url: address,
        connections: 50,
        duration,
        requests: z14.map((t) => ({
          method: 'GET' as const,
          path: `/tiles/points/${t.z}/${t.x}/${t.y}.mvt?${query}`,
          headers: { cookie: leadCookie, ...extra },
        })),
      })
    // The same warm-up as pgbench's: `WARM` seconds not counted, then the measured run at once.
    const runHttp = (extra: Record<string, string>) => cannon(WARM, extra).then(() => cannon(SECONDS, extra))
    const runBare = async () => pgbenchBare(fx.url, z14, fx.organisationId, `${from}-01`, until, SECONDS, WARM)?.tps ?? null
    const out: { http?: CannonResult; tx?: CannonResult; bare?: number | null } = {}
    const ways = [
      async () => {
        out.http = await runHttp({})
      },
      async () => {
        out.tx = await runHttp(NO_MATCH)
      },
      async () => {
        out.bare = await runBare()
      },
    ]
    for (let k = 0; k < 3; k++) await ways[(r + k) % 3]!()
    const { http, tx, bare: bareTps } = out as { http: CannonResult; tx: CannonResult; bare: number | null }
    rounds.push({ http, tx, bare: bareTps })
    console.log(
      `  round ${r + 1}: service ${http.requests.average} tiles/s (2xx ${http['2xx']}, non-2xx ${http.non2xx}, errors ${http.errors}, p50 ${http.latency.p50} ms); transaction path ${tx.requests.average} tiles/s; bare ${bareTps ?? 'no pgbench'} tiles/s${bareTps ? `; ratio ${ms(http.requests.average / bareTps)}` : ''}`,
    )
  }
  const median = (xs: number[]) => quantile(xs, 0.5)
  const httpTps = median(rounds.map((r) => r.http.requests.average))
  const bareTps = rounds.every((r) => r.bare !== null) ? median(rounds.map((r) => r.bare!)) : null
  results.throughput = {
    zoom: 14,
    connections: 50,
    durationS: SECONDS,
    warmS: WARM,
    rounds: rounds.map((r) => ({
      tilesPerSecond: r.http.requests.average,
      latencyP50Ms: r.http.latency.p50,
      latencyP97_5Ms: r.http.latency.p97_5,
      ok: r.http['2xx'],
      non2xx: r.http.non2xx,
      errors: r.http.errors,
      bareTilesPerSecond: r.bare,
      ratio: r.bare ? ms(r.http.requests.average / r.bare) : null,
      transactionPathTilesPerSecond: r.tx.requests.average,
      transactionPathNon2xx: r.tx.non2xx,
    })),
    tilesPerSecond: httpTps,
    transactionPathTilesPerSecond: median(rounds.map((r) => r.tx.requests.average)),
    bareTilesPerSecond: bareTps,
    ratio: bareTps ? ms(httpTps / bareTps) : null,
    ratioMedianOfRounds: bareTps ? ms(median(rounds.map((r) => r.http.requests.average / r.bare!))) : null,
  }
  console.log(
    `  throughput z14 points, 50 connections, median of ${ROUNDS} × ${SECONDS} s: service ${httpTps} tiles/s (transaction path ${median(rounds.map((r) => r.tx.requests.average))}), bare ST_AsMVT (pgbench) ${bareTps} tiles/s; ratio ${bareTps ? ms(httpTps / bareTps) : '–'} (goal ≥ 0.7)`,
  )

  await app.close()
  if (asyncCommit) await roleSetting('default')
  await owner.end()
  const out = {
    bench: 'tiles',
    date: new Date().toISOString(),
    rows,
    database: fx.databaseName,
    auditCommit: asyncCommit ? 'async (comparison only)' : 'durable',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    months: { from, to },
    ...results,
  }
  mkdirSync(join(HERE, 'results'), { recursive: true })
  const file = `${rows === 1_000_000 ? 'tiles' : `tiles-${rows}`}${asyncCommit ? '-async-commit' : ''}.json`
  writeFileSync(join(HERE, 'results', file), `${JSON.stringify(out, null, 2)}\n`)
  console.log(`  written bench/results/${file}`)
}
