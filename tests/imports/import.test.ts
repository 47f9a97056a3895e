import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { organisationLead } from '../../server/auth/organisation-lead.js'
import { importReferrals } from '../../server/imports/import-referrals.js'
import { dataVersions } from '../../server/cache/data-versions.js'
import { createTestDatabase } from '../helpers/db.js'
import { csv, CSV_HEADER, csvRows, ensureProgrammes, GRID_HEADER, SOHO, SOHO_GRID, stored, WEMBLEY } from './fixtures.js'

let database: Database
let organisationId: string
beforeAll(async () => {
  database = await createTestDatabase()
  await ensureProgrammes(database.system)
  organisationId = (await organisationLead(database.system)).organisationId
})
afterAll(() => database?.close())

const importText = (text: string, format: 'csv' | 'geojson' = 'csv') => importReferrals(database, Readable.from([text]), { format, organisationId })

describe('importReferrals (CSV, GeoJSON)', () => {
  it('imports CSV with lon/lat: one referral per external_id, locations with their borough and ward', async () => {
    const report = await importText(csv(CSV_HEADER, csvRows('LL', 3)))
    expect(report.errors).toEqual([])
    expect(report).toMatchObject({ ok: true, processed: 6, inserted: 3, updated: 0, unchanged: 0, locations: 6 })
    const { referrals, locations } = await stored(database.system, 'LL')
    expect(referrals).toBe(3)
    expect(locations.filter((l) => l.external_id === 'LL-0').map((l) => l.borough_code)).toEqual([WEMBLEY.borough, WEMBLEY.borough])
    expect(locations.filter((l) => l.external_id === 'LL-1').map((l) => l.borough_code)).toEqual([SOHO.borough, SOHO.borough])
    expect(locations.every((l) => l.ward_code !== null)).toBe(true)
  })

  it('imports CSV with easting/northing (British National Grid)', async () => {
    const row = `EN-1,mentoring,victim,16-17,${SOHO_GRID.borough},2024-11-02,home,${SOHO_GRID.easting},${SOHO_GRID.northing},2024-11-02,postcode`
    const report = await importText(csv(GRID_HEADER, [row]))
    expect(report).toMatchObject({ ok: true, inserted: 1, locations: 1 })
    expect((await stored(database.system, 'EN')).locations[0]!.borough_code).toBe(SOHO_GRID.borough)
  })

  it('imports a GeoJSON FeatureCollection of points, streamed', async () => {
    const feature = (id: string, kind: string, p: { lon: number; lat: number }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: {
        external_id: id,
        programme: 'family-support',
        subject_role: 'both',
        age_band: '18-20',
        funding_borough: WEMBLEY.borough,
        opened_on: '2025-01-10',
        location_kind: kind,
        observed_on: '2025-01-12',
        precision: 'exact',
      },
    })
    const text = JSON.stringify({
      type: 'FeatureCollection',
      features: [feature('GJ-1', 'home', WEMBLEY), feature('GJ-1', 'school', SOHO), feature('GJ-2', 'home', SOHO)],
    })
    const report = await importText(text, 'geojson')
    expect(report.errors).toEqual([])
    expect(report).toMatchObject({ ok: true, processed: 3, inserted: 2, locations: 3 })
    const { locations } = await stored(database.system, 'GJ')
    expect(locations.map((l) => [l.external_id, l.kind, l.borough_code])).toEqual([
      ['GJ-1', 'home', WEMBLEY.borough],
      ['GJ-1', 'school', SOHO.borough],
      ['GJ-2', 'home', SOHO.borough],
    ])
  })

  it('writes nothing when one row among many is bad, and names its row (header = row 1) and field', async () => {
    const rows = csvRows('BAD', 100)
    rows[57] = rows[57]!.replace(',14-15,', ',15-19,')
    const report = await importText(csv(CSV_HEADER, rows))
    expect(report.ok).toBe(false)
    expect(report.errorCount).toBe(1)
    expect(report.errors).toEqual([{ row: 59, field: 'age_band', message: expect.stringContaining('must be one of') }])
    expect((await stored(database.system, 'BAD')).referrals).toBe(0)
  })

  it('checks in SQL: unknown programme, funding borough, outside the service area, rows of a referral that disagree', async () => {
    const rows = csvRows('SQ', 4)
    rows[1] = rows[1]!.replace(',mentoring,', ',juggling,') // row 3, same referral as row 2
    rows[2] = rows[2]!.replace(',E09000033,', ',E09999999,') // row 4
    rows[5] = rows[5]!.replace(/,-?\d+\.\d+,51\.\d+,/, ',-3.0,53.4,') // row 7: Liverpool
    const report = await importText(csv(CSV_HEADER, rows))
    expect(report.ok).toBe(false)
    expect(report.errors.map((e) => [e.row, e.field])).toEqual(
      expect.arrayContaining([
        [3, 'programme'],
        [4, 'funding_borough'],
        [7, 'lon'],
      ]),
    )
    expect(report.errors.find((e) => e.row === 3 && e.message.includes('differs from row 2'))).toBeDefined()
    expect((await stored(database.system, 'SQ')).referrals).toBe(0)
  })

  it('reports a missing column and an empty file plainly', async () => {
    const r1 = await importText('external_id,programme\nX,mentoring\n')
    expect(r1.ok).toBe(false)
    expect(r1.errors[0]).toMatchObject({ row: 1, message: expect.stringContaining('missing') })
    const r2 = await importText(`${CSV_HEADER}\n`)
    expect(r2.errors[0]).toMatchObject({ row: 0, field: 'file', message: 'holds no data rows' })
  })

  it('is idempotent on external_id: the same file twice is one copy (second run all unchanged); changed rows replace the locations', async () => {
    const text = csv(CSV_HEADER, csvRows('ID', 5))
    expect(await importText(text)).toMatchObject({ ok: true, inserted: 5, locations: 10 })
    // A re-upload that changes nothing leaves the data versions (every kept answer's and tile's key) alone.
    const versions = await dataVersions(database.system)
    expect(await importText(text)).toMatchObject({ ok: true, inserted: 0, updated: 0, unchanged: 5, locations: 0 })
    expect(await dataVersions(database.system)).toBe(versions)
    expect(await stored(database.system, 'ID')).toMatchObject({ referrals: 5 })
    expect((await stored(database.system, 'ID')).locations).toHaveLength(10)

    const changed = csvRows('ID', 5).filter((r) => !(r.startsWith('ID-4,') && r.includes(',incident,')))
    expect(await importText(csv(CSV_HEADER, changed))).toMatchObject({ ok: true, inserted: 0, updated: 1, unchanged: 4, locations: 1 })
    expect(await dataVersions(database.system)).not.toBe(versions)
    const { locations } = await stored(database.system, 'ID')
    expect(locations.filter((l) => l.external_id === 'ID-4').map((l) => l.kind)).toEqual(['home'])
  })
})
