import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedReferrals, BRENT, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Issue 5, border activity end to end (HTTP → SQL disclosure function → secondary suppression), on
 * the suite's backend: a lead's counts equal a direct count with the owner's connection; a
 * commissioner never sees a count from 1 to k−1; non-adjacent pairs are 404, malformed pairs 400.
 */

const K = 5
const RANGE = 'from=2026-01&to=2026-06'
const GREENWICH = 'E09000011'
/** South Kilburn, Brent: about 136 m from Westminster. */
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }

let t: TestApp
let lead: Client
let commissioner: Client

interface Disclosed { count: number | null; suppressed: boolean }
interface Body {
  between: [string, string]
  distanceM: number
  k: number | null
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
    select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(${at.lon}::float8, ${at.lat}::float8), 4326), 27700), ${day}::date, 'exact' from r`.execute(t.database.system)
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
    expect(body.totals.count).toBe(rows.reduce((s, r) => s + Number(r.n), 0))
    // The default distance is 400 m.
    expect((await lead.get(`/api/v1/analysis/border-activity?between=${WESTMINSTER},${BRENT}&${RANGE}`)).json<Body>().distanceM).toBe(400)
  })

  it('never shows a commissioner a count from 1 to k−1', async () => {
    const res = await commissioner.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=400&${RANGE}`)
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    expect(body.k).toBe(K)
    const all = [...body.rows, body.totals, ...body.totals.sides, ...body.totals.months]
    for (const e of all) {
      if (e.suppressed) expect(e.count).toBeNull()
      else expect(e.count === 0 || e.count! >= K, JSON.stringify(e)).toBe(true)
    }
    expect(body.rows.find((r) => r.side === BRENT && r.month === '2026-04')?.suppressed).toBe(true)
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
    expect((await lead.get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=2001&${RANGE}`)).statusCode).toBe(400)
    expect((await (await t.world.as('adminA')).get(`/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&${RANGE}`)).statusCode).toBe(403)
  })
})
