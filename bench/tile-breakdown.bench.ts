import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { millionDatabase, rowsFromArgs } from './fixtures/million.js'
import { bareTile, tileList } from './tiles.bench.js'

/**
 * Where the time of a z14 points tile goes (`npm run bench -- tile-breakdown`): the lead's tiles of
 * the tiles bench's z14 list, 5 rounds after 3 warm ones; every `pg` round trip timed on the client
 * (each statement's median per request), the server's own time outside them (Fastify's elapsed time
 * minus the round trips), and the HTTP client's share — against the bare ST_AsMVT query of the tiles
 * bench for the same tiles. Writes bench/results/tile-breakdown.json.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url))
const ROUNDS = 5

interface Trip {
  text: string
  ms: number
}

/** Times every query of every pg client of this process while `on` is set. */
function tripRecorder() {
  const trips: Trip[] = []
  const state = { on: false }
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }
  const original = proto.query
  proto.query = function (this: unknown, ...args: unknown[]) {
    const t0 = performance.now()
    const first = args[0] as string | { text?: string } | undefined
    const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').trim().slice(0, 60)
    const out = original.apply(this, args)
    if (state.on && out instanceof Promise)
      return out.then((v: unknown) => {
        trips.push({ text, ms: performance.now() - t0 })
        return v
      })
    return out
  }
  return {
    trips,
    state,
    restore: () => {
      proto.query = original
    },
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor(s.length / 2)]! : 0
}
const ms = (x: number) => Math.round(x * 100) / 100

export async function run(argv: string[]): Promise<void> {
  const rows = rowsFromArgs(argv)
  const fx = await millionDatabase({ rows })
  console.log(`tile breakdown: ${rows.toLocaleString('en-GB')} locations in ${fx.databaseName}`)
  const owner = new pg.Client({ connectionString: fx.url })
  await owner.connect()
  const { rows: span } = await owner.query<{ from: string; to: string }>(
    `select to_char(min(observed_on), 'YYYY-MM') as from, to_char(max(observed_on), 'YYYY-MM') as to from referral_locations`,
  )
  const { from, to } = span[0]!
  const until = (() => {
    const [y, m] = to.split('-').map(Number) as [number, number]
    return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
  })()

  const config = loadConfig({ DATABASE_URL: fx.url, LOG_LEVEL: 'silent', DB_POOL_MAX: '10' })
  const app = await buildApp({ config, database: fx.database, web: false })
  const serverMs: number[] = []
  app.addHook('onResponse', async (req, reply) => {
    if (req.url.startsWith('/tiles/')) serverMs.push(reply.elapsedTime)
  })
  const address = await app.listen({ host: '127.0.0.1', port: 0 })
  const signIn = await fetch(`${address}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: fx.lead.email, password: fx.lead.password }),
  })
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`)
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!
  const list = tileList(14, 20, 20261128 + 2)
  const tile = async (t: { z: number; x: number; y: number }) => {
    const res = await fetch(`${address}/tiles/points/${t.z}/${t.x}/${t.y}.mvt?from=${from}&to=${to}`, { headers: { cookie } })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`tile ${t.z}/${t.x}/${t.y}: ${res.status}`)
  }
  const bare = (t: { z: number; x: number; y: number }) => bareTile(owner, t, fx.organisationId, `${from}-01`, until)
  for (let i = 0; i < 3; i++)
    for (const t of list) {
      await tile(t)
      await bare(t)
    }

  const rec = tripRecorder()
  const http: number[] = []
  const bares: number[] = []
  const outside: number[] = []
  const perStatement = new Map<string, number[]>()
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of list) {
        rec.trips.length = 0
        rec.state.on = true
        const t0 = performance.now()
        await tile(t)
        http.push(performance.now() - t0)
        rec.state.on = false
        outside.push(serverMs.at(-1)! - rec.trips.reduce((a, e) => a + e.ms, 0))
        const sums = new Map<string, number>()
        for (const e of rec.trips) sums.set(e.text, (sums.get(e.text) ?? 0) + e.ms)
        for (const [k, v] of sums) perStatement.set(k, [...(perStatement.get(k) ?? []), v])
        const b0 = performance.now()
        await bare(t)
        bares.push(performance.now() - b0)
      }
    }
  } finally {
    rec.restore()
  }
  const statements = [...perStatement].map(([text, v]) => ({ text, medianMs: ms(median(v)), perRequest: ms(v.length / http.length) }))
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    rows,
    tiles: list.length,
    rounds: ROUNDS,
    httpMedianMs: ms(median(http)),
    bareMedianMs: ms(median(bares)),
    ratio: ms(median(http) / median(bares)),
    serverMedianMs: ms(median(serverMs.slice(-http.length))),
    serverOutsideQueriesMedianMs: ms(median(outside)),
    statements,
  }
  console.log(
    `  z14 points, lead: HTTP median ${result.httpMedianMs} ms, bare ST_AsMVT ${result.bareMedianMs} ms (ratio ${result.ratio}); in the server ${result.serverMedianMs} ms, of which outside database round trips ${result.serverOutsideQueriesMedianMs} ms`,
  )
  for (const s of statements) console.log(`    ${String(s.medianMs).padStart(6)} ms  ×${s.perRequest}  ${s.text}`)
  mkdirSync(join(HERE, 'results'), { recursive: true })
  writeFileSync(join(HERE, 'results', 'tile-breakdown.json'), `${JSON.stringify(result, null, 2)}\n`)
  await app.close()
  await owner.end()
}
