import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Hotspot evaluation end to end (HTTP → analysis_hex_counts and the study area → the
 * statistics core), on the suite's backend: the hotspots, hit rate, PAI and recapture rate equal the
 * ones worked out here from a direct count with the owner's connection; a planted place busy in both
 * periods is a hotspot that scores; bad periods and shares are refused naming the parameter.
 */

const SIZE = 250
const Q = 'trainFrom=2026-01&trainTo=2026-03&testFrom=2026-04&testTo=2026-06'
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }

let t: TestApp
let lead: Client

interface Body {
  type: string
  size: number
  share: number
  n: number
  hotspots: { cells: number; areaKm2: number; areaShare: number | null }
  studyAreaKm2: number
  training: { inHotspots: number; total: number; hitRate: number | null; pai: number | null }
  test: { inHotspots: number; total: number; hitRate: number | null; pai: number | null }
  recaptureRate: number | null
  ties: { rule: string; count: number | null; tiedCells: number; chosen: number; pai: [number, number] | null }
  summary: string
  features: Array<{ id: string; geometry: { type: string }; properties: { id: string; training: number; test: number } }>
}

async function plant(tag: string, at: { lon: number; lat: number }, n: number, day: string) {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || i, 'at_risk', '16-17', ${BRENT}, ${day}::date, false, true
      from generate_series(1, ${n}::int) i returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'incident', ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), ${day}::date, 'exact' from r`.execute(
    t.database.system,
  )
}

/** Distinct referrals of organisation A per study-area cell in [from, until), counted directly. */
async function counts(from: string, until: string): Promise<Map<string, number>> {
  const { rows } = await sql<{ id: string; n: number }>`
    with area as (select 'H' || ${SIZE}::int || ':' || cell_q || ':' || cell_r as id from analysis_study_area(${SIZE}::int, null))
    select c.id, c.n from (
      select hex_cell_id(l.geom, ${SIZE}::int) as id, count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.observed_on >= ${from}::date and l.observed_on < ${until}::date
      group by 1
    ) c join area using (id)`.execute(t.database.system)
  return new Map(rows.map((r) => [r.id, Number(r.n)]))
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  await plant('EVAL-TRAIN', SOUTH_KILBURN, 25, '2026-02-14')
  await plant('EVAL-TEST', SOUTH_KILBURN, 12, '2026-05-14')
  lead = await t.world.as('leadA')
}, 300_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/evaluate', () => {
  it('equals hit rate, PAI and recapture rate worked out from a direct count', async () => {
    const share = 0.001
    const res = await lead.get(`/api/v1/analysis/evaluate?${Q}&share=${share}&size=${SIZE}`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    const body = res.json<Body>()
    const train = await counts('2026-01-01', '2026-04-01')
    const test = await counts('2026-04-01', '2026-07-01')
    const {
      rows: [{ n }],
    } = (await sql<{ n: number }>`select count(*)::int as n from analysis_study_area(${SIZE}::int, null)`.execute(t.database.system)) as {
      rows: [{ n: number }]
    }
    expect(body.n).toBe(n)
    // Equal cells: the share allows floor(share·n) cells, the busiest first, non-empty only; ties by the
    // training referrals of the six neighbours (more first), then west to east (q), south to north (r).
    const axial = (id: string) => id.split(':').slice(1).map(Number) as [number, number]
    const around = (id: string) => {
      const [q, r] = axial(id)
      return [
        [1, 0],
        [-1, 0],
        [0, 1],
        [0, -1],
        [1, -1],
        [-1, 1],
      ].reduce((s, [dq, dr]) => s + (train.get(`H${SIZE}:${q + dq!}:${r + dr!}`) ?? 0), 0)
    }
    const ranked = [...train.entries()]
      .sort((a, b) => b[1] - a[1] || around(b[0]) - around(a[0]) || axial(a[0])[0] - axial(b[0])[0] || axial(a[0])[1] - axial(b[0])[1])
      .map(([id]) => id)
    const hot = ranked.slice(0, Math.floor(share * n + 1e-9))
    expect(hot.length).toBeGreaterThan(1)
    expect(body.features.map((f) => f.id)).toEqual(hot)
    const sum = (m: Map<string, number>, ids: string[]) => ids.reduce((s, id) => s + (m.get(id) ?? 0), 0)
    const N = sum(test, [...test.keys()]),
      nIn = sum(test, hot)
    const NTrain = sum(train, [...train.keys()]),
      nTrain = sum(train, hot)
    expect(body.test).toMatchObject({ total: N, inHotspots: nIn })
    expect(body.training).toMatchObject({ total: NTrain, inHotspots: nTrain })
    expect(body.test.hitRate!).toBeCloseTo(nIn / N, 5)
    expect(body.test.pai!).toBeCloseTo(nIn / N / (hot.length / n), 4)
    expect(body.recaptureRate!).toBeCloseTo(nIn / nTrain / (N / NTrain), 5)
    expect(body.hotspots.cells).toBe(hot.length)
    // The tie at the edge: the PAI any other choice of as many equally busy cells would give.
    const edge = train.get(hot.at(-1)!)!
    const tied = [...train].filter(([, c]) => c === edge).map(([id]) => id)
    const chosen = hot.filter((id) => train.get(id) === edge).length
    const fixed = sum(
      test,
      hot.filter((id) => train.get(id) !== edge),
    )
    const tiedTests = tied.map((id) => test.get(id) ?? 0).sort((a, b) => a - b)
    const lo = fixed + tiedTests.slice(0, chosen).reduce((a, b) => a + b, 0)
    const hi = fixed + tiedTests.slice(tiedTests.length - chosen).reduce((a, b) => a + b, 0)
    expect(body.ties).toMatchObject({ count: edge, tiedCells: tied.length, chosen })
    expect(body.ties.pai![0]).toBeCloseTo(lo / N / (hot.length / n), 4)
    expect(body.ties.pai![1]).toBeCloseTo(hi / N / (hot.length / n), 4)
    expect(body.test.pai!).toBeGreaterThanOrEqual(body.ties.pai![0] - 1e-6)
    expect(body.test.pai!).toBeLessThanOrEqual(body.ties.pai![1] + 1e-6)
    expect(body.hotspots.areaShare!).toBeCloseTo(hot.length / n, 6)
    for (const f of body.features) {
      expect(f.geometry.type).toBe('Polygon')
      expect(f.properties.training).toBe(train.get(f.id))
      expect(f.properties.test).toBe(test.get(f.id) ?? 0)
    }
    // The planted place is the top training cell and scores in the test period.
    const sk = (
      await sql<{
        id: string
      }>`select hex_cell_id(ST_Transform(ST_SetSRID(ST_MakePoint(${SOUTH_KILBURN.lon}::float8, ${SOUTH_KILBURN.lat}::float8), 4326), 27700), ${SIZE}::int) as id`.execute(
        t.database.system,
      )
    ).rows[0]!.id
    expect(body.features[0]!.id).toBe(sk)
    expect(body.features[0]!.properties.test).toBeGreaterThanOrEqual(12)
    expect(body.test.pai!).toBeGreaterThan(1)
    expect(body.summary).toContain('April to June 2026')
    expect(body.summary).toContain(`${Math.round((100 * nIn) / N)}% of the referrals`)
    expect(body.summary).toContain(`(${nIn} of ${N})`)
  })

  it('applies the filters and the default share and size', async () => {
    const all = (await lead.get(`/api/v1/analysis/evaluate?${Q}`)).json<Body>()
    expect(all).toMatchObject({ share: 0.05, size: 250 })
    expect(all.hotspots.areaShare!).toBeLessThanOrEqual(0.05)
    const v = await lead.get(`/api/v1/analysis/evaluate?${Q}&subjectRole=victim`)
    expect(v.statusCode, v.body).toBe(200)
    const {
      rows: [row],
    } = await sql<{ n: number }>`
      select count(*)::int as n from (select distinct hex_cell_id(l.geom, 250), l.referral_id
        from referral_locations l join referrals r on r.id = l.referral_id
        join analysis_study_area(250, null) a on hex_cell_id(l.geom, 250) = 'H250:' || a.cell_q || ':' || a.cell_r
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and r.subject_role = 'victim'
          and l.observed_on >= '2026-04-01' and l.observed_on < '2026-07-01') s`.execute(t.database.system)
    expect(v.json<Body>().test.total).toBe(Number(row!.n))
    expect(v.json<Body>().test.total).toBeLessThan(all.test.total)
    // Located events of one kind instead of referrals: every incident in the study area counts.
    const ev = await lead.get(`/api/v1/analysis/evaluate?${Q}&unit=events&kind=incident`)
    expect(ev.statusCode, ev.body).toBe(200)
    expect(ev.json<{ unit: string; kind: string }>()).toMatchObject({ unit: 'events', kind: 'incident' })
    const {
      rows: [events],
    } = await sql<{ n: number }>`
      select count(*)::int as n from referral_locations l join referrals r on r.id = l.referral_id
        join analysis_study_area(250, null) a on hex_cell_id(l.geom, 250) = 'H250:' || a.cell_q || ':' || a.cell_r
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.kind = 'incident'
          and l.observed_on >= '2026-04-01' and l.observed_on < '2026-07-01'`.execute(t.database.system)
    expect(ev.json<Body>().test.total).toBe(Number(events!.n))
  })

  it('refuses bad periods and shares naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['trainFrom=2026-03&trainTo=2026-01&testFrom=2026-04&testTo=2026-06', 'trainFrom'],
      ['trainFrom=2026-01&trainTo=2026-03&testFrom=2026-06&testTo=2026-04', 'testFrom'],
      ['trainFrom=2026-01&trainTo=2026-04&testFrom=2026-04&testTo=2026-06', 'testFrom'],
      [`${Q}&share=0`, 'share'],
      [`${Q}&share=1.5`, 'share'],
      [`${Q}&share=-0.1`, 'share'],
      [`${Q}&size=50`, 'size'],
      ['trainFrom=2026-01&trainTo=2026-03&testFrom=2026-04', 'testTo'],
    ]
    for (const [q, field] of cases) {
      const res = await lead.get(`/api/v1/analysis/evaluate?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]!.field, q).toBe(field)
    }
    expect((await lead.get(`/api/v1/analysis/evaluate?${Q}&share=1`)).statusCode).toBe(200)
  })

  it('is for leads only', async () => {
    for (const who of ['commissionerA', 'caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get(`/api/v1/analysis/evaluate?${Q}`)).statusCode, who).toBe(403)
    }
    expect((await t.world.withToken(t.world.partnerToken).get(`/api/v1/analysis/evaluate?${Q}`)).statusCode).toBe(403)
  })
})
