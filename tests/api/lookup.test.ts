import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const lookup = (q: string) => t.app.inject(`/api/v1/lookup?${q}`)

describe('GET /api/v1/lookup', () => {
  it('places South Kilburn in Brent, about 136 m from Westminster', async () => {
    const res = await lookup('lon=-0.1950&lat=51.5340')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.borough).toEqual({ code: 'E09000005', name: 'Brent' })
    expect(body.nearestBorder.code).toBe('E09000033')
    expect(body.nearestBorder.name).toBe('Westminster')
    expect(body.nearestBorder.distanceM).toBeGreaterThan(126)
    expect(body.nearestBorder.distanceM).toBeLessThan(146)
    expect(body.estate).toBeNull()
  })

  it('gives the distance to the nearest border exactly as the saved location gets it (the page decides the border zone from it)', async () => {
    for (const [lon, lat] of [
      [-0.195, 51.534],
      [-0.178, 51.523],
      [-0.2371, 51.5562],
    ] as const) {
      const body = (await lookup(`lon=${lon}&lat=${lat}`)).json()
      const { rows } = await sql<{ d: number }>`
        select border_distance_m as d from location_areas(ST_Transform(ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326), 27700))`.execute(t.database.system)
      expect(body.nearestBorder.distanceM, `${lon},${lat}`).toBe(rows[0]!.d)
    }
  })

  it('places Maida Vale in Westminster, with Brent as the nearest other borough', async () => {
    const body = (await lookup('lon=-0.1780&lat=51.5230')).json()
    expect(body.borough).toEqual({ code: 'E09000033', name: 'Westminster' })
    expect(body.nearestBorder.code).not.toBe('E09000033')
    expect(body.nearestBorder.distanceM).toBeGreaterThan(0)
  })

  it('gives the ward and LSOA that hold the point', async () => {
    const body = (await lookup('lon=-0.1950&lat=51.5340')).json()
    expect(body.ward).toEqual({ code: 'E05000094', name: 'Kilburn' })
    expect(body.lsoa.code).toMatch(/^E01/)
    expect(body.lsoa.name).toMatch(/^Brent /)
  })

  it.each([
    ['non-numeric lon', 'lon=abc&lat=51.5', ['lon']],
    ['lat beyond 90', 'lon=-0.1&lat=95', ['lat']],
    ['lon beyond 180', 'lon=181&lat=51.5', ['lon']],
    ['missing lat', 'lon=-0.1', ['lat']],
    ['a point outside the service area', 'lon=2.35&lat=48.85', ['lon', 'lat']],
    ['unknown parameter', 'lon=-0.1&lat=51.5&srid=4326', ['srid']],
  ])('answers 400 problem+json for %s', async (_name, q, fields) => {
    const res = await lookup(q)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(fields))
  })
})
