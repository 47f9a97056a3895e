import SwaggerParser from '@apidevtools/swagger-parser'
import type { OpenAPI } from 'openapi-types'
import { sql } from 'kysely'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedReferrals } from '../access/seed.js'
import { problemOf, publish, publishedOf, scopedLocations, trueCells, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { TestFeatureCollection } from '../helpers/geojson.js'
import { CQL_PIECES } from './cql-pieces.js'

/**
 * OGC API – Features Part 1: the documents' shapes, paging, filters and who sees which layer;
 * the counting layers give aggregate readers exactly the cell-key method's published values
 * (tests/helpers/ckm.ts), the same as the API's, for fixed periods only.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
const BRENT = 'E09000005'
const WESTMINSTER = 'E09000033'
/** The first calendar quarter of 2026 as an OGC datetime (a fixed period). */
const Q1 = 'datetime=2026-01-01/2026-03-31'

let t: TestApp
type Page = TestFeatureCollection & {
  numberMatched: number
  numberReturned: number
  timeStamp: string
  links: Array<{ rel: string; href: string; type?: string }>
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs, { countA: 200, countB: 10 })
})
afterAll(() => t?.close())

const rels = (links: Array<{ rel: string }>) => links.map((l) => l.rel)
/** A next link as a path the app can be asked for. */
const local = (href: string) => href.replace(/^https?:\/\/[^/]+/, '')

/** Follows next links from `url` to the end; returns every page. */
async function allPages(get: (url: string) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>, url: string): Promise<Page[]> {
  const pages: Page[] = []
  for (let next: string | undefined = url; next; ) {
    const res = await get(next)
    expect(res.statusCode, `${next}: ${res.body.slice(0, 200)}`).toBe(200)
    expect(String(res.headers['content-type'])).toContain('application/geo+json')
    const page = JSON.parse(res.body) as Page
    pages.push(page)
    const link = page.links.find((l) => l.rel === 'next')
    next = link ? local(link.href) : undefined
    if (pages.length > 500) throw new Error('too many pages')
  }
  return pages
}

describe('OGC API – Features documents', () => {
  it('landing page links to the API definition, its docs, conformance and data', async () => {
    const res = await t.world.anonymous.get('/ogc')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/json')
    const doc = res.json() as { title: string; links: Array<{ rel: string; href: string; type: string }> }
    expect(rels(doc.links)).toEqual(expect.arrayContaining(['self', 'service-desc', 'service-doc', 'conformance', 'data']))
    const desc = doc.links.find((l) => l.rel === 'service-desc')!
    expect(desc.type).toContain('application/vnd.oai.openapi+json')
    expect(desc.href).toMatch(/^http:\/\/[^/]+\/ogc\/api$/)
    // The API definition of /ogc: paths under a server at /ogc, one items path per collection with its
    // queryables as parameters (where GDAL and QGIS look for them), limit with its maximum.
    type Op = { parameters: Array<{ name: string; schema: { maximum?: number; enum?: string[] } }> }
    const openapi = (await t.app.inject({ method: 'GET', url: local(desc.href) })).json() as {
      openapi: string
      servers: Array<{ url: string }>
      paths: Record<string, { get: Op }>
    }
    expect(openapi.openapi).toMatch(/^3\.0/)
    expect(openapi.servers[0]!.url).toMatch(/\/ogc$/)
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/',
        '/conformance',
        '/collections',
        '/collections/{collectionId}/items',
        '/collections/boroughs/items',
        '/collections/{collectionId}/queryables',
      ]),
    )
    const params = openapi.paths['/collections/boroughs/items']!.get.parameters
    expect(params.map((p) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'bbox', 'crs', 'bbox-crs', 'filter', 'filter-lang', 'sortby', 'properties', 'code', 'name']),
    )
    expect(params.find((p) => p.name === 'limit')!.schema.maximum).toBe(10_000)
    expect(params.find((p) => p.name === 'filter-lang')!.schema.enum).toContain('cql2-text')
    await expect(SwaggerParser.validate(structuredClone(openapi) as unknown as OpenAPI.Document)).resolves.toBeTruthy()
    // The main document states the maximum too.
    const main = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, { get: Op }> }
    expect(main.paths['/ogc/collections/{collectionId}/items']!.get.parameters.find((p) => p.name === 'limit')!.schema.maximum).toBe(10_000)
  })

  it('conformance names Part 1 (core, GeoJSON, HTML, OpenAPI 3.0), Part 2 (CRS), Part 3 (filter) and CQL2 text', async () => {
    const doc = (await t.world.anonymous.get('/ogc/conformance')).json() as { conformsTo: string[] }
    expect(doc.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
        'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
        'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
        'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
        'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
      ]),
    )
  })

  it('lists the collections each caller may see, each with self and items links and an extent', async () => {
    const ids = async (client: { get(u: string): Promise<{ json(): unknown }> }) =>
      ((await client.get('/ogc/collections')).json() as { collections: Array<{ id: string }> }).collections.map((c) => c.id)
    const boundaries = ['boroughs', 'wards', 'lsoas', 'estates']
    expect(await ids(t.world.anonymous)).toEqual(boundaries)
    expect(await ids(await t.world.as('adminA'))).toEqual(boundaries)
    expect(await ids(await t.world.as('commissionerA'))).toEqual([...boundaries, 'borough-counts', 'ward-counts'])
    // The partner's agreement does not list the ward field, so ward counts are not among its layers.
    expect(await ids(t.world.withToken(t.world.partnerToken))).toEqual([...boundaries, 'borough-counts', 'referrals-generalised'])
    expect(await ids(await t.world.as('leadA'))).toEqual([...boundaries, 'borough-counts', 'ward-counts', 'referrals-generalised', 'referral-locations'])
    const doc = (await t.world.anonymous.get('/ogc/collections/boroughs')).json() as {
      id: string
      itemType: string
      crs: string[]
      storageCrs: string
      extent: { spatial: { bbox: number[][] } }
      links: Array<{ rel: string; type: string }>
    }
    expect(doc.id).toBe('boroughs')
    expect(doc.itemType).toBe('feature')
    expect(doc.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84', 'http://www.opengis.net/def/crs/EPSG/0/27700'])
    expect(doc.storageCrs).toBe('http://www.opengis.net/def/crs/EPSG/0/27700')
    expect(doc.links.find((l) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables')?.type).toBe('application/schema+json')
    const [minLon, minLat, maxLon, maxLat] = doc.extent.spatial.bbox[0]!
    expect(minLon).toBeLessThan(-0.4)
    expect(maxLon).toBeGreaterThan(0.2)
    expect(minLat).toBeGreaterThan(51.2)
    expect(maxLat).toBeLessThan(51.8)
    expect(doc.links.filter((l) => l.rel === 'items').map((l) => l.type)).toEqual(['application/geo+json', 'text/html'])
  })
})

describe('items', () => {
  it('pages boroughs by next links: every borough once, numberMatched and numberReturned right', async () => {
    const pages = await allPages((u) => t.world.anonymous.get(u), '/ogc/collections/boroughs/items?limit=7')
    const {
      rows: [n],
    } = await sql<{ n: number }>`select count(*)::int as n from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)`.execute(
      t.database.system,
    )
    expect(pages).toHaveLength(Math.ceil(n!.n / 7))
    const ids = pages.flatMap((p) => p.features.map((f) => f.id))
    expect(new Set(ids).size).toBe(n!.n)
    for (const p of pages) {
      expect(p.numberMatched).toBe(n!.n)
      expect(p.numberReturned).toBe(p.features.length)
      expect(Number.isNaN(Date.parse(p.timeStamp))).toBe(false)
      expect(p.attribution).toContain('Crown copyright')
      expect(rels(p.links)).toEqual(expect.arrayContaining(['self', 'collection']))
    }
    expect(rels(pages[pages.length - 1]!.links)).not.toContain('next')
  })

  it('filters by bbox, and refuses bad bbox, datetime and limit with 400 problem+json', async () => {
    const page = (await t.world.anonymous.get('/ogc/collections/boroughs/items?bbox=-0.19,51.52,-0.17,51.53')).json() as Page
    // Whose polygon meets the box (checked in lon/lat, not the service's BNG path), not whose extent does.
    const { rows: meet } = await sql<{ code: string }>`select code from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)
      and ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope(-0.19, 51.52, -0.17, 51.53, 4326)) order by code`.execute(t.database.system)
    expect(meet.map((r) => r.code)).toContain('E09000033')
    expect(page.features.map((f) => f.id).sort()).toEqual(meet.map((r) => r.code))
    for (const q of [
      'bbox=1,2,3',
      'bbox=a,b,c,d',
      'bbox=0,52,1,51',
      'datetime=2026-13-01',
      'datetime=2026-05-01/2026-01-01',
      'datetime=../..',
      'limit=0',
      'limit=x',
      'colour=red',
      'offset=-1',
      'f=xml',
    ]) {
      const res = await t.world.anonymous.get(`/ogc/collections/boroughs/items?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    // Above the maximum is not an error: the maximum applies.
    expect((await t.world.anonymous.get('/ogc/collections/boroughs/items?limit=20000')).statusCode).toBe(200)
    expect((await t.world.anonymous.get('/ogc/collections/nothing/items')).statusCode).toBe(404)
    // A browser gets HTML; a client that takes neither JSON nor HTML gets 406 naming both.
    expect((await t.world.anonymous.inject({ method: 'GET', url: '/ogc', headers: { accept: 'text/html' } })).headers['content-type']).toContain('text/html')
    const refused = await t.world.anonymous.inject({ method: 'GET', url: '/ogc', headers: { accept: 'application/xml' } })
    expect(refused.statusCode).toBe(406)
    expect(refused.headers['content-type']).toContain('application/problem+json')
    expect((refused.json() as { title: string }).title).toBe('Not Acceptable')
    expect((refused.json() as { detail: string }).detail).toMatch(/application\/geo\+json.*text\/html/)
  })

  it('one feature by id, with links; an unknown id is 404', async () => {
    const res = await t.world.anonymous.get('/ogc/collections/boroughs/items/E09000033')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const f = res.json() as { type: string; id: string; properties: { name: string }; links: Array<{ rel: string }> }
    expect(f).toMatchObject({ type: 'Feature', id: 'E09000033', properties: { name: 'Westminster' } })
    expect(rels(f.links)).toEqual(['self', 'alternate', 'collection'])
    expect((await t.world.anonymous.get('/ogc/collections/boroughs/items/E99999999')).statusCode).toBe(404)
  })

  it('exact locations: a lead pages through every unrestricted location of the organisation (keyset), datetime filters, reads audited', async () => {
    const lead = await t.world.as('leadA')
    const pages = await allPages((u) => lead.get(u), '/ogc/collections/referral-locations/items?limit=100')
    const { rows } = await sql<{ id: string; observed_on: string }>`
      select l.id, l.observed_on from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted`.execute(t.database.system)
    expect(pages.length).toBe(Math.ceil(rows.length / 100))
    const ids = pages.flatMap((p) => p.features.map((f) => f.id))
    expect(new Set(ids)).toEqual(new Set(rows.map((r) => r.id)))
    expect(ids).toHaveLength(rows.length)
    expect(pages[0]!.numberMatched).toBe(rows.length)

    const march = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&datetime=2026-03-01/2026-03-31')).json() as Page
    expect(new Set(march.features.map((f) => f.id))).toEqual(
      new Set(rows.filter((r) => r.observed_on >= '2026-03-01' && r.observed_on <= '2026-03-31').map((r) => r.id)),
    )
    const open = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&datetime=../2026-02-28T23:59:59Z')).json() as Page
    expect(open.features).toHaveLength(rows.filter((r) => r.observed_on <= '2026-02-28').length)
    const openEnd = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&datetime=2026-05-01/')).json() as Page
    expect(openEnd.features).toHaveLength(rows.filter((r) => r.observed_on >= '2026-05-01').length)

    const one = (await lead.get(`/ogc/collections/referral-locations/items/${ids[0]}`)).json() as { id: string }
    expect(one.id).toBe(ids[0])
    const { rows: audited } = await sql<{
      n: number
    }>`select count(*)::int as n from audit_log where action = 'referrals.list' and detail->>'ogc' = 'referral-locations'`.execute(t.database.system)
    expect(audited[0]!.n).toBeGreaterThanOrEqual(pages.length + 3)
    // Another organisation's lead sees none of them, and not a single one by id.
    const leadB = await t.world.as('leadB')
    expect((await leadB.get(`/ogc/collections/referral-locations/items/${ids[0]}`)).statusCode).toBe(404)
  })

  it("exact locations in a bbox: a lead gets the organisation's unrestricted locations in it, a caseworker their caseload's, across pages", async () => {
    const box = [-0.21, 51.52, -0.17, 51.545] as const
    const inBox = async (caseworker?: string) =>
      (
        await sql<{ id: string }>`
      select l.id from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted
        and (${caseworker ?? null}::uuid is null or r.caseworker_id = ${caseworker ?? null}::uuid)
        and ST_Intersects(ST_Transform(l.geom, 4326), ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326))`.execute(t.database.system)
      ).rows.map((r) => r.id)
    const url = `/ogc/collections/referral-locations/items?limit=20&bbox=${box.join(',')}`
    const lead = await t.world.as('leadA')
    const expected = await inBox()
    expect(expected.length).toBeGreaterThan(20) // more than one page
    const pages = await allPages((u) => lead.get(u), url)
    expect(pages.flatMap((p) => p.features.map((f) => f.id)).sort()).toEqual(expected.sort())
    expect(pages[0]!.numberMatched).toBe(expected.length)

    const caseworker = await t.world.as('caseworkerA')
    const own = await inBox(caseworker.actor.userId!)
    const theirs = await allPages((u) => caseworker.get(u), url)
    expect(theirs.flatMap((p) => p.features.map((f) => f.id)).sort()).toEqual(own.sort())
    expect(own.length).toBeLessThan(expected.length)
  })

  it('refuses exact locations to anonymous (401), commissioners and partners (403)', async () => {
    expect((await t.world.anonymous.get('/ogc/collections/referral-locations/items')).statusCode).toBe(401)
    expect((await (await t.world.as('commissionerA')).get('/ogc/collections/referral-locations/items')).statusCode).toBe(403)
    expect((await t.world.withToken(t.world.partnerToken).get('/ogc/collections/referral-locations')).statusCode).toBe(403)
    expect((await (await t.world.as('adminA')).get('/ogc/collections/borough-counts/items')).statusCode).toBe(403)
  })

  it("a partner pages the agreement's generalised cells with their published counts, the same as the export", async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const pages = await allPages((u) => partner.get(u), `/ogc/collections/referrals-generalised/items?limit=3&${Q1}`)
    const features = pages.flatMap((p) => p.features)
    expect(features.length).toBeGreaterThan(3)
    const truth = await trueCells(
      t.database.system,
      sql`
      select 'G250:' || ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::bigint::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::bigint::text as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')}) s`,
    )
    for (const f of features) {
      expect(Object.keys(f.properties).sort()).toEqual(['cellM', 'referrals'])
      expect(f.properties.referrals as number).toBeGreaterThanOrEqual(K)
      expect(String(f.id)).toMatch(/^G250:\d+:\d+$/)
    }
    const exported = (await partner.get('/api/v1/exports/referrals.geojson?from=2026-01-01&to=2026-03-31')).json() as TestFeatureCollection
    expect(features.map((f) => `${f.id}:${f.properties.referrals}`).sort()).toEqual(exported.features.map((f) => `${f.id}:${f.properties.referrals}`).sort())
    // One feature by id has no datetime: it is looked up in the default period, the last complete
    // calendar quarter, where the seed has nothing — so plant a crowded cell there and fetch it.
    const now = new Date()
    const mid = new Date(Date.UTC(now.getUTCFullYear(), (Math.floor(now.getUTCMonth() / 3) - 1) * 3 + 1, 15)).toISOString().slice(0, 10)
    const lastQ = new Date(Date.UTC(now.getUTCFullYear(), (Math.floor(now.getUTCMonth() / 3) - 1) * 3, 1)).toISOString().slice(0, 10)
    await sql`
      with r as (
        insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
        select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), 'OGC-ONE-' || i, 'at_risk', '16-17', ${WESTMINSTER}, ${mid}::date, false, true
        from generate_series(1, 9) i returning id)
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(-0.134, 51.513), 4326), 27700), ${mid}::date, 'exact' from r`.execute(t.database.system)
    const afterQ = new Date(Date.UTC(now.getUTCFullYear(), (Math.floor(now.getUTCMonth() / 3) - 1) * 3 + 3, 1)).toISOString().slice(0, 10)
    const planted = await trueCells(
      t.database.system,
      sql`
      select 'G250:' || ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::bigint::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::bigint::text as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, lastQ, afterQ)}) s`,
    )
    const [id, cell] = [...planted].find(([, c]) => c.n >= 9)!
    const one = await partner.get(`/ogc/collections/referrals-generalised/items/${id}`)
    expect(one.statusCode, one.body).toBe(200)
    expect((one.json() as { properties: unknown }).properties).toEqual({ cellM: 250, referrals: publish(cell.n, cell.key, K, D) })
    // The single-feature route takes no datetime.
    expect((await partner.get(`/ogc/collections/referrals-generalised/items/${id}?${Q1}`)).statusCode).toBe(400)
    // Each cell (id G<size>:<centre x>:<centre y>, metres) carries the published value of its set;
    // cells published as 0 are left out.
    for (const f of features) expect(f.properties.referrals, String(f.id)).toBe(publishedOf(truth, String(f.id), K, D))
    const shown = [...truth]
      .filter(([, c]) => publish(c.n, c.key, K, D) > 0)
      .map(([id]) => id)
      .sort()
    expect(features.map((f) => String(f.id)).sort()).toEqual(shown)
    // Fixed periods only.
    const open = await partner.get('/ogc/collections/referrals-generalised/items?datetime=2026-01-01/2026-06-30')
    expect(problemOf(open)).toMatchObject({ status: 400, code: 'disclosure-rule' })
  })

  it('borough counts for a commissioner: their boroughs only, each the published value of its set, fixed periods only', async () => {
    const c = await t.world.as('commissionerA')
    const page = (await c.get(`/ogc/collections/borough-counts/items?${Q1}`)).json() as Page
    expect(page.features.map((f) => f.id).sort()).toEqual([BRENT, WESTMINSTER])
    const truth = await trueCells(
      t.database.system,
      sql`
      select s.borough_code as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }, '2026-01-01', '2026-04-01')}) s`,
    )
    for (const f of page.features) {
      expect(f.properties).toMatchObject({ from: '2026-01', to: '2026-03', k: K, suppressed: false })
      expect(f.properties.referrals, String(f.id)).toBe(publishedOf(truth, String(f.id), K, D))
    }
    // The same values as GET /api/v1/stats/counts for the same period.
    const api = (await c.get('/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-03')).json() as { cells: Array<{ area: string; count: number }> }
    expect(Object.fromEntries(page.features.map((f) => [f.id, f.properties.referrals]))).toEqual(Object.fromEntries(api.cells.map((x) => [x.area, x.count])))
    // A partner's borough counts: its agreement's population (no victims), the same rule.
    const partner = t.world.withToken(t.world.partnerToken)
    const pp = (await partner.get(`/ogc/collections/borough-counts/items?${Q1}`)).json() as Page
    const ptruth = await trueCells(
      t.database.system,
      sql`
      select s.borough_code as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')}) s`,
    )
    for (const f of pp.features) expect(f.properties.referrals, String(f.id)).toBe(publishedOf(ptruth, String(f.id), K, D))
    // Ward counts need 'ward' in the partner's agreement (it lists programme and ageBand only): the
    // layer is not listed for it, and asking for it anyway is refused without a count.
    const wards = await partner.get(`/ogc/collections/ward-counts/items?${Q1}`)
    expect([403, 404], wards.body).toContain(wards.statusCode)
    expect(wards.body).not.toContain('referrals')
    // Not a fixed period: 400 naming datetime (OGC's name for the period); none at all: the last complete calendar quarter.
    expect(problemOf(await c.get('/ogc/collections/borough-counts/items?datetime=2026-01-01/2026-06-30'))).toMatchObject({
      status: 400,
      code: 'disclosure-rule',
      fields: ['datetime'],
    })
    const now = new Date()
    const q = Math.floor(now.getUTCMonth() / 3)
    const start = new Date(Date.UTC(now.getUTCFullYear(), (q - 1) * 3, 1))
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1))
    const dflt = (await c.get('/ogc/collections/borough-counts/items')).json() as Page
    for (const f of dflt.features) expect(f.properties).toMatchObject({ from: start.toISOString().slice(0, 7), to: end.toISOString().slice(0, 7) })

    const lead = await t.world.as('leadA')
    const all = (await lead.get('/ogc/collections/borough-counts/items?limit=100')).json() as Page
    const total = all.features.reduce((s, f) => s + (f.properties.referrals as number), 0)
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from (select distinct r.id, l.borough_code from referrals r join referral_locations l on l.referral_id = r.id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted and l.borough_code is not null) s`.execute(t.database.system)
    expect(total).toBe(rows[0]!.n)
  })
})

const BNG = 'http://www.opengis.net/def/crs/EPSG/0/27700'
const enc = encodeURIComponent
/** The problem's status, code and the fields it names. */
const fieldsOf = async (res: Promise<{ statusCode: number; headers: Record<string, unknown>; body: string }>) => problemOf(await res)
type Geo = { type: string; coordinates: unknown }
const firstPosition = (g: Geo): number[] => {
  let c: unknown = g.coordinates
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0]
  return c as number[]
}

describe('Part 2: CRS84 and EPSG:27700', () => {
  it('features in the British National Grid in metres, Content-Crs says which, the same coordinates as the stored geometry', async () => {
    const anon = t.world.anonymous
    const res = await anon.get(`/ogc/collections/boroughs/items?limit=100&crs=${enc(BNG)}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-crs']).toBe(`<${BNG}>`)
    const page = res.json() as Page & { crs: { properties: { name: string } } }
    expect(page.crs.properties.name).toBe('urn:ogc:def:crs:EPSG::27700')
    const { rows } = await sql<{ code: string; g: string }>`select code, ST_AsGeoJSON(ST_ForcePolygonCCW(geom), 2, 0) as g from areas
      where kind = 'borough' and (valid_to is null or valid_to > current_date)`.execute(t.database.system)
    expect(page.features).toHaveLength(rows.length)
    for (const f of page.features) {
      const stored = JSON.parse(rows.find((r) => r.code === f.id)!.g) as Geo
      expect(firstPosition(f.geometry as Geo)).toEqual(firstPosition(stored))
      const [x, y] = firstPosition(f.geometry as Geo)
      expect(x!).toBeGreaterThan(490_000)
      expect(x!).toBeLessThan(570_000)
      expect(y!).toBeGreaterThan(150_000)
      expect(y!).toBeLessThan(210_000)
    }
    const dflt = await anon.get('/ogc/collections/boroughs/items?limit=1')
    expect(dflt.headers['content-crs']).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>')
    expect(JSON.parse(dflt.body)).not.toHaveProperty('crs')
    const one = await anon.get(`/ogc/collections/boroughs/items/E09000033?crs=${enc(BNG)}`)
    expect(one.headers['content-crs']).toBe(`<${BNG}>`)
    expect(firstPosition((one.json() as { geometry: Geo }).geometry)[0]).toBeGreaterThan(490_000)
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?crs=EPSG:4326'))).toMatchObject({ status: 400, fields: ['crs'] })
    expect(
      await fieldsOf(anon.get(`/ogc/collections/boroughs/items?bbox-crs=${enc('http://www.opengis.net/def/crs/EPSG/0/3857')}&bbox=0,0,1,1`)),
    ).toMatchObject({ status: 400, fields: ['bbox-crs'] })
  })

  it('bbox in EPSG:27700 (bbox-crs) picks the areas meeting that box of metres, on every kind of layer', async () => {
    const box = [528_000, 180_000, 531_000, 182_000]
    const { rows } = await sql<{ code: string }>`select code from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)
      and ST_Intersects(geom, ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 27700)) order by code`.execute(t.database.system)
    expect(rows.length).toBeGreaterThan(1)
    const page = (await t.world.anonymous.get(`/ogc/collections/boroughs/items?bbox=${box.join(',')}&bbox-crs=${enc(BNG)}`)).json() as Page
    expect(page.features.map((f) => f.id).sort()).toEqual(rows.map((r) => r.code))
    // Exact locations of a lead in that box, written in metres: each equals the stored point.
    const lead = await t.world.as('leadA')
    const exact = (
      await lead.get(`/ogc/collections/referral-locations/items?limit=10000&bbox=${box.join(',')}&bbox-crs=${enc(BNG)}&crs=${enc(BNG)}`)
    ).json() as Page
    const { rows: pts } = await sql<{
      id: string
      x: number
      y: number
    }>`select l.id, round(ST_X(l.geom)::numeric, 2)::float8 as x, round(ST_Y(l.geom)::numeric, 2)::float8 as y
      from referral_locations l join referrals r on r.id = l.referral_id where r.organisation_id = ${t.world.orgs.A} and not r.restricted
      and ST_Intersects(l.geom, ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 27700))`.execute(t.database.system)
    expect(pts.length).toBeGreaterThan(0)
    expect(exact.features).toHaveLength(pts.length)
    for (const f of exact.features) {
      const p = pts.find((r) => r.id === f.id)!
      expect((f.geometry as Geo).coordinates).toEqual([p.x, p.y])
    }
    // Generalised cells in metres are the cell centres their ids name.
    const partner = t.world.withToken(t.world.partnerToken)
    const cells = (await partner.get(`/ogc/collections/referrals-generalised/items?${Q1}&crs=${enc(BNG)}&limit=1000`)).json() as Page
    expect(cells.features.length).toBeGreaterThan(0)
    for (const f of cells.features) {
      const [, x, y] = String(f.id).split(':')
      expect((f.geometry as Geo).coordinates).toEqual([Number(x), Number(y)])
    }
  })
})

describe('Part 3: queryables, CQL2 filters, name=value, sortby, properties', () => {
  it('queryables per collection: JSON Schema; the geometry only where the caller may choose shapes', async () => {
    const q = await t.world.anonymous.get('/ogc/collections/boroughs/queryables')
    expect(q.statusCode).toBe(200)
    expect(q.headers['content-type']).toContain('application/schema+json')
    const doc = q.json() as { type: string; properties: Record<string, { type?: string; format?: string }> }
    expect(doc.type).toBe('object')
    expect(Object.keys(doc.properties).sort()).toEqual(['code', 'geometry', 'name', 'parentCode', 'synthetic', 'validFrom', 'validTo'])
    expect(doc.properties.validFrom).toMatchObject({ type: 'string', format: 'date' })
    const commissioner = await t.world.as('commissionerA')
    const counts = (await commissioner.get('/ogc/collections/borough-counts/queryables')).json() as { properties: Record<string, unknown> }
    expect(Object.keys(counts.properties).sort()).toEqual(['code', 'name'])
    const lead = await t.world.as('leadA')
    expect(Object.keys(((await lead.get('/ogc/collections/borough-counts/queryables')).json() as { properties: object }).properties).sort()).toEqual([
      'code',
      'geometry',
      'name',
    ])
    expect((await t.world.anonymous.get('/ogc/collections/borough-counts/queryables')).statusCode).toBe(401)
  })

  it("CQL2 text on boundaries: comparisons, LIKE, IN, BETWEEN, IS NULL, NOT, S_INTERSECTS — the same areas as SQL of the test's own", async () => {
    const anon = t.world.anonymous
    const ids = async (filter: string, extra = '') => {
      const res = await anon.get(`/ogc/collections/boroughs/items?limit=100&filter=${enc(filter)}${extra}`)
      expect(res.statusCode, `${filter}: ${res.body.slice(0, 300)}`).toBe(200)
      return (res.json() as Page).features.map((f) => String(f.id)).sort()
    }
    const db = async (where: ReturnType<typeof sql>) =>
      (
        await sql<{ code: string }>`select code from areas a where kind = 'borough'
      and (valid_to is null or valid_to > current_date) and ${where} order by code`.execute(t.database.system)
      ).rows
        .map((r) => r.code)
        .sort()
    expect(await ids("name LIKE 'West%'")).toEqual(['E09000033'])
    expect(await ids("code IN ('E09000005', 'E09000033') AND NOT name = 'Brent'")).toEqual(['E09000033'])
    expect(await ids("(name = 'Brent' OR name = 'Camden') and synthetic = false")).toEqual(await db(sql`name in ('Brent', 'Camden') and not synthetic`))
    expect(await ids("validFrom BETWEEN DATE('1900-01-01') AND DATE('2026-01-01') OR validTo BETWEEN DATE('2000-01-01') AND DATE('2100-01-01')")).toEqual(
      await db(sql`(valid_from between '1900-01-01' and '2026-01-01' or valid_to between '2000-01-01' and '2100-01-01')`),
    )
    expect(await ids('parentCode IS NULL')).toEqual(await db(sql`parent_code is null`))
    expect(await ids("validFrom IS NULL OR validFrom <= DATE('2026-01-01')")).toEqual(await db(sql`(valid_from is null or valid_from <= '2026-01-01')`))
    expect(await ids("name NOT LIKE '%a%' AND code <> 'E09000001'")).toEqual(await db(sql`name not like '%a%' and code <> 'E09000001'`))
    const inBox = await db(sql`ST_Intersects(ST_Transform(geom, 4326), ST_MakeEnvelope(-0.19, 51.52, -0.17, 51.53, 4326))`)
    expect(await ids('S_INTERSECTS(geometry, BBOX(-0.19, 51.52, -0.17, 51.53))')).toEqual(inBox)
    expect(await ids('S_INTERSECTS(geometry, POLYGON((-0.19 51.52, -0.17 51.52, -0.17 51.53, -0.19 51.53, -0.19 51.52)))')).toEqual(inBox)
    expect(await ids('S_INTERSECTS(geometry, POINT(-0.1357 51.5128))')).toEqual(['E09000033'])
    expect(await ids('S_INTERSECTS(geometry, BBOX(528000, 180000, 531000, 182000))', `&filter-crs=${enc(BNG)}`)).toEqual(
      await db(sql`ST_Intersects(geom, ST_MakeEnvelope(528000, 180000, 531000, 182000, 27700))`),
    )
    expect(await ids("name = 'Westminster'", '&filter-lang=cql2-text')).toEqual(['E09000033'])
    // numberMatched counts the filtered set.
    expect(((await anon.get(`/ogc/collections/boroughs/items?limit=1&filter=${enc("code LIKE 'E0900000%'")}`)).json() as Page).numberMatched).toBe(9)
  })

  it('bad filters answer 400 problem+json naming filter (or filter-lang, filter-crs); values never reach SQL as text', async () => {
    const anon = t.world.anonymous
    for (const f of [
      'name ==',
      "colour = 'red'",
      'name = 5',
      'name LIKE 5',
      'S_INTERSECTS(name, BBOX(0, 0, 1, 1))',
      "name = 'unclosed",
      "validFrom = DATE('2026-02-31')",
      'synthetic = 1',
      "code = 'x'; drop table areas",
      'S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))',
      'S_INTERSECTS(geometry, BBOX(1, 1, 0, 0))',
      'name IN ()',
      '(((((((((((((((((((((((((((((((((((name IS NULL)))))))))))))))))))))))))))))))))))',
      "code = 'E09000033' AND",
    ]) {
      expect(await fieldsOf(anon.get(`/ogc/collections/boroughs/items?filter=${enc(f)}`)), f).toMatchObject({
        status: 400,
        code: 'validation-failed',
        fields: ['filter'],
      })
    }
    expect(await fieldsOf(anon.get(`/ogc/collections/boroughs/items?filter=${enc("name = 'x'")}&filter-lang=cql2-json`))).toMatchObject({
      status: 400,
      fields: ['filter-lang'],
    })
    expect(await fieldsOf(anon.get(`/ogc/collections/boroughs/items?filter=${enc("name = 'x'")}&filter-crs=EPSG:9`))).toMatchObject({
      status: 400,
      fields: ['filter-crs'],
    })
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from areas`.execute(t.database.system)
    expect(rows[0]!.n).toBeGreaterThan(600)
  })

  it("any filter text answers 200 or a 400 problem naming filter, never 5xx (property, boundaries and a commissioner's counts)", async () => {
    const commissioner = await t.world.as('commissionerA')
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...CQL_PIECES), { minLength: 1, maxLength: 25 }).map((a) => a.join(' ')),
        fc.boolean(),
        async (filter, counts) => {
          const res = counts
            ? await commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&filter=${enc(filter)}`)
            : await t.world.anonymous.get(`/ogc/collections/boroughs/items?limit=5&filter=${enc(filter)}`)
          if (res.statusCode === 200) return
          expect(res.statusCode, `${filter}: ${res.body.slice(0, 300)}`).toBe(400)
          expect(problemOf(res).fields, filter).toEqual(['filter'])
        },
      ),
      { numRuns: 150 },
    )
  })

  it('aggregate readers filter counting layers on the area only, never by a shape of their own (a disclosure rule, naming filter)', async () => {
    const commissioner = await t.world.as('commissionerA')
    const all = (await commissioner.get(`/ogc/collections/borough-counts/items?${Q1}`)).json() as Page
    const brent = (await commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&filter=${enc("name = 'Brent'")}`)).json() as Page
    expect(brent.features.map((f) => f.id)).toEqual([BRENT])
    // The filter picks a published cell; its value is the one the unfiltered layer shows.
    expect(brent.features[0]!.properties.referrals).toBe(all.features.find((f) => f.id === BRENT)!.properties.referrals)
    expect(((await commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&code=${WESTMINSTER}`)).json() as Page).features.map((f) => f.id)).toEqual([
      WESTMINSTER,
    ])
    for (const f of ['S_INTERSECTS(geometry, BBOX(-0.3, 51.5, -0.1, 51.6))', "S_INTERSECTS(geometry, POINT(-0.1357 51.5128)) AND name = 'Brent'"]) {
      expect(await fieldsOf(commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&filter=${enc(f)}`)), f).toMatchObject({
        status: 400,
        code: 'disclosure-rule',
        fields: ['filter'],
      })
    }
    const partner = t.world.withToken(t.world.partnerToken)
    expect(
      await fieldsOf(partner.get(`/ogc/collections/referrals-generalised/items?${Q1}&filter=${enc('S_INTERSECTS(geometry, BBOX(-0.3, 51.5, -0.1, 51.6))')}`)),
    ).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['filter'] })
    // Not a queryable of a counting layer: what is counted cannot be filtered.
    expect(await fieldsOf(commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&filter=${enc("subjectRole = 'victim'")}`))).toMatchObject({
      status: 400,
      fields: ['filter'],
    })
    expect(await fieldsOf(commissioner.get(`/ogc/collections/borough-counts/items?${Q1}&referrals=5`))).toMatchObject({ status: 400, fields: ['referrals'] })
    // A partner may select published cells by their published count.
    const cells = (await partner.get(`/ogc/collections/referrals-generalised/items?${Q1}&limit=1000`)).json() as Page
    const big = (
      await partner.get(`/ogc/collections/referrals-generalised/items?${Q1}&limit=1000&filter=${enc('referrals >= 6')}&sortby=-referrals`)
    ).json() as Page
    const want = cells.features
      .filter((f) => (f.properties.referrals as number) >= 6)
      .map((f) => f.properties.referrals as number)
      .sort((a, b) => b - a)
    expect(big.features.map((f) => f.properties.referrals)).toEqual(want)
    // A lead may use shapes on counting layers.
    const lead = await t.world.as('leadA')
    expect((await lead.get(`/ogc/collections/borough-counts/items?filter=${enc('S_INTERSECTS(geometry, POINT(-0.1357 51.5128))')}`)).json()).toMatchObject({
      features: [{ id: WESTMINSTER }],
    })
  })

  it('exact locations filtered by a lead: event and referral fields, the same rows as SQL', async () => {
    const lead = await t.world.as('leadA')
    const filter = "kind IN ('home', 'incident') AND observedOn >= DATE('2026-02-01') AND subjectRole <> 'victim'"
    const pages = await allPages((u) => lead.get(u), `/ogc/collections/referral-locations/items?limit=50&filter=${enc(filter)}`)
    const { rows } = await sql<{ id: string }>`select l.id from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted and l.kind in ('home', 'incident') and l.observed_on >= '2026-02-01' and r.subject_role <> 'victim'`.execute(
      t.database.system,
    )
    expect(rows.length).toBeGreaterThan(50)
    expect(pages.flatMap((p) => p.features.map((f) => f.id)).sort()).toEqual(rows.map((r) => r.id).sort())
    const homes = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&kind=home')).json() as Page
    expect(homes.features.length).toBeGreaterThan(0)
    expect(homes.features.every((f) => f.properties.kind === 'home')).toBe(true)
    expect(await fieldsOf(lead.get(`/ogc/collections/referral-locations/items?filter=${enc("kind = 'garden'")}`))).toMatchObject({
      status: 400,
      fields: ['filter'],
    })
  })

  it('sortby on queryables (+/-), refused on key-paged layers and for other names; properties keeps only those asked for', async () => {
    const anon = t.world.anonymous
    const names = ((await anon.get('/ogc/collections/boroughs/items?limit=100&sortby=-name')).json() as Page).features.map((f) => f.properties.name)
    const { rows } = await sql<{
      name: string
    }>`select name from areas where kind = 'borough' and (valid_to is null or valid_to > current_date) order by name desc`.execute(t.database.system)
    expect(names).toEqual(rows.map((r) => r.name))
    const asc = ((await anon.get('/ogc/collections/boroughs/items?limit=100&sortby=%2Bname')).json() as Page).features.map((f) => f.properties.name)
    expect(asc).toEqual([...rows.map((r) => r.name)].reverse())
    // Paging follows the order: the second page goes on where the first stopped.
    const first = (await anon.get('/ogc/collections/boroughs/items?limit=5&sortby=-name')).json() as Page
    const second = (await anon.get(local(first.links.find((l) => l.rel === 'next')!.href))).json() as Page
    expect([...first.features, ...second.features].map((f) => f.properties.name)).toEqual(rows.slice(0, 10).map((r) => r.name))
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?sortby=colour'))).toMatchObject({ status: 400, fields: ['sortby'] })
    const lead = await t.world.as('leadA')
    expect(await fieldsOf(lead.get('/ogc/collections/referral-locations/items?sortby=kind'))).toMatchObject({ status: 400, fields: ['sortby'] })
    const slim = (await anon.get('/ogc/collections/boroughs/items?limit=3&properties=name,code')).json() as Page
    for (const f of slim.features) expect(Object.keys(f.properties).sort()).toEqual(['code', 'name'])
    expect(Object.keys(((await anon.get('/ogc/collections/boroughs/items/E09000033?properties=name')).json() as { properties: object }).properties)).toEqual([
      'name',
    ])
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?properties=colour'))).toMatchObject({ status: 400, fields: ['properties'] })
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?name=Westminster&colour=red'))).toMatchObject({ status: 400, fields: ['colour'] })
    expect(((await anon.get('/ogc/collections/boroughs/items?name=Westminster')).json() as Page).features.map((f) => f.id)).toEqual([WESTMINSTER])
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?synthetic=maybe'))).toMatchObject({ status: 400, fields: ['synthetic'] })
  })
})

describe('HTML, ETags and bad numbers', () => {
  it("HTML for the landing page, collections, a collection, items and an item: by f=html or a browser's Accept, everything escaped, no script", async () => {
    await sql`insert into areas (kind, code, name, geom, synthetic, source, licence)
      select 'estate', 'ESC-1', '<script>alert(1)</script> & "quoted"', ST_Multi(ST_Buffer(ST_PointOnSurface(geom), 100)), true, source, licence from areas where code = ${WESTMINSTER} and kind = 'borough' limit 1`.execute(
      t.database.system,
    )
    const anon = t.world.anonymous
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }
    for (const url of [
      '/ogc',
      '/ogc/conformance',
      '/ogc/collections',
      '/ogc/collections/estates',
      '/ogc/collections/estates/items',
      '/ogc/collections/estates/items/ESC-1',
    ]) {
      const res = await anon.inject({ method: 'GET', url, headers: browser })
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type'], url).toContain('text/html')
      expect(res.body, url).toMatch(/^<!doctype html>/)
      expect(res.body, url).not.toMatch(/<script/i)
      const viaF = await anon.get(`${url}?f=html`)
      expect(viaF.body).toBe(res.body)
    }
    const items = (await anon.get('/ogc/collections/estates/items?f=html')).body
    expect(items).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;')
    expect(items).toContain('<table')
    // GDAL and curl (*/*) still get JSON.
    expect(
      (await anon.inject({ method: 'GET', url: '/ogc', headers: { accept: 'application/geo+json, application/json' } })).headers['content-type'],
    ).toContain('application/json')
    expect((await anon.inject({ method: 'GET', url: '/ogc/collections/boroughs/items', headers: { accept: '*/*' } })).headers['content-type']).toContain(
      'application/geo+json',
    )
  })

  it('weak ETags on OGC answers and 304 for If-None-Match; none on exact locations', async () => {
    const anon = t.world.anonymous
    for (const url of [
      '/ogc',
      '/ogc/collections',
      '/ogc/collections/boroughs',
      '/ogc/collections/boroughs/items?limit=5',
      '/ogc/collections/boroughs/items/E09000033',
      '/ogc/collections/boroughs/queryables',
    ]) {
      const res = await anon.get(url)
      const etag = String(res.headers.etag)
      expect(etag, url).toMatch(/^W\/"[\w-]+"$/)
      const again = await anon.inject({ method: 'GET', url, headers: { 'if-none-match': etag } })
      expect(again.statusCode, url).toBe(304)
      expect(again.body).toBe('')
    }
    const a = (await anon.get('/ogc/collections/boroughs/items?limit=5')).headers.etag
    const b = (await anon.get(`/ogc/collections/boroughs/items?limit=5&crs=${enc(BNG)}`)).headers.etag
    const c = (await anon.get('/ogc/collections/boroughs/items?limit=5&f=html')).headers.etag
    expect(new Set([a, b, c]).size).toBe(3)
    expect((await anon.inject({ method: 'GET', url: '/ogc/collections/boroughs/items?limit=5', headers: { 'if-none-match': 'W/"other"' } })).statusCode).toBe(
      200,
    )
    const lead = await t.world.as('leadA')
    const exact = await lead.get('/ogc/collections/referral-locations/items?limit=2')
    expect(exact.headers.etag).toBeUndefined()
    expect(exact.headers['cache-control']).toContain('no-store')
  })

  it('numbers and dates out of range, and a cursor this service did not write, answer 400 naming the parameter', async () => {
    const anon = t.world.anonymous
    for (const [q, field] of [
      ['limit=1e309', 'limit'],
      ['limit=1.5', 'limit'],
      ['offset=1e20', 'offset'],
      ['datetime=0001-01-01/9999-12-31', 'datetime'],
      ['datetime=2026-02-31', 'datetime'],
      ['datetime=2026-02-31T00:00:00Z', 'datetime'],
      ['bbox=0,0,1e400,1', 'bbox'],
    ] as const) {
      expect(await fieldsOf(anon.get(`/ogc/collections/boroughs/items?${q}`)), q).toMatchObject({ status: 400, fields: [field] })
    }
    const lead = await t.world.as('leadA')
    expect(await fieldsOf(lead.get('/ogc/collections/referral-locations/items?cursor=abc'))).toMatchObject({ status: 400, fields: ['cursor'] })
    expect(await fieldsOf(anon.get('/ogc/collections/boroughs/items?cursor=abc'))).toMatchObject({ status: 400, fields: ['cursor'] })
  })
})
