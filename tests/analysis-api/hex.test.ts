import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRecoverable, type SuppressedTable } from '../../server/privacy/suppression.js'
import { seedReferrals, BRENT, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Issue 5, hexbins and hotspots end to end (HTTP → SQL → statistics core), on the suite's backend:
 * the lead's hex counts equal a direct count with the owner's connection; a commissioner gets no
 * count from 1 to k−1 and nothing recoverable; borough shares of an inner hex sum to 1; a planted
 * cluster comes out hot, cross-border on the Brent/Westminster border and not deep inside a borough.
 */

const K = 5
const SIZE = 500
const RANGE = 'from=2026-01&to=2026-06'
/** South Kilburn, Brent: about 136 m from Westminster. */
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
const CLUSTER = 30

let t: TestApp
let lead: Client
let commissioner: Client
/** A point deep inside one borough (far from every other), found from the loaded boundaries. */
let deep: { lon: number; lat: number; code: string; margin: number }

interface HexFeature {
  id: string
  geometry: { type: string; coordinates: number[][][] }
  properties: { id: string; count: number | null; suppressed: boolean; boroughs: Array<{ code: string; share: number }> }
}
interface HexBody { type: string; attribution: string; k: number | null; total: { count: number | null; suppressed: boolean }; features: HexFeature[] }
interface HotBody {
  type: string
  n: number
  groups: Array<{ id: number; sign: string; cells: string[]; crossBorder: boolean; boroughs: Array<{ code: string; share: number }> }>
  features: Array<{ id: string; properties: { id: string; count: number; z: number; p: number; pAdjusted: number; class: string; group: number | null; crossBorder: boolean } }>
}

/** `n` referrals of organisation A, every one located at the same point in March 2026. */
async function plant(tag: string, at: { lon: number; lat: number }, n: number, borough: string) {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || i, 'at_risk', '16-17', ${borough}, '2026-03-01', false, true
      from generate_series(1, ${n}::int) i
      returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), '2026-03-10', 'exact' from r`.execute(t.database.system)
}

const cellOf = async (at: { lon: number; lat: number }, size = SIZE) =>
  (await sql<{ id: string }>`select hex_cell_id(ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), ${size}::int) as id`
    .execute(t.database.system)).rows[0]!.id

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // The largest borough's point farthest inside it, on a 1 km lattice: the deep cluster goes there.
  const { rows } = await sql<{ lon: number; lat: number; code: string; margin: number }>`
    with b as (select code, geom from areas where kind = 'borough' and valid_to is null order by ST_Area(geom) desc limit 1),
    pts as (
      select b.code, ST_SetSRID(ST_MakePoint(x, y), 27700) as p, b.geom
      from b, generate_series(floor(ST_XMin(b.geom))::int, ceil(ST_XMax(b.geom))::int, 1000) x,
              generate_series(floor(ST_YMin(b.geom))::int, ceil(ST_YMax(b.geom))::int, 1000) y
    )
    select ST_X(ST_Transform(p, 4326)) as lon, ST_Y(ST_Transform(p, 4326)) as lat, code, ST_Distance(p, ST_Boundary(geom)) as margin
    from pts where ST_Contains(geom, p) order by margin desc limit 1`.execute(t.database.system)
  deep = { ...rows[0]!, lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat), margin: Number(rows[0]!.margin) }
  await plant('CLUSTER-SK', SOUTH_KILBURN, CLUSTER, BRENT)
  await plant('CLUSTER-DEEP', deep, CLUSTER, deep.code)
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 120_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/hexbins', () => {
  it('gives a lead exact counts equal to a direct count with the owner connection', async () => {
    const res = await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=${SIZE}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<HexBody>()
    expect(body.type).toBe('FeatureCollection')
    expect(body.attribution).toMatch(/Open Government Licence|OGL|Crown/i)
    expect(body.k).toBeNull()
    const { rows } = await sql<{ id: string; n: number }>`
      select hex_cell_id(l.geom, ${SIZE}::int) as id, count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
      group by 1`.execute(t.database.system)
    const direct = Object.fromEntries(rows.map((r) => [r.id, Number(r.n)]))
    const served = Object.fromEntries(body.features.map((f) => [f.properties.id, f.properties.count]))
    expect(served).toEqual(direct)
    expect(body.total.count).toBe(rows.reduce((s, r) => s + Number(r.n), 0))
    expect(served[await cellOf(SOUTH_KILBURN)]).toBeGreaterThanOrEqual(CLUSTER)
    // Polygons in lon/lat with 6 decimals, closed rings of 7 points.
    for (const f of body.features) {
      expect(f.id).toBe(f.properties.id)
      expect(f.geometry.type).toBe('Polygon')
      const ring = f.geometry.coordinates[0]!
      expect(ring).toHaveLength(7)
      expect(ring[0]).toEqual(ring[6])
      for (const [lon, lat] of ring) {
        expect(lon!).toBeGreaterThan(-1); expect(lon!).toBeLessThan(1); expect(lat!).toBeGreaterThan(51); expect(lat!).toBeLessThan(52)
        expect(Math.abs(lon! * 1e6 - Math.round(lon! * 1e6))).toBeLessThan(1e-6)
      }
    }
  })

  it('applies the filters in the database', async () => {
    const all = (await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=${SIZE}`)).json<HexBody>()
    const victims = await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=${SIZE}&subjectRole=victim`)
    expect(victims.statusCode).toBe(200)
    const v = victims.json<HexBody>()
    expect(v.total.count!).toBeGreaterThan(0)
    expect(v.total.count!).toBeLessThan(all.total.count!)
    const { rows: [row] } = await sql<{ n: number }>`
      select count(*)::int as n from (select hex_cell_id(l.geom, ${SIZE}::int), l.referral_id
        from referral_locations l join referrals r on r.id = l.referral_id
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and r.subject_role = 'victim'
          and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01' group by 1, 2) s`.execute(t.database.system)
    expect(v.total.count).toBe(Number(row!.n))
  })

  it('gives borough shares that sum to 1 for a hex inside London, and never more than 1', async () => {
    const body = (await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=250`)).json<HexBody>()
    const inner = await cellOf({ lon: -0.134, lat: 51.513 }, 250)
    const border = await cellOf(SOUTH_KILBURN, 250)
    for (const f of body.features) {
      const sum = f.properties.boroughs.reduce((s, b) => s + b.share, 0)
      expect(sum).toBeLessThanOrEqual(1 + 1e-5)
    }
    const innerF = body.features.find((f) => f.id === inner)!
    expect(innerF).toBeDefined()
    expect(innerF.properties.boroughs.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 4)
    expect(innerF.properties.boroughs[0]!.code).toBe(WESTMINSTER)
    const borderF = body.features.find((f) => f.id === border)!
    // Near the Brent/Westminster/Camden meeting point: Brent and Westminster at least.
    expect(borderF.properties.boroughs.map((b) => b.code)).toEqual(expect.arrayContaining([BRENT, WESTMINSTER]))
    expect(borderF.properties.boroughs.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 4)
  })

  it('never gives a commissioner a count from 1 to k−1, and nothing recoverable', async () => {
    for (const q of [`${RANGE}&size=${SIZE}`, `${RANGE}&size=250`, 'from=2026-03&to=2026-03&size=1000', `${RANGE}&size=${SIZE}&ageBand=10-13`, `${RANGE}&size=${SIZE}&programme=relocation`]) {
      const res = await commissioner.get(`/api/v1/analysis/hexbins?${q}`)
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<HexBody>()
      expect(body.k).toBe(K)
      const entries = [...body.features.map((f) => f.properties), body.total]
      for (const e of entries) {
        if (e.suppressed) expect(e.count).toBeNull()
        else expect(e.count === 0 || (e.count !== null && e.count >= K), `${q}: ${JSON.stringify(e)}`).toBe(true)
      }
      // Only the commissioner's boroughs: every served hex touches Brent or Westminster.
      for (const f of body.features) expect(f.properties.boroughs.some((b) => b.code === BRENT || b.code === WESTMINSTER)).toBe(true)
      const table: SuppressedTable = {
        cells: body.features.map((f) => f.properties.suppressed ? { area: f.id, count: null, suppressed: true as const } : { area: f.id, count: f.properties.count!, suppressed: false as const }),
        totals: { ...(body.total.suppressed ? { count: null, suppressed: true as const } : { count: body.total.count!, suppressed: false as const }),
          areas: body.features.map((f) => f.properties.suppressed ? { area: f.id, count: null, suppressed: true as const } : { area: f.id, count: f.properties.count!, suppressed: false as const }) },
      }
      expect(auditRecoverable(table, K), q).toEqual([])
    }
    // Small cells exist for the lead in the same query, so suppression really had work to do.
    const exact = (await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=250`)).json<HexBody>()
    expect(exact.features.some((f) => f.properties.count! >= 1 && f.properties.count! < K)).toBe(true)
    const sup = (await commissioner.get(`/api/v1/analysis/hexbins?${RANGE}&size=250`)).json<HexBody>()
    expect(sup.features.some((f) => f.properties.suppressed)).toBe(true)
  })

  it('refuses sizes outside 100–1000 m naming size, and admins', async () => {
    for (const size of [50, 1001]) {
      const res = await lead.get(`/api/v1/analysis/hexbins?${RANGE}&size=${size}`)
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
      expect(res.body).toMatch(/size/)
    }
    const reversed = await lead.get(`/api/v1/analysis/hexbins?from=2026-06&to=2026-01&size=${SIZE}`)
    expect(reversed.statusCode).toBe(400)
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/hexbins?${RANGE}&size=${SIZE}`)).statusCode).toBe(403)
    expect((await t.world.withToken(t.world.partnerToken).get(`/api/v1/analysis/hexbins?${RANGE}&size=${SIZE}`)).statusCode).toBe(200)
  })
})

describe('GET /api/v1/analysis/hotspots', () => {
  let body: HotBody

  beforeAll(async () => {
    const res = await lead.get(`/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}&band=1&fdr=true`)
    expect(res.statusCode, res.body).toBe(200)
    body = res.json<HotBody>()
  }, 60_000)

  it('finds the planted border cluster hot and cross-border', async () => {
    const id = await cellOf(SOUTH_KILBURN)
    const f = body.features.find((x) => x.id === id)!
    expect(f, id).toBeDefined()
    expect(f.properties.count).toBeGreaterThanOrEqual(CLUSTER)
    expect(f.properties.class).toBe('hot-99')
    expect(f.properties.z).toBeGreaterThan(3)
    expect(f.properties.pAdjusted).toBeGreaterThanOrEqual(f.properties.p)
    const g = body.groups.find((x) => x.id === f.properties.group)!
    expect(g.sign).toBe('hot')
    expect(g.cells).toContain(id)
    expect(g.crossBorder).toBe(true)
    expect(g.boroughs.map((b) => b.code)).toEqual(expect.arrayContaining([BRENT, WESTMINSTER]))
    expect(f.properties.crossBorder).toBe(true)
  })

  it('finds the planted cluster deep inside one borough hot and not cross-border', async () => {
    expect(deep.margin).toBeGreaterThan(2500)
    const id = await cellOf(deep)
    const f = body.features.find((x) => x.id === id)!
    expect(f, id).toBeDefined()
    expect(f.properties.count).toBe(CLUSTER)
    // Hot at 95 % or more (the seeded background's own clusters raise S, so not always 99 %).
    expect(f.properties.class).toMatch(/^hot-(99|95)$/)
    const g = body.groups.find((x) => x.id === f.properties.group)!
    expect(g.crossBorder).toBe(false)
    expect(g.boroughs.map((b) => b.code)).toEqual([deep.code])
    expect(f.properties.crossBorder).toBe(false)
  })

  it('covers the study area and classes consistently', async () => {
    const started = Date.now()
    expect(body.n).toBeGreaterThan(1000)
    for (const f of body.features) {
      expect(f.properties.class === 'none').toBe(f.properties.group === null)
      expect(f.properties.p).toBeGreaterThanOrEqual(0)
      expect(f.properties.p).toBeLessThanOrEqual(1)
    }
    const all = (await lead.get(`/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}&all=true`)).json<HotBody>()
    expect(all.features).toHaveLength(all.n)
    console.log(`hotspots all=true, ${all.n} cells of ${SIZE} m: ${Date.now() - started} ms`)
  })

  it('is for leads only; sizes outside 100–1000 m are refused naming size', async () => {
    expect((await commissioner.get(`/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}`)).statusCode).toBe(403)
    expect((await (await t.world.as('caseworkerA')).get(`/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}`)).statusCode).toBe(403)
    const res = await lead.get(`/api/v1/analysis/hotspots?${RANGE}&size=50`)
    expect(res.statusCode).toBe(400)
    expect(res.body).toMatch(/size/)
  })
})
