import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAttackWorld, SCOPE, type AttackClient, type AttackWorld } from './world.js'

/**
 * The requests the disclosure attacks were made of, and that the disclosure contract no longer
 * allows an aggregate reader: free from–to ranges, free hex sizes and border distances, blend weights
 * off the five fixed ones, cell sizes other than the agreement's, and fields the agreement does not
 * list. Each must be refused with a problem+json naming what was wrong; a lead keeps free choices.
 */

let w: AttackWorld
beforeAll(async () => {
  w = await createAttackWorld({ count: 300 })
}, 300_000)
afterAll(async () => w?.t.close())

const refused: string[] = []
function expectRefused(res: LightMyRequestResponse, statuses: number[], field: string | string[] | undefined, what: string) {
  expect(statuses, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode)
  expect(res.headers['content-type'], what).toContain('application/problem+json')
  if (field) {
    const body = res.json() as { errors?: Array<{ field: string }>; detail?: string; title?: string }
    const names = (f: string) =>
      (body.errors ?? []).some((e) => e.field === f || e.field?.endsWith(`/${f}`)) || `${body.detail ?? ''} ${body.title ?? ''}`.includes(f)
    const fields = Array.isArray(field) ? field : [field]
    expect(fields.some(names), `${what}: the problem names ${fields.join(' or ')}: ${res.body.slice(0, 300)}`).toBe(true)
  }
  refused.push(what)
}

const B = SCOPE.join(',').split(',')
const pair = `${B[0]},${B[3]}`

describe('requests outside the disclosure contract are refused', () => {
  const aggregateReaders = () => [w.commissioner, w.partnerSession, w.partnerToken] as AttackClient[]

  it('free from–to ranges: only a month, a calendar quarter or an April–March year', async () => {
    const bad = [
      ['2025-05', '2025-07'],
      ['2025-04', '2025-05'],
      ['2024-12', '2025-03'],
      ['2025-01', '2025-12'],
      ['2025-04', '2026-04'],
    ] as const
    const routes = (from: string, to: string) => [
      `/api/v1/stats/counts?geography=borough&from=${from}&to=${to}`,
      `/api/v1/stats/counts?geography=borough&by=month&from=${from}&to=${to}`,
      `/api/v1/analysis/hexbins?size=250&from=${from}&to=${to}`,
      `/api/v1/analysis/flows?from=${from}&to=${to}`,
      `/api/v1/analysis/border-activity?between=${pair}&distance=400&from=${from}&to=${to}`,
      `/api/v1/reports/funding?basis=residence&from=${from}&to=${to}`,
    ]
    for (const c of aggregateReaders())
      for (const [from, to] of bad)
        for (const u of routes(from, to)) {
          expectRefused(await c.get(u), [400], 'from', `${c.name} ${u}`)
        }
    for (const [from, to] of bad) {
      const res = await w.lead.get(`/api/v1/stats/counts?geography=borough&from=${from}&to=${to}`)
      expect(res.statusCode, `lead ${from}..${to}`).toBe(200)
    }
    for (const [from, to] of [
      ['2025-05', '2025-05'],
      ['2025-07', '2025-09'],
      ['2025-04', '2026-03'],
    ]) {
      for (const c of aggregateReaders())
        expect((await c.get(`/api/v1/stats/counts?geography=borough&from=${from}&to=${to}`)).statusCode, `${c.name} ${from}..${to}`).toBe(200)
    }
  })

  it('free hex sizes, border distances and blend weights', async () => {
    for (const c of aggregateReaders()) {
      for (const size of [100, 300, 260, 750])
        expectRefused(await c.get(`/api/v1/analysis/hexbins?size=${size}&from=2025-04&to=2025-06`), [400, 403], 'size', `${c.name} hexbins size ${size}`)
      for (const d of [10, 150, 309, 1000])
        expectRefused(
          await c.get(`/api/v1/analysis/border-activity?between=${pair}&distance=${d}&from=2025-04&to=2025-06`),
          [400, 403],
          'distance',
          `${c.name} distance ${d}`,
        )
      for (const wt of [0.001, 0.3, 0.999])
        expectRefused(await c.get(`/api/v1/reports/funding?basis=blend&weight=${wt}&from=2025-04&to=2025-06`), [400, 403], 'weight', `${c.name} weight ${wt}`)
    }
    expect((await w.commissioner.get('/api/v1/analysis/hexbins?size=500&from=2025-04&to=2025-06')).statusCode).toBe(200)
    expect((await w.commissioner.get(`/api/v1/analysis/border-activity?between=${pair}&distance=800&from=2025-04&to=2025-06`)).statusCode).toBe(200)
    expect((await w.lead.get('/api/v1/analysis/hexbins?size=300&from=2025-05&to=2025-07')).statusCode).toBe(200)
    expect((await w.lead.get(`/api/v1/analysis/border-activity?between=${pair}&distance=309&from=2025-05&to=2025-07`)).statusCode).toBe(200)
  })

  it("partners: only the agreement's cell size; commissioners and caseworkers: generalised points at 250 m only", async () => {
    for (const c of [w.partnerSession, w.partnerToken]) {
      for (const cell of [100, 500, 1000]) {
        expectRefused(await c.get(`/api/v1/stats/points?from=2025-04&to=2025-06&cell=${cell}`), [400, 403], 'cell', `${c.name} points cell ${cell}`)
        expectRefused(
          await c.get(`/api/v1/exports/referrals.csv?from=2025-04-01&to=2025-06-30&cell=${cell}`),
          [400, 403],
          'cell',
          `${c.name} export cell ${cell}`,
        )
      }
      expectRefused(await c.get('/api/v1/stats/counts?geography=hex500&from=2025-04&to=2025-06'), [400, 403], undefined, `${c.name} counts hex500`)
      expect((await c.get('/api/v1/stats/points?from=2025-04&to=2025-06&cell=250')).statusCode).toBe(200)
      expect((await c.get('/api/v1/stats/counts?geography=hex250&from=2025-04&to=2025-06')).statusCode).toBe(200)
    }
    for (const c of [w.commissioner, w.caseworker]) {
      expectRefused(await c.get('/api/v1/stats/points?from=2025-04&to=2025-06&cell=500'), [400, 403], undefined, `${c.name} points cell 500`)
    }
  })

  it('a partner: every filter and breakdown must be a field of the agreement, on every route', async () => {
    const narrow = [w.narrowSession, w.narrowToken]
    const q = 'from=2025-04&to=2025-06'
    const cases: Array<[string, string | string[]]> = [
      [`/api/v1/stats/counts?geography=borough&${q}&kind=incident`, 'kind'],
      [`/api/v1/stats/counts?geography=borough&${q}&subjectRole=at_risk`, 'subjectRole'],
      [`/api/v1/stats/counts?geography=ward&${q}`, 'ward'],
      [`/api/v1/stats/counts?geography=borough&by=month&${q}`, 'month'],
      [`/api/v1/stats/points?${q}&kind=incident`, 'kind'],
      [`/api/v1/analysis/hexbins?size=250&${q}&subjectRole=at_risk`, 'subjectRole'],
      // Border activity is broken down by side (a borough) and month.
      [`/api/v1/analysis/border-activity?between=${pair}&distance=400&${q}`, ['borough', 'month']],
      [`/api/v1/exports/referrals.csv?from=2025-04-01&to=2025-06-30&by=kind`, 'kind'],
      [`/api/v1/exports/referrals.geojson?from=2025-04-01&to=2025-06-30&by=month`, 'month'],
    ]
    for (const c of narrow) for (const [u, field] of cases) expectRefused(await c.get(u), [403], field, `${c.name} ${u}`)
    for (const c of narrow) {
      expect((await c.get(`/api/v1/stats/counts?geography=borough&${q}&programme=relocation`)).statusCode).toBe(200)
      expect((await c.get(`/api/v1/stats/counts?geography=borough&${q}&ageBand=16-17`)).statusCode).toBe(200)
    }
    // The partner whose agreement lists every field may use them all.
    for (const [u] of cases) {
      const res = await w.partnerToken.get(u)
      expect(res.statusCode, `full partner ${u}: ${res.body.slice(0, 200)}`).toBe(200)
    }
  })

  it('admins count nothing', async () => {
    for (const u of [
      '/api/v1/stats/counts?geography=lsoa&from=2025-04&to=2025-06',
      '/api/v1/analysis/hexbins?size=250&from=2025-04&to=2025-06',
      '/api/v1/analysis/flows?from=2025-04&to=2025-06',
      '/api/v1/reports/funding?basis=residence&from=2025-04&to=2025-06',
      '/ogc/collections/borough-counts/items',
    ]) {
      expectRefused(await w.admin.get(u), [403], undefined, `admin ${u}`)
    }
    console.log(`[attack] refused as they should be: ${refused.length} requests`)
  })
})
