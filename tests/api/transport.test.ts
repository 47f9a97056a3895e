import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.js'
import { COMPRESSIBLE } from '../../server/plugins/transport.js'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { decodeTile, tileAt, tileUrl } from '../tiles/decode.js'

/**
 * Compression and CORS: brotli and gzip bodies decode to the very bytes (or rows) sent unencoded —
 * JSON, GeoJSON, CSV, a streamed export, vector tiles — with a weak ETag that still answers 304;
 * nothing encoded for a client that did not ask; CORS headers only for configured origins.
 */

let t: TestApp
let withCors: TestApp
let lead: Client
const ORIGIN = 'https://maps.example.org'
const MARYLEBONE = tileAt(-0.155, 51.52, 12)

beforeAll(async () => {
  t = await createTestApp()
  withCors = await createTestApp({ CORS_ORIGINS: `${ORIGIN}, http://localhost:8080` })
  await seedReferrals(t.database.system, t.world.orgs, { countA: 200, countB: 10 })
  lead = await t.world.as('leadA')
}, 240_000)
afterAll(async () => {
  await t?.close()
  await withCors?.close()
})

const decode = (enc: string | undefined, body: Buffer) => (enc === 'br' ? brotliDecompressSync(body) : enc === 'gzip' ? gunzipSync(body) : body)

async function both(client: Client, url: string, encoding: 'br' | 'gzip') {
  const plain = await client.inject({ method: 'GET', url })
  const packed = await client.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } })
  return { plain, packed }
}

describe('compression', () => {
  it.each(['br', 'gzip'] as const)('JSON and GeoJSON answers in %s decode to the same bytes', async (enc) => {
    for (const url of ['/docs/json', '/api/v1/areas?kind=borough']) {
      const { plain, packed } = await both(t.world.anonymous, url, enc)
      expect(plain.statusCode, url).toBe(200)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(packed.headers['content-encoding'], url).toBe(enc)
      expect(String(packed.headers.vary)).toMatch(/accept-encoding/i)
      expect(packed.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
      expect(decode(enc, packed.rawPayload).equals(plain.rawPayload), url).toBe(true)
    }
  })

  it('a streamed export (GeoJSON and CSV) decodes to the same rows', async () => {
    for (const [url, rows] of [
      ['/api/v1/exports/referrals.geojson', (b: Buffer) => (JSON.parse(b.toString()).features as unknown[]).map((f) => JSON.stringify(f)).sort()],
      ['/api/v1/exports/referrals.csv', (b: Buffer) => b.toString().trim().split('\n').sort()],
    ] as const) {
      const { plain, packed } = await both(lead, url, 'gzip')
      expect(plain.statusCode, url).toBe(200)
      expect(packed.headers['content-encoding'], url).toBe('gzip')
      const a = rows(plain.rawPayload)
      expect(a.length).toBeGreaterThan(100)
      expect(rows(decode('gzip', packed.rawPayload))).toEqual(a)
      // The gzip header's XFL byte: 4 = written at the fastest level (exports: level 1).
      expect(packed.rawPayload[8], url).toBe(4)
    }
    const json = await t.app.inject({ url: '/docs/json', headers: { 'accept-encoding': 'gzip' } })
    expect(json.rawPayload[8]).toBe(0)
  })

  it('vector tiles: the decoded tile is the same, the ETag weak, and If-None-Match with it answers 304', async () => {
    const url = tileUrl('areas', MARYLEBONE)
    const { plain, packed } = await both(t.world.anonymous, url, 'br')
    expect(plain.statusCode).toBe(200)
    expect(plain.headers['content-type']).toContain('application/vnd.mapbox-vector-tile')
    expect(packed.headers['content-encoding']).toBe('br')
    const raw = decode('br', packed.rawPayload)
    expect(raw.equals(plain.rawPayload)).toBe(true)
    expect(decodeTile(raw, MARYLEBONE).boroughs?.length).toBeGreaterThan(0)
    const strong = String(plain.headers.etag)
    expect(strong).toMatch(/^"/)
    expect(packed.headers.etag).toBe(`W/${strong}`)
    expect(String(packed.headers.vary)).toMatch(/Cookie, Authorization.*accept-encoding/i)
    const again = await t.app.inject({ url, headers: { 'accept-encoding': 'br', 'if-none-match': String(packed.headers.etag) } })
    expect(again.statusCode).toBe(304)
    expect(again.headers.etag).toBe(`W/${strong}`)
    const plainAgain = await t.app.inject({ url, headers: { 'if-none-match': strong } })
    expect(plainAgain.statusCode).toBe(304)
    expect(plainAgain.headers.etag).toBe(strong)
  })

  it('leaves alone what is compressed already or partial', () => {
    for (const type of [
      'application/json',
      'application/geo+json',
      'application/problem+json; charset=utf-8',
      'text/csv; charset=utf-8',
      'application/vnd.mapbox-vector-tile',
      'text/html',
    ]) {
      expect(COMPRESSIBLE.test(type), type).toBe(true)
    }
    for (const type of ['application/vnd.pmtiles', 'application/zip', 'application/gzip', 'image/png', 'application/octet-stream']) {
      expect(COMPRESSIBLE.test(type), type).toBe(false)
    }
  })
})

describe('CORS', () => {
  it('sends no CORS header without CORS_ORIGINS', async () => {
    const res = await t.app.inject({ url: '/ogc/collections', headers: { origin: ORIGIN } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('allows reads, with a partner token, from the configured origins only', async () => {
    const pre = await withCors.app.inject({
      method: 'OPTIONS',
      url: '/ogc/collections',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    })
    expect(pre.statusCode).toBeLessThan(300)
    expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(String(pre.headers['access-control-allow-headers'])).toMatch(/authorization/)
    expect(String(pre.headers['access-control-allow-methods'])).not.toMatch(/POST|PATCH|DELETE/)
    const get = await withCors.app.inject({ url: '/ogc/collections', headers: { origin: ORIGIN, authorization: `Bearer ${withCors.world.partnerToken}` } })
    expect(get.statusCode).toBe(200)
    expect(get.headers['access-control-allow-origin']).toBe(ORIGIN)
    expect(String(get.headers['access-control-expose-headers'])).toMatch(/etag/)
    const other = await withCors.app.inject({ url: '/ogc/collections', headers: { origin: 'https://evil.example.net' } })
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
  })

  it('CORS_ORIGINS takes exact origins only', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example.org,http://localhost:8080' }).corsOrigins).toEqual(['https://a.example.org', 'http://localhost:8080'])
    for (const bad of ['https://a.example.org/', 'https://a.example.org/maps', '*', 'a.example.org', 'ftp://a.example.org']) {
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/)
    }
  })
})
