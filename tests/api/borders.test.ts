import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { positions, type TestFeature, type TestFeatureCollection } from '../helpers/geojson.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const get = (url: string) => t.app.inject(url)

describe('GET /api/v1/borders', () => {
  it('gives the Brent | Westminster border as a MultiLineString of 3.0–3.4 km, in either order', async () => {
    for (const q of ['E09000005,E09000033', 'E09000033,E09000005']) {
      const res = await get(`/api/v1/borders?between=${q}`)
      expect(res.statusCode).toBe(200)
      const f = res.json<TestFeature>()
      expect(f.geometry.type).toBe('MultiLineString')
      expect(f.properties.between).toEqual(['E09000005', 'E09000033'])
      expect(f.properties.names).toEqual(['Brent', 'Westminster'])
      expect(f.properties.lengthM).toBeGreaterThan(3000)
      expect(f.properties.lengthM).toBeLessThan(3400)
    }
  })

  it('answers 404 for boroughs that do not touch (Brent and Bromley)', async () => {
    const res = await get('/api/v1/borders?between=E09000005,E09000006')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('lists every shared border, each pair once, and those of one borough', async () => {
    const all = (await get('/api/v1/borders')).json<TestFeatureCollection>()
    expect(all.attribution).toContain('Crown copyright')
    const pairs = all.features.map((f) => (f.properties.between as string[]).join('|'))
    expect(new Set(pairs).size).toBe(pairs.length)
    expect(all.features.length).toBeGreaterThan(50) // 33 boroughs in a plane: between 32 and 93 adjacencies
    for (const f of all.features) {
      const [a, b] = f.properties.between as string[]
      expect(a! < b!).toBe(true)
      expect(f.properties.lengthM).toBeGreaterThanOrEqual(10)
    }
    const brent = (await get('/api/v1/borders?borough=E09000005')).json<TestFeatureCollection>()
    const neighbours = brent.features.map((f) => (f.properties.between as string[]).find((c) => c !== 'E09000005'))
    expect(neighbours).toEqual(expect.arrayContaining(['E09000033', 'E09000007', 'E09000003', 'E09000009', 'E09000015']))
    expect(neighbours).not.toContain('E09000006')
  })

  it("sends the borders simplified for drawing (detail=display) with the full borders' lengths", async () => {
    const full = (await get('/api/v1/borders')).json<TestFeatureCollection>()
    const display = (await get('/api/v1/borders?detail=display')).json<TestFeatureCollection>()
    expect(display.features.map((f) => f.properties)).toEqual(full.features.map((f) => f.properties))
    const vertices = (fc: TestFeatureCollection) => fc.features.reduce((n, f) => n + positions(f.geometry.coordinates).length, 0)
    expect(vertices(display)).toBeLessThan(0.8 * vertices(full))
    // The overview detail (12 m, what a map opening at zoom 12 or further out starts with): far fewer again.
    const overview = (await get('/api/v1/borders?detail=overview')).json<TestFeatureCollection>()
    expect(overview.features.map((f) => f.properties)).toEqual(full.features.map((f) => f.properties))
    expect(vertices(overview)).toBeLessThan(0.5 * vertices(display))
  })

  it.each([
    ['a detail it does not offer', 'detail=coarse', 'detail'],
    ['one pair at display detail', 'between=E09000005,E09000033&detail=display', 'detail'],
    ['the same borough twice', 'between=E09000005,E09000005', 'between'],
    ['one code', 'between=E09000005', 'between'],
    ['SQL in a code', "between=E09000005,x'%20or%201=1", 'between'],
    ['between with borough', 'between=E09000005,E09000033&borough=E09000005', 'borough'],
  ])('answers 400 for %s', async (_name, q, field) => {
    const res = await get(`/api/v1/borders?${q}`)
    expect(res.statusCode).toBe(400)
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field)
  })
})
