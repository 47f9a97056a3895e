import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT, CAMDEN, KENSINGTON, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { monthAfter, problemOf, publishedOf, scopedLocations, trueCells, type CountingScope, type TrueCell, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'

/**
 * Flows end to end (HTTP → analysis_flows), on the suite's backend: a lead's matrix equals a
 * direct count with the owner's connection, its origin, destination and grand totals the distinct
 * referrals of their own sets; planted home→incident pairs show up in the matrix and as lines; every
 * aggregate reader gets for each cell and each total exactly the cell-key method's value of its own
 * set (tests/helpers/ckm.ts), only for fixed periods, only the boroughs in its scope, and a partner
 * only the fields of its agreement.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
const Q1 = 'from=2026-01&to=2026-03'
const RANGE = 'from=2026-01&to=2026-06'
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
const SOHO = { lon: -0.134, lat: 51.513 }

let t: TestApp
let lead: Client
let commissioner: Client

interface Disclosed {
  count: number | null
  suppressed: boolean
}
interface Body {
  type: string
  attribution: string
  k: number | null
  perturbed: boolean
  boroughs: Array<{ code: string; name: string }>
  matrix: {
    cells: Array<{ origin: string; destination: string } & Disclosed>
    origins: Array<{ code: string } & Disclosed>
    destinations: Array<{ code: string } & Disclosed>
    total: Disclosed
  }
  features: Array<{
    id: string
    geometry: { type: string; coordinates: number[][] }
    properties: { origin: string; destination: string; originName: string; destinationName: string } & Disclosed
  }>
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
                              ('incident', ${incident.lon}::float8, ${incident.lat}::float8, ${incidentDay}::date)) as x(kind, lon, lat, day)`.execute(
    t.database.system,
  )
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

/**
 * The true sets of a flows table for a reader of `scope`, keyed `cell:H>D`, `origin:H`, `destination:D`
 * and `total`: a referral is in (H, D) when it has a home located in H observed before `until` and an
 * incident located in D in [from, until), both within the scope.
 */
async function flowTruth(
  scope: CountingScope,
  from: string,
  until: string,
  f: { programme?: string | null; ageBand?: string | null; subjectRole?: string | null } = {},
): Promise<Map<string, TrueCell>> {
  return trueCells(
    t.database.system,
    sql`
    with inc as (
      select distinct s.referral_id, s.borough_code as d from (${scopedLocations(scope, from, until)}) s
      where s.kind = 'incident' and s.borough_code is not null
        and (${f.programme ?? null}::text is null or s.programme = ${f.programme ?? null}::text)
        and (${f.ageBand ?? null}::text is null or s.age_band = ${f.ageBand ?? null}::text)
        and (${f.subjectRole ?? null}::text is null or s.subject_role = ${f.subjectRole ?? null}::text)
    ), home as (
      select distinct s.referral_id, s.borough_code as h from (${scopedLocations(scope, '1900-01-01', until)}) s
      where s.kind = 'home' and s.borough_code is not null
    ), pairs as (select inc.referral_id, home.h, inc.d from inc join home using (referral_id))
    select 'cell:' || h || '>' || d as cell, referral_id from pairs
    union all select 'origin:' || h, referral_id from pairs
    union all select 'destination:' || d, referral_id from pairs
    union all select 'total', referral_id from pairs`,
  )
}

/** The matrix of a response as `prefix:code` → count (cells `cell:H>D`). */
const served = (b: Body) =>
  new Map<string, number | null>([
    ...b.matrix.cells.map((c) => [`cell:${c.origin}>${c.destination}`, c.count] as const),
    ...b.matrix.origins.map((o) => [`origin:${o.code}`, o.count] as const),
    ...b.matrix.destinations.map((d) => [`destination:${d.code}`, d.count] as const),
    ['total', b.matrix.total.count],
  ])

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
    // Totals are sets of their own (a referral with incidents in two boroughs is once in its origin's
    // total), written out independently: every entry equals its true count.
    const truth = await flowTruth({ org: t.world.orgs.A }, '2026-01-01', '2026-07-01')
    for (const [key, count] of served(body)) expect(count, key).toBe(truth.get(key)?.n ?? 0)
    expect(body.perturbed).toBe(false)
    expect(body.matrix.origins.map((o) => o.code).sort()).toEqual(
      [...truth.keys()]
        .filter((x) => x.startsWith('origin:'))
        .map((x) => x.slice(7))
        .sort(),
    )
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
    const inside = async (p: [number, number], code: string) =>
      (
        await sql<{ ok: boolean }>`
      select ST_Contains(geom, ST_Transform(ST_SetSRID(ST_MakePoint(${p[0]}::float8, ${p[1]}::float8), 4326), 27700)) as ok
      from areas where kind = 'borough' and code = ${code} and valid_to is null`.execute(t.database.system)
      ).rows[0]!.ok
    expect(await inside(a, BRENT)).toBe(true)
    expect(await inside(b, WESTMINSTER)).toBe(true)
  })

  it('applies the filters in the database', async () => {
    const res = await lead.get(`/api/v1/analysis/flows?${RANGE}&subjectRole=victim&programme=mentoring`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    const want = await direct(
      t.world.orgs.A,
      '2026-01-01',
      '2026-07-01',
      sql`r.subject_role = 'victim' and r.programme_id = (select id from programmes where slug = 'mentoring')`,
    )
    expect(Object.keys(want).length).toBeGreaterThan(0)
    expect(Object.fromEntries(body.matrix.cells.filter((c) => c.count !== 0).map((c) => [`${c.origin}>${c.destination}`, c.count]))).toEqual(want)
  })

  it('gives every aggregate reader, for every cell and total, exactly the published value of its own set; lines only for flows published above 0', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const readers: Array<[string, Client, CountingScope, string[]]> = [
      [
        'commissioner',
        commissioner,
        { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] },
        [
          Q1,
          'from=2026-03&to=2026-03',
          `${Q1}&ageBand=14-15`,
          `from=2026-04&to=2026-06&programme=family-support`,
          'from=2025-04&to=2026-03',
          `${Q1}&subjectRole=victim`,
        ],
      ],
      ['caseworker (organisation-wide)', await t.world.as('caseworkerA'), { org: t.world.orgs.A }, [Q1, 'from=2026-03&to=2026-03&programme=mentoring']],
      // The test agreement: Brent and Westminster, no victims, fields programme and ageBand.
      [
        'partner',
        partner,
        { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false },
        [Q1, 'from=2026-03&to=2026-03', `${Q1}&ageBand=14-15`, `${Q1}&programme=mentoring`],
      ],
    ]
    let small = 0
    for (const [who, c, scope, queries] of readers) {
      for (const q of queries) {
        const res = await c.get(`/api/v1/analysis/flows?${q}`)
        expect(res.statusCode, `${who} ${q}: ${res.body}`).toBe(200)
        const body = res.json<Body>()
        expect(body.k).toBe(K)
        expect(body.perturbed).toBe(true)
        const p = new URLSearchParams(q)
        const truth = await flowTruth(scope, `${p.get('from')}-01`, monthAfter(p.get('to')!), {
          programme: p.get('programme'),
          ageBand: p.get('ageBand'),
          subjectRole: p.get('subjectRole'),
        })
        for (const [key, count] of served(body)) expect(count, `${who} ${q} ${key}`).toBe(publishedOf(truth, key, K, D))
        // Every origin and destination with a referral is listed (its total may publish as 0).
        const listed = served(body)
        for (const key of truth.keys()) if (!key.startsWith('cell:')) expect(listed.has(key), `${who} ${q} ${key}`).toBe(true)
        const all = [...body.matrix.cells, ...body.matrix.origins, ...body.matrix.destinations, body.matrix.total, ...body.features.map((f) => f.properties)]
        for (const e of all) {
          expect(e.suppressed).toBe(false)
          expect(e.count === 0 || e.count! >= K, `${who} ${q}: ${JSON.stringify(e)}`).toBe(true)
        }
        const crossing = body.matrix.cells.filter((x) => x.origin !== x.destination && x.count! > 0)
        expect(body.features.map((f) => f.id).sort(), `${who} ${q}`).toEqual(crossing.map((x) => `${x.origin}>${x.destination}`).sort())
        for (const f of body.features) expect(f.properties.count).toBe(listed.get(`cell:${f.id}`))
        if (scope.boroughs) for (const b of body.boroughs) expect(scope.boroughs).toContain(b.code)
        small += [...truth.values()].filter((x) => x.n >= 1 && x.n < K).length
      }
    }
    // There were small true flows to protect.
    expect(small).toBeGreaterThan(5)
  })

  it("gives aggregate readers fixed periods only; a partner only its agreement's fields", async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    for (const c of [commissioner, partner]) {
      for (const q of [RANGE, 'from=2026-02&to=2026-03', 'from=2025-12&to=2026-02']) {
        expect(problemOf(await c.get(`/api/v1/analysis/flows?${q}`)), `${c.actor.role} ${q}`).toMatchObject({
          status: 400,
          code: 'disclosure-rule',
          fields: ['from'],
        })
      }
    }
    // The agreement lists programme and ageBand, not subjectRole.
    expect(problemOf(await partner.get(`/api/v1/analysis/flows?${Q1}&subjectRole=victim`))).toMatchObject({
      status: 403,
      code: 'outside-agreement',
      fields: ['subjectRole'],
    })
    expect((await lead.get('/api/v1/analysis/flows?from=2026-02&to=2026-03')).statusCode).toBe(200)
  })

  it('the partner never counts victims (the agreement excludes them)', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const all = (await partner.get(`/api/v1/analysis/flows?${Q1}`)).json<Body>()
    const atRisk = await flowTruth({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }, '2026-01-01', '2026-04-01')
    const withVictims = await flowTruth({ org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }, '2026-01-01', '2026-04-01')
    expect(withVictims.get('total')!.n).toBeGreaterThan(atRisk.get('total')!.n)
    expect(all.matrix.total.count).toBe(publishedOf(atRisk, 'total', K, D))
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
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/flows?${Q1}`)).statusCode).toBe(403)
    expect((await (await t.world.as('caseworkerA')).get(`/api/v1/analysis/flows?${Q1}`)).statusCode).toBe(200)
  })

  it('the five analyses are in the OpenAPI document with their query parameters and every response', async () => {
    const doc = (await t.app.inject('/docs/json')).json<{
      paths: Record<string, { get: { parameters: Array<{ name: string; in: string }>; responses: Record<string, unknown>; description: string } }>
    }>()
    const want: Record<string, string[]> = {
      flows: ['from', 'to', 'programme', 'subjectRole', 'ageBand'],
      clusters: ['from', 'to', 'eps', 'minPoints', 'programme', 'subjectRole', 'ageBand'],
      evaluate: ['trainFrom', 'trainTo', 'testFrom', 'testTo', 'share', 'size', 'partial', 'boroughs', 'unit', 'kind', 'programme', 'subjectRole', 'ageBand'],
      emerging: ['from', 'to', 'size', 'band', 'fdr', 'all', 'partial', 'boroughs', 'unit', 'kind', 'programme', 'subjectRole', 'ageBand'],
      density: ['from', 'to', 'cellSize', 'bandwidth', 'programme', 'subjectRole', 'ageBand'],
    }
    for (const [name, params] of Object.entries(want)) {
      const op = doc.paths[`/api/v1/analysis/${name}`]?.get
      expect(op, name).toBeDefined()
      expect(
        op!.parameters
          .filter((p) => p.in === 'query')
          .map((p) => p.name)
          .sort(),
        name,
      ).toEqual([...params].sort())
      expect(Object.keys(op!.responses), name).toEqual(expect.arrayContaining(['200', '400', '401', '403']))
      expect(op!.description.length, name).toBeGreaterThan(200)
    }
  })
})
