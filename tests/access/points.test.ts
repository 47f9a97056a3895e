import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { problemOf, publish, scopedLocations, trueCells, type CountingScope, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'

/**
 * Generalised points (GET /api/v1/stats/points): a lead gets exact counts (cells under k dropped);
 * every aggregate reader (a caseworker for the organisation, a partner under a generalised agreement)
 * gets each cell's count exactly as the cell-key method publishes it (tests/helpers/ckm.ts; cells
 * published as 0 dropped), for fixed periods only, a caseworker at 250 m only and a partner only at
 * its agreement's cell size and with its fields; commissioners and admins get none.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE

let t: TestApp
/** 250 m cells of the British National Grid: 6 at_risk referrals in one, 2 in another, 6 victims in a third. */
const CROWDED = { x: 524_610, y: 183_380 } // Kilburn, Brent
const SPARSE = { x: 525_610, y: 182_380 } // Maida Vale, Westminster
const VICTIMS = { x: 526_110, y: 182_880 }

async function seed(org: string, prefix: string, at: { x: number; y: number }, n: number, role = 'at_risk') {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
      select ${org}, (select id from programmes where slug = 'mentoring'), ${prefix} || i, ${role}, '16-17', 'E09000005', '2026-03-01'
      from generate_series(1, ${n}::int) i returning id)
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'home', ST_SetSRID(ST_MakePoint(${at.x}::float8 + 10 * (row_number() over ()), ${at.y}::float8 + 5), 27700), '2026-03-02', 'exact' from r`.execute(
    t.database.system,
  )
}

beforeAll(async () => {
  t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
  await seed(t.world.orgs.A, 'CROWD-', CROWDED, 6)
  await seed(t.world.orgs.A, 'SPARSE-', SPARSE, 2)
  await seed(t.world.orgs.A, 'VICT-', VICTIMS, 6, 'victim')
}, 300_000)
afterAll(() => t?.close())

/** A lead may use any whole-month range; aggregate readers a fixed period (here the first quarter of 2026). */
const RANGE = '/api/v1/stats/points?from=2026-01&to=2026-06'
const Q1 = '/api/v1/stats/points?from=2026-01&to=2026-03'

interface Points {
  cellM: number
  features: Array<{ geometry: { coordinates: [number, number] }; properties: { referrals: number } }>
}

/** Each feature as `x:y:referrals`, its centre in BNG metres (rounded). */
async function centres(fc: Points): Promise<string[]> {
  const { rows } = await sql<{ x: number; y: number }>`
    select ST_X(p) as x, ST_Y(p) as y from (
      select ST_Transform(ST_SetSRID(ST_MakePoint(c[1], c[2]), 4326), 27700) p, i
      from jsonb_to_recordset(${JSON.stringify(fc.features.map((f, i) => ({ i, c: f.geometry.coordinates })))}::jsonb) as x(i int, c float8[])) s
    order by i`.execute(t.database.system)
  return rows.map((c, i) => `${Math.round(c.x)}:${Math.round(c.y)}:${fc.features[i]!.properties.referrals}`).sort()
}

/** What a reader of `scope` must be shown in Q1 at `cell` m: every cell's published value, 0s left out. */
async function expected(scope: CountingScope, cell = 250): Promise<string[]> {
  const truth = await trueCells(
    t.database.system,
    sql`
    select ((floor(ST_X(s.geom) / ${cell}) + 0.5) * ${cell})::bigint::text || ':' || ((floor(ST_Y(s.geom) / ${cell}) + 0.5) * ${cell})::bigint::text as cell, s.referral_id
    from (${scopedLocations(scope, '2026-01-01', '2026-04-01')}) s`,
  )
  return [...truth]
    .map(([c, v]) => `${c}:${publish(v.n, v.key, K, D)}`)
    .filter((x) => !x.endsWith(':0'))
    .sort()
}

describe('generalised points', () => {
  it("gives a partner its agreement's cells with their published counts, no victims, the same on every request", async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const res = await partner.get(Q1)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = res.json<Points>()
    expect(fc.cellM).toBe(250)
    const want = await expected({ org: t.world.orgs.A, boroughs: ['E09000005', 'E09000033'], victims: false })
    expect(await centres(fc)).toEqual(want)
    // The crowded cell (6 referrals) is always shown, between k and 6 + min(D, 6 − k); the sparse one (2) as 0 or k.
    const crowded = `${Math.floor(CROWDED.x / 250) * 250 + 125}:${Math.floor(CROWDED.y / 250) * 250 + 125}:`
    const c = want.find((x) => x.startsWith(crowded))
    expect(c).toBeDefined()
    expect(Number(c!.slice(crowded.length))).toBeGreaterThanOrEqual(K)
    expect(Number(c!.slice(crowded.length))).toBeLessThanOrEqual(7)
    for (const f of fc.features) expect(f.properties.referrals).toBeGreaterThanOrEqual(K)
    // No victims: their cell is not shown at all.
    const victims = `${Math.floor(VICTIMS.x / 250) * 250 + 125}:${Math.floor(VICTIMS.y / 250) * 250 + 125}:`
    expect((await centres(fc)).some((x) => x.startsWith(victims))).toBe(false)
    expect((await partner.get(Q1)).body).toBe(res.body)
  })

  it("gives a caseworker the organisation's cells perturbed, at 250 m only", async () => {
    const caseworker = await t.world.as('caseworkerA')
    const res = await caseworker.get(Q1)
    expect(res.statusCode, res.body).toBe(200)
    expect(await centres(res.json<Points>())).toEqual(await expected({ org: t.world.orgs.A }))
    for (const cell of [500, 1000, 300]) {
      expect(problemOf(await caseworker.get(`${Q1}&cell=${cell}`)), `${cell}`).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['cell'] })
    }
    expect(problemOf(await caseworker.get(RANGE))).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['from'] })
  })

  it("gives a partner fixed periods, its agreement's cell size and fields only", async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    for (const q of [RANGE, '/api/v1/stats/points?from=2026-02&to=2026-03', '/api/v1/stats/points?from=2025-06&to=2026-05']) {
      expect(problemOf(await partner.get(q)), q).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['from'] })
    }
    expect(problemOf(await partner.get(`${Q1}&cell=300`))).toMatchObject({ status: 400, code: 'disclosure-rule', fields: ['cell'] })
    for (const cell of [500, 1000]) {
      expect(problemOf(await partner.get(`${Q1}&cell=${cell}`)), `${cell}`).toMatchObject({ status: 403, code: 'outside-agreement', fields: ['cell'] })
    }
    expect((await partner.get(`${Q1}&cell=250`)).statusCode).toBe(200)
    // The agreement lists programme and ageBand, not kind.
    expect(problemOf(await partner.get(`${Q1}&kind=home`))).toMatchObject({ status: 403, code: 'outside-agreement', fields: ['kind'] })
    // A single month is a fixed period.
    expect((await partner.get('/api/v1/stats/points?from=2026-03&to=2026-03')).statusCode).toBe(200)
  })

  it("gives the organisation's lead exact counts (cells under k dropped) at any size and range, another organisation nothing, commissioners and admins 403", async () => {
    const lead = await t.world.as('leadA')
    const fc = (await lead.get(RANGE)).json<Points>()
    const cell = (p: { x: number; y: number }, n: number) => `${Math.floor(p.x / 250) * 250 + 125}:${Math.floor(p.y / 250) * 250 + 125}:${n}`
    expect(await centres(fc)).toEqual([cell(CROWDED, 6), cell(VICTIMS, 6)].sort())
    expect((await lead.get(`${RANGE}&cell=300`)).statusCode).toBe(200)
    const leadB = await t.world.as('leadB')
    expect((await leadB.get(RANGE)).json<Points>().features).toHaveLength(0)
    for (const who of ['commissionerA', 'adminA'] as const) expect((await (await t.world.as(who)).get(Q1)).statusCode, who).toBe(403)
  })

  it('refuses a partner whose agreement is aggregate-only (403) or has expired (403 agreement-expired)', async () => {
    await sql`update agreements set level = 'aggregate' where id = ${t.world.agreementId}`.execute(t.database.system)
    const partner: Client = t.world.withToken(t.world.partnerToken)
    expect((await partner.get(Q1)).statusCode).toBe(403)
    await sql`update agreements set level = 'generalised', valid_until = current_date - 1 where id = ${t.world.agreementId}`.execute(t.database.system)
    const expired = await partner.get(Q1)
    expect(expired.statusCode).toBe(403)
    expect(expired.json().code).toBe('agreement-expired')
  })
})
