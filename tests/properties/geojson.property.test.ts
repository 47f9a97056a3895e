import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAreaCollection } from '../../server/areas/import/from-file.js'
import { importAreas } from '../../server/areas/import/import-areas.js'
import { Problem } from '../../server/errors/problem.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { expectNamedProblem, RUNS } from './problems.js'

let t: TestApp
let lead: Client
beforeAll(async () => {
  t = await createTestApp()
  lead = await t.world.as('leadA')
}, 180_000)
afterAll(async () => t?.close())

const areaCount = async () => {
  const { rows } = await sql<{ a: number; p: number }>`select (select count(*)::int from areas) as a, (select count(*)::int from area_parts) as p`.execute(
    t.database.system,
  )
  return { areas: Number(rows[0]!.a), parts: Number(rows[0]!.p) }
}

type Ring = number[][]
/** A ~150 m square on the Brent | Westminster border, lon/lat, counter-clockwise and closed. */
const square = (dx = 0): Ring => {
  const [x, y, s] = [-0.195 + dx, 51.534, 0.0015]
  return [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ]
}

/** The ways a ring goes wrong in real files. */
const ringDefect = fc.constantFrom(
  'none',
  'bowtie',
  'clockwise',
  'unclosed',
  'nan',
  'infinite',
  'huge',
  'too-few',
  'strings',
  'deep',
  'empty',
  'null-position',
  'three-d',
  'duplicate-points',
)
function defective(defect: string, dx = 0): unknown {
  const r = square(dx)
  switch (defect) {
    case 'bowtie':
      return [r[0], r[2], r[1], r[3], r[0]]
    case 'clockwise':
      return [...r].reverse()
    case 'unclosed':
      return r.slice(0, 4)
    case 'nan':
      return r.map((p, i) => (i === 1 ? [Number.NaN, p[1]] : p))
    case 'infinite':
      return r.map((p, i) => (i === 2 ? [Number.POSITIVE_INFINITY, p[1]] : p))
    case 'huge':
      return r.map((p, i) => (i === 2 ? [1e300, -1e300] : p))
    case 'too-few':
      return [r[0], r[1], r[0]]
    case 'strings':
      return r.map((p) => p.map(String))
    case 'deep':
      return r.map((p) => [[[p]]])
    case 'empty':
      return []
    case 'null-position':
      return r.map((p, i) => (i === 1 ? null : p))
    case 'three-d':
      return r.map((p) => [...p, 12])
    case 'duplicate-points':
      return [r[0], r[0], r[1], r[1], r[2], r[3], r[0]]
    default:
      return r
  }
}

const geometry = fc
  .record({
    type: fc.constantFrom('Polygon', 'MultiPolygon', 'LineString', 'GeometryCollection', 'polygon'),
    rings: fc.array(ringDefect, { minLength: 0, maxLength: 3 }),
  })
  .map(({ type, rings }) => {
    const polygon = rings.map((d, i) => defective(d, i * 0.0001))
    return { type, coordinates: type === 'MultiPolygon' ? [polygon] : polygon }
  })

describe('GeoJSON boundary files (npm run import:areas path)', () => {
  it('import whole or refuse whole with a problem naming each feature; never half a file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            geometry: fc.oneof(geometry, fc.constant(null), fc.anything({ maxDepth: 2 })),
            code: fc.constantFrom('EST-A', 'EST-B', 'EST-A', '', undefined),
          }),
          { minLength: 0, maxLength: 4 },
        ),
        fc.constantFrom('FeatureCollection', 'Feature', 'featurecollection'),
        async (features, type) => {
          const collection = {
            type,
            features: features.map((f) => ({ type: 'Feature', properties: { code: f.code, name: 'Property estate' }, geometry: f.geometry })),
          }
          const before = await areaCount()
          try {
            const parsed = parseAreaCollection(collection)
            await importAreas(t.database.system, parsed.areas, {
              kind: 'estate',
              srid: parsed.srid,
              source: 'property test',
              licence: 'synthetic',
              synthetic: true,
            })
          } catch (err) {
            expect(err, String(err)).toBeInstanceOf(Problem)
            const p = err as Problem
            expect(p.status).toBeGreaterThanOrEqual(400)
            expect(p.status).toBeLessThan(500)
            expect(p.detail).toBeTruthy()
            if (p.code === 'validation-failed') expect(p.errors?.length).toBeGreaterThan(0)
            expect(await areaCount()).toEqual(before)
          }
        },
      ),
      { numRuns: Math.ceil(RUNS / 2) },
    )
  })
})

describe('POST /api/v1/areas (drawn estates and patches)', () => {
  it('answers 201 or a 4xx problem, never a 5xx, never a partial write', async () => {
    let n = 0
    await fc.assert(
      fc.asyncProperty(geometry, fc.constantFrom('estate', 'patch', 'borough'), async (geom, kind) => {
        const before = await areaCount()
        const res = await lead.post('/api/v1/areas', { kind, name: `Property ${++n}`, code: `PROP-${n}-${Date.now() % 100000}`, geometry: geom })
        if (res.statusCode === 201) return
        expectNamedProblem(res, JSON.stringify(geom).slice(0, 200))
        expect(await areaCount()).toEqual(before)
      }),
      { numRuns: RUNS },
    )
  })

  it('refuses deep nesting and a 50 MB body with a problem, writing nothing', async () => {
    const before = await areaCount()
    let deep: unknown = square()
    for (let i = 0; i < 2000; i++) deep = [deep]
    const nested = await lead.post('/api/v1/areas', { kind: 'estate', name: 'Deep', geometry: { type: 'Polygon', coordinates: deep } })
    expectNamedProblem(nested, 'coordinates nested 2,000 deep')
    const ring = Array.from({ length: 2_100_000 }, (_, i) => [-0.195 + (i % 1000) * 1e-6, 51.534 + Math.floor(i / 1000) * 1e-6])
    const payload = JSON.stringify({ kind: 'estate', name: 'Huge', geometry: { type: 'Polygon', coordinates: [ring] } })
    expect(payload.length).toBeGreaterThan(50 * 1024 * 1024)
    const huge = await lead.inject({ method: 'POST', url: '/api/v1/areas', payload, headers: { 'content-type': 'application/json' } })
    expect(huge.statusCode).toBe(413)
    expectNamedProblem(huge, 'a 50 MB body')
    const empty = await lead.post('/api/v1/areas', { kind: 'estate', name: 'Empty', geometry: { type: 'MultiPolygon', coordinates: [] } })
    expectNamedProblem(empty, 'an empty MultiPolygon')
    expect(await areaCount()).toEqual(before)
  })
})
