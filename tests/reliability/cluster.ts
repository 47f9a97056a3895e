import { execFile, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The PostgreSQL server binaries (initdb, pg_ctl): PG_BIN, else the newest /usr/lib/postgresql/N/bin. */
export function postgresBin(env = process.env): string | undefined {
  if (env.PG_BIN) return existsSync(join(env.PG_BIN, 'pg_ctl')) ? env.PG_BIN : undefined
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
  for (const v of versions) {
    const bin = join(root, v, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return undefined
}

/** Why the cluster-owning tests cannot run here, or undefined when they can. */
export function clusterSkipReason(): string | undefined {
  if (!postgresBin())
    return 'no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql or PG_BIN: the test needs a cluster of its own to stop and restart'
  if (userInfo().uid === 0) {
    try {
      execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' })
    } catch {
      return 'running as root without a postgres system user to run initdb/pg_ctl as'
    }
  }
  return undefined
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/**
 * A throw-away PostgreSQL cluster owned by one test (own directory, own port on 127.0.0.1, trust
 * auth, PostGIS from the system's extension files), so it can be stopped and restarted without
 * touching the server the rest of the suite uses. initdb/pg_ctl refuse root: as root they run as `postgres`.
 */
export class TestCluster {
  private constructor(
    readonly bin: string,
    readonly dir: string,
    readonly port: number,
    private readonly asPostgres: boolean,
  ) {}

  /** `postgres://postgres@127.0.0.1:PORT/DB` */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`
  }

  static async create(): Promise<TestCluster> {
    const bin = postgresBin()
    if (!bin) throw new Error(clusterSkipReason())
    const asPostgres = userInfo().uid === 0
    const dir = mkdtempSync(join(tmpdir(), 'crossborough-cluster-'))
    if (asPostgres) {
      const { stdout } = await run('id', ['-u', 'postgres'])
      const { stdout: gid } = await run('id', ['-g', 'postgres'])
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
    }
    const cluster = new TestCluster(bin, dir, await freePort(), asPostgres)
    await cluster.exec('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C'])
    await cluster.start()
    return cluster
  }

  /**
   * A streaming replica of `primary` (`pg_basebackup -R`: a hot standby that follows the primary's
   * WAL), on its own port. Made before the databases it should carry, or after: either way they stream.
   */
  static async createReplica(primary: TestCluster): Promise<TestCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'crossborough-replica-'))
    if (primary.asPostgres) {
      const { stdout } = await run('id', ['-u', 'postgres'])
      const { stdout: gid } = await run('id', ['-g', 'postgres'])
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
    }
    const replica = new TestCluster(primary.bin, dir, await freePort(), primary.asPostgres)
    await replica.exec('pg_basebackup', [
      '-D',
      join(dir, 'data'),
      '-R',
      '-X',
      'stream',
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '--no-sync',
    ])
    await replica.start()
    return replica
  }

  private async exec(tool: string, args: string[]): Promise<string> {
    const cmd = join(this.bin, tool)
    const { stdout } = this.asPostgres
      ? await run('runuser', ['-u', 'postgres', '--', cmd, ...args], { cwd: this.dir })
      : await run(cmd, args, { cwd: this.dir })
    return stdout
  }

  /** Starts the server and waits until it accepts connections. */
  async start(): Promise<void> {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=64MB`
    await this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', opts, '-w', '-t', '60', 'start'])
  }

  /** Stops the server; `fast` ends the sessions (SQLSTATE 57P01) and shuts down cleanly. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '60', 'stop'])
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => {})
    rmSync(this.dir, { recursive: true, force: true })
  }
}
