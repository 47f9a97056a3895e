import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withActor } from '../../server/db/scoped.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { problemOf, publish, scopedLocations, trueCells, DEFAULT_NOISE } from '../helpers/ckm.js'
import { seedReferrals } from '../access/seed.js'
import type { TestFeatureCollection } from '../helpers/geojson.js'

/**
 * Exports: RFC 7946 GeoJSON and CSV of referral locations, by role — exact for the
 * organisation's lead and a caseworker's caseload, generalised cells under the agreement for a
 * partner (the agreement's cell size and fields, a fixed observation period, each cell's count exactly
 * the cell-key method's published value — tests/helpers/ckm.ts), refused to commissioners and
 * admins — restricted referrals never, every export audited.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
/** A partner's observation period: a fixed one (the first calendar quarter of 2026). */
const Q1 = 'from=2026-01-01&to=2026-03-31'

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
/**
 * The exports' audit rows, once the export named (else the newest) has its closing row: the
 * response ends before the transaction that writes that row commits.
 */
async function auditRows(exportId?: string) {
  for (let i = 0; i < 100; i++) {
    const {
      rows: [last],
    } = await sql<{ status: string }>`select detail->>'status' as status from audit_log where action = 'exports.download'
      and (${exportId ?? null}::text is null or detail->>'exportId' = ${exportId ?? null}::text) order by id desc limit 1`.execute(t.database.system)
    if (last && last.status !== 'started') break
    await new Promise((r) => setTimeout(r, 50))
  }
  const { rows } = await sql<{
    detail: { exportId: string; status: string; format: string; level: string; filter: Record<string, unknown> }
    row_count: number | null
    role: string
    user_id: string | null
  }>`
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
    const exportId = String(res.headers['x-export-id'])
    const audited = await auditRows(exportId)
    expect(audited.map((r) => r.detail.status)).toEqual(['started', 'complete'])
    expect(audited[audited.length - 1]).toMatchObject({ row_count: expected.size, detail: { format: 'csv', status: 'complete' } })
  })

  it("another organisation's lead gets none of A's rows", async () => {
    const fc = (await (await t.world.as('leadB')).get(GEOJSON)).json() as TestFeatureCollection
    expect(fc.features.length).toBeGreaterThan(0)
    for (const f of fc.features) expect(f.properties.externalId).toMatch(/^SEED-B-/)
  })

  it('refuses generalisation options on an exact export, and a bad filter, as problem+json', async () => {
    const lead = await t.world.as('leadA')
    for (const url of [
      `${GEOJSON}?cell=500`,
      `${GEOJSON}?by=programme`,
      `${GEOJSON}?ageBand=99`,
      `${CSV}?nonsense=1`,
      `${GEOJSON}?from=2026-05-01&to=2026-01-01`,
    ]) {
      const res = await lead.get(url)
      expect(res.statusCode, url).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
  })
})

describe('generalised exports (partners)', () => {
  /**
   * What the agreement allows, computed independently: org A, Brent and Westminster, no victims, not
   * restricted, located events observed in [from, until), per 250 m cell (and breakdown value): the
   * published value of each cell's set of referrals, cells published as 0 left out.
   */
  async function expectedCells(from = '2026-01-01', until = '2026-04-01', by: 'programme' | null = null) {
    const truth = await trueCells(
      t.database.system,
      sql`
      select ((floor(ST_X(s.geom) / 250) + 0.5) * 250)::text || ':' || ((floor(ST_Y(s.geom) / 250) + 0.5) * 250)::text
             || ${by === 'programme' ? sql`':' || s.programme` : sql`''`} as cell, s.referral_id
      from (${scopedLocations({ org: t.world.orgs.A, boroughs: ['E09000005', 'E09000033'], victims: false }, from, until)}) s`,
    )
    const cells = [...truth].map(([cell, c]) => ({ cell, n: publish(c.n, c.key, K, D), trueN: c.n }))
    return { shown: cells.filter((c) => c.n > 0), small: cells.filter((c) => c.trueN >= 1 && c.trueN < K).length }
  }

  /** A feature's centre in BNG, rounded to the metre, with its breakdown values: `x:y[:programme]`. */
  async function centres(fc: TestFeatureCollection, by: 'programme' | null = null): Promise<string[]> {
    const { rows } = await sql<{ x: number; y: number }>`
      select ST_X(p) as x, ST_Y(p) as y from (
        select ST_Transform(ST_SetSRID(ST_MakePoint(c[1], c[2]), 4326), 27700) p, i
        from jsonb_to_recordset(${JSON.stringify(fc.features.map((f, i) => ({ i, c: f.geometry.coordinates })))}::jsonb) as x(i int, c float8[])) s
      order by i`.execute(t.database.system)
    return rows.map(
      (c, i) => `${Math.round(c.x)}:${Math.round(c.y)}${by ? `:${String(fc.features[i]!.properties[by])}` : ''}:${fc.features[i]!.properties.referrals}`,
    )
  }

  it("a partner (token or session) gets the agreement's cells with their published counts for a fixed period, no exact point, no reference", async () => {
    // Record keys are drawn at random per referral, so a month of few referrals may publish every
    // cell as 0 in one draw: the cases below must include shown and small cells over both periods.
    let shownCells = 0
    let smallCells = 0
    for (const partner of [t.world.withToken(t.world.partnerToken), await t.world.as('partner')]) {
      for (const [q, from, until] of [
        [Q1, '2026-01-01', '2026-04-01'],
        ['from=2026-05-01&to=2026-05-31', '2026-05-01', '2026-06-01'],
      ] as const) {
        const res = await partner.get(`${GEOJSON}?${q}`)
        expect(res.statusCode, res.body).toBe(200)
        const fc = res.json() as TestFeatureCollection
        const { shown, small } = await expectedCells(from, until)
        shownCells += shown.length
        smallCells += small
        expect((await centres(fc)).sort(), q).toEqual(shown.map((e) => `${e.cell}:${e.n}`).sort())
        for (const f of fc.features) {
          expect(Object.keys(f.properties).sort()).toEqual(['cellM', 'referrals'])
          expect(f.properties.cellM).toBe(250)
          expect(f.properties.referrals as number).toBeGreaterThanOrEqual(K)
        }
        expect(res.body).not.toMatch(/SEED-A|externalId|referralId/)
      }
    }
    expect(shownCells).toBeGreaterThan(0)
    expect(smallCells).toBeGreaterThan(0)
  })

  it('breaks down by the fields the agreement lists, and refuses those it does not', async () => {
    const partner = t.world.withToken(t.world.partnerToken)
    const fc = (await partner.get(`${GEOJSON}?by=programme&${Q1}`)).json() as TestFeatureCollection
    const { shown } = await expectedCells('2026-01-01', '2026-04-01', 'programme')
    expect((await centres(fc, 'programme')).sort()).toEqual(shown.map((e) => `${e.cell}:${e.n}`).sort())
    for (const f of fc.features) expect(Object.keys(f.properties).sort()).toEqual(['cellM', 'programme', 'referrals'])

    const csvRes = await partner.get(`${CSV}?by=programme,ageBand&from=2025-04-01&to=2026-03-31`)
    expect(csvRes.statusCode, csvRes.body).toBe(200)
    const csv = parse(csvRes.body, { columns: true }) as Array<Record<string, string>>
    expect(csv.length).toBeGreaterThan(0)
    expect(Object.keys(csv[0]!)).toEqual(['id', 'lon', 'lat', 'cellM', 'referrals', 'programme', 'ageBand'])
    for (const r of csv) {
      expect(Number(r.referrals)).toBeGreaterThanOrEqual(K)
      expect(r.cellM).toBe('250')
    }

    for (const [url, status, field] of [
      [`${GEOJSON}?by=subjectRole&${Q1}`, 403, 'by'],
      [`${GEOJSON}?subjectRole=victim&${Q1}`, 403, 'subjectRole'],
      [`${GEOJSON}?status=open&${Q1}`, 403, 'status'],
      [`${GEOJSON}?multiBorough=true&${Q1}`, 403, 'multiBorough'],
      [`${GEOJSON}?borough=E09000005&${Q1}`, 403, 'borough'],
      // The agreement's cell size (250 m) only.
      [`${GEOJSON}?cell=500&${Q1}`, 403, 'cell'],
      [`${CSV}?cell=1000&${Q1}`, 403, 'cell'],
      // A period is required, whole months, and a fixed one (a month, a calendar quarter, a financial year).
      [GEOJSON, 400, 'from'],
      [`${GEOJSON}?from=2026-01-01`, 400, 'from'],
      [`${GEOJSON}?from=2026-01-15&to=2026-03-31`, 400, 'from'],
      [`${GEOJSON}?from=2026-01-01&to=2026-03-30`, 400, 'to'],
      [`${GEOJSON}?from=2026-01-01&to=2026-06-30`, 400, 'from'],
      [`${GEOJSON}?from=2026-02-01&to=2026-04-30`, 400, 'from'],
      [`${CSV}?from=2025-01-01&to=2025-12-31`, 400, 'from'],
      [`${GEOJSON}?by=colour&${Q1}`, 400, 'by'],
    ] as const) {
      const res = await partner.get(url)
      const p = problemOf(res)
      expect(p.status, `${url}: ${res.body}`).toBe(status)
      expect(p.fields, url).toContain(field)
    }
    const audited = await auditRows()
    expect(audited.filter((r) => r.role === 'partner' && r.detail.status === 'complete').every((r) => r.detail.level === 'generalised')).toBe(true)
  })

  it("takes the agreement's cell size as the default, and only it", async () => {
    await sql`update agreements set cell_m = 500 where id = ${t.world.agreementId}`.execute(t.database.system)
    try {
      const partner = t.world.withToken(t.world.partnerToken)
      const res = await partner.get(`${GEOJSON}?${Q1}`)
      expect(res.statusCode, res.body).toBe(200)
      const fc = res.json() as TestFeatureCollection
      expect(fc.features.length).toBeGreaterThan(0)
      for (const f of fc.features) {
        expect(f.properties.cellM).toBe(500)
        expect(String(f.id)).toMatch(/^G500:/)
      }
      expect(problemOf(await partner.get(`${GEOJSON}?cell=250&${Q1}`)).status).toBe(403)
      expect((await partner.get(`${GEOJSON}?cell=500&${Q1}`)).statusCode).toBe(200)
    } finally {
      await sql`update agreements set cell_m = 250 where id = ${t.world.agreementId}`.execute(t.database.system)
    }
  })

  it('refuses a partner whose agreement is aggregate-only', async () => {
    await sql`update agreements set level = 'aggregate' where id = ${t.world.agreementId}`.execute(t.database.system)
    try {
      const res = await t.world.withToken(t.world.partnerToken).get(`${GEOJSON}?${Q1}`)
      expect(res.statusCode).toBe(403)
    } finally {
      await sql`update agreements set level = 'generalised' where id = ${t.world.agreementId}`.execute(t.database.system)
    }
  })

  it('the database itself refuses a partner a field, filter, cell size or period the agreement does not allow', async () => {
    const partner = {
      userId: null,
      organisationId: t.world.orgs.P,
      role: 'partner' as const,
      boroughs: ['E09000005', 'E09000033'],
      agreementId: t.world.agreementId,
    }
    const call = (by: string[], subjectRole: string | null, opts: { cell?: number; from?: string | null; until?: string | null } = {}) =>
      withActor(t.database.db, partner, (trx) =>
        sql`select count(*) from export_generalised(${opts.cell ?? 250}::integer, ${by}::text[], ${opts.from === undefined ? '2026-01-01' : opts.from}::date,
            ${opts.until === undefined ? '2026-04-01' : opts.until}::date, null, null, null, ${subjectRole}::text)`.execute(trx),
      )
    await expect(call(['programme'], null)).resolves.toBeDefined()
    await expect(call(['subjectRole'], null)).rejects.toThrow(/does not include the field "subjectRole"/)
    await expect(call([], 'victim')).rejects.toThrow(/does not include the field "subjectRole"/)
    await expect(call([], null, { cell: 500 })).rejects.toThrow(/cell size/)
    await expect(call([], null, { from: null, until: null })).rejects.toThrow(/period/)
    await expect(call([], null, { from: '2026-02-01', until: '2026-05-01' })).rejects.toThrow(/calendar quarter/)
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
