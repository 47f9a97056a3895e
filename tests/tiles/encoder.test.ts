import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { detectEncoder, JsEncoder, PostgisEncoder, type TileEncoder } from '../../server/tiles/encoder.js'
import { areaLayers } from '../../server/tiles/areas.repository.js'
import { exactPointsLayer } from '../../server/tiles/points.repository.js'
import { hexbinsLayer } from '../../server/tiles/hexbins.repository.js'
import { tileBox27700 } from '../../server/tiles/tile.sql.js'
import { withActor } from '../../server/db/scoped.js'
import { decodeTile, tileAt } from './decode.js'

/**
 * The two MVT encoders behind one interface: the capability probe picks ST_AsMVT where PostGIS has
 * it (a server) and geojson-vt + vt-pbf where it does not (PGlite). Where both run (a server), the
 * same layer queries must decode to the same features from either.
 */

let t: TestApp
let encoders: TileEncoder[]

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  const detected = await detectEncoder(t.database.system)
  encoders = detected.kind === 'postgis' ? [new PostgisEncoder(), new JsEncoder()] : [new JsEncoder()]
}, 180_000)
afterAll(() => t?.close())

describe('encoder', () => {
  it('is ST_AsMVT exactly where the database has an MVT encoder', async () => {
    const detected = await detectEncoder(t.database.system)
    let hasMvt = true
    try {
      await sql`select ST_AsMVTGeom(ST_MakePoint(1, 1), ST_MakeEnvelope(0, 0, 4, 4)::box2d)`.execute(t.database.system)
    } catch {
      hasMvt = false
    }
    expect(detected.kind).toBe(hasMvt ? 'postgis' : 'js')
    expect(detected.kind).toBe(t.database.backend === 'pglite' ? 'js' : 'postgis')
  })

  it('gives the same features, properties and positions from every encoder available', async () => {
    const tile = tileAt(-0.155, 51.52, 13)
    const box = await tileBox27700(t.database.system, tile)
    const layers = [
      ...areaLayers(tile, box),
      exactPointsLayer(tile, box, { from: '2026-01-01', until: '2026-07-01' }),
      hexbinsLayer(tile, 500, [
        { q: 703, r: -141, count: 12, suppressed: false },
        { q: 702, r: -140, count: null, suppressed: true },
      ]),
    ]
    // As a lead (exact points are read through casework_locations_in_box, which needs a casework role).
    const { actor } = await t.world.as('leadA')
    const decoded = []
    for (const e of encoders) {
      const out = await withActor(t.database.db, actor, (trx) => e.encode(trx, tile, layers))
      const d = decodeTile(out.data, tile)
      expect(out.features.reduce((a, b) => a + b, 0)).toBe(Object.values(d).reduce((a, f) => a + f.length, 0))
      expect(d.points!.length).toBeGreaterThan(10)
      decoded.push(d)
    }
    if (decoded.length < 2) return
    const [a, b] = decoded as [ReturnType<typeof decodeTile>, ReturnType<typeof decodeTile>]
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort())
    const props = (fs: (typeof a)[string] | undefined) => (fs ?? []).map((f) => JSON.stringify(Object.entries(f.properties).sort())).sort()
    for (const layer of Object.keys(a)) expect(props(b[layer]), layer).toEqual(props(a[layer]))
    // Points land on the same tile unit (either rounding), within 1 unit.
    const unit = 360 / 2 ** tile.z / 4096
    const pa = a
      .points!.map((f) => [String(f.properties.referralId) + f.properties.kind + f.properties.month, f.geometry.coordinates as number[]] as const)
      .sort()
    const pb = b
      .points!.map((f) => [String(f.properties.referralId) + f.properties.kind + f.properties.month, f.geometry.coordinates as number[]] as const)
      .sort()
    pa.forEach(([k, c], i) => {
      expect(pb[i]![0]).toBe(k)
      expect(Math.abs(pb[i]![1][0]! - c[0]!)).toBeLessThanOrEqual(1.01 * unit)
    })
  })
})
