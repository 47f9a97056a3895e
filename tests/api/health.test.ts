import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

describe('service endpoints', () => {
  it('GET /health answers 200', async () => {
    const res = await t.app.inject('/health')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
  })

  it('GET /ready answers 200 once migrations are current', async () => {
    const res = await t.app.inject('/ready')
    expect(res.statusCode).toBe(200)
    expect(res.json().status).toBe('ready')
  })

  it('serves an OpenAPI 3 document that describes every API route with its responses', async () => {
    const res = await t.app.inject('/docs/json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const path of ['/api/v1/areas', '/api/v1/areas/{code}', '/api/v1/lookup', '/api/v1/borders', '/health', '/ready']) {
      expect(doc.paths, path).toHaveProperty([path])
      expect(Object.keys(doc.paths[path].get.responses)).toEqual(expect.arrayContaining(['200']))
    }
    expect((await t.app.inject('/docs')).statusCode).toBeLessThan(400)
  })

  it('answers an unknown route with a 404 problem', async () => {
    const res = await t.app.inject('/api/v1/nothing-here')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 404, code: 'route-not-found' })
  })

  it('GET /api/v1/meta says where the boundaries came from and carries the attribution', async () => {
    const res = await t.app.inject('/api/v1/meta')
    expect(res.statusCode).toBe(200)
    const meta = res.json()
    expect(meta.attribution).toContain('Crown copyright')
    expect(meta.boundaries.sources.length).toBeGreaterThan(0)
    expect(typeof meta.boundaries.simplified).toBe('boolean')
  })
})
