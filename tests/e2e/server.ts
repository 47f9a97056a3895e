import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Newest modification time under a folder (or of a file). */
function newest(path: string): number {
  const s = statSync(path)
  if (!s.isDirectory()) return s.mtimeMs
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))))
}

/** Runs `npm run build:web` when web/dist is missing or older than the web sources. */
export function buildWebIfStale(): void {
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

/**
 * Starts `npx tsx server/server.ts` on a free port with a fresh DATA_DIR and waits for /ready.
 * The child leads its own process group, so stop() ends npx, tsx and node together.
 */
export async function startServer(): Promise<RunningServer> {
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'crossborough-e2e-'))
  const geodata = process.env.GEODATA_DIR ?? resolve(REPO_ROOT, '../shared/geodata')
  let log = ''
  const child: ChildProcess = spawn('npx', ['tsx', 'server/server.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, GEODATA_DIR: geodata },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()))
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try { process.kill(-child.pid, 'SIGTERM') } catch { /* already gone */ }
      const killTimer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* gone */ } }, 10_000)
      await exited
      clearTimeout(killTimer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 150_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    const ready = await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)
    if (ready) return { baseUrl, output: () => log, stop }
    await new Promise((r) => setTimeout(r, 500))
  }
  await stop()
  throw new Error(`server did not become ready:\n${log.slice(-4000)}`)
}
