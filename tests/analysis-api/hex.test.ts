import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT, WESTMINSTER } from '../access/seed.js'
import { benjaminiHochberg } from '../../server/analysis/fdr.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { monthAfter, problemOf, publishedOf, scopedLocations, trueCells, type CountingScope, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'

/**
 * Hexbins and hotspots end to end (HTTP → SQL → statistics core), on the suite's backend:
 * the lead's hex counts equal a direct count with the owner's connection; every aggregate reader
 * (commissioner, caseworker for the organisation, partner) gets for every hex and for the total
 * exactly the cell-key method's value of that set of referrals (tests/helpers/ckm.ts), only for fixed
 * periods and sizes (a partner: its agreement's cell size and fields); borough shares of an inner hex
 * sum to 1; a planted cluster comes out hot, cross-border on the Brent/Westminster border and not
 * deep inside a borough.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
/** A fixed period: the first calendar quarter of 2026 (the planted clusters are in March). */
const Q1 = 'from=2026-01&to=2026-03'
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
interface HexBody {
  type: string
  attribution: string
  k: number | null
  perturbed: boolean
  total: { count: number | null; suppressed: boolean }
  features: HexFeature[]
}
interface HotBody {
  type: string
  n: number
  inference: string
  permutations: number | null
  seed: number | null
  studyArea: { source: string; boroughs: string[]; cells: number; emptyCells: number; outside: { cells: number; count: number } }
  unit: string
  kind: string | null
  unitDescription: string
  coldSpotsPossible: boolean
  lowestColdP: number
  summary: string
  groups: Array<{ id: number; sign: string; cells: string[]; crossBorder: boolean; boroughs: Array<{ code: string; share: number }> }>
  features: Array<{
    id: string
    properties: {
      id: string
      count: number
      z: number
      p: number
      pSim: number | null
      draws: number | null
      pAdjusted: number
      class: string
      group: number | null
      crossBorder: boolean
    }
  }>
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
    select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), '2026-03-10', 'exact' from r`.execute(
    t.database.system,
  )
}

const cellOf = async (at: { lon: number; lat: number }, size = SIZE) =>
  (
    await sql<{
      id: string
    }>`select hex_cell_id(ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), ${size}::int) as id`.execute(
      t.database.system,
    )
  ).rows[0]!.id

/** Distinct referrals of organisation A (not restricted) with a location in [from, until) and `extra`: a lead's total. */
const distinctReferrals = async (extra: ReturnType<typeof sql>, from = '2026-01-01', until = '2026-07-01') =>
  Number(
    (
      await sql<{ n: number }>`
    select count(distinct l.referral_id)::int as n
    from referral_locations l join referrals r on r.id = l.referral_id
    where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
      and l.observed_on >= ${from}::date and l.observed_on < ${until}::date and ${extra}`.execute(t.database.system)
    ).rows[0]!.n,
  )

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
    expect(body.perturbed).toBe(false)
    // The total is a set of its own: the distinct referrals located in any hex (not the sum of hexes).
    expect(body.total.count).toBe(await distinctReferrals(sql`true`))
    expect(served[await cellOf(SOUTH_KILBURN)]).toBeGreaterThanOrEqual(CLUSTER)
    // Polygons in lon/lat with 6 decimals, closed rings of 7 points.
    for (const f of body.features) {
      expect(f.id).toBe(f.properties.id)
      expect(f.geometry.type).toBe('Polygon')
      const ring = f.geometry.coordinates[0]!
      expect(ring).toHaveLength(7)
      expect(ring[0]).toEqual(ring[6])
      for (const [lon, lat] of ring) {
        expect(lon!).toBeGreaterThan(-1)
        expect(lon!).toBeLessThan(1)
        expect(lat!).toBeGreaterThan(51)
        expect(lat!).toBeLessThan(52)
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
    expect(v.total.count).toBe(await distinctReferrals(sql`r.subject_role = 'victim'`))
  })

  it('gives a lead any size from 100 to 1000 m and any whole-month range, total = distinct referrals', async () => {
    const res = await lead.get(`/api/v1/analysis/hexbins?from=2026-02&to=2026-05&size=300`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<HexBody>()
    const { rows } = await sql<{ id: string; n: number }>`
      select hex_cell_id(l.geom, 300) as id, count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
        and l.observed_on >= '2026-02-01' and l.observed_on < '2026-06-01'
      group by 1`.execute(t.database.system)
    expect(Object.fromEntries(body.features.map((f) => [f.id, f.properties.count]))).toEqual(Object.fromEntries(rows.map((r) => [r.id, Number(r.n)])))
    expect(body.total.count).toBe(await distinctReferrals(sql`true`, '2026-02-01', '2026-06-01'))
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

  it('gives every aggregate reader, for every hex and the total, exactly the published value of its set of referrals', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const caseworker = await t.world.as('caseworkerA')
    const readers: Array<[string, Client, CountingScope, string[]]> = [
      [
        'commissioner',
        commissioner,
        { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] },
        [
          `${Q1}&size=${SIZE}`,
          `${Q1}&size=250`,
          'from=2026-03&to=2026-03&size=1000',
          'from=2025-04&to=2026-03&size=1000',
          `${Q1}&size=${SIZE}&ageBand=10-13`,
          `${Q1}&size=${SIZE}&programme=relocation`,
          `from=2026-04&to=2026-06&size=250&subjectRole=victim`,
        ],
      ],
      ['caseworker (organisation-wide)', caseworker, { org: t.world.orgs.A }, [`${Q1}&size=${SIZE}`, 'from=2026-05&to=2026-05&size=250']],
      // The test agreement: Brent and Westminster, no victims, fields programme and ageBand, 250 m cells.
      [
        'partner',
        partner,
        { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false },
        [`${Q1}&size=250`, `${Q1}&size=250&programme=mentoring`, 'from=2026-04&to=2026-06&size=250&ageBand=16-17'],
      ],
    ]
    let small = 0
    let smallShownAsZero = 0
    for (const [who, c, scope, queries] of readers) {
      for (const q of queries) {
        const res = await c.get(`/api/v1/analysis/hexbins?${q}`)
        expect(res.statusCode, `${who} ${q}: ${res.body}`).toBe(200)
        const body = res.json<HexBody>()
        expect(body.k).toBe(K)
        expect(body.perturbed).toBe(true)
        const p = new URLSearchParams(q)
        const size = Number(p.get('size'))
        const from = `${p.get('from')}-01`
        const until = monthAfter(p.get('to')!)
        const filter = sql`${p.get('programme')}::text is null or s.programme = ${p.get('programme')}::text`
        const truth = await trueCells(
          t.database.system,
          sql`
          select hex_cell_id(s.geom, ${size}::int) as cell, s.referral_id from (${scopedLocations(scope, from, until)}) s
          where (${filter}) and (${p.get('ageBand')}::text is null or s.age_band = ${p.get('ageBand')}::text)
            and (${p.get('subjectRole')}::text is null or s.subject_role = ${p.get('subjectRole')}::text)
          union all
          select 'total', s.referral_id from (${scopedLocations(scope, from, until)}) s
          where (${filter}) and (${p.get('ageBand')}::text is null or s.age_band = ${p.get('ageBand')}::text)
            and (${p.get('subjectRole')}::text is null or s.subject_role = ${p.get('subjectRole')}::text)`,
        )
        // Every hex with a referral is shown with its published value, or left out when that is 0.
        const want: Record<string, number> = {}
        for (const [cell, c] of truth) {
          if (cell === 'total') continue
          const v = publishedOf(truth, cell, K, D)
          if (v > 0) want[cell] = v
          if (c.n >= 1 && c.n < K) {
            small++
            if (v === 0) smallShownAsZero++
          }
        }
        const served = Object.fromEntries(body.features.map((f) => [f.id, f.properties.count]))
        expect(served, `${who} ${q}`).toEqual(want)
        expect(body.total, `${who} ${q}`).toEqual({ count: publishedOf(truth, 'total', K, D), suppressed: false })
        for (const f of body.features) {
          expect(f.properties.suppressed).toBe(false)
          expect(f.properties.count! >= K, `${who} ${q}: ${JSON.stringify(f.properties)}`).toBe(true)
        }
        // Only the reader's boroughs: every served hex touches one of them.
        if (scope.boroughs) for (const f of body.features) expect(f.properties.boroughs.some((b) => scope.boroughs!.includes(b.code))).toBe(true)
      }
    }
    // There were small true counts (1..k−1) to protect, and some of them read 0.
    expect(small).toBeGreaterThan(20)
    expect(smallShownAsZero).toBeGreaterThan(0)
  })

  it('serves the same published value for the same hex through stats/counts (one set, one value)', async () => {
    for (const size of [250, 500, 1000]) {
      const hex = (await commissioner.get(`/api/v1/analysis/hexbins?${Q1}&size=${size}`)).json<HexBody>()
      const res = await commissioner.get(`/api/v1/stats/counts?geography=hex${size}&${Q1}`)
      expect(res.statusCode, res.body).toBe(200)
      const counts = res.json<{ cells: Array<{ area: string; count: number }>; totals: { count: number } }>()
      const fromCounts = Object.fromEntries(counts.cells.filter((c) => c.count > 0).map((c) => [c.area, c.count]))
      expect(Object.fromEntries(hex.features.map((f) => [f.id, f.properties.count]))).toEqual(fromCounts)
      expect(counts.totals.count).toBe(hex.total.count)
    }
  })

  it('gives aggregate readers fixed periods only (400 disclosure-rule naming from); leads any range', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    for (const c of [commissioner, partner, await t.world.as('caseworkerA')]) {
      for (const q of [RANGE, 'from=2026-02&to=2026-04', 'from=2026-01&to=2026-02', 'from=2025-01&to=2025-12', 'from=2025-04&to=2026-04']) {
        const res = await c.get(`/api/v1/analysis/hexbins?${q}&size=250`)
        expect(problemOf(res), `${c.actor.role} ${q}`).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['from'] })
      }
    }
    expect((await lead.get(`/api/v1/analysis/hexbins?from=2026-02&to=2026-04&size=250`)).statusCode).toBe(200)
  })

  it("gives aggregate readers the fixed sizes only, a partner its agreement's cell size and fields", async () => {
    for (const size of [300, 750, 100]) {
      const res = await commissioner.get(`/api/v1/analysis/hexbins?${Q1}&size=${size}`)
      expect(problemOf(res), `size ${size}`).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['size'] })
    }
    const partner = t.world.withToken(t.world.partnerToken)
    for (const size of [500, 1000]) {
      const res = await partner.get(`/api/v1/analysis/hexbins?${Q1}&size=${size}`)
      expect(problemOf(res), `partner size ${size}`).toMatchObject({ status: 403, code: 'outside-agreement', fields: ['size'] })
    }
    // The agreement lists programme and ageBand, not subjectRole.
    const role = await partner.get(`/api/v1/analysis/hexbins?${Q1}&size=250&subjectRole=at_risk`)
    expect(problemOf(role)).toMatchObject({ status: 403, code: 'outside-agreement', fields: ['subjectRole'] })
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
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/hexbins?${Q1}&size=250`)).statusCode).toBe(403)
    expect((await t.world.withToken(t.world.partnerToken).get(`/api/v1/analysis/hexbins?${Q1}&size=250`)).statusCode).toBe(200)
  })
})

describe('GET /api/v1/analysis/hotspots', () => {
  let body: HotBody

  beforeAll(async () => {
    // The normal approximation (inference=analytical): a single busy point is a hot cell by its z.
    const res = await lead.get(`/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}&band=1&fdr=true&inference=analytical`)
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

describe('GET /api/v1/analysis/hotspots: permutation inference and the study area', () => {
  const URL = `/api/v1/analysis/hotspots?${RANGE}&size=${SIZE}&all=true`
  let admin: Client
  let perm: HotBody
  let neighbourIds: string[]

  /** Distinct referrals of organisation A per cell in the range, counted directly. */
  const directCells = async () =>
    new Map(
      (
        await sql<{ id: string; n: number }>`
    select hex_cell_id(l.geom, ${SIZE}::int) as id, count(distinct l.referral_id)::int as n
    from referral_locations l join referrals r on r.id = l.referral_id
    where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
    group by 1`.execute(t.database.system)
      ).rows.map((r) => [r.id, Number(r.n)]),
    )
  const areaCells = async (boroughs: string[] | null) =>
    new Set(
      (
        await sql<{ id: string }>`
    select 'H' || ${SIZE}::int || ':' || cell_q || ':' || cell_r as id from analysis_study_area(${SIZE}::int, ${boroughs}::text[])`.execute(t.database.system)
      ).rows.map((r) => r.id),
    )
  const putWorking = (who: Client, boroughs: string[]) => who.inject({ method: 'PUT', url: '/api/v1/analysis/study-area', payload: { boroughs } })

  beforeAll(async () => {
    admin = await t.world.as('adminA')
    // A spatial cluster: the deep cell (30 referrals) and its six neighbours, 12 each.
    const [, q, r] = (await cellOf(deep)).split(':').map(Number) as [number, number, number]
    neighbourIds = [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, -1],
      [-1, 1],
    ].map(([dq, dr]) => `H${SIZE}:${q + dq!}:${r + dr!}`)
    for (const [i, [dq, dr]] of [
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
      [1, -1],
      [-1, 1],
    ].entries()) {
      const {
        rows: [c],
      } = await sql<{ lon: number; lat: number }>`
        select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(ST_Centroid(hex_cell_geom(${SIZE}::float8, ${q + dq!}::int, ${r + dr!}::int)), 4326) as p) x`.execute(
        t.database.system,
      )
      await plant(`SPREAD-${i}`, { lon: Number(c!.lon), lat: Number(c!.lat) }, 12, deep.code)
    }
    const res = await lead.get(URL)
    expect(res.statusCode, res.body).toBe(200)
    perm = res.json<HotBody>()
  }, 60_000)

  it('classes by conditional permutation by default: 999 seeded draws, BH on the pseudo p-values, z alongside', async () => {
    expect(perm).toMatchObject({ inference: 'permutation', permutations: 999, seed: expect.any(Number) })
    const byId = new Map(perm.features.map((f) => [f.id, f.properties]))
    const centre = byId.get(await cellOf(deep))!
    expect(centre.count).toBe(CLUSTER)
    // Beyond every random band: its p is the exact permutation probability (draws 0), and it is hot.
    expect(centre.draws).toBe(0)
    expect(centre.pSim!).toBeLessThan(1 / 1000) // below the floor 999 draws could give
    expect(centre.class).toMatch(/^hot-/)
    for (const id of neighbourIds) expect(byId.get(id)!.class, id).toMatch(/^hot-/)
    // BH over every study-area cell's pseudo p-value decides the classes.
    const adjusted = benjaminiHochberg(perm.features.map((f) => f.properties.pSim!))
    for (const [i, f] of perm.features.entries()) expect(f.properties.pAdjusted).toBeCloseTo(adjusted[i]!, 12)
    for (const f of perm.features) {
      expect(f.properties.draws === 0 || f.properties.draws === 999).toBe(true)
      if (f.properties.draws === 999) expect(Math.abs(f.properties.pSim! * 1000 - Math.round(f.properties.pSim! * 1000))).toBeLessThan(1e-9)
    }
    // A lone busy point is no cluster: random bands holding one of the other busy cells are as high.
    const lone = byId.get(await cellOf(SOUTH_KILBURN))!
    expect(lone.z).toBeGreaterThan(3)
    expect(lone.pSim!).toBeGreaterThan(0.005)
    // Seeded: the same request, the same answer; another seed, other pseudo p-values.
    expect((await lead.get(URL)).json<HotBody>().features.map((f) => f.properties.pSim)).toEqual(perm.features.map((f) => f.properties.pSim))
    const other = (await lead.get(`${URL}&seed=1`)).json<HotBody>()
    expect(other.features.map((f) => f.properties.pSim)).not.toEqual(perm.features.map((f) => f.properties.pSim))
    expect((await lead.get(`${URL}&permutations=10`)).statusCode).toBe(400)
  })

  it('counts referrals or located events, of every location kind or one, and says which', async () => {
    expect(perm).toMatchObject({ unit: 'referrals', kind: null })
    expect(perm.unitDescription).toMatch(/counts once in each cell/)
    const area = await areaCells(null)
    for (const [unit, kind] of [
      ['events', null],
      ['referrals', 'home'],
      ['events', 'home'],
    ] as const) {
      const res = await lead.get(`${URL}&unit=${unit}${kind ? `&kind=${kind}` : ''}`)
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<HotBody & { unit: string; kind: string | null }>()
      expect(body).toMatchObject({ unit, kind })
      const { rows } = await sql<{ id: string; n: number }>`
        select hex_cell_id(l.geom, ${SIZE}::int) as id, ${unit === 'events' ? sql`count(*)` : sql`count(distinct l.referral_id)`}::int as n
        from referral_locations l join referrals r on r.id = l.referral_id
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
          and (${kind}::text is null or l.kind = ${kind}::text)
        group by 1`.execute(t.database.system)
      const want = new Map(rows.filter((r) => area.has(r.id)).map((r) => [r.id, Number(r.n)]))
      const got = new Map(body.features.filter((f) => f.properties.count > 0).map((f) => [f.id, f.properties.count]))
      expect(got, `${unit} ${kind}`).toEqual(want)
    }
    // Referrals of every kind count once per cell; events count every event, so never fewer.
    const events = (await lead.get(`${URL}&unit=events`)).json<HotBody>()
    const byId = new Map(perm.features.map((f) => [f.id, f.properties.count]))
    for (const f of events.features) expect(f.properties.count).toBeGreaterThanOrEqual(byId.get(f.id) ?? 0)
    expect((await lead.get(`${URL}&kind=castle`)).statusCode).toBe(400)
  })

  it('says cold spots cannot occur when an empty neighbourhood is ordinary, and offers no cold class', () => {
    expect(perm.studyArea.emptyCells / perm.studyArea.cells).toBeGreaterThan(0.5)
    expect(perm.coldSpotsPossible).toBe(false)
    expect(perm.lowestColdP).toBeGreaterThan(0.1)
    expect(perm.features.some((f) => f.properties.class.startsWith('cold'))).toBe(false)
    expect(perm.summary).toMatch(/Cold spots cannot occur/)
  })

  it('states the study area: every borough by default, its cells, the empty ones and the counts outside it', async () => {
    const area = await areaCells(null)
    const direct = await directCells()
    expect(perm.studyArea).toMatchObject({ source: 'all', cells: area.size })
    expect(perm.n).toBe(area.size)
    expect(perm.studyArea.emptyCells).toBe([...area].filter((id) => !direct.has(id)).length)
    const outside = [...direct].filter(([id]) => !area.has(id))
    expect(perm.studyArea.outside).toEqual({ cells: outside.length, count: outside.reduce((s, [, n]) => s + n, 0) })
    expect(perm.summary).toContain(`${area.size.toLocaleString('en-GB')} hexagons of ${SIZE} m`)
  })

  it("defaults to the organisation's working boroughs, set by an administrator; a lead may choose others", async () => {
    expect((await putWorking(lead, [BRENT])).statusCode).toBe(403)
    const bad = await putWorking(admin, ['E09999999'])
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('boroughs')
    const set = await putWorking(admin, [WESTMINSTER, BRENT])
    expect(set.statusCode, set.body).toBe(200)
    expect(set.json<{ workingBoroughs: Array<{ code: string }> }>().workingBoroughs!.map((b) => b.code)).toEqual([BRENT, WESTMINSTER].sort())
    expect((await lead.get('/api/v1/analysis/study-area')).json<{ workingBoroughs: Array<{ code: string }> }>().workingBoroughs!.map((b) => b.code)).toEqual(
      [BRENT, WESTMINSTER].sort(),
    )
    try {
      const body = (await lead.get(URL)).json<HotBody>()
      const area = await areaCells([BRENT, WESTMINSTER])
      expect(body.studyArea).toMatchObject({ source: 'working', boroughs: [BRENT, WESTMINSTER].sort(), cells: area.size })
      expect(new Set(body.features.map((f) => f.id))).toEqual(area)
      const direct = await directCells()
      const outside = [...direct].filter(([id]) => !area.has(id))
      expect(body.studyArea.outside.count).toBe(outside.reduce((s, [, n]) => s + n, 0))
      expect(body.summary).toMatch(/working boroughs/)
      // The lead's choice wins; an unknown code is refused naming boroughs.
      const chosen = (await lead.get(`${URL}&boroughs=${deep.code}`)).json<HotBody>()
      expect(chosen.studyArea).toMatchObject({ source: 'requested', boroughs: [deep.code], cells: (await areaCells([deep.code])).size })
      const unknown = await lead.get(`${URL}&boroughs=E09999999`)
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('boroughs')
      // Emerging and evaluation use the same study area.
      const em = (await lead.get(`/api/v1/analysis/emerging?${RANGE}&size=${SIZE}`)).json<{ studyArea: { source: string; cells: number } }>()
      expect(em.studyArea).toMatchObject({ source: 'working', cells: area.size })
    } finally {
      expect((await putWorking(admin, [])).json<{ workingBoroughs: unknown }>().workingBoroughs).toBeNull()
    }
  })
})
