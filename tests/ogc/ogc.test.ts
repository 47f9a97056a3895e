import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedReferrals } from '../access/seed.js'
import { problemOf, publish, publishedOf, scopedLocations, trueCells, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { TestFeatureCollection } from '../helpers/geojson.js'

/**
 * Issue 6, OGC API – Features Part 1: the documents' shapes, paging, filters and who sees which layer;
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
type Page = TestFeatureCollection & { numberMatched: number; numberReturned: number; timeStamp: string; links: Array<{ rel: string; href: string; type?: string }> }

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
    expect(desc.href).toMatch(/^http:\/\/[^/]+\/docs\/json$/)
    const openapi = (await t.app.inject({ method: 'GET', url: local(desc.href) })).json() as { openapi: string; paths: Record<string, unknown> }
    expect(openapi.openapi).toMatch(/^3\.0/)
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/ogc/collections/{collectionId}/items']))
  })

  it('conformance names core, GeoJSON and OpenAPI 3.0', async () => {
    const doc = (await t.world.anonymous.get('/ogc/conformance')).json() as { conformsTo: string[] }
    expect(doc.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]))
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
      id: string; itemType: string; crs: string[]; extent: { spatial: { bbox: number[][] } }; links: Array<{ rel: string; type: string }>
    }
    expect(doc.id).toBe('boroughs')
    expect(doc.itemType).toBe('feature')
    expect(doc.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84'])
    const [minLon, minLat, maxLon, maxLat] = doc.extent.spatial.bbox[0]!
    expect(minLon).toBeLessThan(-0.4)
    expect(maxLon).toBeGreaterThan(0.2)
    expect(minLat).toBeGreaterThan(51.2)
    expect(maxLat).toBeLessThan(51.8)
    expect(doc.links.find((l) => l.rel === 'items')?.type).toBe('application/geo+json')
  })
})

describe('items', () => {
  it('pages boroughs by next links: every borough once, numberMatched and numberReturned right', async () => {
    const pages = await allPages((u) => t.world.anonymous.get(u), '/ogc/collections/boroughs/items?limit=7')
    const { rows: [n] } = await sql<{ n: number }>`select count(*)::int as n from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)`.execute(t.database.system)
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
    for (const q of ['bbox=1,2,3', 'bbox=a,b,c,d', 'bbox=0,52,1,51', 'datetime=2026-13-01', 'datetime=2026-05-01/2026-01-01', 'datetime=../..', 'limit=0', 'limit=x', 'colour=red', 'offset=-1', 'f=xml']) {
      const res = await t.world.anonymous.get(`/ogc/collections/boroughs/items?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    // Above the maximum is not an error: the maximum applies.
    expect((await t.world.anonymous.get('/ogc/collections/boroughs/items?limit=20000')).statusCode).toBe(200)
    expect((await t.world.anonymous.get('/ogc/collections/nothing/items')).statusCode).toBe(404)
    expect((await t.world.anonymous.inject({ method: 'GET', url: '/ogc', headers: { accept: 'text/html' } })).statusCode).toBe(406)
  })

  it('one feature by id, with links; an unknown id is 404', async () => {
    const res = await t.world.anonymous.get('/ogc/collections/boroughs/items/E09000033')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const f = res.json() as { type: string; id: string; properties: { name: string }; links: Array<{ rel: string }> }
    expect(f).toMatchObject({ type: 'Feature', id: 'E09000033', properties: { name: 'Westminster' } })
    expect(rels(f.links)).toEqual(['self', 'collection'])
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
    expect(new Set(march.features.map((f) => f.id))).toEqual(new Set(rows.filter((r) => r.observed_on >= '2026-03-01' && r.observed_on <= '2026-03-31').map((r) => r.id)))
    const open = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&datetime=../2026-02-28T23:59:59Z')).json() as Page
    expect(open.features).toHaveLength(rows.filter((r) => r.observed_on <= '2026-02-28').length)
    const openEnd = (await lead.get('/ogc/collections/referral-locations/items?limit=10000&datetime=2026-05-01/')).json() as Page
    expect(openEnd.features).toHaveLength(rows.filter((r) => r.observed_on >= '2026-05-01').length)

    const one = (await lead.get(`/ogc/collections/referral-locations/items/${ids[0]}`)).json() as { id: string }
    expect(one.id).toBe(ids[0])
    const { rows: audited } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'referrals.list' and detail->>'ogc' = 'referral-locations'`.execute(t.database.system)
    expect(audited[0]!.n).toBeGreaterThanOrEqual(pages.length + 3)
    // Another organisation's lead sees none of them, and not a single one by id.
    const leadB = await t.world.as('leadB')
    expect((await leadB.get(`/ogc/collections/referral-locations/items/${ids[0]}`)).statusCode).toBe(404)
  })

  it('exact locations in a bbox: a lead gets the organisation\'s unrestricted locations in it, a caseworker their caseload\'s, across pages', async () => {
    const box = [-0.21, 51.52, -0.17, 51.545] as const
    const inBox = async (caseworker?: string) => (await sql<{ id: string }>`
      select l.id from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted
        and (${caseworker ?? null}::uuid is null or r.caseworker_id = ${caseworker ?? null}::uuid)
        and ST_Intersects(ST_Transform(l.geom, 4326), ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326))`.execute(t.database.system)).rows.map((r) => r.id)
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

  it('a partner pages the agreement\'s generalised cells with their published counts, the same as the export', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const pages = await allPages((u) => partner.get(u), `/ogc/collections/referrals-generalised/items?limit=3&${Q1}`)
    const features = pages.flatMap((p) => p.features)
    expect(features.length).toBeGreaterThan(3)
    const truth = await trueCells(t.database.system, sql`
      select 'G250:' || ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::bigint::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::bigint::text as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')}) s`)
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
    const planted = await trueCells(t.database.system, sql`
      select 'G250:' || ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::bigint::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::bigint::text as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, lastQ, afterQ)}) s`)
    const [id, cell] = [...planted].find(([, c]) => c.n >= 9)!
    const one = await partner.get(`/ogc/collections/referrals-generalised/items/${id}`)
    expect(one.statusCode, one.body).toBe(200)
    expect((one.json() as { properties: unknown }).properties).toEqual({ cellM: 250, referrals: publish(cell.n, cell.key, K, D) })
    // The single-feature route takes no datetime.
    expect((await partner.get(`/ogc/collections/referrals-generalised/items/${id}?${Q1}`)).statusCode).toBe(400)
    // Each cell (id G<size>:<centre x>:<centre y>, metres) carries the published value of its set;
    // cells published as 0 are left out.
    for (const f of features) expect(f.properties.referrals, String(f.id)).toBe(publishedOf(truth, String(f.id), K, D))
    const shown = [...truth].filter(([, c]) => publish(c.n, c.key, K, D) > 0).map(([id]) => id).sort()
    expect(features.map((f) => String(f.id)).sort()).toEqual(shown)
    // Fixed periods only.
    const open = await partner.get('/ogc/collections/referrals-generalised/items?datetime=2026-01-01/2026-06-30')
    expect(problemOf(open)).toMatchObject({ status: 400, code: 'disclosure-rule' })
  })

  it('borough counts for a commissioner: their boroughs only, each the published value of its set, fixed periods only', async () => {
    const c = await t.world.as('commissionerA')
    const page = (await c.get(`/ogc/collections/borough-counts/items?${Q1}`)).json() as Page
    expect(page.features.map((f) => f.id).sort()).toEqual([BRENT, WESTMINSTER])
    const truth = await trueCells(t.database.system, sql`
      select s.borough_code as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }, '2026-01-01', '2026-04-01')}) s`)
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
    const ptruth = await trueCells(t.database.system, sql`
      select s.borough_code as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')}) s`)
    for (const f of pp.features) expect(f.properties.referrals, String(f.id)).toBe(publishedOf(ptruth, String(f.id), K, D))
    // Ward counts need 'ward' in the partner's agreement (it lists programme and ageBand only): the
    // layer is not listed for it, and asking for it anyway is refused without a count.
    const wards = await partner.get(`/ogc/collections/ward-counts/items?${Q1}`)
    expect([403, 404], wards.body).toContain(wards.statusCode)
    expect(wards.body).not.toContain('referrals')
    // Not a fixed period: 400 naming datetime (OGC's name for the period); none at all: the last complete calendar quarter.
    expect(problemOf(await c.get('/ogc/collections/borough-counts/items?datetime=2026-01-01/2026-06-30'))).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['datetime'] })
    const now = new Date()
    const q = Math.floor(now.getUTCMonth() / 3)
    const start = new Date(Date.UTC(now.getUTCFullYear(), (q - 1) * 3, 1))
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 2, 1))
    const dflt = (await c.get('/ogc/collections/borough-counts/items')).json() as Page
    for (const f of dflt.features) expect(f.properties).toMatchObject({ from: start.toISOString().slice(0, 7), to: end.toISOString().slice(0, 7) })

    const lead = await t.world.as('leadA')
    const all = (await lead.get('/ogc/collections/borough-counts/items?limit=100')).json() as Page
    const total = all.features.reduce((s, f) => s + (f.properties.referrals as number), 0)
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from (select distinct r.id, l.borough_code from referrals r join referral_locations l on l.referral_id = r.id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted and l.borough_code is not null) s`.execute(t.database.system)
    expect(total).toBe(rows[0]!.n)
  })
})
