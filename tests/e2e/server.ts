import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inject } from 'vitest'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Newest modification time under a folder (or of a file). */
function newest(path: string): number {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** The shared server's address when the suite's global setup started one (it serves the web/dist it found then). */
function sharedBaseUrl(): string | undefined {
  try {
    return inject('e2eBaseUrl')
  } catch {
    return undefined /* not under the e2e config */
  }
}

/**
 * Runs `npm run build:web` when web/dist is missing or older than the web sources. A no-op in a test
 * file under the shared server: the global setup has built it, and the server only serves the files
 * it found at start-up, so a rebuild under it would make the page's script a 404.
 */
export function buildWebIfStale(): void {
  if (sharedBaseUrl()) return
  const dist = join(REPO_ROOT, 'web/dist/index.html')
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((p) => join(REPO_ROOT, p))
  if (existsSync(dist) && statSync(dist).mtimeMs >= Math.max(...sources.map(newest))) return
  execFileSync('npm', ['run', 'build:web'], { cwd: REPO_ROOT, stdio: 'inherit' })
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (address && typeof address === 'object' ? resolvePort(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface RunningServer {
  baseUrl: string
  output: () => string
  stop: () => Promise<void>
}

/** GEODATA_DIR, else the boundaries the project ships. */
const geodataDir = () => process.env.GEODATA_DIR ?? resolve(REPO_ROOT, 'geodata')

/**
 * Starts `npx tsx server/server.ts` on a free port with `dataDir` and waits for /ready.
 * The child leads its own process group, so stop() ends npx, tsx and node together. `env` may set
 * DATABASE_URL for a PostGIS server (the interactions bench's `--rows` mode).
 */
export async function launch(
  dataDir: string,
  { removeDataDir, readyWithinMs, env = {} }: { removeDataDir: boolean; readyWithinMs: number; env?: Record<string, string> },
): Promise<RunningServer> {
  const port = await freePort()
  let log = ''
  const child: ChildProcess = spawn('npx', ['tsx', 'server/server.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      GEODATA_DIR: geodataDir(),
      // Every test signs in through the form from the same address: the per-minute limit is for people.
      LOGIN_RATE_LIMIT: '10000',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))

  /** True while any process of the child's group (npx, tsx, node) is still alive. */
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0)
      return true
    } catch {
      return false
    }
  }
  const stop = async () => {
    if (child.pid && groupAlive()) {
      try {
        process.kill(-child.pid, 'SIGTERM')
      } catch {
        /* already gone */
      }
      const killTimer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {
          /* gone */
        }
      }, 15_000)
      await exited
      // npx may exit before the server has closed its database: wait for the whole group.
      while (groupAlive()) await new Promise((r) => setTimeout(r, 100))
      clearTimeout(killTimer)
    }
    if (removeDataDir) rmSync(dataDir, { recursive: true, force: true })
  }

  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + readyWithinMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ready = await fetch(`${baseUrl}/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return { baseUrl, output: () => log, stop }
    await new Promise((r) => setTimeout(r, 500))
  }
  await stop()
  throw new Error(`server did not become ready:\n${log.slice(-4000)}`)
}

/** Everything that decides what a fresh demo database holds: when it changes, the template is rebuilt. */
export function templateKey(): string {
  const h = createHash('sha256')
  const files = (dir: string): string[] =>
    readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
    )
  // Migrations are left out on purpose: the server applies new ones to the copy at start-up, and an
  // applied migration never changes. Delete node_modules/.cache/crossborough-e2e (or set
  // E2E_FRESH_DB=1) to start from nothing.
  for (const f of [...files('server/demo'), ...files('server/geodata')].sort()) {
    h.update(f).update(readFileSync(join(REPO_ROOT, f)))
  }
  const geo = geodataDir()
  if (existsSync(geo)) for (const name of readdirSync(geo).sort()) h.update(name).update(String(statSync(join(geo, name)).size))
  // The demo data spans the 24 months up to today.
  h.update(new Date().toISOString().slice(0, 10))
  h.update(`${process.env.DEMO_REFERRALS ?? ''}/${process.env.DEMO_SEED ?? ''}`)
  return h.digest('hex').slice(0, 16)
}

/**
 * A demo database (boundaries, synthetic referrals, demo accounts) built once per key under
 * node_modules/.cache and copied for each run: loading the London boundaries takes 30–150 s on a
 * busy 2-core machine, copying the folder a second or two.
 */
async function demoTemplate(): Promise<string> {
  const root = join(REPO_ROOT, 'node_modules/.cache/crossborough-e2e')
  const dir = join(root, templateKey())
  if (existsSync(join(dir, '.complete'))) return dir
  rmSync(root, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const started = Date.now()
  const server = await launch(dir, { removeDataDir: false, readyWithinMs: 420_000 })
  await server.stop()
  writeFileSync(join(dir, '.complete'), new Date().toISOString())
  console.log(`e2e: demo database template built in ${Math.round((Date.now() - started) / 1000)} s (${dir})`)
  return dir
}

/**
 * A server on a private copy of the demo template (the suite's global setup starts one for all
 * files); `env` adds configuration (e.g. BORDER_ZONE_M) for a test that needs its own.
 */
export async function launchDemoServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'crossborough-e2e-'))
  if (process.env.E2E_FRESH_DB === '1') return launch(dataDir, { removeDataDir: true, readyWithinMs: 420_000, env })
  const template = await demoTemplate()
  cpSync(template, dataDir, { recursive: true })
  rmSync(join(dataDir, '.complete'), { force: true })
  return launch(dataDir, { removeDataDir: true, readyWithinMs: 150_000, env })
}

/**
 * The server the tests talk to: the one the global setup started (stop() leaves it running for
 * the other files), or — run outside that setup — a server of this file's own.
 */
export async function startServer(): Promise<RunningServer> {
  const baseUrl = sharedBaseUrl()
  if (baseUrl) return { baseUrl, output: () => '', stop: async () => {} }
  return launchDemoServer()
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eBaseUrl: string
  }
}
