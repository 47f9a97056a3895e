import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { problemOf, publish, scopedLocations, trueCells, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'
import { BUFFER, EXTENT, tileBounds, type TileAddress } from '../../server/tiles/tile.js'
import { decodeTile, tileAt, tileUrl, type DecodedFeature } from './decode.js'

/**
 * Vector tiles end to end on the suite's backend (ST_AsMVT on a PostGIS server, geojson-vt +
 * vt-pbf on PGlite): each tile is decoded with @mapbox/vector-tile and must hold exactly the features
 * an independent computation expects for its bounds (tile maths in JavaScript over the rows read with
 * the owner's connection) and for the caller's role; partners and commissioners never get exact
 * points; a partner's generalised cells and every aggregate reader's hexbins carry exactly the
 * cell-key method's published values (tests/helpers/ckm.ts) — for hexbins the very values of
 * GET /api/v1/analysis/hexbins — only for fixed periods; ETags change with the data and
 * If-None-Match answers 304.
 */

const RANGE = 'from=2026-01&to=2026-06'
/** A fixed period (a calendar quarter), for aggregate readers. */
const Q1 = 'from=2026-01&to=2026-03'
const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
/** The seed's Westminster anchor (Marylebone): many points around it. */
const MARYLEBONE = { lon: -0.155, lat: 51.52 }
const BRENT = 'E09000005'
const WESTMINSTER = 'E09000033'

let t: TestApp
let lead: Client
let caseworker: Client
let commissioner: Client
let partner: Client

interface Loc {
  referral_id: string
  kind: string
  month: string
  lon: number
  lat: number
  x: number
  y: number
  borough: string | null
  subject_role: string
  restricted: boolean
  organisation_id: string
  caseworker_id: string | null
  observed_on: string
}

/** Every location, read with the owner's connection (no row-level security, no disclosure rules). */
async function allLocations(): Promise<Loc[]> {
  const { rows } = await sql<Loc>`
    select l.referral_id::text, l.kind, to_char(l.observed_on, 'YYYY-MM') as month, l.observed_on::text,
           ST_X(ST_Transform(l.geom, 4326)) as lon, ST_Y(ST_Transform(l.geom, 4326)) as lat, ST_X(l.geom) as x, ST_Y(l.geom) as y,
           l.borough_code as borough, r.subject_role, r.restricted, r.organisation_id::text, r.caseworker_id::text
    from referral_locations l join referrals r on r.id = l.referral_id`.execute(t.database.system)
  return rows.map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat), x: Number(r.x), y: Number(r.y) }))
}

/** Inside the tile widened by the encoders' 64-unit buffer (tile maths, not the service's SQL). */
function inBufferedTile(tile: TileAddress, lon: number, lat: number): boolean {
  const [w, s, e, n] = tileBounds(tile, BUFFER / EXTENT)
  return lon >= w && lon <= e && lat >= s && lat <= n
}

const inRange = (l: Loc) => l.month >= '2026-01' && l.month <= '2026-06'
const key = (f: { referralId: unknown; kind: unknown; month: unknown }) => `${String(f.referralId)}|${String(f.kind)}|${String(f.month)}`

async function getTile(client: Client, layer: string, tile: TileAddress, query = RANGE) {
  const res = await client.get(tileUrl(layer, tile, query))
  return { res, layers: res.statusCode === 200 ? decodeTile(res.rawPayload, tile) : {} }
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // A third of organisation A's referrals on caseworkerA's caseload.
  await sql`update referrals set caseworker_id = ${t.world.users.caseworkerA}::uuid
            where organisation_id = ${t.world.orgs.A}::uuid and (external_id like '%0' or external_id like '%3' or external_id like '%6')`.execute(
    t.database.system,
  )
  lead = await t.world.as('leadA')
  caseworker = await t.world.as('caseworkerA')
  commissioner = await t.world.as('commissionerA')
  partner = t.world.withToken(t.world.partnerToken)
}, 180_000)
afterAll(() => t?.close())

describe('points', () => {
  const tiles = [tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 14), tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 12), tileAt(-0.2817, 51.556, 13)]

  it.each(tiles.map((x) => [`${x.z}/${x.x}/${x.y}`, x] as const))(
    "gives a lead exactly the organisation's unrestricted located events in tile %s",
    async (_n, tile) => {
      const { res, layers } = await getTile(lead, 'points', tile)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
      expect(res.headers['cache-control']).toBe('no-store') // exact points are never stored
      const expected = (await allLocations()).filter(
        (l) => l.organisation_id === t.world.orgs.A && !l.restricted && inRange(l) && inBufferedTile(tile, l.lon, l.lat),
      )
      expect(expected.length).toBeGreaterThan(5)
      const got = layers.points ?? []
      expect(got.map((f) => key(f.properties as never)).sort()).toEqual(
        expected.map((l) => key({ referralId: l.referral_id, kind: l.kind, month: l.month })).sort(),
      )
      // Each point is where the location is, to the tile's resolution.
      const res1 = (tileBounds(tile)[2] - tileBounds(tile)[0]) / EXTENT
      for (const f of got) {
        const [lon, lat] = f.geometry.coordinates as [number, number]
        expect(expected.some((l) => l.referral_id === f.properties.referralId && Math.abs(l.lon - lon) <= 2 * res1 && Math.abs(l.lat - lat) <= 2 * res1)).toBe(
          true,
        )
      }
    },
  )

  it('gives a caseworker only their caseload', async () => {
    const tile = tiles[1]!
    const { layers } = await getTile(caseworker, 'points', tile)
    const expected = (await allLocations()).filter(
      (l) => l.caseworker_id === t.world.users.caseworkerA && !l.restricted && inRange(l) && inBufferedTile(tile, l.lon, l.lat),
    )
    expect(expected.length).toBeGreaterThan(0)
    expect((layers.points ?? []).map((f) => key(f.properties as never)).sort()).toEqual(
      expected.map((l) => key({ referralId: l.referral_id, kind: l.kind, month: l.month })).sort(),
    )
  })

  it('filters by month, programme, subject role and age band', async () => {
    const tile = tiles[1]!
    const { rows } = await sql<{ id: string; programme: string; age_band: string }>`
      select r.id::text, p.slug as programme, r.age_band from referrals r join programmes p on p.id = r.programme_id`.execute(t.database.system)
    const byId = new Map(rows.map((r) => [r.id, r]))
    const locs = (await allLocations()).filter((l) => l.organisation_id === t.world.orgs.A && !l.restricted && inBufferedTile(tile, l.lon, l.lat))
    const { layers } = await getTile(lead, 'points', tile, 'from=2026-03&to=2026-04&programme=mentoring&subjectRole=at_risk&ageBand=16-17')
    const expected = locs.filter(
      (l) =>
        l.month >= '2026-03' &&
        l.month <= '2026-04' &&
        byId.get(l.referral_id)!.programme === 'mentoring' &&
        l.subject_role === 'at_risk' &&
        byId.get(l.referral_id)!.age_band === '16-17',
    )
    expect(expected.length).toBeGreaterThan(0)
    expect((layers.points ?? []).map((f) => key(f.properties as never)).sort()).toEqual(
      expected.map((l) => key({ referralId: l.referral_id, kind: l.kind, month: l.month })).sort(),
    )
  })

  it("gives a partner the agreement's 250 m cell centres with their published counts (cells published as 0 left out), never a referral", async () => {
    const all = await allLocations()
    // Independently: the agreement's population (organisation A, Brent and Westminster, no victims,
    // not restricted) in the first quarter of 2026, per 250 m cell: distinct referrals and cell key.
    const truth = await trueCells(
      t.database.system,
      sql`
      select ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::text as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')}) s`,
    )
    const centres = [...truth].map(([c, v]) => ({ c, n: publish(v.n, v.key, K, D) })).filter((x) => x.n > 0)
    const { rows } = await sql<{ c: string; lon: number; lat: number }>`
      select e->>0 as c, ST_X(p) as lon, ST_Y(p) as lat from jsonb_array_elements(${JSON.stringify(centres.map((x) => [x.c]))}::jsonb) e,
      lateral (select ST_Transform(ST_SetSRID(ST_MakePoint(split_part(e->>0, ':', 1)::float8, split_part(e->>0, ':', 2)::float8), 27700), 4326) as p) p`.execute(
      t.database.system,
    )
    let seen = 0
    for (const tile of tiles) {
      const { res, layers } = await getTile(partner, 'points', tile, Q1)
      expect(res.statusCode, res.body).toBe(200)
      for (const l of all) expect(res.rawPayload.includes(Buffer.from(l.referral_id))).toBe(false)
      const wanted = rows
        .filter((r) => inBufferedTile(tile, Number(r.lon), Number(r.lat)))
        .map((r) => centres.find((x) => x.c === r.c)!.n)
        .sort((a, b) => a - b)
      const got = layers.points ?? []
      for (const f of got) expect(Object.keys(f.properties)).toEqual(['count'])
      expect(
        got.map((f) => Number(f.properties.count)).sort((a, b) => a - b),
        `${tile.z}/${tile.x}/${tile.y}`,
      ).toEqual(wanted)
      for (const f of got) expect(Number(f.properties.count)).toBeGreaterThanOrEqual(K)
      seen += got.length
    }
    expect(seen).toBeGreaterThan(0)
    // Small cells existed, so the rule had work to do.
    expect([...truth.values()].some((v) => v.n >= 1 && v.n < K)).toBe(true)
  })

  it('gives a partner fixed periods only (400 naming from)', async () => {
    for (const q of [RANGE, 'from=2026-02&to=2026-03']) {
      expect(problemOf(await partner.get(tileUrl('points', tiles[0]!, q))), q).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['from'] })
    }
  })

  it('refuses commissioners and admins (403), a partner under an aggregate-only agreement (403), zooms below 10 (400)', async () => {
    const tile = tiles[0]!
    expect((await commissioner.get(tileUrl('points', tile, RANGE))).statusCode).toBe(403)
    expect((await (await t.world.as('adminA')).get(tileUrl('points', tile, RANGE))).statusCode).toBe(403)
    await sql`update agreements set level = 'aggregate' where id = ${t.world.agreementId}::uuid`.execute(t.database.system)
    try {
      const res = await partner.get(tileUrl('points', tile, RANGE))
      expect(res.statusCode).toBe(403)
      expect(res.headers['content-type']).toContain('application/problem+json')
    } finally {
      await sql`update agreements set level = 'generalised' where id = ${t.world.agreementId}::uuid`.execute(t.database.system)
    }
    const low = await lead.get(tileUrl('points', tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 9), RANGE))
    expect(low.statusCode).toBe(400)
    expect(low.json().errors[0].field).toBe('z')
  })

  it('writes each exact tile read to the audit log with its feature count', async () => {
    const tile = tiles[0]!
    const { layers } = await getTile(lead, 'points', tile)
    // Recorded in the tile's own transaction as a pending read; chained by the fold (server/audit/fold.ts, tests/audit/pending.test.ts).
    await sql`select audit_fold()`.execute(t.database.system)
    const { rows } = await sql<{ row_count: number; detail: { tile: string; layer: string } }>`
      select row_count, detail from audit_log where action = 'referrals.read' and detail->>'via' = 'tiles' order by id desc limit 1`.execute(t.database.system)
    expect(rows[0]!.detail.tile).toBe(`${tile.z}/${tile.x}/${tile.y}`)
    expect(Number(rows[0]!.row_count)).toBe(layers.points!.length)
  })
})

/** Distinct referrals per hex (owner connection, hex_cell of migration 0007) whose hexagon meets the buffered tile. */
async function expectedHexes(tile: TileAddress, size: number, from: string, until: string, where = sql`true`) {
  const { rows } = await sql<{ id: string; n: number }>`
    with c as (
      select hex_cell_id(l.geom, ${size}::integer) as id, (hex_cell(l.geom, ${size}::float8)).*, count(distinct l.referral_id) as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.observed_on >= ${from}::date and l.observed_on < ${until}::date and ${where}
      group by 1, 2, 3
    )
    select id, n from c
    where ST_Intersects(ST_Transform(hex_cell_geom(${size}::float8, q, r), 4326),
                        ST_MakeEnvelope(${tileBounds(tile, BUFFER / EXTENT)[0]}::float8, ${tileBounds(tile, BUFFER / EXTENT)[1]}::float8,
                                        ${tileBounds(tile, BUFFER / EXTENT)[2]}::float8, ${tileBounds(tile, BUFFER / EXTENT)[3]}::float8, 4326))`.execute(
    t.database.system,
  )
  return new Map(rows.map((r) => [r.id, Number(r.n)]))
}

const hexMap = (features: DecodedFeature[] = []) => new Map(features.map((f) => [String(f.properties.id), f.properties]))

describe('hexbins', () => {
  it.each([
    [14, 250],
    [12, 500],
    [10, 1000],
    [8, 2000],
  ] as const)('gives a lead exact distinct-referral counts at z%i (%i m hexes)', async (z, size) => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, z)
    const { res, layers } = await getTile(lead, 'hexbins', tile)
    expect(res.statusCode).toBe(200)
    const expected = await expectedHexes(tile, size, '2026-01-01', '2026-07-01')
    expect(expected.size).toBeGreaterThan(0)
    const got = hexMap(layers.hexbins)
    expect(new Map([...got].map(([id, p]) => [id, Number(p.count)]))).toEqual(expected)
    for (const p of got.values()) expect(p.suppressed).toBe(false)
  })

  it('counts a referral once over a range of months, with filters (the prev-month rule), as direct SQL does', async () => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 12)
    const { layers } = await getTile(lead, 'hexbins', tile, 'from=2026-02&to=2026-05&subjectRole=at_risk')
    const expected = await expectedHexes(tile, 500, '2026-02-01', '2026-06-01', sql`r.subject_role = 'at_risk'`)
    expect(new Map([...hexMap(layers.hexbins)].map(([id, p]) => [id, Number(p.count)]))).toEqual(expected)
  })

  /** The hexes of GET /api/v1/analysis/hexbins for `c` whose hexagon meets the buffered tile: id → count. */
  async function apiHexesInTile(c: Client, tile: TileAddress, size: number, query: string) {
    const res = await c.get(`/api/v1/analysis/hexbins?${query}&size=${size}`)
    expect(res.statusCode, res.body).toBe(200)
    const api = new Map(res.json<{ features: Array<{ id: string; properties: { count: number } }> }>().features.map((f) => [f.id, f.properties.count]))
    const [w, s, e, n] = tileBounds(tile, BUFFER / EXTENT)
    const { rows } = await sql<{ id: string }>`
      select e->>0 as id from jsonb_array_elements(${JSON.stringify([...api.keys()].map((id) => [id]))}::jsonb) e
      where ST_Intersects(ST_Transform(hex_cell_geom(${size}::float8, split_part(e->>0, ':', 2)::integer, split_part(e->>0, ':', 3)::integer), 4326),
                          ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326))`.execute(t.database.system)
    return new Map(rows.map((r) => [r.id, api.get(r.id)!]))
  }

  it.each([
    ['commissioner', 12, 500],
    ['commissioner', 14, 250],
    ['commissioner', 8, 1000],
    ['commissioner', 3, 1000],
    ['partner', 12, 250],
    ['partner', 9, 250],
    ['caseworker', 10, 1000],
  ] as const)('gives a %s at z%i exactly the %i m hexes and published counts of analysis/hexbins', async (who, z, size) => {
    const c = who === 'commissioner' ? commissioner : who === 'partner' ? partner : caseworker
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, z)
    for (const q of [Q1, 'from=2026-05&to=2026-05', ...(who === 'partner' ? [`${Q1}&programme=mentoring`] : [`${Q1}&subjectRole=victim`])]) {
      const { res, layers } = await getTile(c, 'hexbins', tile, q)
      expect(res.statusCode, res.body).toBe(200)
      const got = hexMap(layers.hexbins)
      for (const id of got.keys()) expect(id.startsWith(`H${size}:`), id).toBe(true)
      const api = await apiHexesInTile(c, tile, size, q)
      expect(new Map([...got].map(([id, p]) => [id, Number(p.count)])), `${who} z${z} ${q}`).toEqual(api)
      for (const p of got.values()) {
        expect(p.suppressed).toBe(false)
        expect(Number(p.count)).toBeGreaterThanOrEqual(K)
      }
      if (q === Q1) expect(got.size).toBeGreaterThan(0)
    }
  })

  it("gives a commissioner only their boroughs' referrals, perturbed as the cell-key method says", async () => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 12)
    const { layers } = await getTile(commissioner, 'hexbins', tile, Q1)
    const truth = await trueCells(
      t.database.system,
      sql`
      select hex_cell_id(s.geom, 500) as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }, '2026-01-01', '2026-04-01')}) s`,
    )
    const got = hexMap(layers.hexbins)
    expect(got.size).toBeGreaterThan(0)
    for (const [id, p] of got) expect(Number(p.count), id).toBe(publish(truth.get(id)!.n, truth.get(id)!.key, K, D))
    // Hexes the commissioner may count, in the tile, with small true counts: none shows 1..k−1.
    const inTile = await expectedHexes(tile, 500, '2026-01-01', '2026-04-01', sql`l.borough_code in (${BRENT}, ${WESTMINSTER})`)
    expect(
      [...inTile.keys()].filter((id) => (truth.get(id)?.n ?? 0) > 0 && !got.has(id)).every((id) => publish(truth.get(id)!.n, truth.get(id)!.key, K, D) === 0),
    ).toBe(true)
  })

  it('gives aggregate readers fixed periods only (400 naming from); leads any range', async () => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 12)
    for (const c of [commissioner, partner, caseworker]) {
      for (const q of [RANGE, 'from=2026-02&to=2026-03']) {
        expect(problemOf(await c.get(tileUrl('hexbins', tile, q))), `${c.actor.role} ${q}`).toMatchObject({
          status: 400,
          code: 'disclosure-rule',
          fields: ['from'],
        })
      }
    }
    expect((await lead.get(tileUrl('hexbins', tile, 'from=2026-02&to=2026-03'))).statusCode).toBe(200)
    // Admins count nothing.
    expect((await (await t.world.as('adminA')).get(tileUrl('hexbins', tile, Q1))).statusCode).toBe(403)
  })

  it('keeps the precomputed counts current when a referral is created and deleted', async () => {
    const at = { lon: -0.1601, lat: 51.5212 }
    const tile = tileAt(at.lon, at.lat, 14)
    const before = await getTile(lead, 'hexbins', tile)
    const created = await lead.post('/api/v1/referrals', {
      externalId: 'TILES-NEW-1',
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: WESTMINSTER,
      openedOn: '2026-03-01',
      locations: [
        { kind: 'home', ...at, observedOn: '2026-03-02', precision: 'exact' },
        { kind: 'incident', ...at, observedOn: '2026-04-02', precision: 'exact' },
      ],
    })
    expect(created.statusCode).toBe(201)
    const after = await getTile(lead, 'hexbins', tile)
    expect(after.res.headers.etag).not.toBe(before.res.headers.etag)
    const { rows } = await sql<{
      id: string
    }>`select hex_cell_id(ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), 250) as id`.execute(t.database.system)
    const cell = rows[0]!.id
    const n = (x: typeof before) => Number(hexMap(x.layers.hexbins).get(cell)?.count ?? 0)
    // Two locations in two months, one referral: one more.
    expect(n(after)).toBe(n(before) + 1)
    expect((await lead.del(`/api/v1/referrals/${created.json().id}`)).statusCode).toBe(204)
    expect(n(await getTile(lead, 'hexbins', tile))).toBe(n(before))
    const points = await getTile(lead, 'points', tile)
    expect((points.layers.points ?? []).some((f) => f.properties.referralId === created.json().id)).toBe(false)
  })
})

describe('areas', () => {
  it('holds the boroughs, wards and LSOAs the tile meets, publicly cacheable', async () => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 12)
    const { res, layers } = await getTile(t.world.anonymous, 'areas', tile, '')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=3600')
    const [w, s, e, n] = tileBounds(tile, BUFFER / EXTENT)
    const [iw, is, ie, in_] = tileBounds(tile, -0.05)
    for (const [layer, kind] of [
      ['boroughs', 'borough'],
      ['wards', 'ward'],
      ['lsoas', 'lsoa'],
    ] as const) {
      const { rows } = await sql<{ code: string; inner: boolean }>`
        select code, ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope(${iw}::float8, ${is}::float8, ${ie}::float8, ${in_}::float8, 4326)) as inner
        from areas where kind = ${kind} and valid_to is null
          and ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope(${w}::float8, ${s}::float8, ${e}::float8, ${n}::float8, 4326))`.execute(t.database.system)
      if (rows.length === 0) continue // bundled boundaries: no wards or LSOAs
      const got = new Set((layers[layer] ?? []).map((f) => String(f.properties.code)))
      for (const f of layers[layer] ?? []) expect(typeof f.properties.name).toBe('string')
      // Every area drawn meets the buffered tile; every area reaching well inside it is drawn.
      for (const code of got) expect(rows.map((r) => r.code)).toContain(code)
      for (const r of rows.filter((x) => x.inner)) expect(got).toContain(r.code)
    }
    // LSOAs only from z12; wards from z10.
    const z10 = await getTile(t.world.anonymous, 'areas', tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 11), '')
    expect(z10.layers.lsoas).toBeUndefined()
    expect(z10.layers.boroughs?.length).toBeGreaterThan(0)
  })
})

describe('caching and errors', () => {
  it('answers 304 to If-None-Match with the current ETag, and a new ETag after a referral is created', async () => {
    const tile = tileAt(MARYLEBONE.lon, MARYLEBONE.lat, 14)
    const url = tileUrl('points', tile, RANGE)
    const first = await lead.get(url)
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^".+"$/)
    const again = await lead.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.rawPayload.length).toBe(0)
    // Another caller, another scope: not the same tag.
    expect(String((await caseworker.get(url)).headers.etag)).not.toBe(etag)
    const created = await lead.post('/api/v1/referrals', {
      externalId: 'TILES-ETAG-1',
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: WESTMINSTER,
      openedOn: '2026-03-01',
      locations: [{ kind: 'home', lon: MARYLEBONE.lon, lat: MARYLEBONE.lat, observedOn: '2026-03-02', precision: 'exact' }],
    })
    expect(created.statusCode).toBe(201)
    const fresh = await lead.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
    expect(fresh.statusCode).toBe(200)
    expect(String(fresh.headers.etag)).not.toBe(etag)
    expect(decodeTile(fresh.rawPayload, tile).points!.some((f) => f.properties.referralId === created.json().id)).toBe(true)
    // Areas: public data, its own version: unchanged by referrals.
    const areas = await t.world.anonymous.get(tileUrl('areas', tile))
    expect(
      (await t.world.anonymous.inject({ method: 'GET', url: tileUrl('areas', tile), headers: { 'if-none-match': String(areas.headers.etag) } })).statusCode,
    ).toBe(304)
  })

  it.each([
    ['/tiles/nowhere/1/0/0.mvt', 'layer'],
    ['/tiles/areas/23/0/0.mvt', 'z'],
    ['/tiles/areas/3/8/0.mvt', 'x'],
    ['/tiles/areas/3/0/8.mvt', 'y'],
    [`/tiles/hexbins/3/0/0.mvt?from=2026-05&to=2026-01`, 'to'],
    [`/tiles/hexbins/3/0/0.mvt?from=2026-13&to=2026-01`, 'from'],
  ])('answers 400 problem+json naming the field for %s', async (url, field) => {
    const res = await lead.get(url)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(JSON.stringify(res.json().errors)).toContain(field)
  })
})
