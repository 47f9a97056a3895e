import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config.js'
import { lastWholeMonths } from '../../server/relocation/relocation.service.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { BRENT, WESTMINSTER, type Client } from '../helpers/world.js'

/**
 * The relocation check end to end: destination borough, crossing boroughs, distances to
 * exclusion zones worked by hand in EPSG:27700 metres, the nearest current hotspot (cross-checked
 * with the hotspots endpoint and ST_Distance), warnings, access (own caseload only) and the audit.
 */

let t: TestApp
let lead: Client
let caseworker: Client
let referralId: string

/** A square exclusion zone 525000–525200 E, 182000–182200 N (Westminster, Maida Vale). */
const ZONE = 'ST_Multi(ST_MakeEnvelope(525000, 182000, 525200, 182200, 27700))'
/** Home: 524000 E, 183500 N (Brent). Hotspot: 40 referrals at 529000 E, 181500 N (Westminster). */
const HOME = [524000, 183500] as const
const HOT = [529000, 181500] as const

async function lonLat(x: number, y: number): Promise<{ lon: number; lat: number }> {
  const { rows } = await sql<{ lon: number; lat: number }>`
    select ST_X(g) as lon, ST_Y(g) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(${x}::float8, ${y}::float8), 27700), 4326) as g) p`.execute(
    t.database.system,
  )
  return { lon: Number(rows[0]!.lon), lat: Number(rows[0]!.lat) }
}

const check = (c: Client, destination: { lon: number; lat: number }, id = referralId) => c.post('/api/v1/relocation-check', { referralId: id, destination })

interface Body {
  destination: { borough: { code: string; name: string } }
  origin: { kind: string; borough: { code: string } | null } | null
  crossesBoroughs: boolean | null
  exclusionZones: Array<{ name: string; distanceM: number; inside: boolean }>
  hotspots: {
    from: string
    to: string
    sizeM: number
    exactCounts: boolean
    nearest: { cell: string; class: string; distanceM: number; inside: boolean } | null
  }
  thresholdM: number
  warnings: Array<{ code: string; message: string }>
}

beforeAll(async () => {
  t = await createTestApp()
  const sys = t.database.system
  await sql`insert into programmes (slug, name) values ('relocation', 'Relocation') on conflict (slug) do nothing`.execute(sys)
  const {
    rows: [r],
  } = await sql<{ id: string }>`
    insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, caseworker_id, synthetic)
    values (${t.world.orgs.A}::uuid, (select id from programmes where slug = 'relocation'), 'RELOC-1', 'at_risk', '16-17', ${BRENT}, '2026-09-01', ${t.world.users.caseworkerA}::uuid, true)
    returning id`.execute(sys)
  referralId = r!.id
  await sql`insert into referral_locations (referral_id, kind, geom, observed_on, precision)
            values (${referralId}::uuid, 'home', ST_SetSRID(ST_MakePoint(${HOME[0]}::float8, ${HOME[1]}::float8), 27700), '2026-09-01', 'exact')`.execute(sys)
  await sql`insert into exclusion_zones (referral_id, name, geom) values (${referralId}::uuid, 'Maida Vale square', ${sql.raw(ZONE)})`.execute(sys)
  // A current hotspot: 40 referrals at one point, in the last three whole months.
  const { from } = lastWholeMonths(new Date(), 3)
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'relocation'), 'HOT-' || i, 'at_risk', '16-17', ${WESTMINSTER}, ${`${from}-15`}::date, true
      from generate_series(1, 40) i returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'incident', ST_SetSRID(ST_MakePoint(${HOT[0]}::float8, ${HOT[1]}::float8), 27700), ${`${from}-15`}::date, 'exact' from r`.execute(sys)
  lead = await t.world.as('leadA')
  caseworker = await t.world.as('caseworkerA')
}, 120_000)
afterAll(() => t?.close())

describe('POST /api/v1/relocation-check', () => {
  it('measures a destination 300 m from the exclusion zone (worked by hand) and warns', async () => {
    const res = await check(lead, await lonLat(525500, 182100))
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json<Body>()
    expect(body.destination.borough).toEqual({ code: WESTMINSTER, name: 'Westminster' })
    expect(body.origin).toEqual({ kind: 'home', borough: { code: BRENT, name: 'Brent' } })
    expect(body.crossesBoroughs).toBe(true)
    expect(body.exclusionZones).toHaveLength(1)
    expect(body.exclusionZones[0]!.distanceM).toBeCloseTo(300, 0)
    expect(body.exclusionZones[0]!.inside).toBe(false)
    expect(body.thresholdM).toBe(500)
    expect(body.warnings.map((w) => w.code)).toEqual(['near-exclusion-zone'])
    expect(body.warnings[0]!.message).toMatch(/Maida Vale square/)
  })

  it('gives 0 m and an inside warning within the zone, no zone warning beyond the threshold', async () => {
    const inside = (await check(lead, await lonLat(525100, 182100))).json<Body>()
    expect(inside.exclusionZones[0]).toMatchObject({ distanceM: 0, inside: true })
    expect(inside.warnings.map((w) => w.code)).toContain('inside-exclusion-zone')
    const far = (await check(lead, await lonLat(525900, 182100))).json<Body>()
    expect(far.exclusionZones[0]!.distanceM).toBeCloseTo(700, 0)
    expect(far.warnings.filter((w) => w.code.includes('exclusion'))).toEqual([])
  })

  it('finds the nearest current hotspot cell, as the hotspots endpoint and ST_Distance have it', async () => {
    const at = await lonLat(525500, 182100)
    const body = (await check(lead, at)).json<Body>()
    const period = lastWholeMonths(new Date(), 3)
    expect(body.hotspots).toMatchObject({ ...period, sizeM: 250, exactCounts: true })
    const hs = await lead.get(`/api/v1/analysis/hotspots?size=250&from=${period.from}&to=${period.to}`)
    expect(hs.statusCode, hs.body).toBe(200)
    const hot = hs
      .json<{ features: Array<{ id: string; properties: { class: string } }> }>()
      .features.filter((f) => ['hot-95', 'hot-99'].includes(f.properties.class))
    expect(hot.length).toBeGreaterThan(0)
    const cells = hot.map((f) => f.id.split(':').slice(1).map(Number))
    const { rows } = await sql<{ d: number }>`
      select min(ST_Distance(hex_cell_geom(250, (e->>0)::int, (e->>1)::int), ST_SetSRID(ST_MakePoint(525500, 182100), 27700))) as d
      from jsonb_array_elements(${JSON.stringify(cells)}::jsonb) e`.execute(t.database.system)
    expect(body.hotspots.nearest!.distanceM).toBeCloseTo(Number(rows[0]!.d), 0)
    expect(body.hotspots.nearest!.distanceM).toBeGreaterThan(3000)
    expect(body.warnings.some((w) => w.code.includes('hotspot'))).toBe(false)
    // At the hotspot itself: inside, 0 m, warned; and the move stays... in Westminster, from Brent.
    const there = (await check(lead, await lonLat(HOT[0], HOT[1]))).json<Body>()
    expect(there.hotspots.nearest).toMatchObject({ distanceM: 0, inside: true })
    expect(['hot-95', 'hot-99']).toContain(there.hotspots.nearest!.class)
    expect(there.warnings.map((w) => w.code)).toContain('inside-hotspot')
    // 400 m east of the hot cell's centre: closer than 500 m to some hot cell, so warned as near.
    const near = (await check(lead, await lonLat(HOT[0] + 900, HOT[1]))).json<Body>()
    if (near.hotspots.nearest!.distanceM > 0 && near.hotspots.nearest!.distanceM < 500) expect(near.warnings.map((w) => w.code)).toContain('near-hotspot')
    else expect(near.warnings.map((w) => w.code)).not.toContain('near-hotspot')
  })

  it('compares with the latest relocation_from location when there is one', async () => {
    await sql`insert into referral_locations (referral_id, kind, geom, observed_on, precision)
              values (${referralId}::uuid, 'relocation_from', ST_SetSRID(ST_MakePoint(526500, 182000), 27700), '2026-09-05', 'street')`.execute(
      t.database.system,
    )
    const body = (await check(caseworker, await lonLat(525500, 182100))).json<Body>()
    expect(body.origin).toEqual({ kind: 'relocation_from', borough: { code: WESTMINSTER, name: 'Westminster' } })
    expect(body.crossesBoroughs).toBe(false)
    // A caseworker's hotspots run on disclosure-controlled counts.
    expect(body.hotspots.exactCounts).toBe(false)
  })

  it("is for the referral's lead and caseworker only, and is audited", async () => {
    const dest = await lonLat(525500, 182100)
    expect((await check(caseworker, dest)).statusCode).toBe(200)
    for (const who of ['caseworkerA2', 'leadB'] as const) {
      const res = await check(await t.world.as(who), dest)
      expect(res.statusCode, who).toBe(404)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
    }
    for (const who of ['commissionerA', 'partner', 'adminA'] as const) expect((await check(await t.world.as(who), dest)).statusCode, who).toBe(403)
    expect((await check(t.world.anonymous, dest)).statusCode).toBe(401)
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from audit_log where action = 'referrals.read' and detail->>'relocationCheck' = 'true' and detail->>'referral' = ${referralId}`.execute(
      t.database.system,
    )
    expect(rows[0]!.n).toBeGreaterThanOrEqual(6)
  })

  it('refuses bad input with a problem naming the field', async () => {
    const outside = await check(lead, { lon: -1.5, lat: 52.4 })
    expect(outside.statusCode).toBe(400)
    expect(outside.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('destination')
    expect((await check(lead, await lonLat(525500, 182100), '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    for (const payload of [
      { referralId: 'not-a-uuid', destination: { lon: -0.19, lat: 51.52 } },
      { referralId, destination: { lon: -0.19 } },
      { referralId, destination: { lon: 200, lat: 51.52 } },
      { referralId },
    ]) {
      const res = await lead.post('/api/v1/relocation-check', payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
    }
  })

  it('reads its warning distance from RELOCATION_WARN_M', () => {
    expect(loadConfig({}).relocationWarnM).toBe(500)
    expect(loadConfig({ RELOCATION_WARN_M: '250' }).relocationWarnM).toBe(250)
    expect(() => loadConfig({ RELOCATION_WARN_M: '-1' })).toThrow(/RELOCATION_WARN_M/)
  })
})
