import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'

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
    select r.id, 'home', ST_SetSRID(ST_MakePoint(${at.x}::float8 + 10 * (row_number() over ()), ${at.y}::float8 + 5), 27700), '2026-03-02', 'exact' from r`.execute(t.database.system)
}

beforeAll(async () => {
  t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
  await seed(t.world.orgs.A, 'CROWD-', CROWDED, 6)
  await seed(t.world.orgs.A, 'SPARSE-', SPARSE, 2)
  await seed(t.world.orgs.A, 'VICT-', VICTIMS, 6, 'victim')
})
afterAll(() => t?.close())

const URL = '/api/v1/stats/points?from=2026-01&to=2026-06'

describe('generalised points', () => {
  it('gives a partner cell centres with at least k referrals only, no victims, deterministically', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const res = await partner.get(URL)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    const fc = res.json()
    expect(fc.features).toHaveLength(1)
    expect(fc.features[0].properties).toEqual({ referrals: 6 })
    const { rows } = await sql<{ x: number; y: number }>`
      select ST_X(p) as x, ST_Y(p) as y from (select ST_Transform(ST_SetSRID(ST_MakePoint(${fc.features[0].geometry.coordinates[0]}::float8, ${fc.features[0].geometry.coordinates[1]}::float8), 4326), 27700) p) s`.execute(t.database.system)
    // The centre of the 250 m cell holding the crowded points, not any point itself.
    expect(rows[0]!.x).toBeCloseTo(Math.floor(CROWDED.x / 250) * 250 + 125, 0)
    expect(rows[0]!.y).toBeCloseTo(Math.floor(CROWDED.y / 250) * 250 + 125, 0)
    expect((await partner.get(URL)).body).toBe(res.body)
  })

  it('gives the organisation\'s lead the victims cell too, another organisation nothing, a commissioner 403', async () => {
    const lead = await t.world.as('leadA')
    expect((await lead.get(URL)).json().features).toHaveLength(2)
    const leadB = await t.world.as('leadB')
    expect((await leadB.get(URL)).json().features).toHaveLength(0)
    const commissioner = await t.world.as('commissionerA')
    expect((await commissioner.get(URL)).statusCode).toBe(403)
  })

  it('refuses a partner whose agreement is aggregate-only (403) or has expired (403 agreement-expired)', async () => {
    await sql`update agreements set level = 'aggregate' where id = ${t.world.agreementId}`.execute(t.database.system)
    const partner = t.world.withToken(t.world.partnerToken)
    expect((await partner.get(URL)).statusCode).toBe(403)
    await sql`update agreements set level = 'generalised', valid_until = current_date - 1 where id = ${t.world.agreementId}`.execute(t.database.system)
    const expired = await partner.get(URL)
    expect(expired.statusCode).toBe(403)
    expect(expired.json().code).toBe('agreement-expired')
  })
})
