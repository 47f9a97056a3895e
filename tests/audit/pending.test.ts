import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { audit, foldAudit, recordRead, verifyAudit } from '../../server/audit/audit.js'
import { ensureOrganisation } from '../../server/auth/accounts.repository.js'
import type { Actor } from '../../server/auth/actor.js'
import type { Database } from '../../server/db/database.js'
import { withActor } from '../../server/db/scoped.js'
import type { DB } from '../../server/db/types.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * Exact reads recorded without the chain's lock (migration 0023): a pending record in the reading
 * transaction, folded into the hash chain in order; verification covers both.
 */
let database: Database
let actor: Actor
beforeAll(async () => {
  database = await createTestDatabase()
  const org = await ensureOrganisation(database.system, 'Pending audit organisation')
  actor = { userId: null, organisationId: org, role: 'lead', boroughs: null, agreementId: null }
}, 180_000)
afterAll(async () => database?.close())

const pending = async (db: Kysely<DB>) =>
  (
    await sql<{ id: number; action: string; detail: Record<string, unknown>; row_count: number | null; role: string; organisation_id: string }>`
    select id, action, detail, row_count, role, organisation_id from audit_pending order by id`.execute(db)
  ).rows
const chained = async (db: Kysely<DB>) =>
  (
    await sql<{ id: number; detail: Record<string, unknown>; row_count: number | null; role: string }>`
    select id, detail, row_count, role from audit_log where action = 'referrals.read' order by id`.execute(db)
  ).rows
const sqlState = async (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (err: { code?: string }) => err.code ?? 'no code',
  )

describe('pending read records', { timeout: 120_000 }, () => {
  it('are written in the reading transaction with its actor, and vanish with a rollback', async () => {
    await withActor(database.db, actor, (trx) => recordRead(trx, 'referrals.read', { via: 'tiles', tile: '14/1/1' }, 7))
    await expect(
      withActor(database.db, actor, async (trx) => {
        await recordRead(trx, 'referrals.read', { via: 'tiles', tile: 'rolled-back' }, 1)
        throw new Error('the request failed after the read')
      }),
    ).rejects.toThrow(/request failed/)
    const rows = await pending(database.system)
    expect(rows.map((r) => r.detail.tile)).toEqual(['14/1/1'])
    expect(rows[0]).toMatchObject({ action: 'referrals.read', row_count: 7, role: 'lead', organisation_id: actor.organisationId })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true, pending: { rows: 1 } })
  })

  it('cannot be changed or removed except by the fold, and an edit made behind the trigger is found', async () => {
    expect(await sqlState(sql`update audit_pending set row_count = 0`.execute(database.system))).toBe('42501')
    expect(await sqlState(sql`delete from audit_pending`.execute(database.system))).toBe('42501')
    expect(await sqlState(sql`truncate audit_pending`.execute(database.system))).toBe('42501')
    const [row] = await pending(database.system)
    await database.system.transaction().execute(async (trx) => {
      await sql`alter table audit_pending disable trigger audit_pending_append_only`.execute(trx)
      await sql`update audit_pending set row_count = 0 where id = ${row!.id}`.execute(trx)
      await sql`alter table audit_pending enable trigger audit_pending_append_only`.execute(trx)
    })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: false, pending: { rows: 1, firstBroken: Number(row!.id) } })
    await database.system.transaction().execute(async (trx) => {
      await sql`alter table audit_pending disable trigger audit_pending_append_only`.execute(trx)
      await sql`update audit_pending set row_count = 7 where id = ${row!.id}`.execute(trx)
      await sql`alter table audit_pending enable trigger audit_pending_append_only`.execute(trx)
    })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true })
  })

  it('are folded into the chain in the order they were recorded, between ordinary appends, once each', async () => {
    for (let i = 0; i < 5; i++) await withActor(database.db, actor, (trx) => recordRead(trx, 'referrals.read', { via: 'tiles', tile: `t${i}` }, i))
    await audit(database.system, 'referrals.read', { via: 'direct' }, null, { userId: null, organisationId: actor.organisationId, role: 'lead' })
    expect(await foldAudit(database.system)).toBe(6)
    expect(await foldAudit(database.system)).toBe(0)
    expect(await pending(database.system)).toEqual([])
    const rows = await chained(database.system)
    expect(rows.map((r) => r.detail.tile ?? r.detail.via)).toEqual(['direct', '14/1/1', 't0', 't1', 't2', 't3', 't4'])
    const ids = rows.slice(1).map((r) => Number(r.detail.pending))
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    expect(rows[1]).toMatchObject({ row_count: 7, role: 'lead' })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true, pending: { rows: 0 } })
    // The chain still detects an edit of a folded row.
    await database.system.transaction().execute(async (trx) => {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(trx)
      await sql`update audit_log set row_count = 99 where id = ${rows[3]!.id}`.execute(trx)
      await sql`alter table audit_log enable trigger audit_log_append_only`.execute(trx)
    })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: false, firstBroken: Number(rows[3]!.id) })
  })

  it('withActor returns the data versions with the settings (one statement)', async () => {
    const { rows } = await sql<{ version: number }>`select version from tile_data_versions where layer = 'referrals'`.execute(database.system)
    const { scopedVersion } = await import('../../server/db/scoped.js')
    const seen = await withActor(database.db, actor, async (trx) => ({
      version: scopedVersion(trx, 'referrals'),
      role: (await sql<{ r: string; org: string }>`select current_user as r, current_setting('crossborough.organisation_id') as org`.execute(trx)).rows[0],
    }))
    expect(seen.version).toBe(String(rows[0]!.version))
    expect(seen.role).toEqual({ r: 'crossborough_casework', org: actor.organisationId })
  })
})
