import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * The kernel density surface end to end (HTTP → analysis_exact_locations → the quartic
 * kernel), on the suite's backend: densities at cell centres equal the quartic kernel worked by hand
 * for three planted points; the surface integrates to the number of points; cells are the squares
 * they claim to be; the grid is capped; leads only and audited.
 */

const BROMLEY = 'E09000006'

let t: TestApp
let lead: Client
/** Three planted points (EPSG:27700), alone in June 2025. */
let pts: Array<[number, number]>

interface Body {
  type: string
  cellSize: number
  bandwidth: number
  points: number
  grid: { crs: string; minX: number; minY: number; cols: number; rows: number }
  max: number
  features: Array<{ id: string; geometry: { type: string; coordinates: number[][][] }; properties: { i: number; j: number; density: number } }>
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  const {
    rows: [c],
  } = await sql<{ x: number; y: number }>`
    select ST_X(p) as x, ST_Y(p) as y from (select ST_PointOnSurface(geom) as p from areas where kind = 'borough' and code = ${BROMLEY} and valid_to is null) s`.execute(
    t.database.system,
  )
  const x0 = Math.round(Number(c!.x)),
    y0 = Math.round(Number(c!.y))
  pts = [
    [x0 + 13, y0 + 7],
    [x0 + 213, y0 + 7],
    [x0 + 13, y0 - 293],
  ]
  await sql`
    with f as (select (e->>0)::float8 as x, (e->>1)::float8 as y, o from jsonb_array_elements(${JSON.stringify(pts)}::jsonb) with ordinality as t(e, o)),
    r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), 'KDE-' || f.o, 'at_risk', '16-17', ${BRENT}, '2025-06-10', false, true
      from f returning id, external_id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'incident', ST_SetSRID(ST_MakePoint(f.x, f.y), 27700), '2025-06-10', 'exact' from r join f on r.external_id = 'KDE-' || f.o`.execute(
    t.database.system,
  )
  lead = await t.world.as('leadA')
}, 300_000)
afterAll(() => t?.close())

/** The quartic kernel, per km², worked here: 3/(π h²)·(1 − d²/h²)² for d < h. */
const byHand = (x: number, y: number, h: number) =>
  pts.reduce((s, [px, py]) => {
    const d2 = (px - x) ** 2 + (py - y) ** 2
    return s + (d2 < h * h ? (3 / (Math.PI * h * h)) * (1 - d2 / (h * h)) ** 2 : 0)
  }, 0) * 1e6

describe('GET /api/v1/analysis/density', () => {
  it('equals the quartic kernel worked by hand at every cell centre, and integrates to the number of points', async () => {
    const res = await lead.get('/api/v1/analysis/density?from=2025-06&to=2025-06&cellSize=50&bandwidth=400')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<Body>()
    expect(body).toMatchObject({ type: 'FeatureCollection', cellSize: 50, bandwidth: 400, points: 3 })
    const { minX, minY, cols, rows } = body.grid
    expect(body.grid.crs).toBe('EPSG:27700')
    // The grid is aligned to the cell size and covers every point ± the bandwidth.
    expect(minX % 50).toBe(0)
    expect(minY % 50).toBe(0)
    for (const [x, y] of pts) {
      expect(minX).toBeLessThanOrEqual(x - 400)
      expect(minY).toBeLessThanOrEqual(y - 400)
      expect(minX + cols * 50).toBeGreaterThanOrEqual(x + 400)
      expect(minY + rows * 50).toBeGreaterThanOrEqual(y + 400)
    }
    // Every cell with density > 0 is served, with the hand-worked value (6 significant digits).
    let expected = 0
    for (let j = 0; j < rows; j++) for (let i = 0; i < cols; i++) if (byHand(minX + (i + 0.5) * 50, minY + (j + 0.5) * 50, 400) > 0) expected++
    expect(body.features).toHaveLength(expected)
    let integral = 0
    for (const f of body.features) {
      const want = byHand(minX + (f.properties.i + 0.5) * 50, minY + (f.properties.j + 0.5) * 50, 400)
      expect(Math.abs(f.properties.density - want)).toBeLessThanOrEqual(want * 1e-5)
      integral += (f.properties.density * (50 * 50)) / 1e6
    }
    expect(integral).toBeGreaterThan(2.97)
    expect(integral).toBeLessThan(3.03)
    expect(body.max).toBe(Math.max(...body.features.map((f) => f.properties.density)))
    // The densest cell is where the hand-worked surface peaks (between the first two points).
    let best = { i: -1, j: -1, v: -1 }
    for (let j = 0; j < rows; j++)
      for (let i = 0; i < cols; i++) {
        const v = byHand(minX + (i + 0.5) * 50, minY + (j + 0.5) * 50, 400)
        if (v > best.v) best = { i, j, v }
      }
    const top = body.features.find((f) => f.properties.density === body.max)!
    expect([top.properties.i, top.properties.j]).toEqual([best.i, best.j])
    // Its polygon is that square, in lon/lat.
    const {
      rows: [sq],
    } = await sql<{ area: number; cx: number; cy: number }>`
      select ST_Area(g) as area, ST_X(ST_Centroid(g)) as cx, ST_Y(ST_Centroid(g)) as cy
      from (select ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(top.geometry)}), 4326), 27700) as g) s`.execute(t.database.system)
    expect(Number(sq!.area)).toBeCloseTo(2500, -1)
    expect(Number(sq!.cx)).toBeCloseTo(minX + (top.properties.i + 0.5) * 50, 0)
    expect(Number(sq!.cy)).toBeCloseTo(minY + (top.properties.j + 0.5) * 50, 0)
  })

  it('takes the seeded referrals of a period, filtered, and writes the read to the audit log', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'analysis.density'`.execute(t.database.system)).rows[0]!.n
    const res = await lead.get('/api/v1/analysis/density?from=2026-01&to=2026-06&subjectRole=victim')
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    const {
      rows: [n],
    } = await sql<{ n: number }>`
      select count(*)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and r.subject_role = 'victim'
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'`.execute(t.database.system)
    expect(body.points).toBe(Number(n!.n))
    expect(body).toMatchObject({ cellSize: 200, bandwidth: 600 })
    const integral = body.features.reduce((s, f) => s + f.properties.density * 0.04, 0)
    expect(integral / body.points).toBeGreaterThan(0.97)
    expect(integral / body.points).toBeLessThan(1.03)
    const {
      rows: [a],
    } = await sql<{ n: number; last: number }>`
      select (select count(*)::int from audit_log where action = 'analysis.density') as n, row_count::int as last
      from audit_log where action = 'analysis.density' order by id desc limit 1`.execute(t.database.system)
    expect(a!.n).toBe(before + 1)
    expect(a!.last).toBe(body.points)
  })

  it('caps the grid and checks its parameters, naming them', async () => {
    for (const [q, field] of [
      ['from=2026-01&to=2026-06&cellSize=25&bandwidth=5000', 'cellSize'],
      ['from=2026-01&to=2026-06&cellSize=10', 'cellSize'],
      ['from=2026-01&to=2026-06&bandwidth=10', 'bandwidth'],
      ['from=2026-01&to=2026-06&cellSize=500&bandwidth=200', 'bandwidth'],
      ['from=2026-06&to=2026-01', 'to'],
    ] as const) {
      const res = await lead.get(`/api/v1/analysis/density?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]!.field, q).toBe(field)
    }
  })

  it('is for leads only', async () => {
    for (const who of ['commissionerA', 'caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get('/api/v1/analysis/density?from=2026-01&to=2026-06')).statusCode, who).toBe(403)
    }
    expect((await t.world.withToken(t.world.partnerToken).get('/api/v1/analysis/density?from=2026-01&to=2026-06')).statusCode).toBe(403)
  })
})
