import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createInterface } from 'node:readline'

/**
 * GeoJSON export on a PostGIS server with N synthetic points (default 1,000,000; bench/fixtures/million.ts):
 * the service runs as a child process listening on 127.0.0.1, compiled as in production (its memory is sampled from
 * /proc/PID/status: VmHWM = peak RSS, reset after sign-in so it is the exports' peak); the lead signs in and GET /api/v1/exports/referrals.geojson is
 * streamed to nowhere while its bytes and features are counted. In the same run, `ogr2ogr -f GeoJSON`
 * reads the same rows (same organisation, not restricted, the same columns) from the same database and
 * writes RFC 7946 GeoJSON (EPSG:4326, 6 decimals) to /dev/null. `--runs N` (default 3) of each, medians.
 * Goals: features/s ≥ 1.0 × ogr2ogr's; peak RSS of the server ≤ 150 MB at 1M features.
 * Writes bench/results/export.json.
 *
 *   npm run bench -- export [--rows N] [--runs N] [--tsx]
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const SELF = fileURLToPath(import.meta.url)

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * Resets a process's VmHWM to its current RSS (`5` > /proc/PID/clear_refs), so the next reading is
 * the peak of what follows — the export — not of start-up and sign-in (argon2 alone touches its 19 MiB
 * memory cost). False where the kernel refuses it.
 */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

/** VmHWM and VmRSS of a process, in MB. */
function memoryOf(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN)
  return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 }
}

/** The node flags production runs the server with: those of package.json's start:prod (the Dockerfile's CMD has the same). */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> }
  const words = pkg.scripts['start:prod']!.split(/\s+/)
  return words.slice(1, words.indexOf('dist/server/server.js'))
}

/**
 * The service as production runs it: compiled with tsc into a scratch folder, `node [start:prod's flags] server/server.js`
 * on 127.0.0.1 (migrations current, boundaries present: it only starts). Resolves once /ready answers.
 */
async function startCompiledServer(url: string): Promise<{ child: ChildProcess; address: string }> {
  // Inside the checkout, so the compiled files resolve the installed packages.
  const cache = join(HERE, '..', 'node_modules', '.cache')
  mkdirSync(cache, { recursive: true })
  const out = mkdtempSync(join(cache, 'export-bench-'))
  const tsc = spawn(
    process.execPath,
    [join(HERE, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(HERE, '..', 'tsconfig.build.json'), '--outDir', out],
    { stdio: 'inherit' },
  )
  const code = await new Promise<number | null>((resolve) => tsc.on('close', resolve))
  if (code !== 0) throw new Error(`tsc exited with ${code}`)
  const port = 40_000 + Math.floor(Math.random() * 20_000)
  const child = spawn(process.execPath, [...productionNodeFlags(), join(out, 'server', 'server.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DATABASE_URL: url, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' },
  })
  child.once('exit', () => rmSync(out, { recursive: true, force: true }))
  const address = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`)
    const ok = await fetch(`${address}/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { child, address }
    if (i > 600) throw new Error('the service did not become ready')
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** `--tsx`: the service under tsx in a child process (what `npm start` runs; more memory than compiled). */
async function startServer(url: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--serve', url], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout! })
  const address = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`export bench server exited with ${code}`)))
    lines.on('line', (line) => {
      const m = /^listening (\S+)$/.exec(line)
      if (m) resolve(m[1]!)
    })
  })
  return { child, address }
}

/** Streams the export, counting bytes and features (a feature is one `{"type":"Feature"` in the body). */
async function httpExport(address: string, cookie: string): Promise<{ seconds: number; bytes: number; features: number }> {
  const started = process.hrtime.bigint()
  const res = await fetch(`${address}/api/v1/exports/referrals.geojson`, { headers: { cookie } })
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`)
  let bytes = 0
  let features = 0
  const needle = Buffer.from('{"type":"Feature"')
  let carry = Buffer.alloc(0)
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    // The last few bytes of the previous chunk go first, so a needle split across chunks is counted once.
    const b = Buffer.concat([carry, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)])
    let end = 0
    for (let i = b.indexOf(needle); i !== -1; i = b.indexOf(needle, i + needle.length)) {
      features++
      end = i + needle.length
    }
    carry = b.subarray(Math.max(end, b.length - (needle.length - 1)))
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes, features }
}

/** ogr2ogr from the same table and filter, RFC 7946 GeoJSON to /dev/null (via /vsistdout/). */
async function ogrExport(url: string, organisationId: string): Promise<{ seconds: number; bytes: number }> {
  const u = new URL(url)
  const conn = `PG:host=${u.hostname} port=${u.port || 5432} user=${decodeURIComponent(u.username)} dbname=${u.pathname.slice(1)}${u.password ? ` password=${decodeURIComponent(u.password)}` : ''}`
  const query = `select l.id, r.id as "referralId", r.external_id as "externalId", p.slug as programme, r.subject_role as "subjectRole",
    r.age_band as "ageBand", r.status, r.funding_borough as "fundingBorough", r.opened_on as "openedOn", r.closed_on as "closedOn",
    r.risk_level as "riskLevel", l.kind, l.observed_on as "observedOn", l.precision, l.borough_code as borough, l.ward_code as ward,
    l.lsoa_code as lsoa, l.estate_code as estate, l.geom
    from referrals r join referral_locations l on l.referral_id = r.id join programmes p on p.id = r.programme_id
    where r.organisation_id = '${organisationId}' and not r.restricted`
  const started = process.hrtime.bigint()
  const child = spawn(
    'ogr2ogr',
    [
      '-f',
      'GeoJSON',
      '/vsistdout/',
      conn,
      '-sql',
      query,
      '-t_srs',
      'EPSG:4326',
      '-lco',
      'RFC7946=YES',
      '-lco',
      'COORDINATE_PRECISION=6',
      '-lco',
      'ID_FIELD=id',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let bytes = 0
  child.stdout!.on('data', (c: Buffer) => (bytes += c.length))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`ogr2ogr exited with ${code}`)
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes }
}

export async function run(argv: string[]): Promise<void> {
  const { millionDatabase, rowsFromArgs } = await import('./fixtures/million.js')
  const rows = rowsFromArgs(argv)
  const { values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { runs: { type: 'string' }, tsx: { type: 'boolean' } } })
  const runs = Number(values.runs ?? 3)
  const fx = await millionDatabase({ rows })
  await fx.database.close()
  console.log(`export bench: ${rows.toLocaleString('en-GB')} locations in ${fx.databaseName}${fx.built ? ' (built now)' : ''}`)

  const server = values.tsx ? 'tsx' : 'compiled'
  const { child, address } = values.tsx ? await startServer(fx.url) : await startCompiledServer(fx.url)
  try {
    const signIn = await fetch(`${address}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: fx.lead.email, password: fx.lead.password }),
    })
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`)
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!
    const idle = memoryOf(child.pid!)
    const peakReset = resetPeak(child.pid!)
    const http: Array<{ seconds: number; bytes: number; features: number; rssAfterMb: number }> = []
    const ogr: Array<{ seconds: number; bytes: number }> = []
    for (let i = 0; i < runs; i++) {
      // Alternate, so neither side always runs on a warmer cache.
      const h = await httpExport(address, cookie)
      http.push({ ...h, rssAfterMb: memoryOf(child.pid!).rss })
      ogr.push(await ogrExport(fx.url, fx.organisationId))
      const o = ogr[ogr.length - 1]!
      console.log(
        `  run ${i + 1}: HTTP ${h.features.toLocaleString('en-GB')} features in ${h.seconds.toFixed(2)} s (${(h.features / h.seconds).toFixed(0)}/s, ${(h.bytes / 1e6).toFixed(0)} MB); ` +
          `ogr2ogr ${o.seconds.toFixed(2)} s (${(h.features / o.seconds).toFixed(0)}/s, ${(o.bytes / 1e6).toFixed(0)} MB)`,
      )
    }
    const peak = memoryOf(child.pid!)
    const features = http[0]!.features
    const httpRate = median(http.map((h) => h.features / h.seconds))
    const ogrRate = median(ogr.map((o) => features / o.seconds))
    const result = {
      bench: 'export',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      rows,
      features,
      runs,
      server,
      http: { medianSeconds: median(http.map((h) => h.seconds)), featuresPerSecond: Math.round(httpRate), bytes: http[0]!.bytes, runs: http },
      ogr2ogr: { medianSeconds: median(ogr.map((o) => o.seconds)), featuresPerSecond: Math.round(ogrRate), bytes: ogr[0]!.bytes, runs: ogr },
      ratio: Math.round((httpRate / ogrRate) * 100) / 100,
      goalRatio: 1.0,
      // peakRss: VmHWM over the exports alone when peakReset, else over the process's life.
      serverMemoryMb: { startupPeakRss: Math.round(idle.hwm), idleRss: Math.round(idle.rss), peakRss: Math.round(peak.hwm), peakReset, goalPeakRss: 150 },
    }
    console.log(
      `export: HTTP ${result.http.featuresPerSecond}/s vs ogr2ogr ${result.ogr2ogr.featuresPerSecond}/s → ratio ${result.ratio} (goal ≥ 1.0); ` +
        `server RSS after start-up and sign-in ${result.serverMemoryMb.idleRss} MB (peak so far ${result.serverMemoryMb.startupPeakRss} MB), ` +
        `peak ${peakReset ? 'during the exports' : 'over its life'} ${result.serverMemoryMb.peakRss} MB (goal ≤ 150)`,
    )
    mkdirSync(join(HERE, 'results'), { recursive: true })
    writeFileSync(join(HERE, 'results', rows === 1_000_000 ? 'export.json' : `export-${rows}.json`), `${JSON.stringify(result, null, 2)}\n`)
  } finally {
    child.kill('SIGTERM')
  }
}

/** `--serve URL`: the service alone, as the bench's child process (the same app as production, request pool as crossborough_app). */
async function serve(url: string): Promise<void> {
  const { buildApp } = await import('../server/app.js')
  const { loadConfig } = await import('../server/config.js')
  const { openPostgres } = await import('../server/db/database.js')
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn' })
  const database = openPostgres(url, config.dbPoolMax, { appRole: true })
  const app = await buildApp({ config, database, web: false })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  console.log(`listening ${address}`)
  const stop = async () => {
    await app.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url && process.argv[2] === '--serve') await serve(process.argv[3]!)
