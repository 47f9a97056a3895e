import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXED_RULES } from '../../server/privacy/disclosure.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { DEFAULT_NOISE } from '../helpers/ckm.js'
import { BRENT, WESTMINSTER, type Client } from '../helpers/world.js'

/**
 * The fixed geographies and bands that the web app and /api/v1/meta announce (FIXED_RULES) are the
 * ones the database enforces for aggregate readers: each listed value answers 200 and values beside
 * them 400 naming the parameter, while a lead may use any. Periods are covered in disclosure.test.ts.
 */

let t: TestApp
let lead: Client
let commissioner: Client
let caseworker: Client

beforeAll(async () => {
  t = await createTestApp()
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
  caseworker = await t.world.as('caseworkerA')
})
afterAll(() => t?.close())

const period = 'from=2026-04&to=2026-06'

describe('fixed rules: announced = enforced', () => {
  it('/api/v1/meta announces k, the noise bound and the fixed lists', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/meta' })
    expect(res.statusCode).toBe(200)
    expect(res.json().disclosure).toEqual({ k: 5, noise: DEFAULT_NOISE, ...FIXED_RULES })
  })

  it('hexbins: the listed sizes only, for aggregate readers; any size 100–1000 m for a lead', async () => {
    for (const size of FIXED_RULES.hexSizesM) {
      for (const who of [commissioner, caseworker]) expect((await who.get(`/api/v1/analysis/hexbins?size=${size}&${period}`)).statusCode, `${size}`).toBe(200)
    }
    for (const size of [100, 249, 251, 300, 750, 999]) {
      const res = await commissioner.get(`/api/v1/analysis/hexbins?size=${size}&${period}`)
      expect(res.statusCode, `${size}: ${res.body}`).toBe(400)
      expect(res.json().code).toBe('disclosure-rule')
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('size')
      expect((await lead.get(`/api/v1/analysis/hexbins?size=${size}&${period}`)).statusCode, `lead ${size}`).toBe(200)
    }
  })

  it('border activity: the listed bands only, for aggregate readers; any distance for a lead', async () => {
    const url = (d: number) => `/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=${d}&${period}`
    for (const d of FIXED_RULES.borderBandsM) expect((await commissioner.get(url(d))).statusCode, `${d}`).toBe(200)
    for (const d of [1, 99, 101, 150, 300, 399, 401, 799, 1000, 2000]) {
      const res = await commissioner.get(url(d))
      expect(res.statusCode, `${d}: ${res.body}`).toBe(400)
      expect(res.json().code).toBe('disclosure-rule')
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain('distance')
      expect((await lead.get(url(d))).statusCode, `lead ${d}`).toBe(200)
    }
  })

  it('stats/counts: the hex geographies are the listed sizes', async () => {
    for (const size of FIXED_RULES.hexSizesM) {
      expect((await commissioner.get(`/api/v1/stats/counts?geography=hex${size}&${period}`)).statusCode).toBe(200)
    }
    expect((await commissioner.get(`/api/v1/stats/counts?geography=hex300&${period}`)).statusCode).toBe(400)
  })
})
