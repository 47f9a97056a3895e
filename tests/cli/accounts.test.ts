import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { secretHash } from '../../server/auth/tokens.js'
import { loadConfig } from '../../server/config.js'
import { adminQuery, withDatabase } from '../../server/db/admin.js'
import { openPGlite, openPostgres, type Database } from '../../server/db/database.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { testDbInfo } from '../helpers/db.js'

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-accounts-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const PASSWORD = 'a long enough passphrase'

/**
 * A database for the CLIs on the backend the suite runs on: a copy of the migrated template in an
 * embedded data folder (PGlite), or its own database on the server. `open` is the owner's connection
 * (`app` the service's, for signing in), used between CLI runs (the embedded folder is one process's).
 */
interface CliDatabase {
  env: NodeJS.ProcessEnv
  open(opts?: { app?: boolean }): Promise<Database>
  drop(): Promise<void>
}

async function cliDatabase(): Promise<CliDatabase> {
  const info = testDbInfo()
  if (info.backend === 'pglite') {
    const dir = mkdtempSync(join(tmp, 'data-'))
    const seeded = await openPGlite({ dataDir: dir, loadDataDir: new Blob([readFileSync(info.templateDump!)]) })
    await seeded.close()
    return { env: { DATA_DIR: dir }, open: () => openPGlite({ dataDir: dir }), drop: async () => {} }
  }
  const name = `crossborough_cli_${randomBytes(6).toString('hex')}`
  await adminQuery(info.adminUrl!, `create database ${name} template ${info.templateName}`)
  const url = withDatabase(info.adminUrl!, name)
  return {
    env: { DATABASE_URL: url },
    open: async (opts = {}) => openPostgres(url, 2, { appRole: opts.app ?? false }),
    drop: () => adminQuery(info.adminUrl!, `drop database if exists ${name}`),
  }
}

/** Runs a CLI through tsx (as `npm run` does) with `env` on top of a clean environment. */
function runCli(script: string, args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' }
  delete base.DATABASE_URL
  delete base.DATA_DIR
  delete base.CROSSBOROUGH_PASSWORD
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], {
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 120_000,
    ...(input === undefined ? {} : { input }),
  })
  return { code: r.status, out: r.stdout.trim(), err: r.stderr }
}
const accounts = (args: string[], env: NodeJS.ProcessEnv, input?: string) => runCli('server/cli/accounts.ts', args, env, input)

describe('bad arguments: usage and exit 2, before any database is opened', { timeout: 180_000 }, () => {
  const nowhere = { DATA_DIR: join(tmp, 'never-opened') }
  it.each([
    [[], 'give a COMMAND'],
    [['users:create'], 'unknown command users:create'],
    [['user:create', '--org', 'A', '--name', 'N', '--role', 'admin'], '--email is required'],
    [['user:create', '--org', 'A', '--email', 'a@b.test', '--name', 'N', '--role', 'boss'], '--role must be one of'],
    [['user:create', '--org', 'A', '--email', 'a@b.test', '--name', 'N', '--role', 'lead', '--boroughs', 'E09000005'], 'only for commissioners and partners'],
    [['user:create', '--org', 'A', '--email', 'a@b.test', '--name', 'N', '--role', 'lead', '--password', 'on the command line'], "Unknown option '--password'"],
    [
      [
        'agreement:create',
        '--org',
        'A',
        '--partner',
        'P',
        '--name',
        'N',
        '--boroughs',
        'E09000005',
        '--level',
        'exact',
        '--from',
        '2026-01-01',
        '--until',
        '2026-12-31',
      ],
      '--level must be',
    ],
    [
      [
        'agreement:create',
        '--org',
        'A',
        '--partner',
        'P',
        '--name',
        'N',
        '--boroughs',
        'E09000005',
        '--level',
        'aggregate',
        '--from',
        '2026-02-30',
        '--until',
        '2026-12-31',
      ],
      '--from must be a date',
    ],
    [
      [
        'agreement:create',
        '--org',
        'A',
        '--partner',
        'P',
        '--name',
        'N',
        '--boroughs',
        'E09000005',
        '--level',
        'aggregate',
        '--fields',
        'name',
        '--from',
        '2026-01-01',
        '--until',
        '2026-12-31',
      ],
      '--fields: name is not one of',
    ],
    [['token:create', '--agreement', 'not-an-id', '--name', 't'], '--agreement must be'],
    [['token:create', '--agreement', '00000000-0000-4000-8000-000000000000', '--name', 't', '--days', '0'], '--days must be'],
  ])('accounts %j', (args, message) => {
    const r = accounts(args, nowhere)
    expect(r.err).toContain(message)
    expect(r.err).toContain('usage: npm run accounts')
    expect(r.code).toBe(2)
  })

  it('a short or missing password is refused (exit 2); --help exits 0', () => {
    const args = ['user:create', '--org', 'A', '--email', 'a@b.test', '--name', 'N', '--role', 'lead']
    expect(accounts(args, nowhere, 'too short\n')).toMatchObject({ code: 2 })
    expect(accounts(args, { ...nowhere, CROSSBOROUGH_PASSWORD: 'short' }).err).toContain('at least 12 characters')
    expect(accounts(args, nowhere, '')).toMatchObject({ code: 2 })
    const help = accounts(['--help'], nowhere)
    expect(help.code).toBe(0)
    expect(help.out).toContain('token:create')
  })

  it('retention and audit:verify check their arguments too', () => {
    const r = runCli('server/cli/retention.ts', ['--months', '0'], nowhere)
    expect(r.code).toBe(2)
    expect(r.err).toContain('--months must be')
    const v = runCli('server/cli/audit-verify.ts', ['--everything'], nowhere)
    expect(v.code).toBe(2)
    expect(v.err).toContain('usage: npm run audit:verify')
  })

  it('refuses plainly (exit 1) while the service holds the embedded database', async () => {
    const dir = join(tmp, 'locked')
    mkdirSync(dir, { recursive: true })
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(join(dir, 'pglite.lock'), String(holder.pid))
      const r = accounts(['org:create', '--name', 'X'], { DATA_DIR: dir })
      expect(r.code).toBe(1)
      expect(r.err).toContain(`in use by process ${holder.pid}`)
      expect(r.err).toContain('Nothing was changed')
    } finally {
      holder.kill()
    }
    await new Promise((r) => holder.once('exit', r))
  })
})

describe('accounts, audit:verify and retention against a database', { timeout: 900_000 }, () => {
  let target: CliDatabase
  beforeAll(async () => {
    target = await cliDatabase()
  })
  afterAll(() => target?.drop())

  it('creates organisations, users, an agreement and a token, each audited; the user signs in and the token works', async () => {
    const orgA = accounts(['org:create', '--name', 'CLI organisation A'], target.env)
    expect(orgA.code).toBe(0)
    expect(orgA.out).toMatch(UUID)
    const orgP = accounts(['org:create', '--name', 'CLI partner'], target.env)
    expect(orgP.out).toMatch(UUID)
    const again = accounts(['org:create', '--name', 'CLI organisation A'], target.env)
    expect(again).toMatchObject({ code: 0, out: orgA.out })

    const admin = accounts(
      ['user:create', '--org', 'CLI organisation A', '--email', 'Admin@CLI.test', '--name', 'CLI admin', '--role', 'admin'],
      target.env,
      `${PASSWORD}\n`,
    )
    expect(admin.err).toContain('created admin admin@cli.test')
    expect(admin.code).toBe(0)
    expect(admin.out).toMatch(UUID)
    const commissioner = accounts(
      [
        'user:create',
        '--org',
        orgA.out,
        '--email',
        'commissioner@cli.test',
        '--name',
        'CLI commissioner',
        '--role',
        'commissioner',
        '--boroughs',
        'E09000005,E09000033',
      ],
      { ...target.env, CROSSBOROUGH_PASSWORD: PASSWORD },
    )
    expect(commissioner.code).toBe(0)
    const duplicate = accounts(
      ['user:create', '--org', orgA.out, '--email', 'admin@cli.test', '--name', 'Again', '--role', 'lead'],
      target.env,
      `${PASSWORD}\n`,
    )
    expect(duplicate.code).toBe(1)
    expect(duplicate.err).toContain('nothing was changed')
    const nowhere = accounts(
      ['user:create', '--org', 'No such organisation', '--email', 'x@cli.test', '--name', 'X', '--role', 'lead'],
      target.env,
      `${PASSWORD}\n`,
    )
    expect(nowhere.code).toBe(1)
    expect(nowhere.err).toContain('There is no organisation "No such organisation"')

    const agreement = accounts(
      [
        'agreement:create',
        '--org',
        'CLI organisation A',
        '--partner',
        'CLI partner',
        '--name',
        'CLI agreement',
        '--boroughs',
        'E09000005,E09000033',
        '--level',
        'generalised',
        '--fields',
        'programme,ageBand',
        '--k',
        '7',
        '--from',
        '2020-01-01',
        '--until',
        '2099-12-31',
      ],
      target.env,
    )
    expect(agreement.code).toBe(0)
    expect(agreement.out).toMatch(UUID)
    const token = accounts(['token:create', '--agreement', agreement.out, '--name', 'CLI token', '--days', '30'], target.env)
    expect(token.code).toBe(0)
    expect(token.out).toMatch(/^cbp_[A-Za-z0-9_-]{43}$/)
    expect(accounts(['token:create', '--agreement', '00000000-0000-4000-8000-000000000000', '--name', 't'], target.env).code).toBe(1)

    const database = await target.open({ app: true })
    try {
      const system = database.system
      const users = await system.selectFrom('users').select(['id', 'email', 'role', 'boroughs', 'organisation_id', 'password_hash']).orderBy('email').execute()
      expect(users.map((u) => [u.email, u.role, u.boroughs, u.organisation_id])).toEqual([
        ['admin@cli.test', 'admin', null, orgA.out],
        ['commissioner@cli.test', 'commissioner', ['E09000005', 'E09000033'], orgA.out],
      ])
      for (const u of users) expect(u.password_hash).toMatch(/^\$argon2id\$/)
      const agreementRow = await system.selectFrom('agreements').selectAll().where('id', '=', agreement.out).executeTakeFirstOrThrow()
      expect(agreementRow).toMatchObject({
        organisation_id: orgA.out,
        partner_organisation_id: orgP.out,
        level: 'generalised',
        fields: ['programme', 'ageBand'],
        k: 7,
        include_victims: false,
      })
      const tokenRow = await system
        .selectFrom('api_tokens')
        .select(['token_hash', 'expires_at'])
        .where('agreement_id', '=', agreement.out)
        .executeTakeFirstOrThrow()
      expect(Buffer.from(tokenRow.token_hash).equals(secretHash(token.out))).toBe(true)
      expect(Math.abs(new Date(tokenRow.expires_at).getTime() - (Date.now() + 30 * 24 * 3600 * 1000))).toBeLessThan(10 * 60 * 1000)

      const log = await system.selectFrom('audit_log').select(['action', 'user_id', 'organisation_id', 'role', 'detail']).orderBy('id').execute()
      expect(log.map((r) => [r.action, r.organisation_id])).toEqual([
        ['organisations.create', orgA.out],
        ['organisations.create', orgP.out],
        ['users.create', orgA.out],
        ['users.create', orgA.out],
        ['agreements.create', orgA.out],
        ['tokens.create', orgA.out],
      ])
      for (const r of log) expect(r).toMatchObject({ user_id: null, role: null, detail: { via: 'cli' } })
      const written = JSON.stringify(log)
      expect(written).not.toContain(PASSWORD)
      expect(written).not.toContain(token.out)

      // The service (requests as the non-owner role) accepts the new accounts.
      const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent' }), database, web: false })
      try {
        const signIn = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'admin@cli.test', password: PASSWORD } })
        expect(signIn.statusCode).toBe(200)
        expect(signIn.json()).toMatchObject({ role: 'admin', user: { email: 'admin@cli.test' } })
        const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token.out}` } })
        expect(me.statusCode).toBe(200)
        expect(me.json()).toMatchObject({ role: 'partner', agreement: { id: agreement.out } })
      } finally {
        await app.close()
      }
    } finally {
      await database.close()
    }
  })

  it('audit:verify exits 0 on an intact chain and 1 naming the edited row; retention purges and is audited', async () => {
    const retention = runCli('server/cli/retention.ts', ['--months', '24'], target.env)
    expect(retention.code).toBe(0)
    expect(retention.out).toBe('deleted 0 referral(s) closed more than 24 month(s) ago')

    // A checkpoint file of its own (none written: checked 0); tests/audit/checkpoint.test.ts covers checkpoints.
    const verifyEnv = { ...target.env, AUDIT_CHECKPOINT_FILE: join(tmp, 'no-checkpoints.jsonl') }
    const ok = runCli('server/cli/audit-verify.ts', [], verifyEnv)
    expect(ok.code).toBe(0)
    const verified = JSON.parse(ok.out)
    expect(verified).toEqual({ ok: true, rows: verified.rows, pending: { rows: verified.pending.rows }, checkpoints: { checked: 0, failed: 0 } })
    expect(verified.rows).toBeGreaterThanOrEqual(1)

    const database = await target.open()
    let edited: number
    try {
      const purge = await database.system
        .selectFrom('audit_log')
        .select(['id', 'row_count', 'detail'])
        .where('action', '=', 'retention.purge')
        .executeTakeFirstOrThrow()
      expect(purge).toMatchObject({ row_count: 0, detail: { months: 24 } })
      edited = Number(purge.id)
      await database.system.transaction().execute(async (trx) => {
        await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx)
        await sql`update audit_log set row_count = 5 where id = ${edited}`.execute(trx)
        await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx)
      })
    } finally {
      await database.close()
    }
    const broken = runCli('server/cli/audit-verify.ts', [], verifyEnv)
    expect(broken.code).toBe(1)
    expect(JSON.parse(broken.out)).toEqual({
      ok: false,
      rows: verified.rows,
      firstBroken: edited,
      pending: { rows: verified.pending.rows },
      checkpoints: { checked: 0, failed: 0 },
    })
    expect(broken.err).toContain(`broken from row ${edited}`)
  })
})
