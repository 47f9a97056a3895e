import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRENT, CAMDEN, seedReferrals, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { monthAfter, problemOf, publishedOf, scopedLocations, trueCells, type CountingScope, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'

/**
 * The funding report end to end (HTTP → SQL): a hand-worked case per basis; a lead's figures
 * equal an independent computation from the rows; commissioners and partners see only their
 * boroughs, and per borough the residents and the active referrals, and the referrals counted, each
 * exactly the cell-key method's value of its own set (tests/helpers/ckm.ts), with shares computed from
 * those published integers only, for fixed periods and the five blend weights; CSV mirrors JSON.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
const RANGE = 'from=2026-01&to=2026-06'
/** A fixed period (the planted referrals are in March 2026). */
const Q1 = 'from=2026-01&to=2026-03'

interface Row {
  borough: { code: string; name: string }
  count: number | null
  share: number | null
  residents: number | null
  active: number | null
  referrals: number | null
  crossBorough: number | null
  suppressed: boolean
}
interface Report {
  basis: string
  weight: number | null
  from: string
  to: string
  k: number | null
  perturbed: boolean
  rows: Row[]
  totals: { count: number | null; referrals: number | null; crossBorough: number | null; suppressed: boolean }
}

let t: TestApp
let lead: Client
let commissioner: Client

const P = { brent: { lon: -0.2817, lat: 51.556 }, westminster: { lon: -0.134, lat: 51.513 }, camden: { lon: -0.141, lat: 51.55 } }
type Place = keyof typeof P

/** Referrals of organisation A in `programme`, each with the given (kind, place) events on `day`. */
async function plant(programme: string, tag: string, n: number, events: Array<[string, Place]>, day = '2026-03-10') {
  await sql`insert into programmes (slug, name) values (${programme}, ${programme}) on conflict (slug) do nothing`.execute(t.database.system)
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = ${programme}), ${tag} || '-' || i, 'at_risk', '16-17', ${BRENT}, ${day}::date, false, true
      from generate_series(1, ${n}::int) i
      returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, e.kind, ST_Transform(ST_SetSRID(ST_MakePoint(e.lon, e.lat), 4326), 27700), ${day}::date, 'exact'
    from r cross join jsonb_to_recordset(${JSON.stringify(events.map(([kind, p]) => ({ kind, ...P[p] })))}::jsonb) as e(kind text, lon float8, lat float8)`.execute(
    t.database.system,
  )
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Hand-worked: R1 lives in Brent, active in Westminster and Camden; R2 lives in Westminster, no
  // activity; R3 has no home, an incident in Brent. Outside the period: R4 (not counted).
  await plant('fund-hand', 'R1', 1, [
    ['home', 'brent'],
    ['incident', 'westminster'],
    ['hangout', 'camden'],
    ['school', 'camden'],
  ])
  await plant('fund-hand', 'R2', 1, [['home', 'westminster']])
  await plant('fund-hand', 'R3', 1, [['incident', 'brent']])
  await plant('fund-hand', 'R4', 1, [['home', 'camden']], '2025-12-31')
  // For suppression: 7 single-borough Brent residents, 2 in Westminster (small), 6 cross-borough.
  await plant('fund-k', 'KB', 7, [['home', 'brent']])
  await plant('fund-k', 'KW', 2, [['home', 'westminster']])
  await plant('fund-k', 'KX', 6, [
    ['home', 'brent'],
    ['incident', 'westminster'],
  ])
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 300_000)
afterAll(() => t?.close())

const get = async (c: Client, query: string) => {
  const res = await c.get(`/api/v1/reports/funding?${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Report>()
}
const byCode = (r: Report) =>
  Object.fromEntries(
    r.rows
      .filter((x) => x.count !== 0 || x.referrals !== 0)
      .map((x) => [x.borough.code, { count: x.count, referrals: x.referrals, crossBorough: x.crossBorough }]),
  )

describe('GET /api/v1/reports/funding — how referrals are counted', () => {
  it('residence: each referral once, in the borough of its home', async () => {
    const r = await get(lead, `${RANGE}&basis=residence&programme=fund-hand`)
    expect(r.k).toBeNull()
    expect(r.weight).toBeNull()
    expect(byCode(r)).toEqual({
      [BRENT]: { count: 1, referrals: 1, crossBorough: 1 },
      [WESTMINSTER]: { count: 1, referrals: 1, crossBorough: 0 },
    })
    expect(r.totals).toEqual({ count: 2, referrals: 2, crossBorough: 1, suppressed: false })
    expect(r.perturbed).toBe(false)
    expect(r.rows.every((x) => x.residents === null && x.active === null)).toBe(true)
    expect(r.rows.find((x) => x.borough.code === BRENT)!.share).toBe(0.5)
    expect(r.rows.find((x) => x.borough.code === BRENT)!.borough.name).toBe('Brent')
    // Every borough in force is listed, zeros too.
    expect(r.rows.length).toBe(33)
  })

  it('activity: one referral split equally between its activity boroughs', async () => {
    const r = await get(lead, `${RANGE}&basis=activity&programme=fund-hand`)
    expect(byCode(r)).toEqual({
      [BRENT]: { count: 1, referrals: 1, crossBorough: 0 },
      [WESTMINSTER]: { count: 0.5, referrals: 1, crossBorough: 1 },
      [CAMDEN]: { count: 0.5, referrals: 1, crossBorough: 1 },
    })
    expect(r.totals).toMatchObject({ count: 2, referrals: 3, crossBorough: 2 })
    expect(r.rows.find((x) => x.borough.code === CAMDEN)!.share).toBe(0.25)
  })

  it('blend: weight × residence + (1 − weight) × activity, the whole 1 to the only part there is', async () => {
    const half = await get(lead, `${RANGE}&basis=blend&programme=fund-hand`)
    expect(half.weight).toBe(0.5)
    expect(byCode(half)).toEqual({
      [BRENT]: { count: 1.5, referrals: 2, crossBorough: 1 },
      [WESTMINSTER]: { count: 1.25, referrals: 2, crossBorough: 1 },
      [CAMDEN]: { count: 0.25, referrals: 1, crossBorough: 1 },
    })
    expect(half.totals.count).toBe(3)
    const sum = half.rows.reduce((s, x) => s + x.share!, 0)
    expect(sum).toBeCloseTo(1, 5)
    const w = await get(lead, `${RANGE}&basis=blend&weight=0.8&programme=fund-hand`)
    expect(byCode(w)[BRENT]!.count).toBeCloseTo(1.8, 6)
    expect(byCode(w)[WESTMINSTER]!.count).toBeCloseTo(1.1, 6)
    expect(byCode(w)[CAMDEN]!.count).toBeCloseTo(0.1, 6)
  })

  it('gives a lead figures equal to an independent computation over the seeded referrals', async () => {
    const { rows } = await sql<{ referral_id: string; kind: string; b: string; observed_on: string }>`
      select l.referral_id, l.kind, l.borough_code as b, to_char(l.observed_on, 'YYYY-MM-DD') as observed_on
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.borough_code is not null
        and l.kind in ('home', 'incident', 'school', 'hangout') and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'`.execute(t.database.system)
    const refs = new Map<string, typeof rows>()
    for (const row of rows) refs.set(row.referral_id, [...(refs.get(row.referral_id) ?? []), row])
    for (const [basis, weight] of [
      ['residence', 1],
      ['activity', 0],
      ['blend', 0.3],
    ] as const) {
      const expected = new Map<string, { count: number; referrals: number; cross: number }>()
      let counted = 0
      for (const locs of refs.values()) {
        const homes = locs.filter((l) => l.kind === 'home').sort((a, b) => b.observed_on.localeCompare(a.observed_on) || a.b.localeCompare(b.b))
        const act = [...new Set(locs.filter((l) => l.kind !== 'home').map((l) => l.b))]
        const parts = new Map<string, number>()
        const res = homes[0]?.b
        const wr = basis === 'blend' ? (act.length ? weight : 1) : basis === 'residence' ? 1 : 0
        const wa = basis === 'blend' ? (res ? 1 - weight : 1) : basis === 'activity' ? 1 : 0
        if (res && wr > 0) parts.set(res, wr)
        if (act.length && wa > 0) for (const b of act) parts.set(b, (parts.get(b) ?? 0) + wa / act.length)
        if (parts.size === 0) continue
        counted++
        const multi = new Set(locs.map((l) => l.b)).size > 1
        for (const [b, w] of parts) {
          const e = expected.get(b) ?? { count: 0, referrals: 0, cross: 0 }
          expected.set(b, { count: e.count + w, referrals: e.referrals + 1, cross: e.cross + (multi ? 1 : 0) })
        }
      }
      const r = await get(lead, `${RANGE}&basis=${basis}${basis === 'blend' ? `&weight=${weight}` : ''}`)
      expect(r.totals.count, basis).toBe(counted)
      expect(counted).toBeGreaterThan(100)
      const served = new Map(r.rows.map((x) => [x.borough.code, x]))
      for (const [b, e] of expected) {
        const s = served.get(b)!
        expect(s.referrals, `${basis} ${b}`).toBe(e.referrals)
        expect(s.crossBorough, `${basis} ${b}`).toBe(e.cross)
        expect(s.count!, `${basis} ${b}`).toBeCloseTo(e.count, 3)
        expect(s.share!, `${basis} ${b}`).toBeCloseTo(e.count / counted, 5)
      }
      expect(r.rows.filter((x) => !expected.has(x.borough.code)).every((x) => x.count === 0 && x.referrals === 0)).toBe(true)
    }
    // Organisation B's lead sees B's referrals only.
    const b = await get(await t.world.as('leadB'), `${RANGE}&basis=residence`)
    const {
      rows: [nb],
    } = await sql<{ n: number }>`
      select count(distinct l.referral_id)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.B}::uuid and not r.restricted and l.kind = 'home' and l.borough_code is not null
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'`.execute(t.database.system)
    expect(b.totals.count).toBe(nb!.n)
  })
})

/**
 * The true sets of an aggregate reader's funding report, keyed `residence:B`, `activity:B` and
 * `total`: per borough of the scope, the referrals whose latest home in the period (among the scope's
 * boroughs; ties by code) is there, the referrals with an incident, school or hangout there, and the
 * referrals with any of those four kinds in the scope's boroughs.
 */
async function fundingTruth(scope: CountingScope, from: string, to: string, programme: string | null) {
  return trueCells(
    t.database.system,
    sql`
    with loc as (
      select s.referral_id, s.kind, s.borough_code as b, s.observed_on from (${scopedLocations(scope, `${from}-01`, monthAfter(to))}) s
      where s.kind in ('home', 'incident', 'school', 'hangout') and s.borough_code is not null
        and (${programme}::text is null or s.programme = ${programme}::text)
    ), latest as (
      select referral_id, b, row_number() over (partition by referral_id order by observed_on desc, b) as i from loc where kind = 'home'
    )
    select 'residence:' || b as cell, referral_id from latest where i = 1
    union all select 'activity:' || b, referral_id from loc where kind <> 'home'
    union all select 'total', referral_id from loc`,
  )
}

/** Every figure of an aggregate reader's report against the published values of its true sets, and shares from those integers. */
async function expectPublished(r: Report, scope: CountingScope, weight: number, where: string) {
  expect(r.k, where).toBe(K)
  expect(r.perturbed, where).toBe(true)
  const truth = await fundingTruth(scope, r.from, r.to, new URLSearchParams(where).get('programme'))
  const totalRes = r.rows.reduce((a, x) => a + x.residents!, 0)
  const totalAct = r.rows.reduce((a, x) => a + x.active!, 0)
  for (const x of r.rows) {
    const w = `${where} ${x.borough.code}`
    expect(x.residents, w).toBe(publishedOf(truth, `residence:${x.borough.code}`, K, D))
    expect(x.active, w).toBe(publishedOf(truth, `activity:${x.borough.code}`, K, D))
    expect(x.referrals, w).toBeNull()
    expect(x.crossBorough, w).toBeNull()
    expect(x.suppressed, w).toBe(false)
    for (const v of [x.residents!, x.active!]) expect(v === 0 || v >= K, `${w}: ${v}`).toBe(true)
    const share = (totalRes ? (weight * x.residents!) / totalRes : 0) + (totalAct ? ((1 - weight) * x.active!) / totalAct : 0)
    expect(x.share!, w).toBeCloseTo(share, 6)
    expect(x.count!, w).toBeCloseTo(share * r.totals.count!, 3)
  }
  expect(r.totals, where).toEqual({ count: publishedOf(truth, 'total', K, D), referrals: null, crossBorough: null, suppressed: false })
  return truth
}

describe('GET /api/v1/reports/funding — disclosure control', () => {
  it('shows a commissioner only the boroughs in scope, residents and active per borough and the total each perturbed from its own set', async () => {
    const scope = { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }
    let small = 0
    for (const [basis, weight] of [
      ['residence', 1],
      ['activity', 0],
      ['blend', 0.5],
      ['blend', 0.25],
      ['blend', 0.75],
      ['blend', 0],
      ['blend', 1],
    ] as const) {
      for (const period of [Q1, 'from=2026-03&to=2026-03', 'from=2025-04&to=2026-03']) {
        for (const extra of ['', '&programme=fund-k', '&programme=relocation']) {
          const q = `${period}&basis=${basis}${basis === 'blend' ? `&weight=${weight}` : ''}${extra}`
          const r = await get(commissioner, q)
          expect(r.rows.map((x) => x.borough.code).sort()).toEqual([BRENT, WESTMINSTER])
          expect(r.weight).toBe(basis === 'blend' ? weight : null)
          const truth = await expectPublished(r, scope, weight, q)
          small += [...truth.values()].filter((x) => x.n >= 1 && x.n < K).length
        }
      }
    }
    expect(small).toBeGreaterThan(0)
    // Westminster's 2 fund-k residents read 0 or k, never 2; the lead sees the table exactly.
    const k = await get(commissioner, `${Q1}&basis=residence&programme=fund-k`)
    expect([0, K]).toContain(k.rows.find((x) => x.borough.code === WESTMINSTER)!.residents)
    const exact = await get(lead, `${Q1}&basis=residence&programme=fund-k`)
    expect(byCode(exact)).toEqual({ [BRENT]: { count: 13, referrals: 13, crossBorough: 6 }, [WESTMINSTER]: { count: 2, referrals: 2, crossBorough: 0 } })
  })

  it('gives the same integers whatever the weight (two weights reveal nothing more)', async () => {
    const reports = await Promise.all(
      ['basis=residence', 'basis=activity', ...[0, 0.25, 0.5, 0.75, 1].map((w) => `basis=blend&weight=${w}`)].map((b) => get(commissioner, `${Q1}&${b}`)),
    )
    const ints = (r: Report) => JSON.stringify([r.rows.map((x) => [x.borough.code, x.residents, x.active]), r.totals.count])
    for (const r of reports) expect(ints(r)).toBe(ints(reports[0]!))
  })

  it("limits a partner to the agreement's boroughs and fields (session and token), with its k", async () => {
    const scope = { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER], victims: false }
    for (const c of [await t.world.as('partner'), t.world.withToken(t.world.partnerToken)]) {
      for (const q of [`${Q1}&basis=blend`, `from=2026-04&to=2026-06&basis=residence&programme=mentoring`]) {
        const r = await get(c, q)
        expect(r.rows.map((x) => x.borough.code).sort()).toEqual([BRENT, WESTMINSTER])
        await expectPublished(r, scope, q.includes('residence') ? 1 : 0.5, q)
        expect(r.rows.some((x) => x.residents! >= K)).toBe(true)
      }
    }
  })

  it('gives aggregate readers fixed periods and the five blend weights only', async () => {
    for (const c of [commissioner, t.world.withToken(t.world.partnerToken)]) {
      for (const period of [RANGE, 'from=2026-02&to=2026-04', 'from=2025-01&to=2025-12']) {
        expect(problemOf(await c.get(`/api/v1/reports/funding?${period}&basis=residence`)), `${c.actor.role} ${period}`).toMatchObject({
          status: 400,
          code: 'disclosure-rule',
          fields: ['from'],
        })
      }
      for (const weight of [0.001, 0.3, 0.999, 0.1]) {
        const res = await c.get(`/api/v1/reports/funding?${Q1}&basis=blend&weight=${weight}`)
        expect(res.statusCode, `${weight}`).toBe(400)
        expect(problemOf(res).fields, `${weight}`).toEqual(['weight'])
      }
    }
    // A lead keeps any weight and any whole-month range.
    expect((await lead.get(`/api/v1/reports/funding?${RANGE}&basis=blend&weight=0.3`)).statusCode).toBe(200)
  })

  it('admits leads, commissioners and partners only', async () => {
    for (const who of ['caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get(`/api/v1/reports/funding?${Q1}&basis=residence`)).statusCode).toBe(403)
    }
    expect((await t.world.anonymous.get(`/api/v1/reports/funding?${Q1}&basis=residence`)).statusCode).toBe(401)
  })
})

describe('GET /api/v1/reports/funding — formats and input', () => {
  it('answers CSV for format=csv and for Accept: text/csv, mirroring the JSON', async () => {
    const json = await get(commissioner, `${Q1}&basis=residence&programme=fund-k`)
    const viaFormat = await commissioner.get(`/api/v1/reports/funding?${Q1}&basis=residence&programme=fund-k&format=csv`)
    const viaAccept = await commissioner.inject({
      method: 'GET',
      url: `/api/v1/reports/funding?${Q1}&basis=residence&programme=fund-k`,
      headers: { accept: 'text/csv' },
    })
    const value = (x: number | null) => (x === null ? '' : String(x))
    for (const res of [viaFormat, viaAccept]) {
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/csv/)
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="funding-residence-2026-01-2026-03\.csv"/)
      expect(res.body.startsWith('borough_code,borough_name,count,share,residents,active,referrals,cross_borough,suppressed\r\n')).toBe(true)
      expect(res.body).not.toMatch(/^#/m)
      const records = parse(res.body, { columns: true }) as Array<Record<string, string>>
      expect(records.length).toBe(json.rows.length + 1)
      json.rows.forEach((row, i) => {
        const rec = records[i]!
        expect(rec.borough_code).toBe(row.borough.code)
        expect(rec.borough_name).toBe(row.borough.name)
        expect(rec.count).toBe(value(row.count))
        expect(rec.share).toBe(value(row.share))
        expect(rec.residents).toBe(value(row.residents))
        expect(rec.active).toBe(value(row.active))
        expect(row.residents).not.toBeNull()
        // Not published to an aggregate reader: empty fields.
        expect(rec.referrals).toBe('')
        expect(rec.cross_borough).toBe('')
        expect(rec.suppressed).toBe('false')
      })
      expect(records.at(-1)).toMatchObject({
        borough_code: '',
        borough_name: 'Total',
        count: value(json.totals.count),
        residents: '',
        active: '',
        referrals: '',
        cross_borough: '',
      })
    }
    expect(viaFormat.body).toBe(viaAccept.body)
    // A lead's CSV has referrals and cross_borough, and empty residents and active.
    const leadCsv = await lead.get(`/api/v1/reports/funding?${Q1}&basis=residence&programme=fund-k&format=csv`)
    expect(leadCsv.body).toMatch(new RegExp(`^${WESTMINSTER},Westminster,2,[0-9.]+,,,2,0,false\\r$`, 'm'))
    // JSON stays the default; format=json wins over Accept.
    const plain = await commissioner.inject({
      method: 'GET',
      url: `/api/v1/reports/funding?${Q1}&basis=residence&format=json`,
      headers: { accept: 'text/csv' },
    })
    expect(plain.headers['content-type']).toMatch(/^application\/json/)
    // The CSV downloads are audited.
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from audit_log where action = 'exports.download' and detail->>'report' = 'funding'`.execute(t.database.system)
    expect(rows[0]!.n).toBe(3)
  })

  it('refuses bad input with a problem naming the field', async () => {
    for (const [query, field] of [
      [`${RANGE}&basis=income`, 'basis'],
      [`${RANGE}`, 'basis'],
      [`${RANGE}&basis=residence&weight=0.5`, 'weight'],
      [`${RANGE}&basis=blend&weight=1.5`, 'weight'],
      ['from=2026-06&to=2026-01&basis=residence', 'to'],
      ['from=2026-13&to=2026-01&basis=residence', 'from'],
      [`${RANGE}&basis=residence&format=xml`, 'format'],
    ] as const) {
      const res = await lead.get(`/api/v1/reports/funding?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
      expect(res.body, query).toContain(field)
    }
  })
})
