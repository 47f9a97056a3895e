import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRecoverable, type SuppressedTable } from '../../server/privacy/suppression.js'
import { seedReferrals, BRENT, CAMDEN, KENSINGTON, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Issue 5, flows end to end (HTTP → analysis_flows → secondary suppression), on the suite's backend:
 * a lead's matrix equals a direct count with the owner's connection; planted home→incident pairs
 * show up in the matrix and as lines; a commissioner and a partner get no count from 1 to k−1,
 * nothing recoverable from the totals, and only the boroughs in their scope.
 */

const K = 5
const RANGE = 'from=2026-01&to=2026-06'
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
const SOHO = { lon: -0.134, lat: 51.513 }

let t: TestApp
let lead: Client
let commissioner: Client

interface Disclosed { count: number | null; suppressed: boolean }
interface Body {
  type: string
  attribution: string
  k: number | null
  boroughs: Array<{ code: string; name: string }>
  matrix: {
    cells: Array<{ origin: string; destination: string } & Disclosed>
    origins: Array<{ code: string } & Disclosed>
    destinations: Array<{ code: string } & Disclosed>
    total: Disclosed
  }
  features: Array<{ id: string; geometry: { type: string; coordinates: number[][] }; properties: { origin: string; destination: string; originName: string; destinationName: string } & Disclosed }>
}

/** `n` referrals of organisation A, each with a home at `home` on `homeDay` and an incident at `incident` on `incidentDay`. */
async function plant(tag: string, n: number, home: { lon: number; lat: number }, homeDay: string, incident: { lon: number; lat: number }, incidentDay: string) {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || i, 'at_risk', '16-17', ${BRENT}, ${homeDay}::date, false, true
      from generate_series(1, ${n}::int) i
      returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, x.kind, ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), 27700), x.day, 'exact'
    from r cross join (values ('home', ${home.lon}::float8, ${home.lat}::float8, ${homeDay}::date),
                              ('incident', ${incident.lon}::float8, ${incident.lat}::float8, ${incidentDay}::date)) as x(kind, lon, lat, day)`.execute(t.database.system)
}

/** The same definition, written independently: (home borough by the period's end, incident borough in the period) → distinct referrals. */
async function direct(org: string, from: string, until: string, extra = sql`true`): Promise<Record<string, number>> {
  const { rows } = await sql<{ h: string; d: string; n: number }>`
    select h.borough_code as h, i.borough_code as d, count(distinct r.id)::int as n
    from referrals r
    join referral_locations i on i.referral_id = r.id and i.kind = 'incident' and i.observed_on >= ${from}::date and i.observed_on < ${until}::date
    join referral_locations h on h.referral_id = r.id and h.kind = 'home' and h.observed_on < ${until}::date
    where r.organisation_id = ${org}::uuid and not r.restricted and i.borough_code is not null and h.borough_code is not null and ${extra}
    group by 1, 2`.execute(t.database.system)
  return Object.fromEntries(rows.map((r) => [`${r.h}>${r.d}`, Number(r.n)]))
}

const disc = (d: Disclosed) => (d.suppressed ? { count: null, suppressed: true as const } : { count: d.count!, suppressed: false as const })
const asTable = (b: Body): SuppressedTable => ({
  cells: b.matrix.cells.map((c) => ({ area: c.origin, month: c.destination, ...disc(c) })),
  totals: {
    ...disc(b.matrix.total),
    areas: b.matrix.origins.map((o) => ({ area: o.code, ...disc(o) })),
    months: b.matrix.destinations.map((d) => ({ month: d.code, ...disc(d) })),
  },
})

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Brent homes drawn into Westminster: recorded at referral in 2025 (before the period), incidents in March 2026.
  await plant('FLOW-BW', 9, SOUTH_KILBURN, '2025-11-03', SOHO, '2026-03-12')
  // Homes recorded after the period's end never count.
  await plant('FLOW-LATE', 6, SOHO, '2026-08-01', SOUTH_KILBURN, '2026-03-12')
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 300_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/flows', () => {
  it('gives a lead the exact matrix, equal to a direct count with the owner connection', async () => {
    const res = await lead.get(`/api/v1/analysis/flows?${RANGE}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<Body>()
    expect(body.type).toBe('FeatureCollection')
    expect(body.k).toBeNull()
    const want = await direct(t.world.orgs.A, '2026-01-01', '2026-07-01')
    const got = Object.fromEntries(body.matrix.cells.filter((c) => c.count !== 0).map((c) => [`${c.origin}>${c.destination}`, c.count]))
    expect(got).toEqual(want)
    // The planted Brent → Westminster referrals are in; the late homes (Westminster → Brent) are not.
    const bw = await direct(t.world.orgs.A, '2026-01-01', '2026-07-01', sql`r.external_id not like 'FLOW-%'`)
    expect(got[`${BRENT}>${WESTMINSTER}`]).toBe((bw[`${BRENT}>${WESTMINSTER}`] ?? 0) + 9)
    expect(got[`${WESTMINSTER}>${BRENT}`] ?? 0).toBe(bw[`${WESTMINSTER}>${BRENT}`] ?? 0)
    // Totals are sums of the cells.
    const sum = (xs: Array<{ count: number | null }>) => xs.reduce((s, x) => s + x.count!, 0)
    expect(body.matrix.total.count).toBe(sum(body.matrix.cells))
    for (const o of body.matrix.origins) expect(o.count).toBe(sum(body.matrix.cells.filter((c) => c.origin === o.code)))
    for (const d of body.matrix.destinations) expect(d.count).toBe(sum(body.matrix.cells.filter((c) => c.destination === d.code)))
    // Every origin × destination pair, once.
    expect(body.matrix.cells).toHaveLength(body.matrix.origins.length * body.matrix.destinations.length)
    expect(body.boroughs.map((b) => b.code)).toEqual(expect.arrayContaining([BRENT, WESTMINSTER, CAMDEN, KENSINGTON]))
    expect(body.boroughs.find((b) => b.code === BRENT)!.name).toBe('Brent')
  })

  it('draws one line per cross-borough pair with a flow, from inside the home borough to inside the incident borough', async () => {
    const body = (await lead.get(`/api/v1/analysis/flows?${RANGE}`)).json<Body>()
    const crossing = body.matrix.cells.filter((c) => c.origin !== c.destination && c.count! > 0)
    expect(body.features.map((f) => f.id).sort()).toEqual(crossing.map((c) => `${c.origin}>${c.destination}`).sort())
    const line = body.features.find((f) => f.id === `${BRENT}>${WESTMINSTER}`)!
    expect(line.geometry.type).toBe('LineString')
    expect(line.properties).toMatchObject({ origin: BRENT, destination: WESTMINSTER, originName: 'Brent', destinationName: 'Westminster' })
    const [a, b] = line.geometry.coordinates as [[number, number], [number, number]]
    const inside = async (p: [number, number], code: string) => (await sql<{ ok: boolean }>`
      select ST_Contains(geom, ST_Transform(ST_SetSRID(ST_MakePoint(${p[0]}::float8, ${p[1]}::float8), 4326), 27700)) as ok
      from areas where kind = 'borough' and code = ${code} and valid_to is null`.execute(t.database.system)).rows[0]!.ok
    expect(await inside(a, BRENT)).toBe(true)
    expect(await inside(b, WESTMINSTER)).toBe(true)
  })

  it('applies the filters in the database', async () => {
    const res = await lead.get(`/api/v1/analysis/flows?${RANGE}&subjectRole=victim&programme=mentoring`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    const want = await direct(t.world.orgs.A, '2026-01-01', '2026-07-01',
      sql`r.subject_role = 'victim' and r.programme_id = (select id from programmes where slug = 'mentoring')`)
    expect(Object.keys(want).length).toBeGreaterThan(0)
    expect(Object.fromEntries(body.matrix.cells.filter((c) => c.count !== 0).map((c) => [`${c.origin}>${c.destination}`, c.count]))).toEqual(want)
  })

  it('never gives a commissioner or a partner a count from 1 to k−1, nothing recoverable, nothing outside their scope', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    let sawSuppressed = false
    for (const [who, c] of [['commissioner', commissioner], ['partner', partner]] as const) {
      for (const q of [RANGE, 'from=2026-03&to=2026-03', `${RANGE}&ageBand=14-15`, `${RANGE}&programme=family-support`]) {
        const res = await c.get(`/api/v1/analysis/flows?${q}`)
        expect(res.statusCode, res.body).toBe(200)
        const body = res.json<Body>()
        expect(body.k).toBe(K)
        const entries = [...body.matrix.cells, ...body.matrix.origins, ...body.matrix.destinations, body.matrix.total, ...body.features.map((f) => f.properties)]
        for (const e of entries) {
          if (e.suppressed) expect(e.count).toBeNull()
          else expect(e.count === 0 || e.count! >= K, `${who} ${q}: ${JSON.stringify(e)}`).toBe(true)
        }
        sawSuppressed ||= body.matrix.cells.some((x) => x.suppressed)
        for (const b of body.boroughs) expect([BRENT, WESTMINSTER]).toContain(b.code)
        expect(auditRecoverable(asTable(body), K), `${who} ${q}`).toEqual([])
      }
    }
    expect(sawSuppressed).toBe(true)
    // The same months give a lead small cells, so there was something to suppress.
    const exact = (await lead.get('/api/v1/analysis/flows?from=2026-03&to=2026-03')).json<Body>()
    expect(exact.matrix.cells.some((c) => c.count! >= 1 && c.count! < K)).toBe(true)
  })

  it('the partner never counts victims (the agreement excludes them)', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const all = (await partner.get(`/api/v1/analysis/flows?${RANGE}`)).json<Body>()
    const victims = (await partner.get(`/api/v1/analysis/flows?${RANGE}&subjectRole=victim`)).json<Body>()
    expect(victims.matrix.total.count).toBe(0)
    expect(all.matrix.total.count!).toBeGreaterThan(0)
  })

  it('refuses months out of order naming to, unknown fields, and admins', async () => {
    const res = await lead.get('/api/v1/analysis/flows?from=2026-06&to=2026-01')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/problem\+json/)
    expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('to')
    const bad = await lead.get(`/api/v1/analysis/flows?${RANGE}&size=500`)
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toMatch(/size/)
    expect((await lead.get('/api/v1/analysis/flows?from=2026-13&to=2026-01')).statusCode).toBe(400)
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/flows?${RANGE}`)).statusCode).toBe(403)
    expect((await (await t.world.as('caseworkerA')).get(`/api/v1/analysis/flows?${RANGE}`)).statusCode).toBe(200)
  })

  it('the five issue-5 analyses are in the OpenAPI document with their query parameters and every response', async () => {
    const doc = (await t.app.inject('/docs/json')).json<{ paths: Record<string, { get: { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown>; description: string } }> }>()
    const want: Record<string, string[]> = {
      flows: ['from', 'to', 'programme', 'subjectRole', 'ageBand'],
      clusters: ['from', 'to', 'eps', 'minPoints', 'programme', 'subjectRole', 'ageBand'],
      evaluate: ['trainFrom', 'trainTo', 'testFrom', 'testTo', 'share', 'size', 'programme', 'subjectRole', 'ageBand'],
      emerging: ['from', 'to', 'size', 'band', 'fdr', 'all', 'programme', 'subjectRole', 'ageBand'],
      density: ['from', 'to', 'cellSize', 'bandwidth', 'programme', 'subjectRole', 'ageBand'],
    }
    for (const [name, params] of Object.entries(want)) {
      const op = doc.paths[`/api/v1/analysis/${name}`]?.get
      expect(op, name).toBeDefined()
      expect(op!.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort(), name).toEqual([...params].sort())
      expect(Object.keys(op!.responses), name).toEqual(expect.arrayContaining(['200', '400', '401', '403']))
      expect(op!.description.length, name).toBeGreaterThan(200)
    }
  })
})
