import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { BORDER_ESTATES, DEMO_ESTATES } from '../../server/demo/estates.js'
import { DEMO_ORGANISATION } from '../../server/demo/organisation.js'
import { seedDemo, seedDemoIfEmpty, type SeedDemoReport } from '../../server/demo/seed.js'
import { createTestDatabase } from '../helpers/db.js'
import { BRENT, TODAY, WESTMINSTER } from './london.js'

const COUNT = 300

describe('seeding the demo data', () => {
  let database: Database
  let report: SeedDemoReport
  const logged: string[] = []
  const log = { info: (m: string) => void logged.push(m), warn: (m: string) => void logged.push(m) }

  beforeAll(async () => {
    database = await createTestDatabase()
    report = await seedDemo(database.system, { count: COUNT, seed: 11, today: TODAY, log })
  })
  afterAll(async () => database?.close())

  const q = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.system)).rows

  it('loads the referrals, locations and exclusion zones, all synthetic, in one go', async () => {
    expect(report.referrals).toBe(COUNT)
    expect(report.estates).toBe(DEMO_ESTATES.length)
    const [c] = await q(sql<{ referrals: number; synthetic: number; locations: number; zones: number; org: boolean }>`
      select (select count(*)::int from referrals) as referrals,
             (select count(*)::int from referrals where synthetic) as synthetic,
             (select count(*)::int from referral_locations) as locations,
             (select count(*)::int from exclusion_zones) as zones,
             (select synthetic from organisations where name = ${DEMO_ORGANISATION}) as org`)
    expect(c).toEqual({ referrals: COUNT, synthetic: COUNT, locations: report.locations, zones: report.exclusionZones, org: true })
    expect(report.exclusionZones).toBeGreaterThan(10)
    const programmes = await q(sql<{ slug: string; name: string }>`select slug, name from programmes order by slug`)
    expect(programmes).toEqual([
      { slug: 'family-support', name: 'Family support' },
      { slug: 'mentoring', name: 'Mentoring' },
      { slug: 'relocation', name: 'Relocation' },
    ])
    expect(logged.some((m) => /inserted in \d+ ms/.test(m))).toBe(true)
  })

  it('gives every seeded referral one secret record key in 0..2^20−1 (the cell-key method), spread over the range', async () => {
    const [c] = await q(sql<{ referrals: number; keyed: number; bad: number; distinct: number; mean: number }>`
      select (select count(*)::int from referrals) as referrals,
             count(*)::int as keyed,
             count(*) filter (where record_key < 0 or record_key >= 1048576)::int as bad,
             count(distinct record_key)::int as distinct,
             avg(record_key)::float8 as mean
      from referral_record_keys k join referrals r on r.id = k.referral_id`)
    expect(c!.keyed).toBe(c!.referrals)
    expect(c!.bad).toBe(0)
    // Uniform keys: nearly all distinct among 300, mean 2^19 within 6 standard errors (2^20/√(12·300) ≈ 17,500).
    expect(c!.distinct).toBeGreaterThan(COUNT - 5)
    expect(Math.abs(Number(c!.mean) - 524288)).toBeLessThan(6 * 17_500)
  })

  it('has the database assign a borough to every location (deferred, then set-based)', async () => {
    const [c] = await q(sql<{ missing: number; estates: number }>`
      select count(*) filter (where borough_code is null)::int as missing, count(estate_code)::int as estates from referral_locations`)
    expect(c!.missing).toBe(0)
    expect(c!.estates).toBeGreaterThan(COUNT / 10)
  })

  it('imports the synthetic estates; the Kilburn and Harrow Road ones straddle Brent and Westminster', async () => {
    const estates = await q(sql<{ code: string; synthetic: boolean; licence: string }>`
      select code, synthetic, licence from areas where kind = 'estate' order by code`)
    expect(estates.map((e) => e.code)).toEqual(DEMO_ESTATES.map((e) => e.code))
    expect(estates.every((e) => e.synthetic && e.licence === 'synthetic')).toBe(true)
    const straddling = await q(sql<{ code: string; boroughs: string[] }>`select code, boroughs from straddling_areas order by code`)
    for (const code of BORDER_ESTATES) {
      expect(straddling.find((s) => s.code === code)?.boroughs).toEqual(expect.arrayContaining([BRENT, WESTMINSTER]))
    }
  })

  it('crosses boundaries: multi-borough referrals and Brent | Westminster border-zone activity', async () => {
    const rows = await q(sql<{
      multi_borough: boolean
      funding_mismatch: boolean
      border_zone: { between: string[]; distanceM: number }[]
      straddling_areas: string[]
    }>`
      select c.* from referral_cross_boundary(array(select id from referrals), 400) c`)
    expect(rows).toHaveLength(COUNT)
    const multi = rows.filter((r) => r.multi_borough).length
    expect(multi).toBeGreaterThan(COUNT * 0.25)
    expect(rows.filter((r) => r.funding_mismatch).length).toBeGreaterThan(COUNT * 0.1)
    const brentWestminster = rows.filter((r) => r.border_zone.some((z) => z.between.join('|') === `${BRENT}|${WESTMINSTER}`))
    expect(brentWestminster.length).toBeGreaterThan(5)
    expect(rows.filter((r) => r.straddling_areas.length > 0).length).toBeGreaterThan(5)
  })

  it('loads once: a second run into the same organisation is refused, and start-up seeding only fills an empty embedded database', async () => {
    await expect(seedDemo(database.system, { count: 5, seed: 11, today: TODAY })).rejects.toThrow(/already has 300 referrals/)
    const config = { demo: true, databaseUrl: undefined, demoReferrals: 10, demoSeed: 1 }
    const quiet = { info() {}, warn() {} }
    expect(await seedDemoIfEmpty(database, config, quiet)).toBeNull()
    expect(await seedDemoIfEmpty({ ...database, backend: 'postgres' }, config, quiet)).toBeNull()
    expect(await seedDemoIfEmpty(database, { ...config, demo: false, databaseUrl: 'postgres://x' }, quiet)).toBeNull()
  })
})
