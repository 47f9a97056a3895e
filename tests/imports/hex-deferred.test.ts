import { Readable } from 'node:stream'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { organisationLead } from '../../server/auth/organisation-lead.js'
import { importReferrals } from '../../server/imports/import-referrals.js'
import { createTestDatabase } from '../helpers/db.js'
import { csv, CSV_HEADER, csvRows, ensureProgrammes } from './fixtures.js'

/**
 * A bulk import defers the hex tile counts and rebuilds the touched cells at the end of its
 * transaction (migration 0023): afterwards the counts equal a rebuild from scratch, and referrals
 * written outside imports keep the row-by-row triggers.
 */
let database: Database
let organisationId: string
beforeAll(async () => {
  database = await createTestDatabase()
  await ensureProgrammes(database.system)
  organisationId = (await organisationLead(database.system)).organisationId
}, 180_000)
afterAll(() => database?.close())

const importText = (text: string) => importReferrals(database, Readable.from([text]), { format: 'csv', organisationId })

/** Every non-zero count, and the same after tile_hex_rebuild() in a rolled-back transaction. */
async function countsAndRebuilt() {
  const q = sql<{ k: string }>`
    select concat_ws('|', organisation_id, size, grain, q, r, month, prev, borough_code, programme_id, subject_role, age_band, n) as k
    from tile_hex_counts where n <> 0 order by 1`
  const now = (await q.execute(database.system)).rows.map((r) => r.k)
  let rebuilt: string[] = []
  await database.system
    .transaction()
    .execute(async (trx) => {
      await sql`select tile_hex_rebuild()`.execute(trx)
      rebuilt = (await q.execute(trx)).rows.map((r) => r.k)
      throw new Error('roll back')
    })
    .catch((err: Error) => {
      if (err.message !== 'roll back') throw err
    })
  return { now, rebuilt }
}

describe('hex tile counts after a bulk import', { timeout: 180_000 }, () => {
  it('equal a full rebuild after new referrals, changed ones and unchanged ones', async () => {
    const first = await importText(csv(CSV_HEADER, csvRows('HX', 40, 3)))
    expect(first).toMatchObject({ ok: true, inserted: 40, locations: 120 })
    expect(first.timings.hex).toBeGreaterThanOrEqual(0)
    let c = await countsAndRebuilt()
    expect(c.now.length).toBeGreaterThan(0)
    expect(c.now).toEqual(c.rebuilt)

    // Half the referrals move (new locations), a quarter change their age band; the rest are unchanged.
    const rows = csvRows('HX', 40, 3).map((line) => {
      const i = Number(line.split(',')[0]!.split('-')[1])
      if (i % 2 === 0) return line.replace(/,(-0\.\d+),(51\.\d+),/, (_m, lon: string, lat: string) => `,${(Number(lon) + 0.01).toFixed(6)},${lat},`)
      if (i % 4 === 1) return line.replace(',14-15,', ',16-17,')
      return line
    })
    const second = await importText(csv(CSV_HEADER, [...rows, ...csvRows('HY', 5, 2)]))
    expect(second).toMatchObject({ ok: true, inserted: 5, updated: 30, unchanged: 10 })
    c = await countsAndRebuilt()
    expect(c.now).toEqual(c.rebuilt)
    // Nothing stays deferred after the import's transaction.
    const { rows: left } = await sql<{ s: string | null }>`select current_setting('crossborough.defer_hex', true) as s`.execute(database.system)
    expect(left[0]!.s ?? '').toBe('')
  })
})
