import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRENT, createFixture, exampleReferral, MAIDA_VALE, SOUTH_KILBURN, WESTMINSTER, problemFields, type Fixture } from './fixture.js'

let f: Fixture
let id: string
beforeAll(async () => {
  f = await createFixture()
  id = (
    await f.post(
      '/api/v1/referrals',
      exampleReferral({ fundingBorough: BRENT, locations: [{ kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact' }] }),
    )
  ).json().id
})
afterAll(() => f?.close())

const url = () => `/api/v1/referrals/${id}/locations`
const MISSING = '00000000-0000-4000-8000-000000000000'

describe('/api/v1/referrals/{id}/locations', () => {
  it('adds, moves (reassigning its areas) and deletes a location; the classification follows', async () => {
    const added = await f.post(url(), { kind: 'incident', ...SOUTH_KILBURN, observedOn: '2026-03-02', precision: 'street' })
    expect(added.statusCode).toBe(201)
    const loc = added.json()
    expect(loc).toMatchObject({ kind: 'incident', borough: BRENT })
    const moved = await f.patch(`${url()}/${loc.id}`, { ...MAIDA_VALE, precision: 'postcode' })
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toMatchObject({ id: loc.id, ...MAIDA_VALE, borough: WESTMINSTER, precision: 'postcode', observedOn: '2026-03-02' })
    let r = (await f.get(`/api/v1/referrals/${id}`)).json()
    expect(r.crossBoundary).toMatchObject({ multiBorough: true, fundingMismatch: true })
    expect(r.locations).toHaveLength(2)
    expect((await f.del(`${url()}/${loc.id}`)).statusCode).toBe(204)
    expect((await f.del(`${url()}/${loc.id}`)).statusCode).toBe(404)
    r = (await f.get(`/api/v1/referrals/${id}`)).json()
    expect(r.crossBoundary).toMatchObject({ multiBorough: false, fundingMismatch: false })
  })

  it('validates a new or changed location like the referral body does', async () => {
    let res = await f.post(url(), { kind: 'incident', lon: 1.2, lat: 51.5, observedOn: '2010-01-01', precision: 'street' })
    expect(res.statusCode).toBe(400)
    expect(problemFields(res)).toEqual(expect.arrayContaining(['lon', 'observedOn']))
    const loc = (await f.post(url(), { kind: 'school', ...SOUTH_KILBURN, observedOn: '2026-03-03', precision: 'area' })).json()
    res = await f.patch(`${url()}/${loc.id}`, { lon: -0.2 })
    expect(res.statusCode).toBe(400)
    expect(problemFields(res)).toContain('lat')
    res = await f.patch(`${url()}/${loc.id}`, { borough: BRENT })
    expect(res.statusCode).toBe(400)
    expect(problemFields(res)).toContain('borough')
    res = await f.patch(`${url()}/${loc.id}`, {})
    expect(res.statusCode).toBe(400)
  })

  it('answers 404 for an unknown referral or location, 400 for a malformed id', async () => {
    expect(
      (await f.post(`/api/v1/referrals/${MISSING}/locations`, { kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact' })).statusCode,
    ).toBe(404)
    expect((await f.patch(`${url()}/${MISSING}`, { precision: 'exact' })).statusCode).toBe(404)
    const bad = await f.del(`${url()}/nope`)
    expect(bad.statusCode).toBe(400)
    expect(problemFields(bad)).toContain('locationId')
  })
})

describe('/api/v1/referrals/{id}/exclusion-zones', () => {
  const square = (x: number, y: number, d = 0.002) => [
    [
      [x - d, y - d],
      [x + d, y - d],
      [x + d, y + d],
      [x - d, y + d],
      [x - d, y - d],
    ],
  ]

  it('stores a Polygon as a MultiPolygon in EPSG:27700 and deletes it', async () => {
    const res = await f.post(`/api/v1/referrals/${id}/exclusion-zones`, {
      name: 'Maida Vale estate',
      geometry: { type: 'Polygon', coordinates: square(MAIDA_VALE.lon, MAIDA_VALE.lat) },
    })
    expect(res.statusCode).toBe(201)
    const zone = res.json()
    expect(zone).toMatchObject({ name: 'Maida Vale estate', geometry: { type: 'MultiPolygon' } })
    const { rows } = await sql<{
      srid: number
      area: number
    }>`select ST_SRID(geom) as srid, ST_Area(geom) as area from exclusion_zones where id = ${zone.id}`.execute(f.database.system)
    expect(rows[0]!.srid).toBe(27700)
    expect(rows[0]!.area).toBeGreaterThan(50000) // ~280 m × 440 m
    expect((await f.del(`/api/v1/referrals/${id}/exclusion-zones/${zone.id}`)).statusCode).toBe(204)
    expect((await f.del(`/api/v1/referrals/${id}/exclusion-zones/${zone.id}`)).statusCode).toBe(404)
  })

  it('accepts a MultiPolygon; rejects other geometry, positions outside the service area, open rings and self-intersections', async () => {
    const post = (geometry: unknown) => f.post(`/api/v1/referrals/${id}/exclusion-zones`, { name: 'z', geometry })
    expect((await post({ type: 'MultiPolygon', coordinates: [square(-0.18, 51.52), square(-0.17, 51.52)] })).statusCode).toBe(201)
    expect((await post({ type: 'Point', coordinates: [-0.18, 51.52] })).statusCode).toBe(400)
    const far = await post({ type: 'Polygon', coordinates: square(2.35, 48.85) })
    expect(far.statusCode).toBe(400)
    expect(problemFields(far)).toContain('geometry.coordinates')
    const open = square(-0.18, 51.52)[0]!.slice(0, 4)
    expect((await post({ type: 'Polygon', coordinates: [[...open, [-0.1, 51.5]]] })).statusCode).toBe(400)
    const bowtie = [
      [
        [-0.18, 51.52],
        [-0.17, 51.53],
        [-0.17, 51.52],
        [-0.18, 51.53],
        [-0.18, 51.52],
      ],
    ]
    const invalid = await post({ type: 'Polygon', coordinates: bowtie })
    expect(invalid.statusCode).toBe(400)
    expect(problemFields(invalid)).toContain('geometry')
    expect(
      (await f.post(`/api/v1/referrals/${MISSING}/exclusion-zones`, { name: 'z', geometry: { type: 'Polygon', coordinates: square(-0.18, 51.52) } }))
        .statusCode,
    ).toBe(404)
  })
})
