import { createHash, createHmac } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { csvSafe } from '../../server/exports/csv-safe.js'
import { encodeCursor, isCalendarDate } from '../../server/referrals/cursor.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { TEST_PASSWORD, WESTMINSTER, type Client } from '../helpers/world.js'

/**
 * Smaller holes: list cursors signed with a server secret, impossible dates answered
 * 400, CSV cells neutralised against formula injection, the session cookie Secure behind a
 * TLS-terminating proxy, and Cache-Control: no-store on every response that holds exact locations.
 */

let t: TestApp
let lead: Client
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
const MAIDA_VALE = { lon: -0.178, lat: 51.523 }
const CURSOR_SECRET = 'a shared cursor secret of every instance, 40+'
const REFERRALS = '/api/v1/referrals'

/** Other apps over the same database (sessions live in it): "instances" with their own settings. */
const others: FastifyInstance[] = []
async function instance(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await buildApp({ config: loadConfig({ LOG_LEVEL: 'silent', ...env }), database: t.database, web: false })
  await app.ready()
  others.push(app)
  return app
}

let referral: { id: string; locations: Array<{ id: string }> }

beforeAll(async () => {
  t = await createTestApp({ CURSOR_SECRET })
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
  lead = await t.world.as('leadA')
  for (let i = 0; i < 4; i++) {
    const res = await lead.post(REFERRALS, {
      externalId: i === 0 ? '=HYPERLINK("http://example.test/x","click")' : i === 1 ? '@SUM(1+1)' : i === 2 ? '+cmd' : `-2+3-${i}`,
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: WESTMINSTER,
      openedOn: `2026-03-0${i + 1}`,
      locations: [
        { kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact' },
        { kind: 'incident', ...MAIDA_VALE, observedOn: '2026-03-10', precision: 'street' },
      ],
    })
    expect(res.statusCode, res.body).toBe(201)
    if (i === 0) referral = res.json()
  }
}, 240_000)
afterAll(async () => {
  for (const a of others) await a.close()
  await t?.close()
})

describe('list cursors are signed with the server secret', () => {
  const page = (c: Client, cursor?: string) => c.get(`${REFERRALS}?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)

  it('a cursor works on every instance sharing CURSOR_SECRET, and on none with another secret', async () => {
    const first = await lead.get(`${REFERRALS}?limit=1`)
    const next = first.json().next as string
    expect(next).toEqual(expect.any(String))
    expect((await lead.get(`${REFERRALS}?limit=1&cursor=${next}`)).statusCode).toBe(200)
    const same = await instance({ CURSOR_SECRET })
    const other = await instance({ CURSOR_SECRET: 'another secret entirely, forty characters' })
    const viaSame = await same.inject({ method: 'GET', url: `${REFERRALS}?limit=1&cursor=${next}`, cookies: await sessionCookies() })
    expect(viaSame.statusCode, viaSame.body).toBe(200)
    expect(viaSame.json().items[0].id).toBe((await lead.get(`${REFERRALS}?limit=1&cursor=${next}`)).json().items[0].id)
    const viaOther = await other.inject({ method: 'GET', url: `${REFERRALS}?limit=1&cursor=${next}`, cookies: await sessionCookies() })
    expect(viaOther.statusCode).toBe(400)
    expect(viaOther.headers['content-type']).toContain('application/problem+json')
    expect(viaOther.json().errors[0].field).toBe('cursor')
  })

  it('a forged cursor answers 400 naming cursor: the old unkeyed checksum, an edited key, another secret', async () => {
    const { next } = (await lead.get(`${REFERRALS}?limit=1`)).json() as { next: string }
    const [, openedOn, id] = Buffer.from(next, 'base64url').toString().split('|') as [string, string, string]
    const unkeyed = (v: string, o: string) => {
      const payload = `${v}|${o}|${id}`
      return Buffer.from(`${payload}|${createHash('sha256').update(payload).digest('base64url').slice(0, 10)}`).toString('base64url')
    }
    const signedWith = (secret: string, o: string) => {
      const payload = `r2|${o}|${id}`
      return Buffer.from(`${payload}|${createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url')}`).toString('base64url')
    }
    const edited = Buffer.from(Buffer.from(next, 'base64url').toString().replace(openedOn, '2020-01-01')).toString('base64url')
    for (const cursor of [unkeyed('r1', '2099-01-01'), unkeyed('r2', '2099-01-01'), edited, signedWith('a guessed secret', '2099-01-01'), `${next}A`]) {
      const res = await page(lead, cursor)
      expect(res.statusCode, cursor).toBe(400)
      expect(res.json().errors[0].field).toBe('cursor')
    }
    // The real secret signs it: accepted (a cursor of the far future lists from the newest).
    expect((await page(lead, signedWith(CURSOR_SECRET, '2099-01-01'))).statusCode).toBe(200)
  })

  it('impossible dates answer 400, never 500: in a (validly signed) cursor and in from/to', async () => {
    const secret = t.app.secrets.cursor
    for (const day of ['2026-02-31', '2026-02-29', '2025-13-01', '2026-04-31', '0000-01-01']) {
      const res = await page(lead, encodeCursor({ openedOn: day, id: referral.id }, secret))
      expect(res.statusCode, day).toBe(400)
      expect(res.json().errors[0].field).toBe('cursor')
    }
    expect((await page(lead, encodeCursor({ openedOn: '2024-02-29', id: referral.id }, secret))).statusCode).toBe(200)
    for (const q of ['from=2026-02-31', 'to=2026-02-30', 'from=2026-13-01', 'to=2026-00-10', 'from=2026-1-1', 'from=tomorrow', 'to=2026-02-29']) {
      const res = await lead.get(`${REFERRALS}?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(
        res
          .json()
          .errors.map((e: { field: string }) => e.field)
          .join(),
      ).toContain(q.split('=')[0])
    }
    for (const q of ['from=2026-02-31', 'to=2025-02-29']) {
      const res = await lead.get(`/api/v1/exports/referrals.csv?${q}`)
      expect(res.statusCode, q).toBe(400)
    }
    const admin = await t.world.as('adminA')
    for (const q of ['before=0', 'before=abc', 'before=99999999999999999999', 'before=-1']) {
      expect((await admin.get(`/api/v1/audit?${q}`)).statusCode, q).toBe(400)
    }
    expect(isCalendarDate('2000-02-29')).toBe(true)
    expect(isCalendarDate('1900-02-29')).toBe(false)
  })
})

/** The lead's session cookie, for requests to the other instances. */
async function sessionCookies(): Promise<Record<string, string>> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'leada@test.test', password: TEST_PASSWORD } })
  expect(res.statusCode, res.body).toBe(200)
  const c = res.cookies[0]!
  return { [c.name]: c.value }
}

describe('CSV cells are neutralised against formula injection', () => {
  it('csvSafe prefixes a quote to text beginning = + - @ tab or CR, and leaves numbers alone', () => {
    expect(csvSafe('=1+1')).toBe("'=1+1")
    expect(csvSafe('+1 555')).toBe("'+1 555")
    expect(csvSafe('-2+3')).toBe("'-2+3")
    expect(csvSafe('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvSafe('\t=1')).toBe("'\t=1")
    expect(csvSafe('\r=1')).toBe("'\r=1")
    expect(csvSafe('-0.195000')).toBe('-0.195000')
    expect(csvSafe('-12')).toBe('-12')
    expect(csvSafe('+1e-5')).toBe('+1e-5')
    expect(csvSafe(-0.195)).toBe(-0.195)
    expect(csvSafe('SOS-2026-0001')).toBe('SOS-2026-0001')
    expect(csvSafe(null)).toBe(null)
  })

  it("the referral CSV export: an external id beginning = @ + - starts with '= (etc.); longitudes stay numbers", async () => {
    const res = await lead.get('/api/v1/exports/referrals.csv')
    expect(res.statusCode).toBe(200)
    const rows = parse(res.body, { columns: true }) as Array<Record<string, string>>
    const ext = new Set(rows.map((r) => r.externalId))
    expect(ext).toContain('\'=HYPERLINK("http://example.test/x","click")')
    expect(ext).toContain("'@SUM(1+1)")
    expect(ext).toContain("'+cmd")
    expect(ext).toContain("'-2+3-3")
    for (const r of rows) {
      expect(r.externalId!.charAt(0)).toBe("'")
      expect(Number(r.lon)).toBeLessThan(0) // -0.19…: a number, not neutralised
      expect(r.lon).toMatch(/^-\d+\.\d+$/)
    }
    // No raw cell anywhere starts with a formula character (other than a plain number).
    const raw = parse(res.body) as string[][]
    for (const cell of raw.flat()) expect(/^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell), cell).toBe(false)
  })
})

describe('the session cookie is Secure behind a TLS-terminating proxy', () => {
  const signIn = (app: FastifyInstance, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/session', headers, payload: { email: 'leada@test.test', password: TEST_PASSWORD } })
  const cookieOf = (res: Awaited<ReturnType<typeof signIn>>) => {
    expect(res.statusCode, res.body).toBe(200)
    return res.cookies.find((c) => c.name === 'cb_session') ?? res.cookies[0]!
  }

  it('TRUST_PROXY=true: x-forwarded-proto https makes it Secure; plain http does not', async () => {
    const app = await instance({ TRUST_PROXY: 'true', CURSOR_SECRET })
    expect(cookieOf(await signIn(app, { 'x-forwarded-proto': 'https' })).secure).toBe(true)
    expect(cookieOf(await signIn(app)).secure).toBeFalsy()
    expect(cookieOf(await signIn(app, { 'x-forwarded-proto': 'https' }))).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
  })

  it("TRUST_PROXY as the proxy's address (inject comes from 127.0.0.1) or a hop count; another address is not trusted", async () => {
    expect(cookieOf(await signIn(await instance({ TRUST_PROXY: '127.0.0.1', CURSOR_SECRET }), { 'x-forwarded-proto': 'https' })).secure).toBe(true)
    expect(cookieOf(await signIn(await instance({ TRUST_PROXY: '127.0.0.0/8, ::1', CURSOR_SECRET }), { 'x-forwarded-proto': 'https' })).secure).toBe(true)
    expect(cookieOf(await signIn(await instance({ TRUST_PROXY: '1', CURSOR_SECRET }), { 'x-forwarded-proto': 'https' })).secure).toBe(true)
    expect(cookieOf(await signIn(await instance({ TRUST_PROXY: '10.1.2.3', CURSOR_SECRET }), { 'x-forwarded-proto': 'https' })).secure).toBeFalsy()
  })

  it('by default the header is not trusted (a client could claim https); COOKIE_SECURE=true always sets Secure', async () => {
    expect(cookieOf(await signIn(t.app, { 'x-forwarded-proto': 'https' })).secure).toBeFalsy()
    expect(cookieOf(await signIn(await instance({ COOKIE_SECURE: 'true', CURSOR_SECRET }))).secure).toBe(true)
  })

  it('a bad TRUST_PROXY stops start-up naming it', () => {
    for (const v of ['yes', '10.0.0.300', '10.0.0.0/33', 'proxy.example']) expect(() => loadConfig({ TRUST_PROXY: v }), v).toThrow(/TRUST_PROXY/)
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2)
    expect(loadConfig({}).trustProxy).toBe(false)
  })
})

/** The slippy-map tile holding a point. */
function tileAt(lon: number, lat: number, z: number) {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) }
}

describe('responses holding exact locations carry Cache-Control: no-store', () => {
  it('every route flagged exact answers no-store on a real request (each has a sample here), and the known ones are flagged', async () => {
    const tile = tileAt(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 14)
    const rid = referral.id
    const lid = referral.locations[0]!.id
    const zone = {
      name: 'Test zone',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-0.2, 51.53],
            [-0.19, 51.53],
            [-0.19, 51.54],
            [-0.2, 51.53],
          ],
        ],
      },
    }
    let zoneId = ''
    let newLocation = ''
    // Method + URL as registered → a request that succeeds (in this order: deletions last).
    const samples: Array<[string, () => { method: string; url: string; payload?: object }, number]> = [
      ['GET /api/v1/referrals/', () => ({ method: 'GET', url: `${REFERRALS}?limit=2` }), 200],
      ['GET /api/v1/referrals/:id', () => ({ method: 'GET', url: `${REFERRALS}/${rid}` }), 200],
      [
        'POST /api/v1/referrals/',
        () => ({
          method: 'POST',
          url: REFERRALS,
          payload: {
            externalId: 'NS-1',
            programme: 'mentoring',
            subjectRole: 'at_risk',
            ageBand: '16-17',
            fundingBorough: WESTMINSTER,
            openedOn: '2026-03-01',
            locations: [{ kind: 'home', ...MAIDA_VALE, observedOn: '2026-03-01', precision: 'exact' }],
          },
        }),
        201,
      ],
      ['PATCH /api/v1/referrals/:id', () => ({ method: 'PATCH', url: `${REFERRALS}/${rid}`, payload: { riskLevel: 'high' } }), 200],
      [
        'POST /api/v1/referrals/:id/locations/',
        () => ({
          method: 'POST',
          url: `${REFERRALS}/${rid}/locations`,
          payload: { kind: 'school', ...MAIDA_VALE, observedOn: '2026-03-05', precision: 'exact' },
        }),
        201,
      ],
      [
        'PATCH /api/v1/referrals/:id/locations/:locationId',
        () => ({ method: 'PATCH', url: `${REFERRALS}/${rid}/locations/${newLocation}`, payload: { precision: 'street' } }),
        200,
      ],
      ['POST /api/v1/referrals/:id/exclusion-zones/', () => ({ method: 'POST', url: `${REFERRALS}/${rid}/exclusion-zones`, payload: zone }), 201],
      ['GET /api/v1/referrals/:id/exclusion-zones/', () => ({ method: 'GET', url: `${REFERRALS}/${rid}/exclusion-zones` }), 200],
      [
        'POST /api/v1/relocation-check/',
        () => ({ method: 'POST', url: '/api/v1/relocation-check', payload: { referralId: rid, destination: MAIDA_VALE } }),
        200,
      ],
      ['GET /api/v1/exports/referrals.geojson', () => ({ method: 'GET', url: '/api/v1/exports/referrals.geojson' }), 200],
      ['GET /api/v1/exports/referrals.csv', () => ({ method: 'GET', url: '/api/v1/exports/referrals.csv' }), 200],
      ['GET /api/v1/analysis/clusters', () => ({ method: 'GET', url: '/api/v1/analysis/clusters?from=2026-03&to=2026-03' }), 200],
      ['GET /api/v1/analysis/density', () => ({ method: 'GET', url: '/api/v1/analysis/density?from=2026-03&to=2026-03' }), 200],
      ['GET /tiles/points/:z/:x/:y.mvt', () => ({ method: 'GET', url: `/tiles/points/${tile.z}/${tile.x}/${tile.y}.mvt?from=2026-03&to=2026-03` }), 200],
      ['GET /ogc/collections/:collectionId/items', () => ({ method: 'GET', url: '/ogc/collections/referral-locations/items?limit=5' }), 200],
      ['GET /ogc/collections/:collectionId/items/:featureId', () => ({ method: 'GET', url: `/ogc/collections/referral-locations/items/${lid}` }), 200],
      ['DELETE /api/v1/referrals/:id/exclusion-zones/:zoneId', () => ({ method: 'DELETE', url: `${REFERRALS}/${rid}/exclusion-zones/${zoneId}` }), 204],
      ['DELETE /api/v1/referrals/:id/locations/:locationId', () => ({ method: 'DELETE', url: `${REFERRALS}/${rid}/locations/${newLocation}` }), 204],
      ['DELETE /api/v1/referrals/:id', () => ({ method: 'DELETE', url: `${REFERRALS}/${rid}` }), 204],
    ]
    const norm = (k: string) => k.replace(/\/$/, '')
    const flagged = new Set(t.app.exactRoutes.map((r) => norm(`${r.method} ${r.url}`)))
    const sampled = new Set(samples.map(([k]) => norm(k)))
    // Every flagged route has a sample (a new exact route must be added here), and every sample is flagged.
    expect([...flagged].filter((k) => !sampled.has(k))).toEqual([])
    expect([...sampled].filter((k) => !flagged.has(k))).toEqual([])
    for (const known of [
      'GET /api/v1/referrals',
      'GET /api/v1/referrals/:id',
      'GET /tiles/points/:z/:x/:y.mvt',
      'GET /api/v1/exports/referrals.csv',
      'GET /ogc/collections/:collectionId/items',
      'GET /ogc/collections/:collectionId/items/:featureId',
      'GET /api/v1/analysis/clusters',
      'GET /api/v1/analysis/density',
    ]) {
      expect(flagged, known).toContain(known)
    }
    for (const [key, request, status] of samples) {
      const res = await lead.inject(request() as never)
      expect(res.statusCode, `${key}: ${res.body.slice(0, 300)}`).toBe(status)
      expect(res.headers['cache-control'], key).toBe('no-store')
      if (key.startsWith('POST /api/v1/referrals/:id/locations')) newLocation = res.json().id
      if (key.startsWith('POST /api/v1/referrals/:id/exclusion-zones')) zoneId = res.json().id
    }
    // An error of an exact route is no-store too.
    expect((await lead.get(`${REFERRALS}/00000000-0000-4000-8000-000000000000`)).headers['cache-control']).toBe('no-store')
  })

  it('public and aggregate answers keep their caching', async () => {
    const tile = tileAt(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 12)
    const areas = await t.world.anonymous.get(`/tiles/areas/${tile.z}/${tile.x}/${tile.y}.mvt`)
    expect(areas.statusCode).toBe(200)
    expect(areas.headers['cache-control']).toBe('public, max-age=3600')
    expect(areas.headers.etag).toBeTruthy()
    const hex = await lead.get(`/tiles/hexbins/${tile.z}/${tile.x}/${tile.y}.mvt?from=2026-03&to=2026-03`)
    expect(hex.headers['cache-control']).toBe('private, no-cache')
    // A partner's points tile holds generalised cells, not exact points.
    const partner = t.world.withToken(t.world.partnerToken)
    const z14 = tileAt(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 14)
    const pts = await partner.get(`/tiles/points/${z14.z}/${z14.x}/${z14.y}.mvt?from=2026-03&to=2026-03`)
    expect(pts.statusCode).toBe(200)
    expect(pts.headers['cache-control']).toBe('private, no-cache')
    const boroughs = await t.world.anonymous.get('/ogc/collections/boroughs/items?limit=1')
    expect(boroughs.statusCode).toBe(200)
    expect(boroughs.headers['cache-control']).toBe('private, no-cache')
    const counts = await lead.get('/api/v1/stats/counts?geography=borough&from=2026-03&to=2026-03')
    expect(counts.headers['cache-control'] ?? '').not.toContain('no-store')
  })
})

describe("text the database cannot store is the request's fault", () => {
  it("a NUL character in a referral's text answers 400, not 500, and stores nothing (found by the referral property test)", async () => {
    const externalId = 'NUL\u0000ID'
    const res = await lead.post(REFERRALS, {
      externalId,
      programme: 'mentoring',
      subjectRole: 'at_risk',
      ageBand: '16-17',
      fundingBorough: WESTMINSTER,
      openedOn: '2026-03-05',
      locations: [{ kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-05', precision: 'exact' }],
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from referrals where external_id like 'NUL%'`.execute(t.database.system)
    expect(rows[0]!.n).toBe(0)
  })
})
