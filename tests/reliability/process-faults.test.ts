import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { sql } from 'kysely'
import { openPostgres, type Database } from '../../server/db/database.js'
import { seedWorld } from '../helpers/world.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { writeBenchCsv } from '../../bench/generate-csv.js'
import { clusterSkipReason, TestCluster } from './cluster.js'
import { prepareClusterDatabase } from './prepare.js'
import { sessionFor } from './service.js'

const skip = clusterSkipReason()
/** Rows of the import killed in `npm test`; `npm run soak -- --long` runs this file with IMPORT_KILL_ROWS=1000000. */
const IMPORT_ROWS = Number(process.env.IMPORT_KILL_ROWS ?? 50_000)

/** Runs a TypeScript entry point of the repository with tsx, as `npm run` would. */
function tsxProcess(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

function collect(child: ChildProcess): { out: () => string; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  return { out: () => out, exit: new Promise((r) => child.once('exit', (code, signal) => r({ code, signal }))) }
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The service as its own process on a free port, once it answers /ready. */
async function startService(url: string): Promise<{ server: ChildProcess; log: ReturnType<typeof collect>; base: string }> {
  const port = await freePort()
  const server = tsxProcess('server/server.ts', [], { DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' })
  const log = collect(server)
  const base = `http://127.0.0.1:${port}`
  const until = Date.now() + 60_000
  while (
    !(await fetch(`${base}/ready`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > until || server.exitCode !== null) throw new Error(`the service did not start:\n${log.out()}`)
    await sleep(200)
  }
  return { server, log, base }
}

/** The import's write statements, first to last. */
const WRITE_STATEMENTS = ['%insert into referrals%', '%import_loc%', '%import_pip%', '%insert into referral_locations%']

/**
 * Waits until a transaction of the database runs one of the import's write statements (from
 * `from` on: 0 = any, 3 = the last, the insert of the located events); that statement.
 */
async function untilImportWrites(system: Database['system'], database: string, alive: () => boolean, from = 0): Promise<string> {
  const patterns = WRITE_STATEMENTS.slice(from)
  const until = Date.now() + 300_000
  for (;;) {
    if (!alive()) throw new Error('the import ended before it was killed')
    if (Date.now() > until) throw new Error('the import never reached its write phase')
    const { rows } = await sql<{ query: string }>`
      select query from pg_stat_activity
      where datname = ${database} and backend_xid is not null and state = 'active'
        and query ilike any(${patterns}::text[])`.execute(system)
    if (rows.length) return rows[0]!.query.replace(/\s+/g, ' ').slice(0, 60)
    await sleep(10)
  }
}

/** Waits until the database has no open write transaction but the caller's (the killed client's was rolled back). */
async function untilRolledBack(system: Database['system'], database: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from pg_stat_activity where datname = ${database} and backend_xid is not null and pid <> pg_backend_pid()`.execute(system)
    if (Number(rows[0]!.n) === 0) return
    await sleep(100)
  }
}

/**
 * The service process under signals, on a cluster of the test's own: SIGTERM with a request in
 * flight, and SIGKILL of a bulk import inside its write transaction.
 */
describe.skipIf(!!skip)(`process faults${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let cluster: TestCluster
  let url: string
  let owner: Database
  let world: Awaited<ReturnType<typeof seedWorld>>
  const tmp = mkdtempSync(join(tmpdir(), 'crossborough-faults-'))
  /** The file both import tests read, written once. */
  let file: Promise<{ path: string; referrals: number }> | undefined
  const importFile = () =>
    (file ??= (async () => {
      const path = join(tmp, 'import.csv')
      const { referrals } = await writeBenchCsv(owner.system, path, IMPORT_ROWS)
      return { path, referrals }
    })())

  /** Referrals and located events of an organisation. */
  const countOf = async (organisation: string) => {
    const { rows } = await sql<{ r: number; l: number }>`
      select (select count(*)::int from referrals r join organisations o on o.id = r.organisation_id where o.name = ${organisation}) as r,
             (select count(*)::int from referral_locations l join referrals r on r.id = l.referral_id join organisations o on o.id = r.organisation_id where o.name = ${organisation}) as l`.execute(
      owner.system,
    )
    return { referrals: Number(rows[0]!.r), locations: Number(rows[0]!.l) }
  }

  beforeAll(async () => {
    cluster = await TestCluster.create()
    url = await prepareClusterDatabase(cluster, 'crossborough_faults')
    owner = openPostgres(url, 3)
    world = await seedWorld(undefined as never, owner.system)
  }, 120_000)

  afterAll(async () => {
    await owner?.close()
    await cluster?.destroy()
    rmSync(tmp, { recursive: true, force: true })
  })

  it('SIGTERM: refuses new connections, finishes the request in flight, closes the pools and exits 0', async () => {
    const { server, log, base } = await startService(url)
    const lead = await sessionFor(owner.system, world.users.leadA)
    const created = await fetch(`${base}/api/v1/referrals`, {
      method: 'POST',
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({
        externalId: 'SIGTERM-1',
        programme: 'mentoring',
        subjectRole: 'at_risk',
        ageBand: '16-17',
        fundingBorough: 'E09000033',
        openedOn: '2026-02-01',
      }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: string }

    // A slow request: the referral's row is locked by another transaction, so the PATCH waits in the database.
    const blocker = new pg.Client({ connectionString: url })
    await blocker.connect()
    await blocker.query('begin')
    await blocker.query('select 1 from referrals where id = $1 for update', [id])
    const slow = fetch(`${base}/api/v1/referrals/${id}`, {
      method: 'PATCH',
      headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf, 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ riskLevel: 'high' }),
    })
    // Wait until the PATCH is really waiting on the lock.
    for (let i = 0; i < 100; i++) {
      const { rows } = await blocker.query(`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`)
      if (rows[0].n > 0) break
      await sleep(100)
    }
    server.kill('SIGTERM')
    await sleep(500)
    // No new connections while it drains.
    const refused = await fetch(`${base}/health`, { signal: AbortSignal.timeout(3000) }).then(
      (r) => r.status,
      (e: Error) => (e.cause as { code?: string })?.code ?? e.name,
    )
    expect(refused).toBe('ECONNREFUSED')
    expect(server.exitCode).toBeNull() // still finishing the PATCH
    await blocker.query('commit')
    await blocker.end()
    const answer = await slow
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { riskLevel: string }).riskLevel).toBe('high')
    const { code, signal } = await log.exit
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(log.out()).toContain('SIGTERM received')
    expect(log.out()).toContain('database connections closed')
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from pg_stat_activity where datname = 'crossborough_faults' and usename = 'crossborough_app'`.execute(owner.system)
    expect(Number(rows[0]!.n)).toBe(0)
  }, 120_000)

  it(
    `SIGKILL inside an import's write transaction (${IMPORT_ROWS.toLocaleString('en-GB')} rows): nothing written; re-running completes it`,
    async () => {
      const { path: file, referrals } = await importFile()
      const env = { DATABASE_URL: url, LOG_LEVEL: 'silent' }
      const organisation = 'Import kill test'
      const count = () => countOf(organisation)

      const first = tsxProcess('server/cli/import-referrals.ts', ['--organisation', organisation, file], env)
      const firstRun = collect(first)
      // Kill at the last write statement (the located events' insert), when the transaction holds the most.
      const phase = await untilImportWrites(owner.system, 'crossborough_faults', () => first.exitCode === null, 3)
      first.kill('SIGKILL')
      const killed = await firstRun.exit
      expect(killed.signal).toBe('SIGKILL')
      // The server notices the dropped client and rolls the transaction back.
      await untilRolledBack(owner.system, 'crossborough_faults')
      expect(await count()).toEqual({ referrals: 0, locations: 0 })

      const second = tsxProcess('server/cli/import-referrals.ts', ['--organisation', organisation, file], env)
      const secondRun = collect(second)
      const done = await secondRun.exit
      expect(done.code, secondRun.out()).toBe(0)
      expect(await count()).toEqual({ referrals, locations: IMPORT_ROWS })
      console.log(
        `import killed with SIGKILL while running "${phase}…": 0 rows afterwards; re-run: ${
          secondRun
            .out()
            .split('\n')
            .find((l) => l.startsWith('imported')) ?? ''
        }`,
      )
    },
    300_000 + IMPORT_ROWS * 4,
  )

  it(
    `SIGKILL of the service inside an API import's write transaction (${IMPORT_ROWS.toLocaleString('en-GB')} rows): nothing written; after a restart the job reads failed at once and a new upload completes it`,
    async () => {
      const { path, referrals } = await importFile()
      const organisation = 'Test organisation B'
      const before = await countOf(organisation)
      const lead = await sessionFor(owner.system, world.users.leadB)
      const upload = async (base: string) => {
        const form = new FormData()
        form.append('file', await openAsBlob(path, { type: 'text/csv' }), 'import.csv')
        const r = await fetch(`${base}/api/v1/imports`, { method: 'POST', headers: { cookie: lead.cookie, 'x-csrf-token': lead.csrf }, body: form })
        expect(r.status).toBe(202)
        return ((await r.json()) as { id: string }).id
      }
      const status = async (base: string, id: string) => {
        const r = await fetch(`${base}/api/v1/imports/${id}`, { headers: { cookie: lead.cookie } })
        expect(r.status).toBe(200)
        return (await r.json()) as { status: string; locations: number; errors: { message: string }[] }
      }

      const first = await startService(url)
      const id = await upload(first.base)
      // Kill at the first write statement (the CLI test above kills at the last).
      const phase = await untilImportWrites(owner.system, 'crossborough_faults', () => first.server.exitCode === null, 0)
      first.server.kill('SIGKILL')
      expect((await first.log.exit).signal).toBe('SIGKILL')
      await untilRolledBack(owner.system, 'crossborough_faults')
      expect(await countOf(organisation)).toEqual(before)

      // A restarted service sees at once that the job's process is gone: its lock went with its connection.
      const second = await startService(url)
      try {
        const t0 = Date.now()
        const orphan = await status(second.base, id)
        expect(orphan.status).toBe('failed')
        expect(orphan.errors[0]!.message).toMatch(/interrupted/)
        const again = await upload(second.base)
        let job = await status(second.base, again)
        const until = Date.now() + 300_000 + IMPORT_ROWS * 2
        while (job.status === 'queued' || job.status === 'running') {
          if (Date.now() > until) throw new Error(`the re-upload did not finish: ${JSON.stringify(job)}`)
          await sleep(250)
          job = await status(second.base, again)
        }
        expect(job.status, JSON.stringify(job.errors)).toBe('succeeded')
        expect(job.locations).toBe(IMPORT_ROWS)
        expect(await countOf(organisation)).toEqual({ referrals: before.referrals + referrals, locations: before.locations + IMPORT_ROWS })
        console.log(
          `service killed with SIGKILL while its import ran "${phase}…": 0 rows afterwards; the job read failed after the restart; re-upload imported ${IMPORT_ROWS.toLocaleString('en-GB')} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        )
      } finally {
        second.server.kill('SIGTERM')
        await second.log.exit
      }
    },
    300_000 + IMPORT_ROWS * 6,
  )
})
