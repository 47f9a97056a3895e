import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../server/db/scoped.js'
import { seedReferrals, BRENT, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * DBSCAN clusters end to end (HTTP → analysis_exact_locations → ST_ClusterDBSCAN), on the
 * suite's backend: a hand-built case (two tight groups and scattered noise) comes out as exactly two
 * clusters; on the seeded referrals the clusters equal PostGIS's own ST_ClusterDBSCAN run here on the
 * same points (same sizes, same hulls); leads only, audited, bad parameters named.
 */

const RANGE = 'from=2026-01&to=2026-06'
const BROMLEY = 'E09000006'

let t: TestApp
let lead: Client

interface Body {
  type: string
  eps: number
  minPoints: number
  points: number
  noise: number
  features: Array<{
    id: string
    geometry: { type: string; coordinates: unknown[] }
    properties: { id: number; locations: number; referrals: number; areaM2: number; boroughs: Array<{ code: string; locations: number }>; crossBorder: boolean }
  }>
}

/** One referral of organisation A per point (x, y in EPSG:27700), each an incident on `day`. */
async function plantXY(tag: string, pts: Array<[number, number]>, day: string) {
  await sql`
    with f as (select (e->>0)::float8 as x, (e->>1)::float8 as y, row_number() over () as i from jsonb_array_elements(${JSON.stringify(pts)}::jsonb) e),
    r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || f.i, 'at_risk', '16-17', ${BRENT}, ${day}::date, false, true
      from f returning id, external_id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'incident', ST_SetSRID(ST_MakePoint(f.x, f.y), 27700), ${day}::date, 'exact'
    from r join f on r.external_id = ${tag} || '-' || f.i`.execute(t.database.system)
}

const ring = (cx: number, cy: number, radius: number, n: number): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => [cx + radius * Math.cos((2 * Math.PI * i) / n), cy + radius * Math.sin((2 * Math.PI * i) / n)] as [number, number])

let hand: { a: [number, number]; b: [number, number]; boroughsB: string[] }

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Hand-built, in a month nothing else happens: group A (8 points within 12 m) deep in Bromley,
  // group B (7 points within 12 m) around a point of the Brent | Westminster border, and 4 lone
  // points 1 km or more from everything.
  const {
    rows: [p],
  } = await sql<{ ax: number; ay: number; bx: number; by: number }>`
    select ST_X(a) as ax, ST_Y(a) as ay, ST_X(b) as bx, ST_Y(b) as by from
      (select ST_PointOnSurface(geom) as a from areas where kind = 'borough' and code = ${BROMLEY} and valid_to is null) s,
      (select ST_LineInterpolatePoint(ST_LineMerge(ST_GeometryN(geom, 1)), 0.5) as b from borough_borders
        where borough_a = least(${BRENT}, ${WESTMINSTER}) and borough_b = greatest(${BRENT}, ${WESTMINSTER})) s2`.execute(t.database.system)
  const a: [number, number] = [Number(p!.ax), Number(p!.ay)]
  const b: [number, number] = [Number(p!.bx), Number(p!.by)]
  await plantXY('HAND-A', [a, ...ring(a[0], a[1], 12, 7)], '2025-06-10')
  await plantXY('HAND-B', ring(b[0], b[1], 12, 7), '2025-06-11')
  await plantXY(
    'HAND-NOISE',
    [
      [a[0] + 1500, a[1]],
      [a[0] - 1500, a[1]],
      [a[0], a[1] + 1500],
      [a[0], a[1] - 1500],
    ],
    '2025-06-12',
  )
  const { rows } = await sql<{ code: string }>`
    select distinct l.borough_code as code from referral_locations l join referrals r on r.id = l.referral_id
    where r.external_id like 'HAND-B-%' order by 1`.execute(t.database.system)
  hand = { a, b, boroughsB: rows.map((r) => r.code) }
  lead = await t.world.as('leadA')
}, 300_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/clusters', () => {
  it('finds the two hand-built groups and leaves the lone points as noise', async () => {
    const res = await lead.get('/api/v1/analysis/clusters?from=2025-06&to=2025-06&eps=50&minPoints=4')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<Body>()
    expect(body).toMatchObject({ type: 'FeatureCollection', eps: 50, minPoints: 4, points: 19, noise: 4 })
    expect(body.features.map((f) => [f.id, f.properties.locations, f.properties.referrals])).toEqual([
      ['C1', 8, 8],
      ['C2', 7, 7],
    ])
    const [ga, gb] = body.features
    expect(ga!.geometry.type).toBe('Polygon')
    expect(ga!.properties.boroughs).toEqual([{ code: BROMLEY, locations: 8 }])
    expect(ga!.properties.crossBorder).toBe(false)
    // The hull of a regular 7-gon of radius 12 m (the centre point is inside it): (7/2)·r²·sin(2π/7).
    const heptagon = 3.5 * 144 * Math.sin((2 * Math.PI) / 7)
    expect(ga!.properties.areaM2).toBeCloseTo(heptagon, 0)
    expect(gb!.properties.areaM2).toBeCloseTo(heptagon, 0)
    expect(gb!.properties.boroughs.map((x) => x.code).sort()).toEqual(hand.boroughsB)
    expect(hand.boroughsB).toEqual([BRENT, WESTMINSTER].sort())
    expect(gb!.properties.crossBorder).toBe(true)
    // The hull holds its group: its ring's lon/lat round the planted centre.
    const {
      rows: [c],
    } = await sql<{ inside: boolean }>`
      select ST_Contains(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(ga!.geometry)}), 4326), 27700), ST_Buffer(ST_SetSRID(ST_MakePoint(${hand.a[0]}::float8, ${hand.a[1]}::float8), 27700), 5)) as inside`.execute(
      t.database.system,
    )
    expect(c!.inside).toBe(true)
    // A larger minPoints leaves nothing but noise; a larger eps joins nothing more (the groups are km apart).
    const strict = (await lead.get('/api/v1/analysis/clusters?from=2025-06&to=2025-06&eps=50&minPoints=9')).json<Body>()
    expect(strict.features).toHaveLength(0)
    expect(strict.noise).toBe(19)
  })

  it('equals PostGIS ST_ClusterDBSCAN run directly on the same points', async () => {
    for (const [eps, minPoints, extra, filter] of [
      [150, 5, '', sql`true`],
      [300, 8, '', sql`true`],
      [250, 4, '&subjectRole=victim', sql`r.subject_role = 'victim'`],
    ] as const) {
      const res = await lead.get(`/api/v1/analysis/clusters?${RANGE}&eps=${eps}&minPoints=${minPoints}${extra}`)
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<Body>()
      // Hulls are served with counter-clockwise rings (RFC 7946), so the direct run orients them the same way.
      const { rows } = await sql<{ cid: number | null; locations: number; referrals: number; hull: string }>`
        with p as (
          select l.referral_id, l.geom, l.observed_on, l.kind from referral_locations l join referrals r on r.id = l.referral_id
          where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
            and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01' and ${filter}
        ), c as (
          select p.*, ST_ClusterDBSCAN(p.geom, eps => ${eps}::float8, minpoints => ${minPoints}::int)
                        over (order by ST_X(p.geom), ST_Y(p.geom), p.referral_id, p.observed_on, p.kind) as cid from p
        )
        select cid, count(*)::int as locations, count(distinct referral_id)::int as referrals,
               ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(ST_ConvexHull(ST_Collect(geom)), 4326)), 6, 0) as hull
        from c group by cid`.execute(t.database.system)
      const direct = rows
        .filter((r) => r.cid !== null)
        .map((r) => `${r.locations}/${r.referrals}/${r.hull}`)
        .sort()
      const served = body.features.map((f) => `${f.properties.locations}/${f.properties.referrals}/${JSON.stringify(f.geometry)}`).sort()
      expect(direct.length, `eps ${eps}`).toBeGreaterThan(1)
      expect(served).toEqual(direct)
      expect(body.noise).toBe(rows.find((r) => r.cid === null)?.locations ?? 0)
      expect(body.points).toBe(rows.reduce((s, r) => s + r.locations, 0))
      // Ordered by size.
      const sizes = body.features.map((f) => f.properties.referrals)
      expect(sizes).toEqual([...sizes].sort((x, y) => y - x))
    }
  })

  it('writes each request to the audit log with the number of points', async () => {
    const before = (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'analysis.clusters'`.execute(t.database.system)).rows[0]!.n
    const body = (await lead.get(`/api/v1/analysis/clusters?${RANGE}&eps=120`)).json<Body>()
    const { rows } = await sql<{ n: number; last: number; detail: { filter: { eps: number } } }>`
      select (select count(*)::int from audit_log where action = 'analysis.clusters') as n,
             row_count::int as last, detail from audit_log where action = 'analysis.clusters' order by id desc limit 1`.execute(t.database.system)
    expect(rows[0]!.n).toBe(before + 1)
    expect(rows[0]!.last).toBe(body.points)
    expect(rows[0]!.detail.filter.eps).toBe(120)
  })

  it('is for leads only, in the API and in the database; bad parameters are named', async () => {
    for (const who of ['commissionerA', 'caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get(`/api/v1/analysis/clusters?${RANGE}`)).statusCode, who).toBe(403)
    }
    expect((await t.world.withToken(t.world.partnerToken).get(`/api/v1/analysis/clusters?${RANGE}`)).statusCode).toBe(403)
    const caseworker = (await t.world.as('caseworkerA')).actor
    const refused = await withActor(t.database.db, caseworker, (db) =>
      sql`select count(*) from analysis_exact_locations('2026-01-01', '2026-06-01')`.execute(db),
    ).then(
      () => 'allowed',
      (err: { code?: string }) => err.code,
    )
    expect(refused).toBe('42501')
    for (const [q, field] of [
      ['eps=0', 'eps'],
      ['eps=5001', 'eps'],
      ['minPoints=1', 'minPoints'],
      ['minPoints=2.5', 'minPoints'],
    ] as const) {
      const res = await lead.get(`/api/v1/analysis/clusters?${RANGE}&${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]!.field, q).toBe(field)
    }
    const reversed = await lead.get('/api/v1/analysis/clusters?from=2026-06&to=2026-01')
    expect(reversed.statusCode).toBe(400)
    expect(reversed.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('to')
  })
})
