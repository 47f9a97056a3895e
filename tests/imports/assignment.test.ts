import { Readable } from 'node:stream'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import type { DB } from '../../server/db/types.js'
import { organisationLead } from '../../server/auth/organisation-lead.js'
import { importReferrals } from '../../server/imports/import-referrals.js'
import { createTestDatabase } from '../helpers/db.js'
import { csv, ensureProgrammes, GRID_HEADER } from './fixtures.js'

/**
 * The bulk import assigns areas set-based (server/imports/write.ts); a single location gets them
 * from the trigger (`location_areas()`). Both must give the same codes and border distances, and
 * the same as the definition they replaced (migration 0002), on the real boundaries.
 */
let database: Database
let owner: Kysely<DB>
let organisationId: string
beforeAll(async () => {
  database = await createTestDatabase()
  // The owner's connection where the service has one (bulk imports run as the owner).
  owner = (database as Database & { system?: Kysely<DB> }).system ?? database.db
  await ensureProgrammes(owner)
  organisationId = (await organisationLead(owner)).organisationId
})
afterAll(() => database?.close())

interface Assigned {
  id: string
  x: number
  y: number
  borough_code: string | null
  ward_code: string | null
  lsoa_code: string | null
  estate_code: string | null
  patch_code: string | null
  border_code: string | null
  border_distance_m: number | null
}

/** Deterministic pseudo-random numbers in [0, 1). */
function lcg(seed: number) {
  let s = seed >>> 0
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
}

const read = async () =>
  (
    await sql<Assigned>`
    select l.id, ST_X(l.geom) as x, ST_Y(l.geom) as y, l.borough_code, l.ward_code, l.lsoa_code, l.estate_code, l.patch_code,
           l.border_code, l.border_distance_m
    from referral_locations l join referrals r on r.id = l.referral_id
    where r.external_id like 'AS-%' order by l.id`.execute(owner)
  ).rows

describe('area assignment: bulk import = trigger = the 0002 definition', () => {
  it('gives the same codes and nearest-border distances for a sample of points', async () => {
    // Random points over the boroughs' extent (some outside London), and points on and just off
    // the shared borders (on a vertex, at a tri-junction, a metre either side).
    const ext = (
      await sql<{ x0: number; y0: number; x1: number; y1: number }>`
      select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1
      from (select ST_Extent(geom)::geometry as e from areas where kind = 'borough') b`.execute(owner)
    ).rows[0]!
    const rnd = lcg(20261127)
    const points: [number, number][] = []
    for (let i = 0; i < 300; i++) points.push([ext.x0 + rnd() * (ext.x1 - ext.x0), ext.y0 + rnd() * (ext.y1 - ext.y0)])
    const border = (
      await sql<{ x: number; y: number }>`
      select ST_X(p) as x, ST_Y(p) as y from (
        select d.geom as p, row_number() over (order by b.borough_a, b.borough_b, d.path) as n
        from borough_borders b cross join lateral ST_DumpPoints(b.geom) d
      ) v where n % 97 = 0 limit 80`.execute(owner)
    ).rows
    for (const p of border) points.push([p.x, p.y], [p.x + 1, p.y], [p.x, p.y - 1], [p.x - 0.5, p.y + 0.5])
    const rows = points.map(([x, y], i) => `AS-${Math.floor(i / 3)},mentoring,at_risk,14-15,E09000033,2025-03-01,home,${x},${y},2025-03-02,exact`)

    const report = await importReferrals(database, Readable.from([csv(GRID_HEADER, rows)]), { format: 'csv', organisationId })
    expect(report.errors).toEqual([])
    expect(report).toMatchObject({ ok: true, locations: points.length })
    const bulk = await read()
    expect(bulk).toHaveLength(points.length)
    expect(bulk.filter((l) => l.borough_code === null).length).toBeGreaterThan(0) // some outside London
    expect(bulk.filter((l) => l.border_distance_m === 0).length).toBeGreaterThan(0) // some on a border

    // The trigger: moving a point (here onto itself) reassigns its areas one row at a time.
    await sql`update referral_locations l set geom = l.geom from referrals r
              where r.id = l.referral_id and r.external_id like 'AS-%'`.execute(owner)
    const single = await read()
    expect(single).toEqual(bulk.map((b) => ({ ...b, border_distance_m: expect.closeTo(b.border_distance_m!, 9) })))

    // The definition of migration 0002 (point in polygon over area_parts, KNN over borough parts).
    const old = (
      await sql<Assigned>`
      select l.id, h.borough_code, h.ward_code, h.lsoa_code, nb.code as border_code, nb.distance as border_distance_m
      from referral_locations l join referrals r on r.id = l.referral_id
      cross join lateral (
        select min(a.code) filter (where a.kind = 'borough') as borough_code, min(a.code) filter (where a.kind = 'ward') as ward_code,
               min(a.code) filter (where a.kind = 'lsoa') as lsoa_code
        from area_parts p join areas a on a.id = p.area_id
        where ST_Intersects(p.geom, l.geom) and (a.valid_to is null or a.valid_to > current_date)) h
      left join lateral (
        select p.code, ST_Distance(p.geom, l.geom) as distance from area_parts p
        where p.kind = 'borough' and p.code is distinct from h.borough_code order by p.geom <-> l.geom limit 1) nb on true
      where r.external_id like 'AS-%' order by l.id`.execute(owner)
    ).rows
    expect(old).toHaveLength(bulk.length)
    old.forEach((o, i) => {
      const b = bulk[i]!
      expect([b.borough_code, b.ward_code, b.lsoa_code]).toEqual([o.borough_code, o.ward_code, o.lsoa_code])
      expect(b.border_distance_m).toBeCloseTo(o.border_distance_m!, 6)
      // On a border two boroughs can be equally near (0 m); the old KNN took either one.
      if (o.border_distance_m! > 0.01) expect(b.border_code).toBe(o.border_code)
    })
  })
})
