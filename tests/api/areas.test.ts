import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { sql } from 'kysely'
import { TOLERANCE_M } from '../../server/areas/detail.js'
import { OVERVIEW_TOLERANCE_M } from '../../server/areas/overview.js'
import { svgPoints } from '../helpers/svg-path.js'
import { positions, type TestFeature, type TestFeatureCollection } from '../helpers/geojson.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const get = (url: string) => t.app.inject(url)

describe('GET /api/v1/areas/overview.svg', () => {
  it('draws every borough and shared border in Web Mercator metres, each within the simplification of its shape, and is revalidated by ETag', async () => {
    const res = await get('/api/v1/areas/overview.svg')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('image/svg+xml')
    expect(res.headers['cache-control']).toBe('no-cache')
    const svg = res.body
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="[-\d]+ [-\d]+ \d+ \d+"/)
    const boroughs = [...svg.matchAll(/<path data-code="([^"]+)" d="([^"]+)"\/>/g)].map((m) => ({ code: m[1]!, points: svgPoints(m[2]!) }))
    const borders = [...svg.matchAll(/<path data-between="([^"]+)" d="([^"]+)"\/>/g)]
    expect(boroughs).toHaveLength(33)
    const listed = (await get('/api/v1/borders')).json<TestFeatureCollection>()
    expect(borders.map((m) => m[1]).sort()).toEqual(listed.features.map((f) => (f.properties.between as string[]).join(',')).sort())
    // Each borough's box against PostGIS's own projection of the stored shape (y negated, as SVG draws).
    const { rows } = await sql<{ code: string; x0: number; y0: number; x1: number; y1: number }>`
      select code, ST_XMin(e) as x0, -ST_YMax(e) as y0, ST_XMax(e) as x1, -ST_YMin(e) as y1
      from (select code, ST_Transform(geom, 3857) as e from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)) s`.execute(
      t.database.system,
    )
    // Mercator metres are about 1.6 ground metres in London; 1 m more for rounding to whole metres.
    const slack = OVERVIEW_TOLERANCE_M * 1.7 + 1
    for (const b of boroughs) {
      const truth = rows.find((r) => r.code === b.code)!
      const xs = b.points.map((p) => p[0])
      const ys = b.points.map((p) => p[1])
      for (const [got, want] of [
        [Math.min(...xs), truth.x0],
        [Math.max(...xs), truth.x1],
        [Math.min(...ys), truth.y0],
        [Math.max(...ys), truth.y1],
      ] as const)
        expect(Math.abs(got - want), b.code).toBeLessThan(slack)
    }
    const again = await t.app.inject({ url: '/api/v1/areas/overview.svg', headers: { 'if-none-match': res.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })
})

describe('GET /api/v1/areas', () => {
  it('returns the 33 London boroughs as an RFC 7946 FeatureCollection', async () => {
    const res = await get('/api/v1/areas?kind=borough')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = res.json<TestFeatureCollection>()
    expect(fc.type).toBe('FeatureCollection')
    expect(fc).not.toHaveProperty('crs')
    expect(fc.attribution).toContain('Contains OS data © Crown copyright and database right')
    expect(fc.features).toHaveLength(33)
    const brent = fc.features.find((f) => f.properties.code === 'E09000005')!
    expect(brent.properties).toEqual({ code: 'E09000005', name: 'Brent', kind: 'borough', parentCode: null, synthetic: false })
    expect(['Polygon', 'MultiPolygon']).toContain(brent.geometry.type)
    // lon,lat order inside London, at most 6 decimals
    for (const [lon, lat] of positions(brent.geometry.coordinates)) {
      expect(lon).toBeGreaterThan(-0.35)
      expect(lon).toBeLessThan(-0.1)
      expect(lat).toBeGreaterThan(51.5)
      expect(lat).toBeLessThan(51.62)
      expect(String(lon).split('.')[1]?.length ?? 0).toBeLessThanOrEqual(6)
    }
  })

  it('is revalidated by ETag: a browser that holds the map gets 304 without a body, and another query another tag', async () => {
    const first = await get('/api/v1/areas?kind=borough')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[\w-]{20,}"$/)
    expect(first.headers['cache-control']).toBe('no-cache')
    const again = await t.app.inject({ url: '/api/v1/areas?kind=borough', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)
    const other = await t.app.inject({ url: '/api/v1/areas?kind=borough&bbox=-0.20,51.52,-0.18,51.54', headers: { 'if-none-match': etag } })
    expect(other.statusCode).toBe(200)
    expect(other.headers.etag).not.toBe(etag)
    const stale = await t.app.inject({ url: '/api/v1/areas?kind=borough', headers: { 'if-none-match': '"an-older-map"' } })
    expect(stale.statusCode).toBe(200)
    expect(stale.json<TestFeatureCollection>().features).toHaveLength(33)
  })

  it.each([
    ['display', 0.2, 0.7],
    ['overview', 0.05, 0.25],
  ] as const)(
    'sends a simplified map for drawing (detail=%s): the same areas, fewer vertices, none more than its tolerance from the full shape',
    async (detail, least, most) => {
      const full = (await get('/api/v1/areas?kind=borough')).json<TestFeatureCollection>()
      const res = await get(`/api/v1/areas?kind=borough&detail=${detail}`)
      expect(res.statusCode).toBe(200)
      const display = res.json<TestFeatureCollection>()
      expect(display.features.map((f) => f.properties)).toEqual(full.features.map((f) => f.properties))
      const vertices = (fc: TestFeatureCollection) => fc.features.reduce((n, f) => n + positions(f.geometry.coordinates).length, 0)
      expect(vertices(display)).toBeLessThan(most * vertices(full))
      expect(vertices(display)).toBeGreaterThan(least * vertices(full))
      // Measured by PostGIS in the stored grid against the stored shapes: the simplification moves no
      // line further than the tolerance (plus the 6-decimal rounding of the coordinates, under 0.12 m).
      const { rows } = await sql<{ code: string; apart: number; valid: boolean }>`
      select f->'properties'->>'code' as code,
             ST_HausdorffDistance(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), 27700), a.geom) as apart,
             ST_IsValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326), 27700)) as valid
      from jsonb_array_elements(${JSON.stringify(display.features)}::jsonb) f
      join areas a on a.kind = 'borough' and a.code = f->'properties'->>'code' and (a.valid_to is null or a.valid_to > current_date)`.execute(t.database.system)
      expect(rows).toHaveLength(33)
      for (const r of rows) {
        expect(r.apart, r.code).toBeLessThanOrEqual(TOLERANCE_M[detail] + 0.12)
        expect(r.valid, r.code).toBe(true)
      }
      const again = await t.app.inject({ url: `/api/v1/areas?kind=borough&detail=${detail}`, headers: { 'if-none-match': res.headers.etag as string } })
      expect(again.statusCode).toBe(304)
      expect(res.headers.etag).not.toBe((await get('/api/v1/areas?kind=borough')).headers.etag)
    },
  )

  it('answers 400 naming detail for a detail it does not offer', async () => {
    const res = await get('/api/v1/areas?kind=borough&detail=coarse')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('detail')
  })

  it('filters by a lon/lat bbox', async () => {
    const res = await get('/api/v1/areas?kind=borough&bbox=-0.20,51.52,-0.18,51.54')
    expect(res.statusCode).toBe(200)
    const codes = res.json<TestFeatureCollection>().features.map((f) => f.properties.code)
    expect(codes).toEqual(expect.arrayContaining(['E09000005', 'E09000033']))
    expect(codes).not.toContain('E09000006') // Bromley is far away
    expect(codes.length).toBeLessThan(10)
  })

  it('returns nothing for a bbox outside Great Britain, without error', async () => {
    const res = await get('/api/v1/areas?kind=borough&bbox=100,-10,120,10')
    expect(res.statusCode).toBe(200)
    expect(res.json<TestFeatureCollection>().features).toEqual([])
  })

  describe('with the real London wards and LSOAs', () => {
    it('returns 625 wards with their borough as parent', async () => {
      const fc = (await get('/api/v1/areas?kind=ward')).json<TestFeatureCollection>()
      expect(fc.features).toHaveLength(625)
      const kilburn = fc.features.find((f) => f.properties.name === 'Kilburn' && f.properties.parentCode === 'E09000005')
      expect(kilburn).toBeDefined()
    })

    it('returns 4,994 LSOAs, each given its borough by the database', async () => {
      const fc = (await get('/api/v1/areas?kind=lsoa')).json<TestFeatureCollection>()
      expect(fc.features).toHaveLength(4994)
      expect(fc.features.every((f) => typeof f.properties.parentCode === 'string' && String(f.properties.parentCode).startsWith('E09'))).toBe(true)
      const brentLsoas = fc.features.filter((f) => f.properties.parentCode === 'E09000005')
      expect(brentLsoas.every((f) => String(f.properties.name).startsWith('Brent '))).toBe(true)
      expect(brentLsoas).toHaveLength(181)
    })
  })

  it.each([
    ['unknown kind', '/api/v1/areas?kind=county', 'kind'],
    ['missing kind', '/api/v1/areas', 'kind'],
    ['three numbers', '/api/v1/areas?kind=borough&bbox=1,2,3', 'bbox'],
    ['non-numeric bbox', '/api/v1/areas?kind=borough&bbox=a,b,c,d', 'bbox'],
    ['empty bbox part', '/api/v1/areas?kind=borough&bbox=1,,3,4', 'bbox'],
    ['bbox min above max', '/api/v1/areas?kind=borough&bbox=0,52,-1,51', 'bbox'],
    ['bbox out of range', '/api/v1/areas?kind=borough&bbox=-200,51,0,52', 'bbox'],
    ['unknown parameter', '/api/v1/areas?kind=borough&colour=red', 'colour'],
  ])('answers 400 problem+json for %s, naming the field', async (_name, url, field) => {
    const res = await get(url)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const p = res.json()
    expect(p).toMatchObject({ status: 400, code: 'validation-failed' })
    expect(p.errors.map((e: { field: string }) => e.field)).toContain(field)
    expect(p.detail).toContain(field)
  })
})

describe('GET /api/v1/areas/{code}', () => {
  it('returns one area as a Feature', async () => {
    const res = await get('/api/v1/areas/E09000033')
    expect(res.statusCode).toBe(200)
    const f = res.json<TestFeature>()
    expect(f.type).toBe('Feature')
    expect(f.id).toBe('E09000033')
    expect(f.properties).toMatchObject({ code: 'E09000033', name: 'Westminster', kind: 'borough' })
  })

  it('answers 404 problem+json for an unknown code', async () => {
    const res = await get('/api/v1/areas/E09999999')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 404, code: 'not-found' })
    expect(res.json().detail).toContain('E09999999')
  })
})
