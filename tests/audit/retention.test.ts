import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { verifyAudit } from '../../server/audit/audit.js'
import { ensureOrganisation } from '../../server/auth/accounts.repository.js'
import type { Database } from '../../server/db/database.js'
import { dataVersions } from '../../server/cache/data-versions.js'
import { withActor } from '../../server/db/scoped.js'
import type { DB } from '../../server/db/types.js'
import { purgeExpired, startRetentionJob } from '../../server/retention/job.js'
import { createTestDatabase } from '../helpers/db.js'

let database: Database
let org: string
let programme: number

beforeAll(async () => {
  database = await createTestDatabase()
  org = await ensureOrganisation(database.system, 'Retention test organisation')
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(database.system)
  programme = (await database.system.selectFrom('programmes').select('id').where('slug', '=', 'mentoring').executeTakeFirstOrThrow()).id
})
afterAll(() => database?.close())

/** A referral opened `openedMonthsAgo` months ago, closed `closedMonthsAgo` months ago (null = open), with two locations and a zone. */
async function seedReferral(system: Kysely<DB>, externalId: string, openedMonthsAgo: number, closedMonthsAgo: number | null): Promise<string> {
  const { rows } = await sql<{ id: string }>`
    insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, status, opened_on, closed_on)
    values (${org}, ${programme}, ${externalId}, 'at_risk', '16-17', 'E09000033',
            ${closedMonthsAgo === null ? 'open' : 'closed'},
            (current_date - make_interval(months => ${openedMonthsAgo}::integer))::date,
            case when ${closedMonthsAgo}::integer is null then null else (current_date - make_interval(months => ${closedMonthsAgo}::integer))::date end)
    returning id`.execute(system)
  const id = rows[0]!.id
  await sql`
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select ${id}, k, ST_SetSRID(ST_MakePoint(525000 + n * 100, 183000), 27700), (current_date - make_interval(months => ${openedMonthsAgo}::integer))::date, 'exact'
    from (values ('home', 1), ('incident', 2)) v(k, n)`.execute(system)
  await sql`
    insert into exclusion_zones (referral_id, name, geom)
    values (${id}, 'Zone', ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(525000, 183000), 27700), 50)))`.execute(system)
  return id
}

const count = async (table: 'referrals' | 'referral_locations' | 'exclusion_zones', column: 'id' | 'referral_id', id: string) =>
  Number(
    (
      await database.system
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(column, '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('retention_purge', () => {
  it('deletes only referrals closed longer ago than the period, with their locations and zones, and audits the purge', async () => {
    const old = await seedReferral(database.system, 'RET-OLD', 36, 30)
    const recent = await seedReferral(database.system, 'RET-RECENT', 12, 1)
    const open = await seedReferral(database.system, 'RET-OPEN', 40, null)
    expect(await count('referral_locations', 'referral_id', old)).toBe(2)

    const before = await dataVersions(database.system)
    expect(await purgeExpired(database.system, 24)).toBe(1)
    // Deleting referrals moves the data version every kept answer and tile ETag is keyed by.
    const afterDelete = await dataVersions(database.system)
    expect(afterDelete).not.toBe(before)

    expect(await count('referrals', 'id', old)).toBe(0)
    expect(await count('referral_locations', 'referral_id', old)).toBe(0)
    expect(await count('exclusion_zones', 'referral_id', old)).toBe(0)
    for (const kept of [recent, open]) {
      expect(await count('referrals', 'id', kept)).toBe(1)
      expect(await count('referral_locations', 'referral_id', kept)).toBe(2)
      expect(await count('exclusion_zones', 'referral_id', kept)).toBe(1)
    }
    const purge = await database.system
      .selectFrom('audit_log')
      .select(['action', 'row_count', 'detail'])
      .where('action', '=', 'retention.purge')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(Number(purge.row_count)).toBe(1)
    expect(purge.detail).toMatchObject({ months: 24 })
    expect(await verifyAudit(database.system)).toMatchObject({ ok: true })

    // Nothing more is due: the next purge deletes nothing and says so in the log too, and leaves the
    // data versions alone (an empty DELETE still fired the referrals' version trigger, and the daily
    // run threw away every kept answer and tile ETag).
    expect(await purgeExpired(database.system, 24)).toBe(0)
    expect(await dataVersions(database.system)).toBe(afterDelete)
    await expect(purgeExpired(database.system, 0)).rejects.toThrow(/at least one month/)
  })

  it('is for the service alone: no request role may purge, admins included', async () => {
    for (const role of ['lead', 'caseworker', 'commissioner', 'partner', 'admin'] as const) {
      const actor = { userId: null, organisationId: org, role, boroughs: null, agreementId: null }
      const code = await withActor(database.db, actor, (db) => purgeExpired(db, 24)).then(
        () => 'ok',
        (err: { code?: string }) => err.code,
      )
      expect(code).toBe('42501')
    }
  })
})

describe('the daily retention job', () => {
  it('runs shortly after start and logs the count; stop() ends the schedule', async () => {
    const old = await seedReferral(database.system, 'RET-JOB', 40, 26)
    const log = { info: vi.fn(), error: vi.fn() }
    const job = startRetentionJob(database.system, 24, log, { firstDelayMs: 10, intervalMs: 24 * 3600 * 1000 })
    await vi.waitFor(() => expect(log.info).toHaveBeenCalledTimes(1), { timeout: 30_000, interval: 50 })
    expect(log.info.mock.calls[0]![0]).toMatchObject({ deleted: 1, months: 24 })
    expect(log.error).not.toHaveBeenCalled()
    expect(await count('referrals', 'id', old)).toBe(0)
    expect(await job.runNow()).toBe(0)
    await job.stop()
  })

  it('logs a failure instead of throwing', async () => {
    const log = { info: vi.fn(), error: vi.fn() }
    const job = startRetentionJob(database.system, 0, log, { firstDelayMs: 3_600_000 })
    expect(await job.runNow()).toBeNull()
    expect(log.error).toHaveBeenCalledTimes(1)
    await job.stop()
  })
})
