import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { parseAreaCollection } from '../../server/areas/import/from-file.js'
import { importAreas } from '../../server/areas/import/import-areas.js'
import { lookupPoint } from '../../server/areas/areas.repository.js'
import { getBorder } from '../../server/areas/borders.repository.js'
import { Problem } from '../../server/errors/problem.js'
import { createTestDatabase } from '../helpers/db.js'
import { CRS_27700, square27700 } from '../helpers/geojson.js'

let d: Database
beforeAll(async () => {
  d = await createTestDatabase()
})
afterAll(() => d?.close())

const fc = (features: object[], extra: object = {}) => ({ type: 'FeatureCollection', ...extra, features })
const count = async (kind: string) => (await sql<{ n: number }>`select count(*)::int as n from areas where kind = ${kind}`.execute(d.system)).rows[0]!.n

/** Imports and returns the report, or the Problem thrown. */
async function tryImport(collection: object, kind: 'borough' | 'estate' | 'patch' | 'ward', crs?: string) {
  try {
    const parsed = parseAreaCollection(collection, crs ? { crs } : {})
    return await importAreas(d.system, parsed.areas, { kind, srid: parsed.srid, source: 'test', licence: 'test' })
  } catch (err) {
    if (err instanceof Problem) return err
    throw err
  }
}

// Near South Kilburn, in British National Grid metres.
const X = 525000
const Y = 183000

describe('importing boundaries', () => {
  it('reads the CRS from the crs member and gives each estate its borough by point-on-surface', async () => {
    const report = await tryImport(fc([square27700('EST-1', 'Synthetic estate', X, Y, 200)], { crs: CRS_27700 }), 'estate')
    expect(report).not.toBeInstanceOf(Problem)
    const { rows } = await sql<{ parent_code: string; area: number }>`select parent_code, ST_Area(geom) as area from areas where code = 'EST-1'`.execute(
      d.system,
    )
    expect(rows[0]!.area).toBeCloseTo(40000, 0)
    expect(rows[0]!.parent_code).toMatch(/^E09/)
    const hit = await sql<{ lon: number; lat: number }>`
      select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(${X + 100}::float8, ${Y + 100}::float8), 27700), 4326) p) q`.execute(
      d.system,
    )
    const at = await lookupPoint(d.system, hit.rows[0]!.lon, hit.rows[0]!.lat)
    expect(at.estate).toEqual({ code: 'EST-1', name: 'Synthetic estate' })
  })

  it('lets an option override the CRS, and defaults to CRS84 (lon/lat)', async () => {
    const lonLat = fc([
      {
        type: 'Feature',
        properties: { code: 'P-1', name: 'Patch' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [-0.2, 51.53],
              [-0.19, 51.53],
              [-0.19, 51.535],
              [-0.2, 51.53],
            ],
          ],
        },
      },
    ])
    expect(await tryImport(lonLat, 'patch')).not.toBeInstanceOf(Problem)
    const metres = fc([square27700('P-2', 'Patch two', X, Y, 100)])
    expect(await tryImport(metres, 'patch', 'EPSG:27700')).not.toBeInstanceOf(Problem)
    expect(await count('patch')).toBe(1) // re-import replaced P-1
    const unmarked = await tryImport(metres, 'patch') // metres read as lon/lat
    expect(unmarked).toBeInstanceOf(Problem)
    expect((unmarked as Problem).detail).toMatch(/outside the lon\/lat range/)
  })

  it('repairs an invalid (self-intersecting) polygon with ST_MakeValid and reports it', async () => {
    const bowtie = {
      type: 'Feature',
      properties: { code: 'EST-BOW', name: 'Bow-tie' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [X, Y],
            [X + 100, Y + 100],
            [X + 100, Y],
            [X, Y + 100],
            [X, Y],
          ],
        ],
      },
    }
    const report = await tryImport(fc([bowtie, square27700('EST-OK', 'Fine', X + 500, Y, 100)], { crs: CRS_27700 }), 'estate')
    if (report instanceof Problem) throw report
    expect(report.repaired.map((r) => r.code)).toEqual(['EST-BOW'])
    expect(report.repaired[0]!.reason).toMatch(/self-intersection/i)
    const { rows } = await sql<{
      valid: boolean
      area: number
    }>`select ST_IsValid(geom) as valid, ST_Area(geom) as area from areas where code = 'EST-BOW'`.execute(d.system)
    expect(rows[0]).toEqual({ valid: true, area: expect.closeTo(5000, 0) })
  })

  it.each([
    [
      'an unclosed ring',
      {
        type: 'Polygon',
        coordinates: [
          [
            [X, Y],
            [X + 10, Y],
            [X + 10, Y + 10],
            [X, Y + 10],
          ],
        ],
      },
      /not closed/,
    ],
    [
      'a line',
      {
        type: 'LineString',
        coordinates: [
          [X, Y],
          [X + 10, Y],
        ],
      },
      /Polygon or MultiPolygon/,
    ],
    [
      'NaN-like coordinates',
      {
        type: 'Polygon',
        coordinates: [
          [
            [X, Y],
            ['a', Y],
            [X, Y + 10],
            [X, Y],
          ],
        ],
      },
      /finite numbers/,
    ],
    ['no geometry', null, /Polygon or MultiPolygon/],
  ])('rejects %s, naming the feature, and keeps the existing areas', async (_name, geometry, message) => {
    const before = await count('estate')
    const bad = { type: 'Feature', properties: { code: 'BAD', name: 'Bad' }, geometry }
    const result = await tryImport(fc([square27700('EST-NEW', 'New', X, Y, 50), bad], { crs: CRS_27700 }), 'estate')
    expect(result).toBeInstanceOf(Problem)
    const p = result as Problem
    expect(p.status).toBe(400)
    expect(p.errors?.[0]?.field).toMatch(/^features\[1\]/)
    expect(p.errors?.[0]?.message).toMatch(message)
    expect(await count('estate')).toBe(before)
  })

  it('rejects an empty collection, repeated codes, and an unknown CRS', async () => {
    expect(await tryImport(fc([]), 'estate')).toBeInstanceOf(Problem)
    const dup = await tryImport(fc([square27700('A', 'A', X, Y, 10), square27700('A', 'A', X + 20, Y, 10)], { crs: CRS_27700 }), 'estate')
    expect((dup as Problem).errors?.[0]?.message).toMatch(/repeats features\[0\]/)
    const unknown = await tryImport(fc([square27700('A', 'A', X, Y, 10)], { crs: { type: 'name', properties: { name: 'EPSG:999999' } } }), 'estate')
    expect((unknown as Problem).detail).toMatch(/EPSG:999999/)
  })

  it('rolls the whole import back when the database refuses part of it', async () => {
    const before = await count('estate')
    // A valid-looking second batch whose coordinates cannot be transformed from the declared CRS.
    const many = Array.from({ length: 260 }, (_, i) => square27700(`EST-${i}`, `E${i}`, X + i * 20, Y, 10))
    const parsed = parseAreaCollection(fc(many, { crs: CRS_27700 }))
    parsed.areas[255]!.geometry = {
      type: 'Polygon',
      coordinates: [
        [
          [1e30, 1e30],
          [1e30 + 1, 1e30],
          [1e30, 1e30 + 1],
          [1e30, 1e30],
        ],
      ],
    }
    await expect(importAreas(d.system, parsed.areas, { kind: 'estate', srid: 27700, source: 't', licence: 't' })).rejects.toThrow()
    expect(await count('estate')).toBe(before)
  })

  it('rebuilds the shared borders when boroughs are re-imported', async () => {
    const twoBoroughs = fc(
      [square27700('B-WEST', 'West', X, Y, 1000), square27700('B-EAST', 'East', X + 1000, Y, 1000), square27700('B-FAR', 'Far', X + 5000, Y, 1000)],
      { crs: CRS_27700 },
    )
    const report = await tryImport(twoBoroughs, 'borough')
    if (report instanceof Problem) throw report
    expect(report.replaced).toBeGreaterThan(0)
    expect(report.borders).toBe(1)
    const border = await getBorder(d.system, 'B-WEST', 'B-EAST')
    expect(border?.lengthM).toBeCloseTo(1000, 0)
    expect(await getBorder(d.system, 'B-WEST', 'B-FAR')).toBeUndefined()
  })
})
