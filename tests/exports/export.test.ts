import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../server/db/scoped.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { seedReferrals } from '../access/seed.js'
import type { TestFeatureCollection } from '../helpers/geojson.js'

/**
 * Issue 6, exports: RFC 7946 GeoJSON and CSV of referral locations, by role — exact for the
 * organisation's lead and a caseworker's caseload, generalised cells under the agreement for a
 * partner, refused to commissioners and admins — restricted referrals never, every export audited.
 */

let t: TestApp
const GEOJSON = '/api/v1/exports/referrals.geojson'
const CSV = '/api/v1/exports/referrals.csv'

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs, { countA: 300, countB: 20 })
  // A third of org A's referrals on caseworkerA's caseload.
  await sql`update referrals set caseworker_id = ${t.world.users.caseworkerA}
            where organisation_id = ${t.world.orgs.A} and external_id like 'SEED-A-%' and right(external_id, 1) in ('1', '4', '7')`.execute(t.database.system)
})
afterAll(() => t?.close())

/** Located events of org A's referrals that are not restricted, by the owner's connection (no RLS). */
async function expectedIds(extra = sql`true`): Promise<Set<string>> {
  const { rows } = await sql<{ id: string }>`
    select l.id from referral_locations l join referrals r on r.id = l.referral_id join programmes p on p.id = r.programme_id
    where r.organisation_id = ${t.world.orgs.A} and not r.restricted and ${extra}`.execute(t.database.system)
  return new Set(rows.map((r) => r.id))
}

const decimals = (x: number) => (String(x).split('.')[1] ?? '').length

/** The export audit rows, once the newest is no longer a `started` one (the closing row follows the body's end). */
async function auditRows(exportId?: string) {
  for (let i = 0; i < 100; i++) {
    const { rows: [last] } = await sql<{ status: string }>`select detail->>'status' as status from audit_log where action = 'exports.download' order by id desc limit 1`.execute(t.database.system)
    if (last?.status !== 'started') break
    await new Promise((r) => setTimeout(r, 50))
  }
  const { rows } = await sql<{ detail: { exportId: string; status: string; format: string; level: string; filter: Record<string, unknown> }; row_count: number | null; role: string; user_id: string | null }>`
    select detail, row_count::int as row_count, role, user_id from audit_log where action = 'exports.download' order by id`.execute(t.database.system)
  return exportId ? rows.filter((r) => r.detail.exportId === exportId) : rows
}

describe('exact exports (leads, caseworkers)', () => {
  it('a lead gets every unrestricted location of the organisation as RFC 7946 GeoJSON, audited with the count', async () => {
    const lead = await t.world.as('leadA')
    const res = await lead.get(GEOJSON)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="referrals-\d{4}-\d{2}-\d{2}\.geojson"$/)
    const fc = JSON.parse(res.body) as TestFeatureCollection & { crs?: unknown }
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.crs).toBeUndefined()
    expect(fc.attribution).toContain('Crown copyright')
    const expected = await expectedIds()
    expect(expected.size).toBeGreaterThan(300)
    expect(new Set(fc.features.map((f) => f.id))).toEqual(expected)
    expect(fc.features).toHaveLength(expected.size)
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Point')
      const [lon, lat] = f.geometry.coordinates as [number, number]
      // lon, lat order (London: lon around −0.2, lat around 51.5), at most 6 decimals
      expect(lon).toBeGreaterThan(-0.6)
      expect(lon).toBeLessThan(0.4)
      expect(lat).toBeGreaterThan(51.2)
      expect(lat).toBeLessThan(51.8)
      expect(decimals(lon)).toBeLessThanOrEqual(6)
      expect(decimals(lat)).toBeLessThanOrEqual(6)
      expect(f.properties.externalId).toMatch(/^SEED-A-/)
    }
    // The coordinates are the stored point, to 6 decimals.
    const one = fc.features[0]!
    const { rows } = await sql<{ lon: number; lat: number }>`
      select ST_X(p) as lon, ST_Y(p) as lat from (select ST_Transform(geom, 4326) p from referral_locations where id = ${one.id}) s`.execute(t.database.system)
    expect((one.geometry.coordinates as number[])[0]).toBeCloseTo(rows[0]!.lon, 6)
    expect((one.geometry.coordinates as number[])[1]).toBeCloseTo(rows[0]!.lat, 6)

    const audited = await auditRows()
    const last = audited[audited.length - 1]!
    expect(last.detail).toMatchObject({ status: 'complete', format: 'geojson', level: 'exact' })
    expect(last.row_count).toBe(expected.size)
    expect(last.role).toBe('lead')
    expect(last.user_id).toBe(t.world.users.leadA)
    const started = await auditRows(last.detail.exportId)
    expect(started.map((r) => r.detail.status)).toEqual(['started', 'complete'])
  })

  it('never exports a restricted referral', async () => {
    const { rows } = await sql<{ id: string }>`select id from referrals where restricted and organisation_id = ${t.world.orgs.A}`.execute(t.database.system)
    expect(rows.length).toBeGreaterThan(0)
    const body = (await (await t.world.as('leadA')).get(GEOJSON)).body
    for (const r of rows) expect(body).not.toContain(r.id)
  })

  it('applies the referral list filters', async () => {
    const lead = await t.world.as('leadA')
    const fc = (await lead.get(`${GEOJSON}?programme=family-support&ageBand=16-17`)).json() as TestFeatureCollection
    const expected = await expectedIds(sql`p.slug = 'family-support' and r.age_band = '16-17'`)
    expect(expected.size).toBeGreaterThan(0)
    expect(new Set(fc.features.map((f) => f.id))).toEqual(expected)
    const multi = (await lead.get(`${GEOJSON}?multiBorough=true&from=2026-02-01&to=2026-04-30`)).json() as TestFeatureCollection
    const expectedMulti = await expectedIds(sql`r.opened_on between '2026-02-01' and '2026-04-30' and exists (
      select 1 from referral_locations a join referral_locations b on a.referral_id = b.referral_id
      where a.referral_id = r.id and a.borough_code <> b.borough_code)`)
    expect(expectedMulti.size).toBeGreaterThan(0)
    expect(new Set(multi.features.map((f) => f.id))).toEqual(expectedMulti)
  })

  it('a caseworker gets their caseload only', async () => {
    const cw = await t.world.as('caseworkerA')
    const fc = (await cw.get(GEOJSON)).json() as TestFeatureCollection
    const expected = await expectedIds(sql`r.caseworker_id = ${t.world.users.caseworkerA}`)
    expect(expected.size).toBeGreaterThan(0)
    expect(new Set(fc.features.map((f) => f.id))).toEqual(expected)
    const other = (await (await t.world.as('caseworkerA2')).get(GEOJSON)).json() as TestFeatureCollection
    expect(other.features).toHaveLength(0)
  })

  it('CSV parses, with a header, the same rows and 6-decimal lon/lat', async () => {
    const lead = await t.world.as('leadA')
    const res = await lead.get(CSV)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.headers['content-disposition']).toMatch(/filename="referrals-.*\.csv"/)
    const records = parse(res.body, { columns: true }) as Array<Record<string, string>>
    const expected = await expectedIds()
    expect(new Set(records.map((r) => r.id))).toEqual(expected)
    expect(records).toHaveLength(expected.size)
    expect(Object.keys(records[0]!).slice(0, 5)).toEqual(['id', 'lon', 'lat', 'referralId', 'externalId'])
    for (const r of records) {
      expect(r.lon).toMatch(/^-?\d+\.\d{6}$/)
      expect(r.lat).toMatch(/^51\.\d{6}$/)
    }
    const audited = await auditRows()
    expect(audited[audited.length - 1]).toMatchObject({ row_count: expected.size, detail: { format: 'csv', status: 'complete' } })
  })

  it('another organisation\'s lead gets none of A\'s rows', async () => {
    const fc = (await (await t.world.as('leadB')).get(GEOJSON)).json() as TestFeatureCollection
    expect(fc.features.length).toBeGreaterThan(0)
    for (const f of fc.features) expect(f.properties.externalId).toMatch(/^SEED-B-/)
  })

  it('refuses generalisation options on an exact export, and a bad filter, as problem+json', async () => {
    const lead = await t.world.as('leadA')
    for (const url of [`${GEOJSON}?cell=500`, `${GEOJSON}?by=programme`, `${GEOJSON}?ageBand=99`, `${CSV}?nonsense=1`, `${GEOJSON}?from=2026-05-01&to=2026-01-01`]) {
      const res = await lead.get(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
  })
})

describe('generalised exports (partners)', () => {
  /** What the agreement allows, computed independently: org A, Brent and Westminster, no victims, not restricted, ≥ 5 per 250 m cell. */
  async function expectedCells(by = sql``) {
    const { rows } = await sql<{ x: number; y: number; n: number }>`
      select (floor(ST_X(l.geom) / 250) + 0.5) * 250 as x, (floor(ST_Y(l.geom) / 250) + 0.5) * 250 as y, count(distinct r.id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id join programmes p on p.id = r.programme_id
      where r.organisation_id = ${t.world.orgs.A} and not r.restricted and r.subject_role = 'at_risk'
        and l.borough_code in ('E09000005', 'E09000033')
      group by 1, 2 ${by} having count(distinct r.id) >= 5`.execute(t.database.system)
    return rows
  }

  it('a partner (token or session) gets cell centres with at least k referrals, no exact point, no reference', async () => {
    for (const partner of [t.world.withToken(t.world.partnerToken), await t.world.as('partner')]) {
      const res = await partner.get(GEOJSON)
      expect(res.statusCode).toBe(200)
      const fc = res.json() as TestFeatureCollection
      const expected = await expectedCells()
      expect(expected.length).toBeGreaterThan(0)
      expect(fc.features).toHaveLength(expected.length)
      const { rows: centres } = await sql<{ x: number; y: number }>`
        select ST_X(p) as x, ST_Y(p) as y from (
          select ST_Transform(ST_SetSRID(ST_MakePoint(c[1], c[2]), 4326), 27700) p
          from jsonb_to_recordset(${JSON.stringify(fc.features.map((f) => ({ c: f.geometry.coordinates })))}::jsonb) as x(c float8[])) s`.execute(t.database.system)
      const got = centres.map((c, i) => `${Math.round(c.x)}:${Math.round(c.y)}:${fc.features[i]!.properties.referrals}`).sort()
      expect(got).toEqual(expected.map((e) => `${e.x}:${e.y}:${e.n}`).sort())
      for (const f of fc.features) {
        expect(Object.keys(f.properties).sort()).toEqual(['cellM', 'referrals'])
        expect(f.properties.referrals as number).toBeGreaterThanOrEqual(5)
      }
      expect(res.body).not.toMatch(/SEED-A|externalId|referralId/)
    }
  })

  it('breaks down by the fields the agreement lists, and refuses those it does not', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const fc = (await partner.get(`${GEOJSON}?by=programme`)).json() as TestFeatureCollection
    const expected = await expectedCells(sql`, p.slug`)
    expect(fc.features).toHaveLength(expected.length)
    for (const f of fc.features) expect(Object.keys(f.properties).sort()).toEqual(['cellM', 'programme', 'referrals'])

    const csv = parse((await partner.get(`${CSV}?by=programme,ageBand&from=2026-01-01&to=2026-06-30&cell=500`)).body, { columns: true }) as Array<Record<string, string>>
    expect(Object.keys(csv[0] ?? { id: 1, lon: 1, lat: 1, cellM: 1, referrals: 1, programme: 1, ageBand: 1 })).toEqual(['id', 'lon', 'lat', 'cellM', 'referrals', 'programme', 'ageBand'])
    for (const r of csv) expect(Number(r.referrals)).toBeGreaterThanOrEqual(5)

    for (const [url, status] of [
      [`${GEOJSON}?by=subjectRole`, 403], [`${GEOJSON}?subjectRole=victim`, 403], [`${GEOJSON}?status=open`, 403],
      [`${GEOJSON}?multiBorough=true`, 403], [`${GEOJSON}?borough=E09000005`, 403],
      [`${GEOJSON}?from=2026-01-15`, 400], [`${GEOJSON}?to=2026-03-30`, 400], [`${GEOJSON}?by=colour`, 400],
    ] as const) {
      const res = await partner.get(url)
      expect(res.statusCode, url).toBe(status)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    const audited = await auditRows()
    expect(audited.filter((r) => r.role === 'partner' && r.detail.status === 'complete').every((r) => r.detail.level === 'generalised')).toBe(true)
  })

  it('refuses a partner whose agreement is aggregate-only', async () => {
    await sql`update agreements set level = 'aggregate' where id = ${t.world.agreementId}`.execute(t.database.system)
    try {
      const res = await t.world.withToken(t.world.partnerToken).get(GEOJSON)
      expect(res.statusCode).toBe(403)
    } finally {
      await sql`update agreements set level = 'generalised' where id = ${t.world.agreementId}`.execute(t.database.system)
    }
  })

  it('the database itself refuses a partner a field or filter the agreement does not list', async () => {
    const partner = { userId: null, organisationId: t.world.orgs.P, role: 'partner' as const, boroughs: ['E09000005', 'E09000033'], agreementId: t.world.agreementId }
    const call = (by: string[], subjectRole: string | null) => withActor(t.database.db, partner, (trx) =>
      sql`select count(*) from export_generalised(250, ${by}::text[], null, null, null, null, null, ${subjectRole}::text)`.execute(trx))
    await expect(call(['programme'], null)).resolves.toBeDefined()
    await expect(call(['subjectRole'], null)).rejects.toThrow(/does not allow/)
    await expect(call([], 'victim')).rejects.toThrow(/does not allow/)
    await expect(sql`select * from export_generalised(250, '{}'::text[], null, null, null, null)`.execute(t.database.system)).rejects.toThrow(/no acting user/)
  })
})

describe('who may not export', () => {
  it('commissioners, admins and anonymous callers get no records', async () => {
    expect((await (await t.world.as('commissionerA')).get(GEOJSON)).statusCode).toBe(403)
    expect((await (await t.world.as('adminA')).get(CSV)).statusCode).toBe(403)
    expect((await t.world.anonymous.get(GEOJSON)).statusCode).toBe(401)
  })
})
