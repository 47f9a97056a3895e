import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedReferrals } from '../access/seed.js'
import { decodeTile } from '../tiles/decode.js'

/**
 * RFC 7946 §3.1.6: polygon rings follow the right-hand rule — outer rings counter-clockwise, holes
 * clockwise. Every route that answers polygons is read and every ring of every polygon in the answer
 * checked by its signed (shoelace) area; the areas tile at z0 holds no zero-area ring.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs, { countA: 200, countB: 10 })
})
afterAll(() => t?.close())

type Ring = Array<[number, number]>
/** Twice the signed area: positive counter-clockwise (x east, y north). */
const signed = (r: Ring) =>
  r.reduce((s, [x, y], i) => {
    const [x2, y2] = r[(i + 1) % r.length]!
    return s + x * y2 - x2 * y
  }, 0)

/** Every Polygon's rings anywhere in a JSON document (features, hulls, cells). */
function polygons(doc: unknown, out: Ring[][] = []): Ring[][] {
  if (Array.isArray(doc)) for (const d of doc) polygons(d, out)
  else if (doc && typeof doc === 'object') {
    const o = doc as { type?: string; coordinates?: unknown }
    if (o.type === 'Polygon') out.push(o.coordinates as Ring[])
    else if (o.type === 'MultiPolygon') out.push(...(o.coordinates as Ring[][]))
    else for (const v of Object.values(o)) polygons(v, out)
  }
  return out
}

function expectRightHanded(route: string, doc: unknown, atLeast = 1) {
  const polys = polygons(doc)
  expect(polys.length, `${route}: polygons`).toBeGreaterThanOrEqual(atLeast)
  let bad = 0
  for (const [outer, ...holes] of polys) {
    if (!(signed(outer!) > 0)) bad++
    for (const h of holes) if (!(signed(h) < 0)) bad++
  }
  expect(bad, `${route}: rings the wrong way round, of ${polys.length} polygons`).toBe(0)
}

describe('polygon winding (RFC 7946: counter-clockwise outer rings)', () => {
  it('boundaries from /api/v1/areas and the OGC boundary collections, in CRS84 and EPSG:27700', async () => {
    const anon = t.world.anonymous
    // The stored boundaries are mostly clockwise, so this test would fail without the forced orientation.
    const {
      rows: [raw],
    } = await sql<{ n: number }>`select count(*)::int as n from areas where kind = 'borough' and not ST_IsPolygonCCW(geom)`.execute(t.database.system)
    expect(raw!.n).toBeGreaterThan(0)
    for (const kind of ['borough', 'ward', 'lsoa']) {
      const res = await anon.get(`/api/v1/areas?kind=${kind}`)
      expect(res.statusCode).toBe(200)
      expectRightHanded(`/api/v1/areas?kind=${kind}`, res.json())
    }
    expectRightHanded('/api/v1/areas/E09000002', (await anon.get('/api/v1/areas/E09000002')).json())
    for (const c of ['boroughs', 'wards', 'lsoas']) {
      for (const crs of ['', '&crs=http://www.opengis.net/def/crs/EPSG/0/27700']) {
        const url = `/ogc/collections/${c}/items?limit=10000${crs}`
        const res = await anon.get(url)
        expect(res.statusCode, url).toBe(200)
        expectRightHanded(url, res.json())
      }
    }
    expectRightHanded('/ogc/collections/boroughs/items/E09000002', (await anon.get('/ogc/collections/boroughs/items/E09000002')).json())
  })

  it('counting layers and the analyses a lead reads (hexbins, density cells, cluster hulls)', async () => {
    const lead = await t.world.as('leadA')
    for (const url of [
      '/ogc/collections/borough-counts/items',
      '/ogc/collections/ward-counts/items?limit=1000',
      '/ogc/collections/borough-counts/items?crs=http://www.opengis.net/def/crs/EPSG/0/27700',
    ]) {
      const res = await lead.get(url)
      expect(res.statusCode, url).toBe(200)
      expectRightHanded(url, res.json())
    }
    const commissioner = await t.world.as('commissionerA')
    expectRightHanded('borough-counts (commissioner)', (await commissioner.get('/ogc/collections/borough-counts/items?datetime=2026-01-01/2026-03-31')).json())
    for (const url of [
      '/api/v1/analysis/hexbins?from=2026-01&to=2026-06&size=250',
      '/api/v1/analysis/density?from=2026-01&to=2026-06',
      '/api/v1/analysis/clusters?from=2026-01&to=2026-06&eps=400&minPoints=3',
    ]) {
      const res = await lead.get(url)
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200)
      expectRightHanded(url, res.json())
    }
  })

  it('the areas tile at z0 holds no zero-area ring (with the JavaScript encoder the inner boroughs were such rings before)', async () => {
    const res = await t.world.anonymous.get('/tiles/areas/0/0/0.mvt')
    expect(res.statusCode).toBe(200)
    const layers = decodeTile(res.rawPayload, { z: 0, x: 0, y: 0 })
    const boroughs = layers.boroughs ?? []
    expect(boroughs.length).toBeGreaterThan(0)
    for (const f of boroughs) {
      for (const poly of polygons(f.geometry)) for (const ring of poly) expect(Math.abs(signed(ring)), String(f.properties.code)).toBeGreaterThan(0)
    }
  })
})
