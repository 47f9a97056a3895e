import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, verifyAudit, type AuditWho } from '../../server/audit/audit.js'
import { ensureOrganisation } from '../../server/auth/accounts.repository.js'
import type { Actor } from '../../server/auth/actor.js'
import type { Database } from '../../server/db/database.js'
import { withActor } from '../../server/db/scoped.js'
import type { DB } from '../../server/db/types.js'
import { createTestDatabase } from '../helpers/db.js'
import { createTestApp } from '../helpers/app.js'

/** The owner (a superuser on both test backends) changes the log behind the trigger's back. */
async function tamper(system: Kysely<DB>, statement: ReturnType<typeof sql>) {
  await system.transaction().execute(async (trx) => {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx)
    await statement.execute(trx)
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx)
  })
}

/** Appends `n` rows through audit() and returns the ids of the whole log, oldest first. */
async function appendRows(db: Kysely<DB>, who: AuditWho, n: number): Promise<number[]> {
  for (let i = 0; i < n; i++) await audit(db, 'referrals.read', { id: `r-${i}`, note: 'ü "quoted" ✓' }, i % 2 ? 1 : null, who)
  const rows = await db.selectFrom('audit_log').select('id').orderBy('id').execute()
  return rows.map((r) => Number(r.id))
}

const sqlState = async (p: Promise<unknown>): Promise<string | undefined> => {
  try {
    await p
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code'
  }
  return undefined
}

describe('the audit chain detects edited and deleted rows', { timeout: 240_000 }, () => {
  const opened: Database[] = []
  const fresh = async () => {
    const database = await createTestDatabase()
    opened.push(database)
    const org = await ensureOrganisation(database.system, 'Audit test organisation')
    return { database, who: { userId: null, organisationId: org, role: 'lead' } satisfies AuditWho }
  }
  afterAll(async () => {
    for (const d of opened) await d.close()
  })

  it('an intact chain verifies and resists even the owner; an edited detail names exactly that row', async () => {
    const { database, who } = await fresh()
    const ids = await appendRows(database.system, who, 6)
    expect(ids.length).toBeGreaterThanOrEqual(6)
    expect(await verifyAudit(database.system)).toEqual({ ok: true, rows: ids.length, pending: { rows: 0 } })
    // Even the owner cannot change or truncate the log while the trigger stands.
    expect(await sqlState(sql`update audit_log set detail = '{}' where id = ${ids[0]!}`.execute(database.system))).toBe('42501')
    expect(await sqlState(sql`delete from audit_log where id = ${ids[0]!}`.execute(database.system))).toBe('42501')
    expect(await sqlState(sql`truncate audit_log`.execute(database.system))).toBe('42501')
    expect(await verifyAudit(database.system)).toEqual({ ok: true, rows: ids.length, pending: { rows: 0 } })

    const victim = ids[ids.length - 3]!
    await tamper(database.system, sql`update audit_log set detail = jsonb_set(detail, '{id}', '"someone-else"') where id = ${victim}`)
    expect(await verifyAudit(database.system)).toEqual({ ok: false, rows: ids.length, firstBroken: victim, pending: { rows: 0 } })
  })

  it('a deleted middle row: the row after it is the first broken one', async () => {
    const { database, who } = await fresh()
    const ids = await appendRows(database.system, who, 5)
    const gone = ids[2]!
    await tamper(database.system, sql`delete from audit_log where id = ${gone}`)
    expect(await verifyAudit(database.system)).toEqual({ ok: false, rows: ids.length - 1, firstBroken: ids[3], pending: { rows: 0 } })
  })

  it('a deleted newest row is detected through the head', async () => {
    const { database, who } = await fresh()
    const ids = await appendRows(database.system, who, 4)
    const newest = ids[ids.length - 1]!
    await tamper(database.system, sql`delete from audit_log where id = ${newest}`)
    const v = await verifyAudit(database.system)
    expect(v.ok).toBe(false)
    expect(v.rows).toBe(ids.length - 1)
    expect(v.firstBroken).toBe(newest) // one past the last remaining row
  })
})

describe('the app roles cannot write the audit log except through audit_append', () => {
  let database: Database
  let admin: Actor
  let id: number
  beforeAll(async () => {
    database = await createTestDatabase()
    const org = await ensureOrganisation(database.system, 'Audit privileges organisation')
    admin = { userId: null, organisationId: org, role: 'admin', boroughs: null, agreementId: null }
    await audit(database.system, 'users.create', { via: 'test' }, 1, { userId: null, organisationId: org, role: 'admin' })
    id = Number((await database.system.selectFrom('audit_log').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id)
  })
  afterAll(() => database?.close())

  it("an admin can read their organisation's rows but not update, delete or insert them (42501)", async () => {
    const seen = await withActor(database.db, admin, (db) => db.selectFrom('audit_log').select('id').where('id', '=', id).execute())
    expect(seen.map((r) => Number(r.id))).toEqual([id])
    expect(await sqlState(withActor(database.db, admin, (db) => sql`update audit_log set detail = '{}' where id = ${id}`.execute(db)))).toBe('42501')
    expect(await sqlState(withActor(database.db, admin, (db) => sql`delete from audit_log where id = ${id}`.execute(db)))).toBe('42501')
    expect(
      await sqlState(
        withActor(database.db, admin, (db) =>
          sql`
      insert into audit_log (id, at, action, detail, prev_hash, hash) values (999999, now(), 'users.create', '{}', 'x', 'y')`.execute(db),
        ),
      ),
    ).toBe('42501')
    expect(await sqlState(withActor(database.db, admin, (db) => sql`update audit_head set last_id = 1`.execute(db)))).toBe('42501')
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true })
  })

  it('the casework and aggregate roles cannot read it at all, yet append through audit_append', async () => {
    for (const role of ['lead', 'caseworker', 'commissioner'] as const) {
      const actor: Actor = { ...admin, role }
      expect(await sqlState(withActor(database.db, actor, (db) => db.selectFrom('audit_log').select('id').execute()))).toBe('42501')
      await withActor(database.db, actor, (db) => audit(db, 'referrals.list', { role }, 0))
    }
    const rows = await database.system.selectFrom('audit_log').select(['action', 'role', 'organisation_id']).where('action', '=', 'referrals.list').execute()
    expect(rows.map((r) => r.role).sort()).toEqual(['caseworker', 'commissioner', 'lead'])
    expect(rows.every((r) => r.organisation_id === admin.organisationId)).toBe(true)
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true })
  })
})

describe('who an audit row names', () => {
  it("inside a request is always the transaction's actor, whatever audit_append is told", async () => {
    const t = await createTestApp()
    try {
      const lead = await t.world.as('leadB')
      await withActor(t.app.db, lead.actor, (db) =>
        sql`select audit_append('referrals.read', '{}'::jsonb, 1, ${t.world.users.leadA}::uuid, ${t.world.orgs.A}::uuid, 'admin')`.execute(db),
      )
      const { rows } = await sql<{ user_id: string; organisation_id: string; role: string }>`
        select user_id, organisation_id, role from audit_log order by id desc limit 1`.execute(t.database.system)
      expect(rows[0]).toEqual({ user_id: t.world.users.leadB, organisation_id: t.world.orgs.B, role: 'lead' })
    } finally {
      await t.close()
    }
  })
})
