// Starts the service as a new user would (`npm start`, embedded database, nothing configured) and
// checks it shows the real London map; with --runs N, times N first starts (each on a new DATA_DIR)
// and the later start after each, and prints the medians.
//   node scripts/start-check.mjs [--runs 3] [--port 3190]
// First start: from `npm start` to the map being served (boroughs answer), and to /ready (the demo
// referrals loaded). Later start: `npm start` again on the same DATA_DIR, to /ready.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1' }, port: { type: 'string', default: '3190' } } })
const runs = Number(values.runs)
const base = `http://127.0.0.1:${values.port}`
const TIMEOUT_MS = 600_000

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function status(path) {
  try {
    return (await fetch(base + path)).status
  } catch {
    return 0
  }
}
async function until(path, started) {
  while (Date.now() - started < TIMEOUT_MS) {
    if ((await status(path)) === 200) return Date.now() - started
    await sleep(100)
  }
  throw new Error(`${path} did not answer 200 within ${TIMEOUT_MS / 1000} s`)
}
function start(dataDir) {
  // As a new user: embedded database, the boundaries the project ships.
  const env = { ...process.env, DATA_DIR: dataDir, PORT: values.port, HOST: '127.0.0.1', LOG_FORMAT: 'json' }
  for (const name of ['GEODATA_DIR', 'DATABASE_URL', 'DATABASE_READ_URL']) delete env[name]
  const child = spawn('npm', ['start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let log = ''
  child.stdout.on('data', (d) => {
    log += d
  })
  child.stderr.on('data', (d) => {
    log += d
  })
  return {
    log: () => log,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r)
        process.kill(-child.pid, 'SIGTERM')
      }),
  }
}

const failures = []
const check = (ok, what) => {
  if (!ok) failures.push(what)
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`)
}
async function checkMap() {
  for (const [kind, n] of [
    ['borough', 33],
    ['ward', 625],
    ['lsoa', 4994],
  ]) {
    const fc = await (await fetch(`${base}/api/v1/areas?kind=${kind}`)).json()
    check(fc.features?.length === n, `${n} ${kind} boundaries (got ${fc.features?.length})`)
  }
  const at = await (await fetch(`${base}/api/v1/lookup?lon=-0.1950&lat=51.5340`)).json()
  check(at.borough?.name === 'Brent', `South Kilburn is in Brent (got ${at.borough?.name})`)
  check(at.ward?.name === 'Kilburn', `South Kilburn is in Kilburn ward (got ${at.ward?.name})`)
  const d = at.nearestBorder?.distanceM
  check(
    at.nearestBorder?.name === 'Westminster' && Math.round(d * 10) / 10 === 136.3,
    `South Kilburn is 136.3 m from Westminster (got ${at.nearestBorder?.name}, ${d?.toFixed(1)} m)`,
  )
  const meta = await (await fetch(`${base}/api/v1/meta`)).json()
  check(meta.boundaries?.simplified === false, 'the real boundaries, not the simplified fallback')
}

const first = []
const map = []
const later = []
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'crossborough-start-'))
  try {
    let started = Date.now()
    let server = start(dataDir)
    try {
      map.push(await until('/api/v1/areas?kind=borough', started))
      first.push(await until('/ready', started))
      if (i === 0) await checkMap()
    } catch (err) {
      console.error(server.log().slice(-4000))
      throw err
    } finally {
      await server.stop()
    }
    started = Date.now()
    server = start(dataDir)
    try {
      later.push(await until('/ready', started))
    } finally {
      await server.stop()
    }
    console.log(
      `run ${i + 1}: map served after ${(map[i] / 1000).toFixed(1)} s, demo loaded after ${(first[i] / 1000).toFixed(1)} s; later start ready after ${(later[i] / 1000).toFixed(1)} s`,
    )
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] / 1000
console.log(
  `median of ${runs}: first start map ${median(map).toFixed(1)} s, demo loaded ${median(first).toFixed(1)} s; later start ${median(later).toFixed(1)} s (Node ${process.version})`,
)
if (failures.length) {
  console.error(`${failures.length} check(s) failed`)
  process.exit(1)
}
