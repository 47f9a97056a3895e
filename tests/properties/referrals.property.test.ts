import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { ensureProgrammes } from '../reliability/service.js'
import { expectNamedProblem, RUNS } from './problems.js'

let t: TestApp
let lead: Client
/** Aggregate readers: the database's disclosure rules (fixed periods, sizes, bands, agreement fields) refuse much of what they ask. */
let readers: Client[]
beforeAll(async () => {
  t = await createTestApp()
  await ensureProgrammes(t.database.system)
  lead = await t.world.as('leadA')
  readers = [await t.world.as('commissionerA'), await t.world.as('caseworkerA'), t.world.withToken(t.world.partnerToken)]
}, 180_000)
afterAll(async () => t?.close())

const counts = async () => {
  const { rows } = await sql<{
    r: number
    l: number
  }>`select (select count(*)::int from referrals) as r, (select count(*)::int from referral_locations) as l`.execute(t.database.system)
  return { referrals: Number(rows[0]!.r), locations: Number(rows[0]!.l) }
}

const valid = () => ({
  externalId: `P-${Math.random().toString(36).slice(2)}`,
  programme: 'mentoring',
  subjectRole: 'at_risk',
  ageBand: '16-17',
  fundingBorough: 'E09000033',
  openedOn: '2026-03-01',
  locations: [{ kind: 'home', lon: -0.195, lat: 51.534, observedOn: '2026-03-01', precision: 'exact' }],
})

/** Values a client might send where a field is expected: wrong types, edge numbers, odd strings, deep nesting. */
const nasty = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.constantFrom(
    null,
    '',
    ' ',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '2026-02-30',
    '2026-13-01',
    '0000-00-00',
    '9999-12-31',
    'E09000033\u0000',
    '\u202e',
    'x'.repeat(10_000),
  ),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, -0, 0.1, 181, -91, 90.000001),
  fc.string({ maxLength: 80 }),
  fc.integer().map((d) => ({ deep: Array.from({ length: (Math.abs(d) % 50) + 1 }).reduce<unknown>((acc) => [acc], 0) })),
)
const FIELDS = [
  'externalId',
  'programme',
  'subjectRole',
  'ageBand',
  'fundingBorough',
  'openedOn',
  'closedOn',
  'status',
  'riskLevel',
  'restricted',
  'caseworkerId',
  'locations',
  'extra',
]
const LOCATION_FIELDS = ['kind', 'lon', 'lat', 'observedOn', 'precision', 'extra']

describe('POST /api/v1/referrals with arbitrary bodies', () => {
  it('answers 201 or a 4xx problem naming the field, never a 5xx, never a partial write', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...FIELDS), nasty, fc.boolean()), { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom(...LOCATION_FIELDS), nasty), { maxLength: 3 }),
        async (changes, locChanges) => {
          const body: Record<string, unknown> = valid()
          for (const [f, v, drop] of changes) {
            if (drop) delete body[f]
            else body[f] = v
          }
          const loc =
            Array.isArray(body.locations) && body.locations[0] && typeof body.locations[0] === 'object'
              ? (body.locations[0] as Record<string, unknown>)
              : undefined
          if (loc) for (const [f, v] of locChanges) loc[f] = v
          const before = await counts()
          const res = await lead.post('/api/v1/referrals', body)
          if (res.statusCode === 201) return
          expectNamedProblem(res, JSON.stringify(body).slice(0, 300))
          expect(await counts()).toEqual(before)
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('refuses a body that is not JSON, or is too large, as a problem', async () => {
    for (const payload of ['{', '[]', 'null', '"x"', '{"externalId":', '\u0000']) {
      const res = await lead.inject({ method: 'POST', url: '/api/v1/referrals', payload, headers: { 'content-type': 'application/json' } })
      expectNamedProblem(res, payload)
    }
    const big = JSON.stringify({ ...valid(), pad: 'x'.repeat(2 * 1024 * 1024) })
    const res = await lead.inject({ method: 'POST', url: '/api/v1/referrals', payload: big, headers: { 'content-type': 'application/json' } })
    expect(res.statusCode).toBe(413)
    expectNamedProblem(res, 'a 2 MiB body')
  })
})

describe('query parameters of list and analysis endpoints', () => {
  const ROUTES = [
    '/api/v1/referrals',
    '/api/v1/analysis/hexbins',
    '/api/v1/analysis/hotspots',
    '/api/v1/analysis/border-activity',
    '/api/v1/stats/counts',
    '/api/v1/areas',
    '/api/v1/lookup',
  ]
  const KEYS = [
    'from',
    'to',
    'limit',
    'cursor',
    'borough',
    'programme',
    'multiBorough',
    'borderZone',
    'borderZoneM',
    'size',
    'between',
    'distance',
    'geography',
    'by',
    'band',
    'fdr',
    'kind',
    'bbox',
    'lon',
    'lat',
    'status',
    'ageBand',
    'zzz',
  ]
  const value = fc.oneof(
    fc.constantFrom(
      '',
      '2025-01',
      '2026-12',
      '2025-13',
      '2025-00',
      '1900-01',
      '9999-12',
      'NaN',
      '-1',
      '0',
      '1e9',
      'true',
      'maybe',
      'E09000005,E09000033',
      'E09000005,E09000005',
      'a,b,c',
      '-0.2,51.5,-0.1,51.6',
      '1,2,3',
      '-181,-91,181,91',
      "'; drop table referrals; --",
      '%00',
      '%E0%A4%A',
      'x'.repeat(3000),
      '100',
      '250',
      '99999',
    ),
    fc.string({ maxLength: 40 }),
    fc.integer().map(String),
    fc.double().map(String),
  )
  it('answers 2xx or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 5 }), async (route, params) => {
        const qs = params.map(([k, v]) => `${k}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join('&')
        const url = `${route}?${qs}`
        const res = await lead.get(url)
        if (res.statusCode < 300) return
        expectNamedProblem(res, url)
      }),
      { numRuns: RUNS },
    )
  })

  it('answers an aggregate reader 2xx or a 4xx problem, never a 5xx, on every counting route (the disclosure rules refuse as 400/403)', async () => {
    const COUNTING = [
      '/api/v1/analysis/hexbins',
      '/api/v1/analysis/border-activity',
      '/api/v1/analysis/flows',
      '/api/v1/stats/counts',
      '/api/v1/stats/points',
      '/api/v1/reports/funding',
    ]
    // Values near the rules: fixed and non-fixed periods, sizes, bands, weights, cells.
    const near = fc.oneof(
      value,
      fc.constantFrom(
        '2026-01',
        '2026-03',
        '2026-04',
        '2025-04',
        '2026-02',
        '250',
        '300',
        '500',
        '1000',
        '100',
        '200',
        '400',
        '800',
        '150',
        '0.25',
        '0.3',
        'blend',
        'residence',
        'hex250',
        'hex500',
        'hex1000',
        'lsoa',
        'ward',
        'borough',
        'month',
        'mentoring',
        'victim',
        '16-17',
        'home',
      ),
    )
    const KEYS2 = [...KEYS, 'cell', 'weight', 'basis', 'subjectRole']
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...readers.keys()),
        fc.constantFrom(...COUNTING),
        fc.array(fc.tuple(fc.constantFrom(...KEYS2), near), { maxLength: 6 }),
        async (who, route, params) => {
          const qs = params.map(([k, v]) => `${k}=${/^%/.test(v) ? v : encodeURIComponent(v)}`).join('&')
          const url = `${route}?${qs}`
          const res = await readers[who]!.get(url)
          if (res.statusCode < 300) return
          expectNamedProblem(res, `${readers[who]!.actor.role} ${url}`)
          // A refusal by a disclosure rule names what was wrong.
          const body = res.json() as { code?: string; errors?: Array<{ field: string }> }
          if (body.code === 'disclosure-rule' || body.code === 'outside-agreement') expect(body.errors?.[0]?.field, url).toBeTruthy()
        },
      ),
      { numRuns: RUNS },
    )
  })
})
