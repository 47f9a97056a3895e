import { afterAll, beforeAll, describe, it } from 'vitest'
import { BRENT, seedReferrals, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { expectGolden } from '../helpers/golden.js'
import type { Client } from '../helpers/world.js'
import { decodeTile, tileAt, tileUrl, type DecodedFeature } from '../tiles/decode.js'

/**
 * Golden files: what a lead gets from hex bins, border activity and the vector tiles on the fixed
 * fixture of tests/access/seed.ts (a seeded generator), compared with tests/golden/*.json. Leads see
 * exact counts, so nothing here depends on the cell-key noise or on generated ids. A change to these
 * answers shows up as a diff to review; UPDATE_GOLDEN=1 rewrites the files once it is intended.
 */

const RANGE = 'from=2026-01&to=2026-06'
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }

let t: TestApp
let lead: Client
beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  lead = await t.world.as('leadA')
}, 180_000)
afterAll(() => t?.close())

const json = async (url: string) => {
  const res = await lead.get(url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

/** Features of each layer, in a stable order, with referral ids (random per run) left out. */
function stable(layers: Record<string, DecodedFeature[]>) {
  return Object.fromEntries(
    Object.keys(layers)
      .sort()
      .map((name) => [
        name,
        layers[name]!.map((f) => ({
          properties: Object.fromEntries(
            Object.entries(f.properties)
              .filter(([k]) => k !== 'referralId')
              .sort(),
          ),
          geometry: f.geometry,
        })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ]),
  )
}

describe('golden answers on the fixed fixture', () => {
  it('hex bins at 500 m', async () => {
    const body = await json(`/api/v1/analysis/hexbins?${RANGE}&size=500`)
    expectGolden('hexbins-500m', body)
  })

  it('border activity, Brent | Westminster at 2 km (the fixture clusters away from the line)', async () => {
    const body = await json(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=2000&${RANGE}`)
    expectGolden('border-activity-brent-westminster', body)
  })

  it('a z14 points tile and a z11 hex bins tile at South Kilburn, decoded', async () => {
    for (const [layer, z, name] of [
      ['points', 14, 'tile-points-z14'],
      ['hexbins', 11, 'tile-hexbins-z11'],
    ] as const) {
      const tile = tileAt(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, z)
      const res = await lead.get(tileUrl(layer, tile, RANGE))
      if (res.statusCode !== 200) throw new Error(`${layer}: ${res.statusCode} ${res.body}`)
      expectGolden(`${name}-${t.database.backend}`, stable(decodeTile(res.rawPayload, tile)))
    }
  })
})
