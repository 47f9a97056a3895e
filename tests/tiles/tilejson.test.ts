import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { BRENT } from '../helpers/world.js'
import { createAgreement, createToken } from '../../server/auth/accounts.repository.js'
import { AREA_LAYERS } from '../../server/tiles/tile.js'
import type { TileJson } from '../../server/tiles/tilejson.js'
import { decodeTile, tileAt, type DecodedFeature } from './decode.js'

/**
 * TileJSON 3.0.0 for every tile layer and the boundaries' MapLibre style: tiles fetched from the
 * TileJSON's own URL template, decoded, carry only the layers and fields (with their types) that its
 * vector_layers list, and every listed field shows up; the bounds hold every borough; the style
 * passes the MapLibre style specification's validator and draws only layers the TileJSON names.
 */

const RANGE = 'from=2026-01&to=2026-06'
const Q1 = 'from=2026-01&to=2026-03'
const MARYLEBONE = { lon: -0.155, lat: 51.52 }

let t: TestApp
let lead: Client
let partner: Client

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  lead = await t.world.as('leadA')
  partner = t.world.withToken(t.world.partnerToken)
}, 180_000)
afterAll(() => t?.close())

const typeOf = (v: unknown) => (typeof v === 'string' ? 'String' : typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : typeof v)

async function tileJsonOf(client: Client, url: string): Promise<TileJson> {
  const res = await client.get(url)
  expect(res.statusCode, url).toBe(200)
  expect(res.headers['content-type']).toContain('application/json')
  const tj = res.json<TileJson>()
  expect(tj.tilejson).toBe('3.0.0')
  expect(tj.tiles).toHaveLength(1)
  expect(tj.tiles[0]).toMatch(/^http:\/\/[^/]+\/tiles\/[a-z]+\/\{z\}\/\{x\}\/\{y\}\.mvt/)
  return tj
}

/** Tiles at these zooms around Marylebone, fetched from the template; every decoded layer checked against vector_layers. */
async function checkTiles(client: Client, tj: TileJson, zooms: number[]) {
  const seen = new Map<string, Set<string>>()
  let features = 0
  for (const z of zooms) {
    const a = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, z)
    const url = new URL(tj.tiles[0]!.replace('{z}', String(a.z)).replace('{x}', String(a.x)).replace('{y}', String(a.y)))
    const res = await client.get(url.pathname + url.search)
    expect(res.statusCode, url.href).toBe(200)
    const layers: Record<string, DecodedFeature[]> = decodeTile(res.rawPayload, a)
    for (const [name, fs] of Object.entries(layers)) {
      const spec = tj.vector_layers.find((l) => l.id === name)
      expect(spec, `layer ${name} is in vector_layers`).toBeDefined()
      expect(z).toBeGreaterThanOrEqual(spec!.minzoom)
      for (const f of fs) {
        features++
        for (const [k, v] of Object.entries(f.properties)) {
          expect(spec!.fields, `${name}.${k}`).toHaveProperty([k])
          expect(typeOf(v), `${name}.${k} = ${String(v)}`).toBe(spec!.fields[k])
          const s = seen.get(name) ?? new Set<string>()
          seen.set(name, s.add(k))
        }
      }
    }
  }
  expect(features).toBeGreaterThan(0)
  return seen
}

describe('TileJSON', () => {
  it("areas: zoom range, the boroughs' extent, and tiles whose layers and fields are those listed", async () => {
    const tj = await tileJsonOf(t.world.anonymous, '/tiles/areas.json')
    expect(tj.minzoom).toBe(0)
    expect(tj.maxzoom).toBeGreaterThanOrEqual(14)
    expect(tj.vector_layers.map((l) => [l.id, l.minzoom])).toEqual(AREA_LAYERS.map((l) => [l.name, l.minZoom]))
    const [w, s, e, n] = tj.bounds
    // Every borough lies inside the bounds, and the bounds are no wider than the boroughs' own extent.
    const {
      rows: [x],
    } = await sql<{ w: number; s: number; e: number; n: number }>`
      select min(ST_XMin(g)) as w, min(ST_YMin(g)) as s, max(ST_XMax(g)) as e, max(ST_YMax(g)) as n
      from (select ST_Transform(geom, 4326) as g from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)) b`.execute(
      t.database.system,
    )
    expect(w).toBeLessThanOrEqual(x!.w)
    expect(s).toBeLessThanOrEqual(x!.s)
    expect(e).toBeGreaterThanOrEqual(x!.e)
    expect(n).toBeGreaterThanOrEqual(x!.n)
    expect(e - w).toBeLessThan((x!.e - x!.w) * 1.05)
    expect(n - s).toBeLessThan((x!.n - x!.s) * 1.05)
    expect(tj.center[0]).toBeGreaterThan(w)
    expect(tj.center[0]).toBeLessThan(e)

    const seen = await checkTiles(t.world.anonymous, tj, [8, 12, 14])
    for (const name of ['boroughs', 'wards', 'lsoas']) expect([...(seen.get(name) ?? [])].sort(), name).toEqual(['code', 'name'])
  })

  it("hexbins: the request's period in the template; id, count and suppressed as typed", async () => {
    const tj = await tileJsonOf(lead, `/tiles/hexbins.json?${RANGE}`)
    expect(tj.tiles[0]).toContain(`?${RANGE}`)
    const seen = await checkTiles(lead, tj, [10, 12, 14])
    expect([...seen.get('hexbins')!].sort()).toEqual(['count', 'id', 'suppressed'])
  })

  it("points: a lead's exact fields, a partner's generalised count; commissioners may not ask", async () => {
    const mine = await tileJsonOf(lead, `/tiles/points.json?${RANGE}`)
    expect(mine.minzoom).toBe(10)
    expect([...(await checkTiles(lead, mine, [12, 14])).get('points')!].sort()).toEqual(['kind', 'month', 'referralId'])

    const theirs = await tileJsonOf(partner, `/tiles/points.json?${Q1}`)
    expect(Object.keys(theirs.vector_layers[0]!.fields)).toEqual(['count'])
    expect([...(await checkTiles(partner, theirs, [12])).get('points')!]).toEqual(['count'])

    // A partner whose agreement allows aggregates only gets no points TileJSON, as it gets no points tiles.
    const {
      rows: [p],
    } = await sql<{ from: string; until: string }>`select (current_date - 30)::text as from, (current_date + 30)::text as until`.execute(t.database.system)
    const aggregateOnly = await createAgreement(t.database.system, {
      organisationId: t.world.orgs.B,
      partnerOrganisationId: t.world.orgs.P,
      name: 'Aggregates B→P',
      boroughs: [BRENT],
      level: 'aggregate',
      fields: [],
      k: 5,
      includeVictims: false,
      validFrom: p!.from,
      validUntil: p!.until,
    })
    const { token } = await createToken(t.database.system, aggregateOnly, 'aggregate token', new Date(Date.now() + 3600_000))
    const refused = await t.world.withToken(token).get(`/tiles/points.json?${Q1}`)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().detail).toMatch(/aggregate counts only/)

    const commissioner = await t.world.as('commissionerA')
    expect((await commissioner.get(`/tiles/points.json?${Q1}`)).statusCode).toBe(403)
    expect((await lead.get('/tiles/points.json')).statusCode).toBe(400)
  })
})

describe('MapLibre style of the boundaries', () => {
  it('is valid under the MapLibre style specification and uses only layers the TileJSON lists', async () => {
    const res = await t.world.anonymous.get('/tiles/areas/style.json')
    expect(res.statusCode).toBe(200)
    const style = res.json<StyleSpecification>()
    expect(validateStyleMin(style)).toEqual([])
    const source = Object.values(style.sources)[0] as { type: string; url: string }
    expect(source.type).toBe('vector')
    expect(new URL(source.url).pathname).toBe('/tiles/areas.json')
    const ids = (await tileJsonOf(t.world.anonymous, '/tiles/areas.json')).vector_layers.map((l) => l.id)
    const used = style.layers.map((l) => (l as { 'source-layer'?: string })['source-layer'])
    expect(used.every((l) => l !== undefined && ids.includes(l))).toBe(true)
    expect(new Set(used)).toEqual(new Set(ids))
  })
})
