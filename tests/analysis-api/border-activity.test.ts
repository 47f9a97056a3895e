import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { monthAfter, problemOf, publishedOf, scopedLocations, trueCells, type CountingScope, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'

/**
 * Border activity end to end (HTTP → SQL disclosure function), on the suite's backend: a
 * lead's counts equal a direct count with the owner's connection, at any distance; every aggregate
 * reader gets for each side × month cell and each side, month and grand total exactly the cell-key
 * method's value of its own set of referrals (tests/helpers/ckm.ts), only at the fixed bands and
 * periods; non-adjacent pairs are 404, malformed pairs 400.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
const Q1 = 'from=2026-01&to=2026-03'
const RANGE = 'from=2026-01&to=2026-06'
const GREENWICH = 'E09000011'
/** South Kilburn, Brent: about 136 m from Westminster. */
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }

let t: TestApp
let lead: Client
let commissioner: Client

interface Disclosed {
  count: number | null
  suppressed: boolean
}
interface Body {
  between: [string, string]
  distanceM: number
  k: number | null
  perturbed: boolean
  rows: Array<{ month: string; side: string } & Disclosed>
  totals: Disclosed & { sides: Array<{ side: string } & Disclosed>; months: Array<{ month: string } & Disclosed> }
}

/** `n` referrals of organisation A, each located at the same point on `day`. */
async function plant(tag: string, at: { lon: number; lat: number }, n: number, borough: string, day: string) {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || i, 'at_risk', '16-17', ${borough}, ${day}::date, false, true
      from generate_series(1, ${n}::int) i
      returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), ${day}::date, 'exact' from r`.execute(
    t.database.system,
  )
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Near the Brent/Westminster border: a large month and a small one (1..k−1).
  await plant('BORDER-MAR', SOUTH_KILBURN, 7, BRENT, '2026-03-10')
  await plant('BORDER-APR', SOUTH_KILBURN, 2, BRENT, '2026-04-10')
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 120_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/border-activity', () => {
  it('gives a lead exact counts equal to a direct count with the owner connection', async () => {
    const res = await lead.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=400&${RANGE}`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    expect(body.between).toEqual([BRENT, WESTMINSTER])
    expect(body.distanceM).toBe(400)
    expect(body.k).toBeNull()
    const { rows } = await sql<{ month: string; side: string; n: number }>`
      select to_char(date_trunc('month', l.observed_on), 'YYYY-MM') as month, l.borough_code as side, count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
        and ((l.borough_code = ${BRENT} and l.border_code = ${WESTMINSTER}) or (l.borough_code = ${WESTMINSTER} and l.border_code = ${BRENT}))
        and l.border_distance_m <= 400
      group by 1, 2`.execute(t.database.system)
    const direct = Object.fromEntries(rows.map((r) => [`${r.side}:${r.month}`, Number(r.n)]))
    const served = Object.fromEntries(body.rows.map((r) => [`${r.side}:${r.month}`, r.count]))
    expect(served).toEqual(direct)
    expect(served[`${BRENT}:2026-03`]).toBeGreaterThanOrEqual(7)
    expect(body.rows.every((r) => !r.suppressed)).toBe(true)
    expect(body.perturbed).toBe(false)
    // Totals are sets of their own: a referral on both sides, or in two months, counts once in the total.
    const {
      rows: [tot],
    } = await sql<{ n: number }>`
      select count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'
        and ((l.borough_code = ${BRENT} and l.border_code = ${WESTMINSTER}) or (l.borough_code = ${WESTMINSTER} and l.border_code = ${BRENT}))
        and l.border_distance_m <= 400`.execute(t.database.system)
    expect(body.totals.count).toBe(Number(tot!.n))
    // The default distance is 400 m.
    expect((await lead.get(`/api/v1/analysis/border-activity?between=${WESTMINSTER},${BRENT}&${RANGE}`)).json<Body>().distanceM).toBe(400)
  })

  it('lets a lead choose any distance from 1 to 2000 m', async () => {
    for (const distance of [1, 137, 250, 2000]) {
      const res = await lead.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=${distance}&from=2026-02&to=2026-05`)
      expect(res.statusCode, `${distance}: ${res.body}`).toBe(200)
      expect(res.json<Body>().distanceM).toBe(distance)
    }
  })

  it('gives aggregate readers, for every cell and total, exactly the published value of its own set of referrals', async () => {
    const caseworker = await t.world.as('caseworkerA')
    const readers: Array<[string, Client, CountingScope]> = [
      ['commissioner', commissioner, { org: t.world.orgs.A, boroughs: [BRENT, WESTMINSTER] }],
      ['caseworker (organisation-wide)', caseworker, { org: t.world.orgs.A }],
    ]
    let small = 0
    for (const [who, c, scope] of readers) {
      for (const [distance, from, to] of [
        [400, '2026-01', '2026-03'],
        [100, '2026-01', '2026-03'],
        [800, '2026-04', '2026-06'],
        [200, '2026-04', '2026-04'],
        [400, '2025-04', '2026-03'],
      ] as const) {
        const res = await c.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=${distance}&from=${from}&to=${to}`)
        expect(res.statusCode, `${who} ${distance} ${from}: ${res.body}`).toBe(200)
        const body = res.json<Body>()
        expect(body.k).toBe(K)
        expect(body.perturbed).toBe(true)
        const truth = await trueCells(
          t.database.system,
          sql`
          with s as (
            select s.referral_id, s.borough_code as side, to_char(s.observed_on, 'YYYY-MM') as month
            from (${scopedLocations(scope, `${from}-01`, monthAfter(to))}) s
            where ((s.borough_code = ${BRENT} and s.border_code = ${WESTMINSTER}) or (s.borough_code = ${WESTMINSTER} and s.border_code = ${BRENT}))
              and s.border_distance_m <= ${distance}
          )
          select 'cell:' || side || ':' || month as cell, referral_id from s
          union all select 'side:' || side, referral_id from s
          union all select 'month:' || month, referral_id from s
          union all select 'total', referral_id from s`,
        )
        const want = (prefix: string) =>
          Object.fromEntries(
            [...truth.keys()]
              .filter((x) => x.startsWith(prefix))
              .map((x) => [x.slice(prefix.length), { count: publishedOf(truth, x, K, D), suppressed: false }]),
          )
        const where = `${who} ${distance} ${from}..${to}`
        expect(Object.fromEntries(body.rows.map((r) => [`${r.side}:${r.month}`, { count: r.count, suppressed: r.suppressed }])), where).toEqual(want('cell:'))
        expect(Object.fromEntries(body.totals.sides.map((r) => [r.side, { count: r.count, suppressed: r.suppressed }])), where).toEqual(want('side:'))
        expect(Object.fromEntries(body.totals.months.map((r) => [r.month, { count: r.count, suppressed: r.suppressed }])), where).toEqual(want('month:'))
        expect(body.totals.count, where).toBe(publishedOf(truth, 'total', K, D))
        for (const e of [...body.rows, body.totals, ...body.totals.sides, ...body.totals.months]) {
          expect(e.count === 0 || e.count! >= K, `${where}: ${JSON.stringify(e)}`).toBe(true)
        }
        small += [...truth.values()].filter((x) => x.n >= 1 && x.n < K).length
      }
    }
    // April's planted 2 near the border (and others) are small: the rule had work to do.
    expect(small).toBeGreaterThan(0)
  })

  it('gives aggregate readers the fixed bands (100, 200, 400, 800 m) and fixed periods only', async () => {
    for (const distance of [1, 150, 300, 401, 1000, 2000]) {
      const res = await commissioner.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=${distance}&${Q1}`)
      expect(problemOf(res), `distance ${distance}`).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['distance'] })
    }
    // The default (400 m) is a fixed band.
    expect((await commissioner.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&${Q1}`)).statusCode).toBe(200)
    for (const q of [RANGE, 'from=2026-02&to=2026-04', 'from=2026-03&to=2026-04']) {
      const res = await commissioner.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=400&${q}`)
      expect(problemOf(res), q).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['from'] })
    }
  })

  it('refuses a partner whose agreement does not list month (the table is by month)', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const res = await partner.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=400&${Q1}`)
    expect(problemOf(res)).toMatchObject({ status: 403, code: 'outside-agreement', fields: ['month'] })
  })

  it('answers 404 for a pair that shares no border, 400 for a malformed pair, 403 for admins', async () => {
    const far = await lead.get(`/api/v1/analysis/border-activity?between=${BRENT},${GREENWICH}&${RANGE}`)
    expect(far.statusCode).toBe(404)
    expect(far.headers['content-type']).toMatch(/problem\+json/)
    for (const between of ['foo', `${BRENT},${BRENT}`, `${BRENT},${WESTMINSTER},${GREENWICH}`]) {
      const bad = await lead.get(`/api/v1/analysis/border-activity?between=${between}&${RANGE}`)
      expect(bad.statusCode, between).toBe(400)
      expect(bad.headers['content-type']).toMatch(/problem\+json/)
      expect(bad.body).toMatch(/between/)
    }
    for (const distance of [0, 2001]) {
      const res = await lead.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=${distance}&${RANGE}`)
      expect(res.statusCode).toBe(400)
      expect(res.body).toMatch(/distance/)
    }
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&${Q1}`)).statusCode).toBe(403)
  })
})
