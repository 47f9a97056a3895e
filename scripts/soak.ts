/**
 * `npm run soak [-- --requests N --duration S --writers W --readers R --long]`
 *
 * A bounded load on 127.0.0.1: W writers create and update referrals while R readers list, filter
 * and fetch them, ask for analysis hexbins and, when the route exists, point tiles. It stops after
 * N requests or S seconds, whichever comes first, then reconciles through the API: every
 * acknowledged create exists exactly once, every acknowledged update is visible, no 5xx. It prints
 * throughput and latency and ends with `requests: N, 5xx: N, lost: N, p99: N ms` (exit 1 unless
 * 5xx = 0 and lost = 0).
 *
 * Which service it loads:
 * - SOAK_DATABASE_URL=postgres://…/postgres (a PostGIS server, as production runs): it creates a
 *   scratch database there, starts the service on it (migrations, boundaries), adds a lead account
 *   and the programmes, runs, then stops the service and drops the database;
 * - otherwise it starts the service on embedded PGlite in a temporary DATA_DIR (demo accounts,
 *   SOAK_DEMO_REFERRALS synthetic referrals);
 * - SOAK_URL (http://127.0.0.1:PORT only): a service already running; it signs in as SOAK_EMAIL /
 *   SOAK_PASSWORD (a lead; default the demo lead);
 * - `--replica`: a primary and a streaming replica of its own (initdb, pg_basebackup -R, loopback
 *   ports), the service with DATABASE_URL on the primary and DATABASE_READ_URL on the replica; it
 *   also reports where the reads were answered (the x-read-from header) and the replay lag seen
 *   (pg_stat_replication.replay_lag, sampled every 250 ms).
 * The started service listens on a free port of 127.0.0.1 and logs at SOAK_LOG_LEVEL (default warn).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

/** A signed-in session: the cookie to send and the CSRF token for writes. */
export interface Credentials {
  cookie: string
  csrf: string
}

export interface SoakOptions {
  baseUrl: string
  /** Writers act as this (a lead or caseworker); readers too unless `reader` is given. */
  writer: Credentials
  reader?: Credentials
  writers?: number
  readers?: number
  /** Stop after this many requests … */
  requests: number
  /** … or after this many seconds. */
  durationS: number
  /** Programme slug and funding borough of the referrals created (must exist). */
  programme?: string
  fundingBorough?: string
  /** Prefix of the externalIds this run creates (unique per run). */
  runId?: string
  /** Per-request timeout, ms (a request that takes longer counts as a failure, status 0). */
  timeoutMs?: number
  log?: (line: string) => void
}

/** One request: when it started (ms since the run began), what it was, how it ended. */
export interface SoakSample {
  at: number
  op: 'create' | 'update' | 'list' | 'get' | 'hexbins' | 'tile'
  /** HTTP status; 0 = no answer (network error or timeout). */
  status: number
  ms: number
  /** The answer was application/problem+json. */
  problem: boolean
  /** The answer carried Retry-After. */
  retryAfter: boolean
  /** x-read-from: where a read-only route was answered (primary or replica, and why), when it says. */
  readFrom?: string
}

export interface SoakResult {
  requests: number
  status5xx: number
  /** Requests that got no answer at all (connection error or timeout). */
  noAnswer: number
  /** Acknowledged creates missing or duplicated, plus acknowledged updates not visible. */
  lost: number
  missing: number
  duplicated: number
  updatesNotVisible: number
  created: number
  updated: number
  p50: number
  p99: number
  seconds: number
  throughput: number
  tilesAvailable: boolean
  samples: SoakSample[]
  /** id → externalId of every acknowledged create. */
  acknowledged: Map<string, string>
}

interface Owned {
  id: string
  externalId: string
  /** The last acknowledged update, or null; `uncertain` after an update with no answer. */
  expect: { riskLevel: string; status: string } | null
  uncertain: boolean
  /** Every update sent: the values, when (ms since the run began) it was sent and answered, and the status. */
  history: Array<{ patch: { riskLevel: string; status: string }; sent: number; answered: number; status: number }>
}

const RISK = ['low', 'medium', 'high'] as const
const STATUS = ['open', 'paused'] as const
const AGE = ['14-15', '16-17', '18-20'] as const
/** Westminster, Brent, Camden and Kensington & Chelsea */
const BOROUGHS = ['E09000033', 'E09000005', 'E09000007', 'E09000020']
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Runs the load and the reconciliation; never throws for a failed request (they are counted). */
export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const writers = o.writers ?? 50
  const readers = o.readers ?? 50
  const reader = o.reader ?? o.writer
  const runId = o.runId ?? `SOAK-${Date.now().toString(36)}`
  const programme = o.programme ?? 'mentoring'
  const timeoutMs = o.timeoutMs ?? 30_000
  const log = o.log ?? (() => {})
  const base = new URL(o.baseUrl)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error(`soak traffic goes to 127.0.0.1 only, not ${base.hostname}`)

  const samples: SoakSample[] = []
  const owned: Owned[] = []
  const acknowledged = new Map<string, string>()
  const t0 = Date.now()
  const deadline = t0 + o.durationS * 1000
  let issued = 0
  let seq = 0
  const more = () => issued < o.requests && Date.now() < deadline

  async function call(op: SoakSample['op'], method: string, path: string, who: Credentials, body?: unknown): Promise<{ status: number; json: unknown }> {
    issued++
    const at = Date.now() - t0
    const started = performance.now()
    let status = 0
    let json: unknown
    let problem = false
    let retryAfter = false
    let readFrom: string | undefined
    try {
      const res = await fetch(new URL(path, base), {
        method,
        headers: {
          cookie: who.cookie,
          ...(method === 'GET' ? {} : { 'x-csrf-token': who.csrf }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      })
      status = res.status
      problem = (res.headers.get('content-type') ?? '').startsWith('application/problem+json')
      retryAfter = res.headers.has('retry-after')
      readFrom = res.headers.get('x-read-from') ?? undefined
      const text = await res.text()
      json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined
    } catch {
      status = 0
    }
    samples.push({ at, op, status, ms: performance.now() - started, problem, retryAfter, ...(readFrom ? { readFrom } : {}) })
    return { status, json }
  }

  function point() {
    // Inner north-west London: Brent, Westminster, Camden, Kensington & Chelsea.
    return { lon: -0.25 + Math.random() * 0.13, lat: 51.5 + Math.random() * 0.05 }
  }

  async function writer(w: number) {
    const mine: Owned[] = []
    while (more()) {
      if (!mine.length || Math.random() < 0.5) {
        const externalId = `${runId}-${w}-${++seq}`
        const body = {
          externalId,
          programme,
          subjectRole: 'at_risk',
          ageBand: pick(AGE),
          fundingBorough: o.fundingBorough ?? pick(BOROUGHS),
          openedOn: '2026-01-15',
          locations: [
            { kind: 'home', ...point(), observedOn: '2026-01-15', precision: 'exact' },
            { kind: 'incident', ...point(), observedOn: '2026-01-20', precision: 'street' },
          ],
        }
        const r = await call('create', 'POST', '/api/v1/referrals', o.writer, body)
        const id = (r.json as { id?: string } | undefined)?.id
        if (r.status === 201 && id) {
          const rec: Owned = { id, externalId, expect: null, uncertain: false, history: [] }
          mine.push(rec)
          owned.push(rec)
          acknowledged.set(id, externalId)
        }
      } else {
        const rec = pick(mine)
        const patch = { riskLevel: pick(RISK), status: pick(STATUS) }
        const sent = Date.now() - t0
        const r = await call('update', 'PATCH', `/api/v1/referrals/${rec.id}`, o.writer, patch)
        rec.history.push({ patch, sent, answered: Date.now() - t0, status: r.status })
        if (r.status === 200) {
          rec.expect = patch
          rec.uncertain = false
        } else if (r.status === 0 || r.status >= 500) {
          rec.uncertain = true // it may or may not have been written: no expectation until the next acknowledged update
        }
      }
    }
  }

  let tiles = true
  async function readerLoop() {
    while (more()) {
      const kind = Math.random()
      if (kind < 0.4) {
        const filters = ['', '&multiBorough=true', `&borough=${pick(BOROUGHS)}`, '&status=open', '&ageBand=16-17', '&fundingMismatch=true']
        await call('list', 'GET', `/api/v1/referrals?limit=50${pick(filters)}`, reader)
      } else if (kind < 0.7 && owned.length) {
        await call('get', 'GET', `/api/v1/referrals/${pick(owned).id}`, reader)
      } else if (kind < 0.85 || !tiles) {
        await call('hexbins', 'GET', `/api/v1/analysis/hexbins?from=2025-01&to=2026-12&size=${pick([250, 500, 1000])}`, reader)
      } else {
        // Tiles of inner London at z12–14 (the route may not exist yet: then readers stop asking).
        const z = pick([12, 13, 14])
        const n = 2 ** z
        const x = Math.floor(((-0.16 + 180) / 360) * n)
        const latR = (51.51 * Math.PI) / 180
        const y = Math.floor(((1 - Math.log(Math.tan(latR) + 1 / Math.cos(latR)) / Math.PI) / 2) * n)
        const r = await call('tile', 'GET', `/tiles/points/${z}/${x}/${y}.mvt?from=2025-01&to=2026-12`, reader)
        if (r.status === 404 && (r.json as { code?: string } | undefined)?.code === 'route-not-found') {
          tiles = false
          samples.pop() // probing for a route that is not there is not load
          issued--
        }
      }
    }
  }

  log(`soak: ${writers} writers, ${readers} readers, up to ${o.requests} requests or ${o.durationS} s against ${base.origin}`)
  await Promise.all([...Array.from({ length: writers }, (_, i) => writer(i)), ...Array.from({ length: readers }, () => readerLoop())])
  const seconds = (Date.now() - t0) / 1000

  // Reconcile through the API: each acknowledged create fetched by id, then every page of the list counted.
  let missing = 0
  let updatesNotVisible = 0
  const queue = [...owned]
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let rec = queue.pop(); rec; rec = queue.pop()) {
        const r = await reconcileGet(base, o.writer, rec.id, timeoutMs)
        if (!r) {
          missing++
          continue
        }
        if (r.externalId !== rec.externalId) missing++
        else if (rec.expect && !rec.uncertain && (r.riskLevel !== rec.expect.riskLevel || r.status !== rec.expect.status)) {
          updatesNotVisible++
          log(
            `  update not visible: ${rec.id} reads ${JSON.stringify({ riskLevel: r.riskLevel, status: r.status, updatedAt: r.updatedAt })}, history ${JSON.stringify(rec.history)}`,
          )
        }
      }
    }),
  )
  const seen = await countExternalIds(base, o.writer, runId, timeoutMs)
  let duplicated = 0
  for (const externalId of acknowledged.values()) if ((seen.get(externalId) ?? 0) > 1) duplicated++

  const ms = samples.map((s) => s.ms).sort((a, b) => a - b)
  const result: SoakResult = {
    requests: samples.length,
    status5xx: samples.filter((s) => s.status >= 500).length,
    noAnswer: samples.filter((s) => s.status === 0).length,
    lost: missing + duplicated + updatesNotVisible,
    missing,
    duplicated,
    updatesNotVisible,
    created: acknowledged.size,
    updated: owned.filter((r) => r.expect && !r.uncertain).length,
    p50: Math.round(percentile(ms, 50)),
    p99: Math.round(percentile(ms, 99)),
    seconds,
    throughput: samples.length / seconds,
    tilesAvailable: tiles,
    samples,
    acknowledged,
  }
  const byOp = new Map<string, number[]>()
  for (const s of samples) byOp.set(s.op, [...(byOp.get(s.op) ?? []), s.ms])
  for (const [op, list] of byOp) {
    list.sort((a, b) => a - b)
    log(`  ${op.padEnd(8)} ${String(list.length).padStart(7)} requests, p50 ${Math.round(percentile(list, 50))} ms, p99 ${Math.round(percentile(list, 99))} ms`)
  }
  const from = new Map<string, number>()
  for (const s of samples) if (s.readFrom) from.set(s.readFrom, (from.get(s.readFrom) ?? 0) + 1)
  if (from.size)
    log(
      `  reads answered by: ${[...from]
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    )
  const statuses = new Map<number, number>()
  for (const s of samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1)
  log(
    `  statuses: ${[...statuses]
      .sort((a, b) => a[0] - b[0])
      .map(([k, v]) => `${k || 'no answer'}: ${v}`)
      .join(', ')}${tiles ? '' : ' (no /tiles/points route: tiles not requested)'}`,
  )
  log(
    `  ${result.created} referrals created, ${result.updated} with an acknowledged update; reconciled: ${missing} missing, ${duplicated} duplicated, ${updatesNotVisible} updates not visible`,
  )
  log(`  throughput ${result.throughput.toFixed(1)} requests/s over ${seconds.toFixed(1)} s; p50 ${result.p50} ms, p99 ${result.p99} ms`)
  return result
}

/** The final line the issue asks for. */
export const summaryLine = (r: SoakResult) => `requests: ${r.requests}, 5xx: ${r.status5xx}, lost: ${r.lost}, p99: ${r.p99} ms`

async function reconcileGet(
  base: URL,
  who: Credentials,
  id: string,
  timeoutMs: number,
): Promise<{ externalId: string; riskLevel: string | null; status: string; updatedAt?: string } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const res = await fetch(new URL(`/api/v1/referrals/${id}`, base), { headers: { cookie: who.cookie }, signal: AbortSignal.timeout(timeoutMs) }).catch(
      () => undefined,
    )
    if (res?.status === 200) return (await res.json()) as { externalId: string; riskLevel: string | null; status: string; updatedAt?: string }
    if (res?.status === 404) return undefined
    await new Promise((r) => setTimeout(r, 500)) // no answer or 503: the service is catching up
  }
  throw new Error(`reconciliation could not read referral ${id}`)
}

/** How often each externalId of this run appears across every page of the list. */
async function countExternalIds(base: URL, who: Credentials, runId: string, timeoutMs: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>()
  let cursor: string | null = null
  do {
    const url: URL = new URL(`/api/v1/referrals?limit=500&from=2026-01-15&to=2026-01-15${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, base)
    const res = await fetch(url, { headers: { cookie: who.cookie }, signal: AbortSignal.timeout(timeoutMs) })
    if (res.status !== 200) throw new Error(`reconciliation: listing referrals answered ${res.status}`)
    const page = (await res.json()) as { items: Array<{ externalId: string }>; next: string | null }
    for (const it of page.items) if (it.externalId.startsWith(`${runId}-`)) seen.set(it.externalId, (seen.get(it.externalId) ?? 0) + 1)
    cursor = page.next
  } while (cursor)
  return seen
}

/** Signs in with email and password: the session cookie and CSRF token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<Credentials> {
  const res = await fetch(new URL('/api/v1/session', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${email} answered ${res.status}: ${await res.text()}`)
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const { csrfToken } = (await res.json()) as { csrfToken: string }
  return { cookie, csrf: csrfToken }
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer()
      .once('error', fail)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number }
        s.close(() => ok(port))
      })
  })
}

interface Service {
  url: string
  /** The account the writers and readers act as (a lead). */
  email: string
  password: string
  /** What it runs on, for the log. */
  backend: string
  stop(): Promise<void>
}

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Spawns `server/server.ts` with `env`; resolves when /ready answers 200. */
async function spawnService(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess; seconds: number }> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server/server.ts')], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.SOAK_LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited (${child.exitCode}) before it was ready`)
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
    if (Date.now() - started > 300_000) {
      child.kill('SIGKILL')
      throw new Error('the service was not ready within 5 minutes')
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  return { url, child, seconds: (Date.now() - started) / 1000 }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

/** The service on embedded PGlite in a temporary folder, with the demo accounts and referrals. */
async function startOnPGlite(demoReferrals: number): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crossborough-soak-'))
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, DEMO_REFERRALS: String(demoReferrals) }
  delete env.DATABASE_URL
  const { url, child, seconds } = await spawnService(env)
  console.log(`soak: service ready at ${url} in ${seconds.toFixed(1)} s (embedded PGlite in ${dataDir})`)
  return {
    url,
    backend: 'embedded PGlite',
    email: process.env.SOAK_EMAIL ?? 'lead@demo.test',
    password: process.env.SOAK_PASSWORD ?? process.env.DEMO_PASSWORD ?? 'crossborough-demo',
    stop: async () => {
      await stopChild(child)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * The service on a scratch database of the PostGIS server at `adminUrl`, with a lead account; with
 * `readAdminUrl` (a streaming replica of that server) the same database there is its DATABASE_READ_URL.
 */
async function startOnServer(adminUrl: string, readAdminUrl?: string): Promise<Service> {
  const { adminQuery, withDatabase } = await import('../server/db/admin.js')
  const { openPostgres } = await import('../server/db/database.js')
  const { createUser, ensureOrganisation } = await import('../server/auth/accounts.repository.js')
  const { sql } = await import('kysely')
  const name = `crossborough_soak_${Date.now().toString(36)}`
  const dbUrl = withDatabase(adminUrl, name)
  await adminQuery(adminUrl, `create database ${name}`)
  const drop = () => adminQuery(adminUrl, `drop database if exists ${name} with (force)`)
  let child: ChildProcess | undefined
  try {
    await adminQuery(dbUrl, 'create extension if not exists postgis')
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: dbUrl, ...(readAdminUrl ? { DATABASE_READ_URL: withDatabase(readAdminUrl, name) } : {}) }
    const spawned = await spawnService(env)
    child = spawned.child
    const email = 'soak-lead@soak.test'
    const password = 'soak-lead-password'
    const owner = openPostgres(dbUrl, 1)
    try {
      await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(owner.db)
      const organisationId = await ensureOrganisation(owner.db, 'Soak organisation (synthetic)', true)
      await createUser(owner.db, { organisationId, email, displayName: 'Soak lead', role: 'lead', password })
    } finally {
      await owner.close()
    }
    console.log(`soak: service ready at ${spawned.url} in ${spawned.seconds.toFixed(1)} s (PostGIS server, scratch database ${name})`)
    const running = child
    return {
      url: spawned.url,
      backend: `PostGIS server (${name})`,
      email,
      password,
      stop: async () => {
        await stopChild(running)
        await drop()
      },
    }
  } catch (err) {
    if (child) await stopChild(child)
    await drop()
    throw err
  }
}

/** A primary and a streaming replica of their own (tests/reliability/cluster.ts), and a sampler of the replay lag. */
async function startReplicatedPair() {
  const { TestCluster, clusterSkipReason } = await import('../tests/reliability/cluster.js')
  const why = clusterSkipReason()
  if (why) throw new Error(`--replica: ${why}`)
  const primary = await TestCluster.create()
  const replica = await TestCluster.createReplica(primary).catch(async (err) => {
    await primary.destroy()
    throw err
  })
  console.log(`soak: primary on 127.0.0.1:${primary.port}, streaming replica on 127.0.0.1:${replica.port}`)
  return {
    primary,
    replica,
    destroy: async () => {
      await replica.destroy()
      await primary.destroy()
    },
    /** Samples pg_stat_replication.replay_lag on the primary every 250 ms until stopped. */
    watchLag() {
      const lags: number[] = []
      let done = false
      const run = (async () => {
        const pg = (await import('pg')).default
        const client = new pg.Client({ connectionString: primary.url() })
        await client.connect()
        try {
          while (!done) {
            const { rows } = await client.query<{ ms: number | null }>(
              'select coalesce(extract(epoch from replay_lag) * 1000, 0)::float8 as ms from pg_stat_replication limit 1',
            )
            if (rows[0]) lags.push(Number(rows[0].ms))
            await new Promise((r) => setTimeout(r, 250))
          }
        } finally {
          await client.end()
        }
      })()
      return {
        async stop() {
          done = true
          await run.catch(() => {})
          const sorted = [...lags].sort((a, b) => a - b)
          return { samples: sorted.length, p50: Math.round(percentile(sorted, 50)), max: Math.round(sorted.at(-1) ?? 0) }
        },
      }
    },
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      duration: { type: 'string' },
      writers: { type: 'string' },
      readers: { type: 'string' },
      long: { type: 'boolean' },
      replica: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(
      'usage: npm run soak -- [--requests N] [--duration S] [--writers 50] [--readers 50] [--long]\n' +
        '  default 20000 requests or 300 s; --long: 200000 requests or 1800 s.\n' +
        '  SOAK_DATABASE_URL=postgres://USER@127.0.0.1:5432/postgres: the service on a scratch database of that PostGIS server\n' +
        '  (otherwise embedded PGlite); SOAK_URL=http://127.0.0.1:PORT: a service already running.\n' +
        '  --replica: a primary and a streaming replica of its own on loopback ports (initdb, pg_basebackup -R); reads that may go\n' +
        '  to the replica do, and the run reports where reads were answered and the replay lag seen.',
    )
    return
  }
  const long = values.long ?? false
  const requests = Number(values.requests ?? (long ? 200_000 : 20_000))
  const durationS = Number(values.duration ?? (long ? 1800 : 300))
  if (!(requests > 0) || !(durationS > 0)) throw new Error('--requests and --duration must be positive numbers')
  const pair = values.replica ? await startReplicatedPair() : undefined
  const service = pair
    ? await startOnServer(pair.primary.url(), pair.replica.url()).catch(async (err) => {
        await pair.destroy()
        throw err
      })
    : process.env.SOAK_URL
      ? undefined
      : process.env.SOAK_DATABASE_URL
        ? await startOnServer(process.env.SOAK_DATABASE_URL)
        : await startOnPGlite(Number(process.env.SOAK_DEMO_REFERRALS ?? 1000))
  const lag = pair?.watchLag()
  try {
    const url = process.env.SOAK_URL ?? service!.url
    const email = service?.email ?? process.env.SOAK_EMAIL ?? 'lead@demo.test'
    const password = service?.password ?? process.env.SOAK_PASSWORD ?? process.env.DEMO_PASSWORD ?? 'crossborough-demo'
    const writer = await signIn(url, email, password)
    const result = await runSoak({
      baseUrl: url,
      writer,
      requests,
      durationS,
      writers: Number(values.writers ?? 50),
      readers: Number(values.readers ?? 50),
      log: (l) => console.log(l),
    })
    if (lag) {
      const seen = await lag.stop()
      const replicaReads = result.samples.filter((s) => s.readFrom === 'replica').length
      const readOnly = result.samples.filter((s) => s.readFrom).length
      console.log(
        `  replica: ${replicaReads} of ${readOnly} read-only requests answered by the replica; replay lag p50 ${seen.p50} ms, max ${seen.max} ms over ${seen.samples} samples`,
      )
    }
    console.log(summaryLine(result))
    if (result.status5xx || result.lost || result.noAnswer) process.exitCode = 1
  } finally {
    await lag?.stop()
    await service?.stop()
    await pair?.destroy()
  }
  if (long) {
    // The long fault runs: SIGTERM with a request in flight, and SIGKILL of a 1,000,000-row import inside
    // its write transaction, then the re-run (tests/reliability/process-faults.test.ts, on a cluster of its own).
    const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
    console.log('soak --long: SIGTERM and SIGKILL of a 1,000,000-row import (tests/reliability/process-faults.test.ts)')
    const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/reliability/process-faults.test.ts'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, IMPORT_KILL_ROWS: process.env.IMPORT_KILL_ROWS ?? '1000000' },
    })
    const code = await new Promise<number | null>((r) => child.once('exit', r))
    if (code !== 0) process.exitCode = 1
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
