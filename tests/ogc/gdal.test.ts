import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedReferrals } from '../access/seed.js'
import { SESSION_COOKIE } from '../../server/auth/tokens.js'

/**
 * GDAL's OAPIF driver (what QGIS uses underneath) lists the collections and reads every page
 * of every one, against the app listening on 127.0.0.1 — anonymously, as a partner with a Bearer
 * token and as a lead with a session cookie. The feature counts are compared with the database.
 */

const run = promisify(execFile)
const hasOgr = await run('ogrinfo', ['--version']).then(
  () => true,
  () => false,
)
if (!hasOgr) console.warn('tests/ogc/gdal.test.ts skipped: ogrinfo (GDAL, apt-get install gdal-bin) is not installed')

let t: TestApp
let base: string
let dir: string

beforeAll(async () => {
  if (!hasOgr) return
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs, { countA: 300, countB: 10 })
  // GDAL asks without datetime, so an aggregate reader's layers show the last complete calendar
  // quarter: move the seed's first quarter (January–March 2026) there.
  await sql`update referral_locations set observed_on = observed_on + make_interval(months => ${monthsSinceSeed()}::int)`.execute(t.database.system)
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/ogc`
  dir = mkdtempSync(join(tmpdir(), 'crossborough-gdal-'))
})
afterAll(async () => {
  await t?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** The last complete calendar quarter (what the OGC layers show aggregate readers by default), as first and last day. */
function lastQuarter(today = new Date()): { from: string; to: string } {
  const q = Math.floor(today.getUTCMonth() / 3)
  const start = new Date(Date.UTC(today.getUTCFullYear(), (q - 1) * 3, 1))
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 3, 0))
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) }
}

/** Months from January 2026 (the seed's first month) to the first month of the last complete quarter. */
function monthsSinceSeed(): number {
  const [y, m] = lastQuarter().from.split('-').map(Number) as [number, number]
  return (y - 2026) * 12 + (m - 1)
}

/** GDAL with an HTTP header on every request (GDAL_HTTP_HEADERS). */
const env = (header?: string) => ({ ...process.env, ...(header ? { GDAL_HTTP_HEADERS: header } : {}), GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' })

async function layers(header?: string): Promise<string[]> {
  const { stdout } = await run('ogrinfo', ['-ro', '-so', `OAPIF:${base}`], { env: env(header) })
  return [...stdout.matchAll(/^\d+: ([\w-]+)/gm)].map((m) => m[1]!)
}

/** Every feature of a layer, read by ogr2ogr page by page (PAGE_SIZE), as GeoJSON. */
async function readAll(layer: string, pageSize: number, header?: string): Promise<Array<{ properties: Record<string, unknown>; geometry: unknown }>> {
  const out = join(dir, `${layer}-${Math.random().toString(36).slice(2)}.geojson`)
  await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${base}`, layer, '-oo', `PAGE_SIZE=${pageSize}`], { env: env(header), maxBuffer: 1 << 26 })
  return (JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: Record<string, unknown>; geometry: unknown }> }).features
}

/** How many item requests GDAL made per collection (counted on the HTTP server), and their URLs. */
let itemRequests = new Map<string, number>()
let itemUrls: string[] = []
function countRequests() {
  itemRequests = new Map()
  itemUrls = []
  return itemRequests
}

const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.database.system)).rows[0]!.n

describe.skipIf(!hasOgr)('GDAL OAPIF driver', () => {
  beforeAll(() => {
    t.app.server.on('request', (req: { url?: string }) => {
      const m = /^\/ogc\/collections\/([\w-]+)\/items(\?|$)/.exec(req.url ?? '')
      if (m) {
        itemRequests.set(m[1]!, (itemRequests.get(m[1]!) ?? 0) + 1)
        itemUrls.push(req.url!)
      }
    })
  })

  it('lists the public collections and reads every page of the boundaries anonymously', async () => {
    expect(await layers()).toEqual(['boroughs', 'wards', 'lsoas', 'estates'])
    const seen = countRequests()
    const boroughs = await readAll('boroughs', 5)
    const n = await count(sql<{ n: number }>`select count(*)::int as n from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)`)
    expect(boroughs).toHaveLength(n)
    expect(new Set(boroughs.map((f) => f.properties.code)).size).toBe(n)
    expect(seen.get('boroughs')).toBeGreaterThanOrEqual(Math.ceil(n / 5))
    const wards = await readAll('wards', 200)
    expect(wards).toHaveLength(
      await count(sql<{ n: number }>`select count(*)::int as n from areas where kind = 'ward' and (valid_to is null or valid_to > current_date)`),
    )
    const estates = await readAll('estates', 50)
    expect(estates).toHaveLength(
      await count(sql<{ n: number }>`select count(*)::int as n from areas where kind = 'estate' and (valid_to is null or valid_to > current_date)`),
    )
  }, 240_000)

  it('a partner with a Bearer token sees the generalised layer and reads all of it, page by page', async () => {
    const header = `Authorization: Bearer ${t.world.partnerToken}`
    // No ward counts: the test agreement does not list the ward field.
    expect(await layers(header)).toEqual(['boroughs', 'wards', 'lsoas', 'estates', 'borough-counts', 'referrals-generalised'])
    // The same cells as a partner's export for that fixed period (the observation period is required).
    const { from, to } = lastQuarter()
    const exported = (await t.world.withToken(t.world.partnerToken).get(`/api/v1/exports/referrals.geojson?from=${from}&to=${to}`)).json() as {
      features: unknown[]
    }
    expect(exported.features.length).toBeGreaterThan(1)
    const seen = countRequests()
    const cells = await readAll('referrals-generalised', 1, header)
    expect(cells).toHaveLength(exported.features.length)
    // GDAL keeps a string feature id as an "id" field; nothing else arrives.
    for (const c of cells) {
      expect(Object.keys(c.properties).sort()).toEqual(['cellM', 'id', 'referrals'])
      expect(String(c.properties.id)).toMatch(/^G250:\d+:\d+$/)
    }
    expect(seen.get('referrals-generalised')).toBeGreaterThanOrEqual(cells.length)
    const counts = await readAll('borough-counts', 1, header)
    expect(counts.map((f) => f.properties.code).sort()).toEqual(['E09000005', 'E09000033'])
  }, 240_000)

  it('a lead with a session cookie reads every exact location of the organisation across pages', async () => {
    const cookie = await sessionCookie('leadA')
    const header = `Cookie: ${SESSION_COOKIE}=${cookie}`
    expect(await layers(header)).toContain('referral-locations')
    const seen = countRequests()
    const features = await readAll('referral-locations', 100, header)
    const n = await count(sql<{ n: number }>`select count(*)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted`)
    expect(n).toBeGreaterThan(80)
    expect(features).toHaveLength(n)
    expect(new Set(features.map((f) => f.properties.referralId)).size).toBeGreaterThan(50)
    expect(seen.get('referral-locations')).toBeGreaterThanOrEqual(Math.ceil(n / 100))
  }, 240_000)

  it('reads boroughs in EPSG:27700 (crs): the layer is labelled British National Grid and its extent is in metres', async () => {
    const url = `${base}/collections/boroughs/items?limit=100&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/27700')}`
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', url], { env: env() })
    expect(stdout).toMatch(/British National Grid/)
    expect(stdout).toMatch(/ID\["EPSG",27700\]\]\s*$|ID\["EPSG",27700\]\]/m)
    const extent = /Extent: \(([\d.]+), ([\d.]+)\) - \(([\d.]+), ([\d.]+)\)/.exec(stdout)!
    const {
      rows: [box],
    } = await sql<{ x0: number; y0: number; x1: number; y1: number }>`select ST_XMin(e) as x0, ST_YMin(e) as y0, ST_XMax(e) as x1, ST_YMax(e) as y1
      from (select ST_Extent(geom) as e from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)) s`.execute(t.database.system)
    const [x0, y0, x1, y1] = extent.slice(1).map(Number)
    expect(Math.abs(x0! - box!.x0)).toBeLessThan(0.01)
    expect(Math.abs(y0! - box!.y0)).toBeLessThan(0.01)
    expect(Math.abs(x1! - box!.x1)).toBeLessThan(0.01)
    expect(Math.abs(y1! - box!.y1)).toBeLessThan(0.01)
  }, 120_000)

  it('a CQL2 filter and sortby in the items URL are applied by the server: GDAL reads only the matching wards, in order, in one request', async () => {
    const seen = countRequests()
    const filter = encodeURIComponent("parentCode = 'E09000033' AND name LIKE 'S%'")
    const out = join(dir, 'filtered.geojson')
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `${base}/collections/wards/items?limit=1000&filter=${filter}&sortby=-name`], { env: env() })
    const got = (JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { code: string } }> }).features.map((f) => f.properties.code)
    const { rows } = await sql<{ code: string }>`select code from areas where kind = 'ward' and parent_code = 'E09000033' and name like 'S%'
      and (valid_to is null or valid_to > current_date) order by name desc`.execute(t.database.system)
    expect(rows.length).toBeGreaterThan(0)
    expect(got).toEqual(rows.map((r) => r.code))
    expect(seen.get('wards')).toBe(1)
  }, 120_000)

  it('GDAL forwards an attribute filter as CQL2 text (it reads the items parameters from /ogc/api): only the matching wards travel', async () => {
    const seen = countRequests()
    const out = join(dir, 'where.geojson')
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${base}`, 'wards', '-oo', 'PAGE_SIZE=50', '-where', "parentCode = 'E09000033' AND name LIKE 'S%'"], {
      env: env(),
    })
    const got = (JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { code: string } }> }).features.map((f) => f.properties.code).sort()
    const { rows } = await sql<{ code: string }>`select code from areas where kind = 'ward' and parent_code = 'E09000033' and name like 'S%'
      and (valid_to is null or valid_to > current_date) order by code`.execute(t.database.system)
    expect(rows.length).toBeGreaterThan(0)
    expect(got).toEqual(rows.map((r) => r.code))
    // The filter went with the request; unfiltered, 625 wards would have been 13 pages of 50. (GDAL
    // reads one unfiltered page first to learn the fields.)
    const filtered = itemUrls.filter((u) => /[?&]filter=/.test(u))
    expect(filtered).toHaveLength(1)
    expect(decodeURIComponent(filtered[0]!)).toContain("(name LIKE 'S%')")
    expect(seen.get('wards')).toBe(2)
  }, 120_000)

  it('sortby on the dataset URL is applied by the server on every page: features arrive in its order', async () => {
    const seen = countRequests()
    const out = join(dir, 'sorted.geojson')
    await run('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${base}/collections/boroughs?sortby=-name`, 'boroughs', '-oo', 'PAGE_SIZE=10'], { env: env() })
    const names = (JSON.parse(readFileSync(out, 'utf8')) as { features: Array<{ properties: { name: string } }> }).features.map((f) => f.properties.name)
    const { rows } = await sql<{
      name: string
    }>`select name from areas where kind = 'borough' and (valid_to is null or valid_to > current_date) order by name desc`.execute(t.database.system)
    expect(names).toEqual(rows.map((r) => r.name))
    expect(seen.get('boroughs')).toBeGreaterThanOrEqual(Math.ceil(rows.length / 10))
    expect(itemUrls.every((u) => u.includes('sortby=-name'))).toBe(true)
  }, 120_000)
})

/** A fresh session of one of the seeded people, as the cookie value. */
async function sessionCookie(who: 'leadA'): Promise<string> {
  const { newSecret, secretHash } = await import('../../server/auth/tokens.js')
  const { createSession } = await import('../../server/auth/auth.repository.js')
  const secret = newSecret()
  await createSession(t.database.system, t.world.users[who], secretHash(secret), 60)
  return secret
}
