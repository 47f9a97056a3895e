import { mkdirSync, writeFileSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { cpus, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildApp } from '../server/app.js'
import { createSession } from '../server/auth/auth.repository.js'
import { newSecret, secretHash, SESSION_COOKIE } from '../server/auth/tokens.js'
import { loadConfig } from '../server/config.js'
import { openPGlite } from '../server/db/database.js'
import { migrateToLatest } from '../server/db/migrate.js'
import { DEMO_USERS, seedDemoAccounts } from '../server/demo/accounts.js'
import { seedDemo } from '../server/demo/seed.js'
import { loadGeodataDir } from '../server/geodata/load-boundaries.js'

/**
 * The embedded database (PGlite, one connection): how long small requests wait while one user runs
 * heavy ones. Demo data (`--count`, default DEMO_REFERRALS); the lead's OGC page of up to 10,000
 * exact locations in a 4 km box and a GeoJSON export read at 10 KB/s run while a second client asks
 * `/api/v1/me` and a 50-referral list in turn. Reports p50/p99/max of the small requests (goal:
 * p99 ≤ 1 s) and how long the heavy ones took. Writes bench/results/embedded.json.
 */
const HERE = fileURLToPath(new URL('.', import.meta.url))
/** About 4 km × 4 km around Marylebone, lon/lat. */
const BOX = '-0.19,51.50,-0.13,51.536'
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN
}
const ms = (x: number) => Math.round(x * 10) / 10

/** GET read at `bytesPerS`: the socket is paused between reads, so the server waits on backpressure. */
function slowRead(url: string, cookie: string, bytesPerS: number, maxS: number): Promise<{ status: number; bytes: number; ms: number }> {
  const t0 = performance.now()
  return new Promise((done, fail) => {
    httpGet(url, { headers: { cookie } }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        res.pause()
        setTimeout(() => res.resume(), (chunk.length / bytesPerS) * 1000)
        if (performance.now() - t0 > maxS * 1000) res.destroy()
      })
      res.on('close', () => done({ status: res.statusCode ?? 0, bytes, ms: performance.now() - t0 }))
    }).on('error', fail)
  })
}

export async function run(argv: string[]): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent' })
  const i = argv.indexOf('--count')
  const count = i >= 0 ? Number(argv[i + 1]) : config.demoReferrals
  const started = Date.now()
  const database = await openPGlite()
  await migrateToLatest(database.db)
  await loadGeodataDir(database.system, resolve(process.env.GEODATA_DIR ?? join(HERE, '../geodata')))
  await seedDemo(database.system, { count, seed: config.demoSeed })
  await seedDemoAccounts(database.system, 'bench only, never used to sign in')
  const lead = await database.system.selectFrom('users').select('id').where('email', '=', DEMO_USERS[0]!.email).executeTakeFirstOrThrow()
  const cookieOf = async () => {
    const secret = newSecret()
    await createSession(database.system, lead.id, secretHash(secret), 240)
    return `${SESSION_COOKIE}=${secret}`
  }
  const heavyCookie = await cookieOf()
  const smallCookie = await cookieOf()
  const app = await buildApp({ config, database, web: false })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  console.log(`embedded bench: ${count} demo referrals, ready in ${Date.now() - started} ms`)

  const small: Array<{ url: string; ms: number; status: number }> = []
  let heavyDone = false
  const smallLoop = (async () => {
    for (let k = 0; !heavyDone; k++) {
      const url = k % 2 ? '/api/v1/referrals?limit=50' : '/api/v1/me'
      const t0 = performance.now()
      const res = await fetch(base + url, { headers: { cookie: smallCookie } })
      await res.arrayBuffer()
      small.push({ url, ms: performance.now() - t0, status: res.status })
    }
  })()
  const t0 = performance.now()
  const ogc = (async () => {
    const s = performance.now()
    const res = await fetch(`${base}/ogc/collections/referral-locations/items?bbox=${BOX}&limit=10000`, { headers: { cookie: heavyCookie } })
    const body = await res.arrayBuffer()
    return { status: res.status, bytes: body.byteLength, ms: performance.now() - s }
  })()
  const exportRead = slowRead(`${base}/api/v1/exports/referrals.geojson`, heavyCookie, 10_000, 60)
  const [o, e] = await Promise.all([ogc, exportRead])
  heavyDone = true
  await smallLoop
  await app.close()
  await database.close()
  const lat = small.map((s) => s.ms)
  const result = {
    bench: 'embedded',
    date: new Date().toISOString(),
    referrals: count,
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    heavy: { ogcPage: { ...o, ms: ms(o.ms) }, exportAt10KBs: { ...e, ms: ms(e.ms), cutAfterS: 60 }, wallMs: ms(performance.now() - t0) },
    small: {
      requests: small.length,
      non2xx: small.filter((s) => s.status >= 300).length,
      p50: ms(quantile(lat, 0.5)),
      p99: ms(quantile(lat, 0.99)),
      max: ms(Math.max(...lat)),
    },
  }
  console.log(`  heavy: OGC page ${o.status} ${o.bytes} bytes in ${ms(o.ms)} ms; export at 10 KB/s ${e.status} ${e.bytes} bytes in ${ms(e.ms)} ms`)
  console.log(
    `  small requests while they ran: ${small.length}, p50 ${result.small.p50} ms, p99 ${result.small.p99} ms (goal ≤ 1000), max ${result.small.max} ms`,
  )
  mkdirSync(join(HERE, 'results'), { recursive: true })
  writeFileSync(join(HERE, 'results', 'embedded.json'), `${JSON.stringify(result, null, 2)}\n`)
}
