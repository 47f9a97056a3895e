import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { audit, verifyAudit, type AuditWho } from '../../server/audit/audit.js'
import {
  checkpointMac,
  readAuditHead,
  startCheckpointJob,
  verifyAuditWithCheckpoints,
  writeCheckpoint,
  type Checkpoint,
} from '../../server/audit/checkpoint.js'
import { KEY_FILE_NAME, resolveSecrets } from '../../server/audit/secrets.js'
import { ensureOrganisation } from '../../server/auth/accounts.repository.js'
import { loadConfig } from '../../server/config.js'
import { adminQuery, withDatabase } from '../../server/db/admin.js'
import { openPGlite, openPostgres, type Database } from '../../server/db/database.js'
import type { DB } from '../../server/db/types.js'
import { createTestApp } from '../helpers/app.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { createTestDatabase, testDbInfo } from '../helpers/db.js'

/**
 * Signed checkpoints of the audit chain: the database owner can rewrite a row and
 * recompute every later hash and the head, so the chain alone verifies; the checkpoints, signed
 * with a key the database does not hold, must then fail, naming the checkpoint.
 */

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-checkpoints-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let n = 0
const freshFile = () => join(tmp, `checkpoints-${++n}.jsonl`)
const KEY = randomBytes(32)

const opened: Database[] = []
afterAll(async () => {
  for (const d of opened) await d.close()
})

async function fresh() {
  const database = await createTestDatabase()
  opened.push(database)
  const org = await ensureOrganisation(database.system, 'Checkpoint test organisation')
  return { database, who: { userId: null, organisationId: org, role: 'lead' } satisfies AuditWho }
}

async function append(db: Kysely<DB>, who: AuditWho, count: number): Promise<number[]> {
  for (let i = 0; i < count; i++) await audit(db, 'referrals.read', { id: `r-${i}`, note: 'ü "quoted" ✓' }, i % 2 ? 1 : null, who)
  return (await db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((r) => Number(r.id))
}

/**
 * What a database owner can do: with the append-only trigger off, run `change`, then recompute
 * prev_hash and hash of every row from `from` on (in id order) and the head, with the chain's own
 * hash function, so that audit_verify() finds nothing wrong.
 */
async function rewriteAndRehash(system: Kysely<DB>, change: ReturnType<typeof sql>, from: number) {
  if (!Number.isSafeInteger(from)) throw new Error('from must be an integer')
  await system.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx)
    await change.execute(trx)
    await sql
      .raw(`
      do $$
      declare r record; prev text;
      begin
        select coalesce((select hash from audit_log where id < ${from} order by id desc limit 1), repeat('0', 64)) into prev;
        for r in select * from audit_log where id >= ${from} order by id loop
          update audit_log
             set prev_hash = prev,
                 hash = audit_row_hash(r.id, r.at, r.user_id, r.organisation_id, r.role, r.action, r.detail, r.row_count, prev)
           where id = r.id
          returning hash into prev;
        end loop;
        update audit_head set last_id = (select max(id) from audit_log), last_hash = (select hash from audit_log order by id desc limit 1);
      end $$`)
      .execute(trx)
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx)
  })
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Checkpoint)

describe('signed audit checkpoints', { timeout: 240_000 }, () => {
  it('a checkpoint is the head, signed; an intact log with its checkpoints verifies', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    expect(await writeCheckpoint(database.system, KEY, file)).toBeNull() // an empty log: nothing to sign
    expect(existsSync(file)).toBe(false)
    const ids = await append(database.system, who, 4)
    const c1 = (await writeCheckpoint(database.system, KEY, file))!
    expect(c1).toMatchObject({ id: ids[ids.length - 1], hash: (await readAuditHead(database.system))!.hash })
    expect(c1.mac).toBe(checkpointMac(KEY, c1))
    // Nothing new since: no second line when told the last one.
    expect(await writeCheckpoint(database.system, KEY, file, undefined, c1)).toBeNull()
    await append(database.system, who, 3)
    await writeCheckpoint(database.system, KEY, file)
    expect(lines(file).map((c) => c.id)).toEqual([c1.id, c1.id + 3])
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).toEqual({
      ok: true,
      rows: ids.length + 3,
      pending: { rows: 0 },
      checkpoints: { checked: 2, failed: 0 },
    })
  })

  it('a row rewritten with every later hash and the head recomputed passes the chain, but not the checkpoints', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    const ids = await append(database.system, who, 6)
    const c1 = (await writeCheckpoint(database.system, KEY, file))!
    await append(database.system, who, 4)
    const c2 = (await writeCheckpoint(database.system, KEY, file))!
    expect((await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).ok).toBe(true)

    const victim = ids[2]!
    await rewriteAndRehash(database.system, sql`update audit_log set detail = jsonb_set(detail, '{id}', '"someone-else"') where id = ${victim}`, victim)
    const row = await database.system
      .selectFrom('audit_log')
      .select('detail')
      .where('id', '=', victim as never)
      .executeTakeFirstOrThrow()
    expect(row.detail).toMatchObject({ id: 'someone-else' })
    // The owner's rewrite is invisible to the chain alone …
    expect(await verifyAudit(database.system)).toEqual({ ok: true, rows: ids.length + 4, pending: { rows: 0 } })
    // … but both checkpoints' rows now have other hashes; the first is named.
    const v = await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)
    expect(v).toEqual({
      ok: false,
      rows: ids.length + 4,
      pending: { rows: 0 },
      checkpoints: { checked: 2, failed: 2, firstFailed: { line: 1, id: c1.id, at: c1.at, reason: 'hash-mismatch' } },
    })
    expect(c2.id).toBeGreaterThan(c1.id)
  })

  it('a rewrite after the newest checkpoint is not detected by it (the interval is the window); the next checkpoint signs the new head', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    await append(database.system, who, 3)
    const c1 = (await writeCheckpoint(database.system, KEY, file))!
    const later = await append(database.system, who, 3)
    await rewriteAndRehash(database.system, sql`update audit_log set row_count = 99 where id = ${later[later.length - 1]!}`, later[later.length - 1]!)
    expect(await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).toMatchObject({ ok: true, checkpoints: { checked: 1, failed: 0 } })
    expect(c1.id).toBeLessThan(later[later.length - 1]!)
  })

  it('a forged checkpoint line is detected: a wrong MAC, a line signed with another key, a malformed line', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    await append(database.system, who, 3)
    const good = (await writeCheckpoint(database.system, KEY, file))!
    // Someone who can write the file but lacks the key: the true head with a made-up MAC …
    appendFileSync(file, `${JSON.stringify({ ...good, at: new Date().toISOString(), mac: 'ab'.repeat(32) })}\n`)
    const v1 = await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)
    expect(v1).toMatchObject({ ok: false, checkpoints: { checked: 2, failed: 1, firstFailed: { line: 2, id: good.id, reason: 'mac' } } })
    // … or signed with a key of their own …
    const other = randomBytes(32)
    const at = new Date().toISOString()
    writeFileSync(
      file,
      `${JSON.stringify(good)}\n${JSON.stringify({ id: good.id, hash: good.hash, at, mac: checkpointMac(other, { id: good.id, hash: good.hash, at }) })}\n`,
    )
    expect((await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).checkpoints).toMatchObject({
      failed: 1,
      firstFailed: { line: 2, reason: 'mac' },
    })
    // … or a line that is no checkpoint at all.
    writeFileSync(file, `${JSON.stringify(good)}\n{"id": 1, "hash": "x"}\nnot json\n`)
    expect((await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).checkpoints).toEqual({
      checked: 3,
      failed: 2,
      firstFailed: { line: 2, id: 1, at: null, reason: 'malformed' },
    })
    // Without the key nothing can be checked: every line fails.
    writeFileSync(file, `${JSON.stringify(good)}\n`)
    expect((await verifyAuditWithCheckpoints(database.system, database.system, null, file)).checkpoints).toMatchObject({
      checked: 1,
      failed: 1,
      firstFailed: { reason: 'no-key' },
    })
    // The good line alone, with the key: fine.
    expect((await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).ok).toBe(true)
  })

  it('deleting the newest rows after a checkpoint (and rewriting the head) is detected', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    const ids = await append(database.system, who, 6)
    const c = (await writeCheckpoint(database.system, KEY, file))!
    expect(c.id).toBe(ids[ids.length - 1])
    const keep = ids[ids.length - 3]!
    await rewriteAndRehash(database.system, sql`delete from audit_log where id > ${keep}`, keep)
    expect(await verifyAudit(database.system)).toEqual({ ok: true, rows: ids.length - 2, pending: { rows: 0 } })
    expect(await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).toEqual({
      ok: false,
      rows: ids.length - 2,
      pending: { rows: 0 },
      checkpoints: { checked: 1, failed: 1, firstFailed: { line: 1, id: c.id, at: c.at, reason: 'missing-row' } },
    })
  })

  it('the job checkpoints when the head moves and once more at stop, logging each line', async () => {
    const { database, who } = await fresh()
    const file = freshFile()
    const logged: object[] = []
    const log = { info: (o: object) => void logged.push(o), error: (o: object) => void logged.push({ error: o }) }
    await append(database.system, who, 2)
    const job = startCheckpointJob(database.system, KEY, file, 3600, log)
    const first = await job.runNow()
    expect(first).not.toBeNull()
    expect(await job.runNow()).toBeNull() // the head has not moved
    await append(database.system, who, 1)
    await job.stop() // graceful shutdown: the last head
    const written = lines(file)
    expect(written.map((c) => c.id)).toEqual([first!.id, first!.id + 1])
    expect(logged).toEqual(written.map((c) => ({ auditCheckpoint: c })))
    expect((await verifyAuditWithCheckpoints(database.system, database.system, KEY, file)).ok).toBe(true)
  })
})

describe('the checkpoint key and the cursor secret', () => {
  it('come from the environment, or from a 0600 key file in DATA_DIR created once and reused', () => {
    const dataDir = join(tmp, 'keys')
    const base = { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
    const none = resolveSecrets(loadConfig(base), { generate: false })
    expect(none).toMatchObject({ checkpointKey: null, keySource: 'none', cursorSource: 'ephemeral' })
    expect(existsSync(join(dataDir, KEY_FILE_NAME))).toBe(false)
    const made = resolveSecrets(loadConfig(base), { generate: true })
    expect(made).toMatchObject({ keySource: 'file', cursorSource: 'derived' })
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600)
    const again = resolveSecrets(loadConfig(base), { generate: true })
    expect(again.checkpointKey!.equals(made.checkpointKey!)).toBe(true)
    expect(again.cursor.equals(made.cursor)).toBe(true)
    const env = resolveSecrets(loadConfig({ ...base, AUDIT_CHECKPOINT_KEY: 'k'.repeat(40), CURSOR_SECRET: 'c'.repeat(40) }), { generate: true })
    expect(env).toMatchObject({ keySource: 'env', cursorSource: 'env' })
    expect(env.checkpointKey!.toString()).toBe('k'.repeat(40))
    expect(() => loadConfig({ ...base, AUDIT_CHECKPOINT_KEY: 'short' })).toThrow(/AUDIT_CHECKPOINT_KEY/)
    expect(() => loadConfig({ ...base, AUDIT_CHECKPOINT_INTERVAL_S: '0' })).toThrow(/AUDIT_CHECKPOINT_INTERVAL_S/)
  })
})

describe('GET /api/v1/audit/verify checks the checkpoints', { timeout: 240_000 }, () => {
  it('ok with good checkpoints; false naming the checkpoint after a rewrite', async () => {
    const file = freshFile()
    const key = randomBytes(24).toString('hex')
    const t = await createTestApp({ AUDIT_CHECKPOINT_KEY: key, AUDIT_CHECKPOINT_FILE: file })
    try {
      const admin = await t.world.as('adminA')
      await audit(t.database.system, 'users.create', { via: 'test' }, 1, { userId: null, organisationId: t.world.orgs.B, role: 'admin' })
      const c = (await writeCheckpoint(t.database.system, Buffer.from(key), file))!
      const ok = await admin.get('/api/v1/audit/verify')
      expect(ok.statusCode).toBe(200)
      expect(ok.json()).toMatchObject({ ok: true, checkpoints: { checked: 1, failed: 0 } })
      // The checkpointed row belongs to another organisation: the admin's row-level security does not hide it from the check.
      const victim = c.id
      await rewriteAndRehash(t.database.system, sql`update audit_log set detail = '{"via": "someone else"}' where id = ${victim}`, victim)
      const bad = await admin.get('/api/v1/audit/verify')
      expect(bad.statusCode).toBe(200)
      expect(bad.json()).toMatchObject({ ok: false, checkpoints: { checked: 1, failed: 1, firstFailed: { line: 1, id: victim, reason: 'hash-mismatch' } } })
      expect(bad.json().firstBroken).toBeUndefined() // the chain itself recomputes
    } finally {
      await t.close()
    }
  })
})

/** A database the CLI can open: an embedded data folder (PGlite) or a database of its own on the server. */
async function cliDatabase(): Promise<{ env: NodeJS.ProcessEnv; open(): Promise<Database>; drop(): Promise<void> }> {
  const info = testDbInfo()
  if (info.backend === 'pglite') {
    const dir = mkdtempSync(join(tmp, 'data-'))
    const seeded = await openPGlite({ dataDir: dir, loadDataDir: new Blob([readFileSync(info.templateDump!)]) })
    await seeded.close()
    return { env: { DATA_DIR: dir }, open: () => openPGlite({ dataDir: dir }), drop: async () => {} }
  }
  const name = `crossborough_cp_${randomBytes(6).toString('hex')}`
  await adminQuery(info.adminUrl!, `create database ${name} template ${info.templateName}`)
  const url = withDatabase(info.adminUrl!, name)
  return {
    env: { DATABASE_URL: url, DATA_DIR: join(tmp, 'unused') },
    open: async () => openPostgres(url, 2),
    drop: () => adminQuery(info.adminUrl!, `drop database if exists ${name}`),
  }
}

function verifyCli(env: NodeJS.ProcessEnv) {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' }
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'AUDIT_CHECKPOINT_KEY', 'AUDIT_CHECKPOINT_FILE']) delete base[k]
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server/cli/audit-verify.ts')], {
    env: { ...base, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, out: r.stdout.trim(), err: r.stderr }
}

describe('npm run audit:verify checks the checkpoints', { timeout: 300_000 }, () => {
  it('exits 0 with intact checkpoints and 1 naming the checkpoint after the owner rewrote and rehashed', async () => {
    const target = await cliDatabase()
    const file = freshFile()
    const key = randomBytes(24).toString('hex')
    const env = { ...target.env, AUDIT_CHECKPOINT_KEY: key, AUDIT_CHECKPOINT_FILE: file }
    try {
      let c: Checkpoint
      let victim: number
      let database = await target.open()
      try {
        const org = await ensureOrganisation(database.system, 'CLI checkpoint organisation')
        const ids = await append(database.system, { userId: null, organisationId: org, role: 'lead' }, 5)
        victim = ids[1]!
        c = (await writeCheckpoint(database.system, Buffer.from(key), file))!
      } finally {
        await database.close()
      }
      const ok = verifyCli(env)
      expect(ok.code, ok.err).toBe(0)
      expect(JSON.parse(ok.out)).toMatchObject({ ok: true, checkpoints: { checked: 1, failed: 0 } })

      database = await target.open()
      try {
        await rewriteAndRehash(database.system, sql`update audit_log set row_count = 42 where id = ${victim}`, victim)
      } finally {
        await database.close()
      }
      const broken = verifyCli(env)
      expect(broken.code).toBe(1)
      expect(JSON.parse(broken.out)).toMatchObject({
        ok: false,
        checkpoints: { checked: 1, failed: 1, firstFailed: { line: 1, id: c.id, reason: 'hash-mismatch' } },
      })
      expect(JSON.parse(broken.out).firstBroken).toBeUndefined()
      expect(broken.err).toContain(`line 1 of ${file} (row ${c.id}`)
      // Without the key the checkpoints cannot be checked: that fails too.
      const keyless = verifyCli({ ...target.env, AUDIT_CHECKPOINT_FILE: file })
      expect(keyless.code).toBe(1)
      expect(JSON.parse(keyless.out).checkpoints.firstFailed.reason).toBe('no-key')
    } finally {
      await target.drop()
    }
  })
})
