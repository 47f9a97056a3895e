import { Readable } from 'node:stream'
import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lookupPoint } from '../../../server/areas/areas.repository.js'
import { organisationLead } from '../../../server/auth/organisation-lead.js'
import type { Database } from '../../../server/db/database.js'
import type { DB } from '../../../server/db/types.js'
import { importReferrals } from '../../../server/imports/import-referrals.js'
import { createTestDatabase } from '../../helpers/db.js'
import { csv, ensureProgrammes, GRID_HEADER } from '../../imports/fixtures.js'
import { type CrossBoundaryCase, GOLDEN_RULES, type HexGolden, type LocationGolden, readGolden } from './golden-rules.js'

/**
 * The golden cases of tests/golden/rules/*.json through the SQL that carries each rule: location
 * assignment (`location_areas()` behind the trigger and the point lookup, and the bulk import's
 * set-based assignment), the hex grid (`hex_cell`, `tile_hex_axial`, `hex_cell_id`, `hex_cell_geom`)
 * and the cross-boundary classification (`referral_cross_boundary`). typescript.test.ts runs the
 * same files through the TypeScript copies the live page and the analyses need.
 */
let database: Database
let owner: Kysely<DB>
let organisationId: string
beforeAll(async () => {
  database = await createTestDatabase()
  owner = database.system
  await ensureProgrammes(owner)
  organisationId = (await organisationLead(owner)).organisationId
})
afterAll(() => database?.close())

describe('location assignment golden cases', () => {
  const g = readGolden<LocationGolden>(GOLDEN_RULES.location)
  const [ox, oy] = g.origin
  const point = (p: [number, number]) => sql`ST_SetSRID(ST_MakePoint(${ox + p[0]}::float8, ${oy + p[1]}::float8), 27700)`
  const expected = g.cases.map((c) => c.expect)

  beforeAll(async () => {
    for (const a of g.areas) {
      const [x0, y0, x1, y1] = a.box
      await sql`insert into areas (kind, code, name, geom, valid_from, valid_to, source, licence, synthetic)
                values (${a.kind}, ${a.code}, ${a.code},
                        ST_Multi(ST_MakeEnvelope(${ox + x0}::float8, ${oy + y0}::float8, ${ox + x1}::float8, ${oy + y1}::float8, 27700)),
                        ${a.validTo ? '2010-01-01' : null}::date, ${a.validTo ?? null}::date, 'golden cases', 'none', true)`.execute(owner)
    }
    await sql`insert into area_parts (area_id, kind, code, geom)
              select a.id, a.kind, a.code, (ST_Dump(a.geom)).geom from areas a where a.source = 'golden cases'`.execute(owner)
  })

  it('location_areas() (the trigger and reassignment) gives each expected answer', async () => {
    const got = []
    for (const c of g.cases) {
      const { rows } = await sql<Assigned>`
        select borough_code as borough, ward_code as ward, lsoa_code as lsoa, estate_code as estate, patch_code as patch,
               border_code as border, border_distance_m as "distanceM"
        from location_areas(${point(c.at)})`.execute(owner)
      got.push(rows[0])
    }
    expect(got).toEqual(expected)
  })

  it('the bulk import (set-based assignment) gives the same answers', async () => {
    const rows = g.cases.map((c, i) => `GR-${i},mentoring,at_risk,14-15,ZZB1,2025-03-01,home,${ox + c.at[0]},${oy + c.at[1]},2025-03-02,exact`)
    const report = await importReferrals(database, Readable.from([csv(GRID_HEADER, rows)]), { format: 'csv', organisationId })
    expect(report.errors).toEqual([])
    const { rows: got } = await sql<Assigned & { external_id: string }>`
      select r.external_id, l.borough_code as borough, l.ward_code as ward, l.lsoa_code as lsoa, l.estate_code as estate,
             l.patch_code as patch, l.border_code as border, l.border_distance_m as "distanceM"
      from referral_locations l join referrals r on r.id = l.referral_id where r.external_id like 'GR-%'`.execute(owner)
    got.sort((a, b) => Number(a.external_id.slice(3)) - Number(b.external_id.slice(3)))
    expect(got.map(({ external_id: _, ...a }) => a)).toEqual(expected)
  })

  it('the point lookup (longitude and latitude) gives the same answers off edges and ties', async () => {
    for (const c of g.cases.filter((c) => !c.exact)) {
      const { rows } = await sql<{ lon: number; lat: number }>`
        select ST_X(p) as lon, ST_Y(p) as lat from ST_Transform(${point(c.at)}, 4326) p`.execute(owner)
      const l = await lookupPoint(owner, rows[0]!.lon, rows[0]!.lat)
      const e = c.expect
      expect([l.borough?.code ?? null, l.ward?.code ?? null, l.lsoa?.code ?? null, l.estate?.code ?? null], c.note).toEqual([
        e.borough,
        e.ward,
        e.lsoa,
        e.estate,
      ])
      expect(l.nearestBorder?.code, c.note).toBe(e.border)
      expect(l.nearestBorder?.distanceM, c.note).toBeCloseTo(e.distanceM, 1)
    }
  })
})

interface Assigned {
  borough: string | null
  ward: string | null
  lsoa: string | null
  estate: string | null
  patch: string | null
  border: string | null
  distanceM: number | null
}

describe('hex grid golden cases', () => {
  const g = readGolden<HexGolden>(GOLDEN_RULES.hex)

  it('hex_cell and tile_hex_axial put each point in a nearest cell, both the same one', async () => {
    for (const p of g.points) {
      const { rows } = await sql<{ q1: number; r1: number; q2: number; r2: number }>`
        select h.q as q1, h.r as r1, t.q as q2, t.r as r2
        from hex_cell(ST_SetSRID(ST_MakePoint(${p.x}::float8, ${p.y}::float8), 27700), ${p.size}::float8) h,
             tile_hex_axial(${p.x}::float8, ${p.y}::float8, ${p.size}::float8) t`.execute(owner)
      const r = rows[0]!
      expect(p.cells, p.note).toContainEqual([r.q1, r.r1])
      expect([r.q2, r.r2], `${p.note}: the tile counts' copy`).toEqual([r.q1, r.r1])
    }
  })

  it('hex_cell puts any point in the cell whose centre is nearest (seeded sample, negative coordinates too)', async () => {
    let s = 20261205
    const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32
    const xs: number[] = []
    const ys: number[] = []
    for (let i = 0; i < 2000; i++) {
      xs.push(-1e5 + rnd() * 7e5)
      ys.push(-1e5 + rnd() * 4e5)
    }
    // For each point and size: how much nearer the best of the cell's six neighbours' centres is
    // than the cell's own centre (never by more than rounding error).
    const { rows } = await sql<{ worst: number; n: number }>`
      with cell as (
        select p.x, p.y, s.size, h.q, h.r
        from unnest(${xs}::float8[], ${ys}::float8[]) p(x, y), unnest('{100,250,1000}'::float8[]) s(size),
             hex_cell(ST_SetSRID(ST_MakePoint(p.x, p.y), 27700), s.size) h
      ), d as (
        select c.*, (select min(sqrt((c.x - 1.5 * c.size * (c.q + o.dq)) ^ 2 + (c.y - sqrt(3.0) * c.size * (c.r + o.dr + (c.q + o.dq) / 2.0)) ^ 2))
                     from (values (1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1)) o(dq, dr)) as neighbour,
               sqrt((c.x - 1.5 * c.size * c.q) ^ 2 + (c.y - sqrt(3.0) * c.size * (c.r + c.q / 2.0)) ^ 2) as own
        from cell c
      )
      select max(own - neighbour) as worst, count(*)::int as n from d`.execute(owner)
    expect(rows[0]!.n).toBe(6000)
    expect(rows[0]!.worst).toBeLessThanOrEqual(1e-6)
  })

  it('hex_cell_id names a cell and hex_cell_geom draws it around its centre', async () => {
    for (const c of g.cells) {
      const { rows } = await sql<{ id: string; cx: number; cy: number; n: number; area: number }>`
        select hex_cell_id(ST_SetSRID(ST_MakePoint(${c.centre[0]}::float8, ${c.centre[1]}::float8), 27700), ${c.size}::int) as id,
               ST_X(ST_Centroid(g)) as cx, ST_Y(ST_Centroid(g)) as cy, ST_NPoints(g) as n, ST_Area(g) as area
        from hex_cell_geom(${c.size}::float8, ${c.q}::int, ${c.r}::int) g`.execute(owner)
      const r = rows[0]!
      expect(r.id).toBe(c.id)
      expect(r.cx).toBeCloseTo(c.centre[0], 5)
      expect(r.cy).toBeCloseTo(c.centre[1], 5)
      expect(r.n).toBe(7) // six corners and the closing one
      expect(r.area / (c.size * c.size)).toBeCloseTo((3 * Math.sqrt(3)) / 2, 9)
    }
  })
})

describe('cross-boundary classification golden cases', () => {
  const g = readGolden<{ cases: CrossBoundaryCase[] }>(GOLDEN_RULES.crossBoundary)

  it('referral_cross_boundary gives each expected classification', async () => {
    const programme = (await sql<{ id: number }>`select id from programmes where slug = 'mentoring'`.execute(owner)).rows[0]!.id
    for (const [i, c] of g.cases.entries()) {
      const id = await owner.transaction().execute(async (trx) => {
        const { rows } = await sql<{ id: string }>`
          insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
          values (${organisationId}, ${programme}, ${`CB-${i}`}, 'at_risk', '14-15', ${c.funding}, '2025-03-01') returning id`.execute(trx)
        // The areas as the case gives them, not as the trigger would work them out from the point.
        await sql`select set_config('crossborough.defer_assignment', 'on', true)`.execute(trx)
        for (const l of c.locations) {
          await sql`insert into referral_locations (referral_id, kind, geom, observed_on, precision, borough_code, border_code, border_distance_m)
                    values (${rows[0]!.id}, ${l.kind}, ST_SetSRID(ST_MakePoint(529600, 181000), 27700), '2025-03-02', 'exact',
                            ${l.borough}, ${l.border?.code ?? null}, ${l.border?.distanceM ?? null})`.execute(trx)
        }
        return rows[0]!.id
      })
      const { rows } = await sql<{ boroughs: string[]; multi_borough: boolean; funding_mismatch: boolean; border_zone: unknown }>`
        select boroughs, multi_borough, funding_mismatch, border_zone from referral_cross_boundary(array[${id}::uuid], ${c.zoneM}::float8)`.execute(owner)
      const r = rows[0]!
      expect({ boroughs: r.boroughs, multiBorough: r.multi_borough, fundingMismatch: r.funding_mismatch, borderZone: r.border_zone }, c.note).toEqual(c.expect)
    }
  })
})
