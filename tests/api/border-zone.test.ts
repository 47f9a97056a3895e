import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BORDER_DISTANCE } from '../../server/areas/border-zone.js'
import { answerStats } from '../../server/cache/versioned.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { TestFeatureCollection } from '../helpers/geojson.js'

/**
 * GET /api/v1/borders/zone: the border zone cut into its two sides by the database. Each side is
 * checked against the stored boroughs and border with the owner's connection, in EPSG:27700.
 */

const BRENT = 'E09000005'
const WESTMINSTER = 'E09000033'
/** Metres: what 6 decimals of a degree and the round trip through EPSG:4326 may move a point by. */
const TOLERANCE_M = 0.5

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

const zoneUrl = (between: string, distance?: number | string) =>
  `/api/v1/borders/zone?between=${between}${distance === undefined ? '' : `&distance=${distance}`}`

async function zone(between: string, distance?: number) {
  const res = await t.app.inject(zoneUrl(between, distance))
  expect(res.statusCode, res.body).toBe(200)
  return { res, body: res.json<TestFeatureCollection>() }
}

/** GeoJSON geometry (EPSG:4326) as a geometry in the stored grid. */
const grid = (g: unknown) => sql`ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326), 27700)`

interface SideCheck {
  covered: boolean
  withinZone: boolean
  farthestM: number
  areaM2: number
}

/** The side (GeoJSON geometry, EPSG:4326) against borough `code` and the A|B border at distance `d`, in EPSG:27700. */
async function check(geometry: unknown, code: string, d: number): Promise<SideCheck> {
  const { rows } = await sql<SideCheck>`
    with side as (select ${grid(geometry)} as g),
         border as (select geom from borough_borders where borough_a = ${BRENT} and borough_b = ${WESTMINSTER})
    select ST_CoveredBy(side.g, ST_Buffer(a.geom, ${TOLERANCE_M}::float8)) as covered,
           ST_CoveredBy(side.g, ST_Buffer(border.geom, ${d + TOLERANCE_M}::float8)) as "withinZone",
           (select max(ST_Distance(p.geom, border.geom)) from ST_DumpPoints(side.g) p) as "farthestM",
           ST_Area(side.g) as "areaM2"
    from side, border, areas a
    where a.kind = 'borough' and a.code = ${code} and (a.valid_to is null or a.valid_to > current_date)`.execute(t.database.system)
  return rows[0]!
}

describe('GET /api/v1/borders/zone', () => {
  it('gives the two sides of the Brent | Westminster zone, each inside the borough it names and within d of the border', async () => {
    const d = 400
    const { res, body } = await zone(`${BRENT},${WESTMINSTER}`, d)
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(body.attribution).toContain('Crown copyright')
    expect(body.features.map((f) => f.properties)).toEqual([
      { side: 0, code: BRENT, name: 'Brent', label: 'Brent side' },
      { side: 1, code: WESTMINSTER, name: 'Westminster', label: 'Westminster side' },
    ])
    for (const f of body.features) {
      expect(f.geometry.type).toMatch(/^(Multi)?Polygon$/)
      const c = await check(f.geometry, String(f.properties.code), d)
      expect(c.covered, `${f.properties.label} inside its borough`).toBe(true)
      expect(c.withinZone, `${f.properties.label} within ${d} m of the border`).toBe(true)
      // The band reaches out to d (not a thinner buffer).
      expect(c.farthestM).toBeGreaterThan(d - 1)
      expect(c.farthestM).toBeLessThanOrEqual(d + TOLERANCE_M)
    }
    // The two sides meet on the border without overlapping: the band reads as one even tint.
    const {
      rows: [o],
    } = await sql<{
      overlap: number
    }>`select ST_Area(ST_Intersection(${grid(body.features[0]!.geometry)}, ${grid(body.features[1]!.geometry)})) as overlap`.execute(t.database.system)
    expect(o!.overlap).toBeLessThan(10)
  })

  it('puts the first borough asked for on side 0, and uses 400 m when no distance is given', async () => {
    const reversed = (await zone(`${WESTMINSTER},${BRENT}`, 400)).body
    expect(reversed.features.map((f) => [f.properties.side, f.properties.code])).toEqual([
      [0, WESTMINSTER],
      [1, BRENT],
    ])
    expect(BORDER_DISTANCE.default).toBe(400)
    const byDefault = (await zone(`${BRENT},${WESTMINSTER}`)).body
    const explicit = (await zone(`${BRENT},${WESTMINSTER}`, 400)).body
    expect(byDefault).toEqual(explicit)
  })

  it('covers more land at a larger distance, about twice the distance times the border length', async () => {
    const area = async (d: number) => {
      const { body } = await zone(`${BRENT},${WESTMINSTER}`, d)
      let sum = 0
      for (const f of body.features) sum += (await check(f.geometry, String(f.properties.code), d)).areaM2
      return sum
    }
    const [small, large] = [await area(100), await area(800)]
    expect(large).toBeGreaterThan(small * 4)
    const {
      rows: [b],
    } = await sql<{ lengthM: number }>`select length_m as "lengthM" from borough_borders where borough_a = ${BRENT} and borough_b = ${WESTMINSTER}`.execute(
      t.database.system,
    )
    // A band of width 2d along the line, plus its round ends (the line bends, so its buffer is a little smaller).
    expect(small).toBeGreaterThan(2 * 100 * b!.lengthM * 0.8)
    expect(small).toBeLessThan(2 * 100 * b!.lengthM + Math.PI * 100 ** 2)
  })

  it('answers a repeated question from the cache of public answers, the same text', async () => {
    const url = zoneUrl(`${BRENT},${WESTMINSTER}`, 250)
    const first = await t.app.inject(url)
    const hits = answerStats.hits
    const again = await t.app.inject(url)
    expect(answerStats.hits).toBe(hits + 1)
    expect(again.body).toBe(first.body)
    // A distance off the kept steps is computed each time (and gives the same text each time).
    const odd = zoneUrl(`${BRENT},${WESTMINSTER}`, 237)
    const once = await t.app.inject(odd)
    const before = { ...answerStats }
    const twice = await t.app.inject(odd)
    expect(answerStats).toEqual(before)
    expect(twice.body).toBe(once.body)
  })

  it('answers 404 problem+json for boroughs that do not touch (Brent and Bromley)', async () => {
    const res = await t.app.inject(zoneUrl(`${BRENT},E09000006`, 400))
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().detail).toMatch(/do not share a border/)
  })

  it.each([
    ['a distance of 0', zoneUrl(`${BRENT},${WESTMINSTER}`, BORDER_DISTANCE.min - 1), 'distance'],
    ['a distance over the limit', zoneUrl(`${BRENT},${WESTMINSTER}`, BORDER_DISTANCE.max + 1), 'distance'],
    ['a fractional distance', zoneUrl(`${BRENT},${WESTMINSTER}`, 12.5), 'distance'],
    ['a distance that is not a number', zoneUrl(`${BRENT},${WESTMINSTER}`, 'far'), 'distance'],
    ['no pair', '/api/v1/borders/zone?distance=400', 'between'],
    ['the same borough twice', zoneUrl(`${BRENT},${BRENT}`, 400), 'between'],
    ['SQL in a code', zoneUrl(`${BRENT},x'%20or%201=1`, 400), 'between'],
  ])('answers 400 problem+json naming the field for %s', async (_name, url, field) => {
    const res = await t.app.inject(url)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field)
  })

  it('accepts the whole range the border-activity analysis accepts', async () => {
    for (const d of [BORDER_DISTANCE.min, BORDER_DISTANCE.max]) expect((await zone(`${BRENT},${WESTMINSTER}`, d)).body.features).toHaveLength(2)
  })
})
