import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { expectNamedProblem, RUNS } from './problems.js'

/**
 * Every route the app registers (read from its own OpenAPI document, so a new route is covered
 * without editing this file), every path and query parameter: hostile numbers and text answer 2xx
 * or a 4xx problem naming the parameter — never a 5xx.
 */

interface Param {
  name: string
  in: 'path' | 'query'
  required?: boolean
  schema?: Record<string, unknown>
}
interface Route {
  method: string
  path: string
  params: Param[]
}

let t: TestApp
let clients: Client[]
let routes: Route[]
beforeAll(async () => {
  t = await createTestApp(process.env.DEBUG_LOG ? { LOG_LEVEL: 'error' } : {})
  clients = [
    await t.world.as('leadA'),
    await t.world.as('caseworkerA'),
    await t.world.as('commissionerA'),
    await t.world.as('adminA'),
    t.world.withToken(t.world.partnerToken),
  ]
  const doc = (t.app as unknown as { swagger(): { paths: Record<string, Record<string, { parameters?: Param[] }>> } }).swagger()
  routes = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query')
      if (params.length) routes.push({ method: method.toUpperCase(), path, params })
    }
  }
}, 180_000)
afterAll(async () => t?.close())

/** A plausible value for a parameter, so the others reach the handler. */
function plausible(p: Param): string {
  const s = p.schema ?? {}
  if (Array.isArray(s.enum)) return String(s.enum[0])
  if (s.type === 'integer' || s.type === 'number') return String(s.minimum ?? 1)
  if (s.type === 'boolean') return 'true'
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000'
  if (s.format === 'date') return '2026-03-01'
  const pattern = String(s.pattern ?? '')
  if (pattern.includes('-(0[1-9]|1[0-2])')) return '2026-03'
  if (/borough|code/i.test(p.name)) return 'E09000005'
  return 'x'
}

/** The inputs that answered 500 before, and their kin: huge, non-finite, NUL, impossible dates, out-of-range years. */
const hostile = fc.oneof(
  fc.constantFrom(
    '1e309',
    '-1e309',
    '99999999999999999999',
    '1e20',
    '-1',
    '0',
    'NaN',
    'Infinity',
    '-Infinity',
    '0x10',
    '1.5',
    '-0',
    '%00',
    'E09000005%00',
    'a%00b',
    '%E0%A4%A',
    '0000-01-01',
    '0001-01-01',
    '9999-12-31',
    '2026-02-31',
    '2026-02-30',
    '2026-13-01',
    '2026-00',
    '0000-01',
    '9999-12',
    '2026-02-31T00:00:00Z',
    '0001-01-01/9999-12-31',
    '..',
    '2026-02-31/..',
    '-0.2,51.5,-0.1,51.6',
    '1e309,0,1,1',
    '',
    'x'.repeat(3000),
    '%F0%9F%92%A9',
    "'; select pg_sleep(5); --",
    '\\',
    '%5Cu0000',
  ),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.string({ maxLength: 30 }).map(encodeURIComponent),
)

function url(r: Route, values: Map<string, string>): string {
  let path = r.path
  const qs: string[] = []
  for (const p of r.params) {
    const v = values.get(p.name) ?? (p.required ? plausible(p) : undefined)
    if (v === undefined) continue
    const enc = /%/.test(v) ? v : encodeURIComponent(v)
    if (p.in === 'path') path = path.replace(`{${p.name}}`, enc === '' ? '%20' : enc)
    else qs.push(`${p.name}=${enc}`)
  }
  return qs.length ? `${path}?${qs.join('&')}` : path
}

describe('path and query parameters of every route', () => {
  it('finds the routes and their parameters in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(30)
    expect(routes.some((r) => r.path.startsWith('/ogc'))).toBe(true)
  })

  it('answers 2xx/3xx or a 4xx problem naming what was wrong, never a 5xx', async () => {
    const failures = new Map<string, string>()
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), fc.array(fc.tuple(fc.nat(), hostile), { minLength: 1, maxLength: 3 }), async (ri, ci, picks) => {
        const r = routes[ri % routes.length]!
        const client = clients[ci % clients.length]!
        const values = new Map<string, string>()
        for (const [pi, v] of picks) values.set(r.params[pi % r.params.length]!.name, v)
        const u = url(r, values)
        const res = await client.inject({ method: r.method as 'GET', url: u, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) })
        if (res.statusCode < 400) return
        // Every failing route is collected (one example each) rather than stopping at the first.
        try {
          expectNamedProblem(res, `${r.method} ${u}`)
        } catch {
          failures.set(`${r.method} ${r.path}`, `${res.statusCode} ${client.actor.role} ${u} ${res.body.slice(0, 200)}`)
        }
      }),
      { numRuns: RUNS * 10 },
    )
    expect([...failures.values()]).toEqual([])
  }, 600_000)
})

describe('every parameter of every route against each kind of hostile value', () => {
  /** One of each class: non-finite, beyond 2^53, NUL, impossible or out-of-range dates, bad encoding, too long. */
  const SWEEP = [
    '1e309',
    '-1e309',
    '99999999999999999999',
    '1e20',
    'NaN',
    '%00',
    'E09000005%00',
    '0000-01-01',
    '2026-02-31',
    '9999-12-31',
    '0000-01',
    '%E0%A4%A',
    'x'.repeat(3000),
  ]
  it('answers each of them 2xx/3xx or a 4xx problem for a reader allowed the route', async () => {
    const failures: string[] = []
    let requests = 0
    for (const r of routes) {
      // The first client the route admits (401/403 would hide the validation behind access).
      let client: Client | undefined
      for (const c of clients) {
        const res = await c.inject({
          method: r.method as 'GET',
          url: url(r, new Map()),
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }),
        })
        if (res.statusCode !== 401 && res.statusCode !== 403) {
          client = c
          break
        }
      }
      if (!client) continue
      for (const p of r.params) {
        for (const v of SWEEP) {
          const u = url(r, new Map([[p.name, v]]))
          const res = await client.inject({ method: r.method as 'GET', url: u, ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { payload: {} }) })
          requests++
          if (res.statusCode < 400) continue
          try {
            expectNamedProblem(res, u)
          } catch {
            failures.push(`${res.statusCode} ${client.actor.role} ${r.method} ${u.slice(0, 200)} ${res.body.slice(0, 200)}`)
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(500)
    expect(failures).toEqual([])
  }, 600_000)
})

describe('the inputs that once answered 500', () => {
  const CASES: Array<[who: number, url: string, field: string]> = [
    [4, '/api/v1/stats/points?from=2026-01&to=2026-03&cell=1e309', 'cell'],
    [0, '/api/v1/stats/points?from=2026-01&to=2026-03&cell=1e20', 'cell'],
    [3, '/api/v1/audit?before=99999999999999999999', 'before'],
    [3, '/api/v1/audit?limit=1e309', 'limit'],
    [0, '/api/v1/referrals?limit=1e309', 'limit'],
    [0, '/api/v1/areas/E09000005%00', 'code'],
    [0, '/api/v1/areas?kind=ward&borough=E09000005%00', 'borough'],
    [0, '/api/v1/stats/counts?geography=borough&from=0000-01&to=2026-03', 'from'],
    [0, '/api/v1/referrals?from=0000-01-01', 'from'],
    [0, '/api/v1/referrals?from=2026-02-31', 'from'],
    [0, '/api/v1/referrals?borough=E09000005%00', 'borough'],
  ]
  it.each(CASES)('%s %s → 400 naming %s', async (who, u, field) => {
    const res = await clients[who]!.get(u)
    expectNamedProblem(res, u)
    expect(res.statusCode, `${u}: ${res.body}`).toBe(400)
    expect(JSON.stringify(res.json()), u).toContain(field)
  })
})
