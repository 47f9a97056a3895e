import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../server/areas/import/import-areas.js'
import { BRENT, createFixture, exampleReferral, MAIDA_VALE, SOUTH_KILBURN, WESTMINSTER, type Fixture } from './fixture.js'

let f: Fixture
beforeAll(async () => {
  f = await createFixture()
})
afterAll(() => f?.close())

const URL = '/api/v1/referrals'
const KILBURN_HIGH_ROAD_BRENT = { lon: -0.2, lat: 51.539 } // Brent side, an incident near home
const WILLESDEN = { lon: -0.221, lat: 51.549 }
const loc = (kind: string, p: { lon: number; lat: number }) => ({ kind, ...p, observedOn: '2026-03-05', precision: 'street' })
const create = async (over: Record<string, unknown>) => {
  const res = await f.post(URL, exampleReferral(over))
  expect(res.statusCode, res.body).toBe(201)
  return res.json()
}

describe('cross-boundary classification on the real London boundaries', () => {
  it('South Kilburn home with a Maida Vale incident is multi-borough (Brent, Westminster)', async () => {
    const r = await create({})
    expect(r.locations.map((l: { borough: string }) => l.borough)).toEqual([BRENT, WESTMINSTER])
    expect(r.crossBoundary).toMatchObject({ multiBorough: true, boroughs: [BRENT, WESTMINSTER] })
  })

  it('the South Kilburn point (~136 m from Westminster) is in the Brent|Westminster border zone at D=400, not at D=100', async () => {
    const r = await create({ fundingBorough: BRENT, locations: [loc('home', SOUTH_KILBURN)] })
    expect(r.locations[0].nearestBorder.code).toBe(WESTMINSTER)
    expect(r.locations[0].nearestBorder.distanceM).toBeGreaterThan(120)
    expect(r.locations[0].nearestBorder.distanceM).toBeLessThan(150)
    expect(r.crossBoundary.borderZone).toEqual([{ between: [BRENT, WESTMINSTER], distanceM: r.locations[0].nearestBorder.distanceM }])
    const at100 = (await f.get(`${URL}/${r.id}?borderZoneM=100`)).json()
    expect(at100.crossBoundary.borderZone).toEqual([])
    const at400 = (await f.get(`${URL}/${r.id}?borderZoneM=400`)).json()
    expect(at400.crossBoundary.borderZone).toHaveLength(1)
    expect(r.crossBoundary.multiBorough).toBe(false)
  })

  it('Westminster funding for a Brent resident with Brent incidents is a funding mismatch; Brent funding is not', async () => {
    const locations = [loc('home', SOUTH_KILBURN), loc('incident', KILBURN_HIGH_ROAD_BRENT), loc('incident', WILLESDEN)]
    const westminsterFunded = await create({ fundingBorough: WESTMINSTER, locations })
    expect(westminsterFunded.locations.every((l: { borough: string }) => l.borough === BRENT)).toBe(true)
    expect(westminsterFunded.crossBoundary).toMatchObject({ fundingMismatch: true, multiBorough: false, boroughs: [BRENT] })
    const brentFunded = await create({ fundingBorough: BRENT, locations })
    expect(brentFunded.crossBoundary).toMatchObject({ fundingMismatch: false, multiBorough: false })
  })

  it('relocation events alone do not make a funding mismatch', async () => {
    const r = await create({ fundingBorough: BRENT, locations: [loc('home', WILLESDEN), loc('relocation_to', MAIDA_VALE)] })
    expect(r.crossBoundary).toMatchObject({ fundingMismatch: false, multiBorough: true })
  })

  it('an estate across the Brent/Westminster border is a straddling area, listed for a referral located in it', async () => {
    const [x, y] = [SOUTH_KILBURN.lon, SOUTH_KILBURN.lat]
    const ring = [
      [x - 0.005, y - 0.003],
      [x + 0.005, y - 0.003],
      [x + 0.005, y + 0.003],
      [x - 0.005, y + 0.003],
      [x - 0.005, y - 0.003],
    ]
    await importAreas(
      f.database.system,
      [{ code: 'EST-SK', name: 'South Kilburn (synthetic test estate)', parentCode: null, geometry: { type: 'Polygon', coordinates: [ring] } }],
      { kind: 'estate', srid: 4326, source: 'test', licence: 'test', synthetic: true },
    )
    const inside = await create({ fundingBorough: BRENT, locations: [loc('home', SOUTH_KILBURN)] })
    expect(inside.locations[0].estate).toBe('EST-SK')
    expect(inside.crossBoundary.straddlingAreas).toEqual(['EST-SK'])
    const outside = await create({ fundingBorough: BRENT, locations: [loc('home', WILLESDEN)] })
    expect(outside.crossBoundary.straddlingAreas).toEqual([])
    const listed = (await f.get(`${URL}?straddling=true&limit=500`)).json().items.map((r: { id: string }) => r.id)
    expect(listed).toEqual([inside.id])
    const notListed = (await f.get(`${URL}?straddling=false&limit=500`)).json().items.map((r: { id: string }) => r.id)
    expect(notListed).toContain(outside.id)
    expect(notListed).not.toContain(inside.id)
  })
})
