import { Readable } from 'node:stream'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importReferrals } from '../../server/imports/import-referrals.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { ensureProgrammes } from '../reliability/service.js'
import { RUNS } from './problems.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await ensureProgrammes(t.database.system)
}, 180_000)
afterAll(async () => t?.close())

const HEADER = 'external_id,programme,subject_role,age_band,funding_borough,opened_on,location_kind,lon,lat,observed_on,precision'
const COLUMNS = HEADER.split(',')
const good = (i: number) => [`CSV-${i}`, 'mentoring', 'at_risk', '16-17', 'E09000033', '2026-03-01', 'home', '-0.195', '51.534', '2026-03-01', 'exact']

/** What ends up in a spreadsheet cell by mistake. */
const cell = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '1e400',
    '-0.195;51.534',
    '51,534',
    '"',
    '""',
    '"unterminated',
    '\r',
    '\n',
    '\u0000',
    '=cmd()',
    '2026-02-30',
    '31/12/2026',
    'E09000033 ',
    'x'.repeat(5000),
    '180.0001',
    '-91',
  ),
  fc.string({ maxLength: 20 }),
  fc.double().map(String),
)

const counts = async () => {
  const { rows } = await sql<{
    r: number
    l: number
  }>`select (select count(*)::int from referrals) as r, (select count(*)::int from referral_locations) as l`.execute(t.database.system)
  return { referrals: Number(rows[0]!.r), locations: Number(rows[0]!.l) }
}

describe('CSV rows for bulk import', () => {
  it('imports all or nothing: a bad cell fails the file with errors naming row and column, never a throw, never part of it', async () => {
    let file = 0
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: COLUMNS.length - 1 }), cell), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('\n', '\r\n'),
        async (rows, edits, eol) => {
          file++
          const lines = Array.from({ length: rows }, (_, i) => good(file * 1000 + i))
          for (const [r, c, v] of edits) lines[r % rows]![c] = /[",\r\n]/.test(v) && Math.random() < 0.5 ? `"${v.replace(/"/g, '""')}"` : v
          const csv = [HEADER, ...lines.map((l) => l.join(','))].join(eol) + eol
          const before = await counts()
          const report = await importReferrals(t.database, Readable.from([csv]), { format: 'csv', organisationId: t.world.orgs.A })
          if (report.ok) return
          expect(report.errorCount).toBeGreaterThan(0)
          for (const e of report.errors) {
            expect(e.row).toBeGreaterThanOrEqual(0)
            expect(e.field).toBeTruthy()
            expect(e.message).toBeTruthy()
          }
          expect(await counts()).toEqual(before)
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    )
  })

  it('reports a quote inside an unquoted cell (found by the property above) as an unreadable file, writing nothing', async () => {
    const lines = [good(900001), good(900002)]
    lines[0]![0] = ' "'
    const csv = [HEADER, ...lines.map((l) => l.join(','))].join('\n') + '\n'
    const before = await counts()
    const report = await importReferrals(t.database, Readable.from([csv]), { format: 'csv', organisationId: t.world.orgs.A })
    expect(report.ok).toBe(false)
    expect(report.errors[0]).toMatchObject({ row: 2, field: 'file' })
    expect(report.errors[0]!.message).toMatch(/not readable CSV/)
    expect(await counts()).toEqual(before)
  })
})
