import SwaggerParser from '@apidevtools/swagger-parser'
import { Ajv } from 'ajv'
import fc from 'fast-check'
import type { OpenAPI } from 'openapi-types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { LocationPatch } from '../../server/referrals/referrals.schemas.js'
import { operationIdFor, toOas30 } from '../../server/plugins/openapi.js'

/**
 * The OpenAPI document the service serves at /docs/json: valid for @apidevtools/swagger-parser,
 * with an operationId and a security requirement on every operation, no trailing-slash paths (the
 * paths as named answer), and the draft-07 → OpenAPI 3.0 schema rewrite equivalent to the original.
 * `npm run lint:openapi` lints the same document with Redocly's recommended rules.
 */

type Op = { operationId?: string; security?: Array<Record<string, string[]>>; parameters?: Array<{ in: string; required?: boolean }> }
let t: TestApp
let doc: {
  openapi: string
  servers?: unknown[]
  paths: Record<string, Record<string, Op>>
  components: { securitySchemes: Record<string, { scheme?: string }> }
}

beforeAll(async () => {
  t = await createTestApp()
  const res = await t.app.inject('/docs/json')
  expect(res.statusCode).toBe(200)
  doc = res.json()
})
afterAll(() => t?.close())

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))

describe('the OpenAPI document', () => {
  it('passes swagger-parser validation', async () => {
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as unknown as OpenAPI.Document)).resolves.toBeTruthy()
  })

  it('gives every operation a unique operationId and its security', () => {
    const ops = operations()
    expect(ops.length).toBeGreaterThan(50)
    const ids = ops.map((o) => o.op.operationId)
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    for (const { path, method, op } of ops) {
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true)
      for (const req of op.security!) for (const name of Object.keys(req)) expect(doc.components.securitySchemes).toHaveProperty([name])
    }
    expect(doc.components.securitySchemes.basic?.scheme).toBe('basic')
    expect(doc.servers?.length).toBeGreaterThan(0)
  })

  it('names the security the access declaration implies', () => {
    const get = (p: string) => doc.paths[p]!.get!
    // Partners' routes: session, bearer token or Basic with the token.
    expect(get('/api/v1/exports/referrals.geojson').security).toEqual([{ session: [] }, { partnerToken: [] }, { basic: [] }])
    // Admin-only routes: a session (Basic with a password only where the operator enabled it).
    expect(get('/api/v1/users').security).toEqual([{ session: [] }])
    // Public OGC routes read credentials if sent (a partner sees more layers): optional.
    expect(get('/ogc/collections').security![0]).toEqual({})
    // Routes outside /api, /ogc and /tiles never read credentials.
    expect(get('/health').security).toEqual([])
  })

  it('has no trailing-slash paths, and every parameterless GET path it names is routed', async () => {
    for (const path of Object.keys(doc.paths)) expect(path === '/' || !path.endsWith('/'), path).toBe(true)
    const plain = operations().filter((o) => o.method === 'get' && !o.path.includes('{'))
    expect(plain.map((o) => o.path)).toEqual(expect.arrayContaining(['/api/v1/areas', '/api/v1/referrals', '/ogc']))
    for (const { path } of plain) {
      const res = await t.app.inject(path)
      expect(res.statusCode === 404 && res.json().code === 'route-not-found', path).toBe(false)
    }
  })

  it('declares the media type each answer is sent as (a picture as image/svg+xml, not as a JSON string)', async () => {
    type Responses = Record<string, { content?: Record<string, unknown> }>
    const plain = operations().filter((o) => o.method === 'get' && !o.path.includes('{'))
    let checked = 0
    for (const { path, op } of plain) {
      const res = await t.app.inject(path)
      if (res.statusCode !== 200) continue
      const sentAs = String(res.headers['content-type']).split(';')[0]!.trim()
      const declared = Object.keys((op as { responses: Responses }).responses['200']?.content ?? {})
      expect(declared, `${path} answers ${sentAs}`).toContain(sentAs)
      checked++
    }
    expect(checked).toBeGreaterThan(5)
    // A GeoJSON body is declared as GeoJSON wherever it is sent, not as plain JSON.
    type Schema = { properties?: { type?: { enum?: string[]; const?: string } }; anyOf?: Schema[] }
    const isGeoJson = (schema: Schema | undefined): boolean =>
      ['FeatureCollection', 'Feature'].some((t) => schema?.properties?.type?.const === t || schema?.properties?.type?.enum?.includes(t)) ||
      (schema?.anyOf ?? []).some(isGeoJson)
    const geojsonAsJson = operations()
      .filter(({ op }) =>
        isGeoJson(
          (op as { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }).responses['200']?.content?.['application/json']?.schema,
        ),
      )
      .map(({ method, path }) => `${method} ${path}`)
    expect(geojsonAsJson).toEqual([])
    const overview = (doc.paths['/api/v1/areas/overview.svg']!.get as unknown as { responses: Responses }).responses['200']
    expect(Object.keys(overview!.content!)).toEqual(['image/svg+xml'])
  })
})

describe('operationIdFor', () => {
  it('derives readable ids from method and path', () => {
    expect(operationIdFor('GET', '/api/v1/referrals/:id/locations/')).toBe('getReferralsByIdLocations')
    expect(operationIdFor('GET', '/tiles/areas/:z/:x/:y.mvt')).toBe('getTilesAreasByZByXByYMvt')
    expect(operationIdFor('POST', '/api/v1/session')).toBe('postSession')
    expect(operationIdFor('GET', '/ogc/collections/:collectionId/items')).toBe('getOgcCollectionsByCollectionIdItems')
  })
})

describe('toOas30', () => {
  it('writes numeric exclusive bounds in the OpenAPI 3.0 form', () => {
    expect(toOas30({ type: 'number', exclusiveMinimum: 0, maximum: 1 })).toEqual({ type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1 })
    expect(toOas30({ properties: { exclusiveMinimum: { type: 'string' } } })).toEqual({ properties: { exclusiveMinimum: { type: 'string' } } })
  })

  it('rewrites `dependencies` into a schema that accepts exactly the same bodies (LocationPatch: lon and lat together)', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
    const converted = toOas30(JSON.parse(JSON.stringify(LocationPatch))) as Record<string, unknown>
    expect(JSON.stringify(converted)).not.toContain('"dependencies"')
    // Ajv's draft-07 reads OpenAPI's boolean exclusiveMinimum differently: compare the structure only.
    const original = ajv.compile(JSON.parse(JSON.stringify(LocationPatch)))
    const rewritten = ajv.compile(converted)
    const body = fc.record(
      {
        kind: fc.constantFrom('home', 'incident', 'other', 5),
        lon: fc.double({ min: -1, max: 1, noNaN: true }),
        lat: fc.double({ min: 51, max: 52, noNaN: true }),
        observedOn: fc.constant('2026-03-01'),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(body, (b) => original(b) === rewritten(b)),
      { numRuns: 500 },
    )
    expect(rewritten({ lon: -0.1 })).toBe(false)
    expect(rewritten({ lon: -0.1, lat: 51.5 })).toBe(true)
  })
})
