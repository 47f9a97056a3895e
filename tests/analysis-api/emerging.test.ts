import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emergingHotspots } from '../../server/analysis/emerging.js'
import { seedReferrals, BRENT } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { currentMonth, monthsBetween, previousMonth } from '../../server/analysis-data/months.js'
import { londonToday } from '../../server/referrals/validation.js'

/**
 * Emerging hotspots end to end (HTTP → analysis_hex_month_counts and the study area → the
 * statistics core), on the suite's backend: every cell's monthly counts, z series and pattern equal
 * the statistics core's run on a direct monthly count with the owner's connection; a place quiet
 * until the final month is "new", one busy in the final month and one earlier month is "sporadic".
 */

const SIZE = 500
const RANGE = 'from=2025-07&to=2026-06'
const MONTHS = ['2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']
const BROMLEY = 'E09000006'
const HAVERING = 'E09000016'

let t: TestApp
let lead: Client
const cellOf: Record<string, string> = {}

interface Feature {
  id: string
  geometry: { type: string }
  properties: {
    id: string
    pattern: string
    polarity: string | null
    count: number
    hotMonths: number
    coldMonths: number
    trend: { tested: boolean; s: number; z: number; p: number }
    counts: number[]
    z: number[]
    classes: string[]
  }
}
interface Body {
  months: string[]
  partialMonth: string | null
  partialIncluded: boolean
  n: number
  band: number
  fdr: boolean
  patterns: { hot: Record<string, number>; cold: Record<string, number> }
  features: Feature[]
}

/** `n` referrals of organisation A at the inner point of borough `code`, each an incident on `day`. */
async function plant(tag: string, code: string, n: number, day: string) {
  await sql`
    with r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${t.world.orgs.A}::uuid, (select id from programmes where slug = 'mentoring'), ${tag} || '-' || i, 'at_risk', '16-17', ${BRENT}, ${day}::date, false, true
      from generate_series(1, ${n}::int) i returning id
    )
    insert into referral_locations (referral_id, kind, geom, observed_on, precision)
    select r.id, 'incident', (select ST_PointOnSurface(geom) from areas where kind = 'borough' and code = ${code} and valid_to is null), ${day}::date, 'exact' from r`.execute(
    t.database.system,
  )
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Quiet until the final month, then busy: new.
  await plant('EMERGE-NEW', BROMLEY, 20, '2026-06-15')
  // Busy in October and in the final month, quiet otherwise: sporadic.
  await plant('EMERGE-SPOR-1', HAVERING, 20, '2025-10-15')
  await plant('EMERGE-SPOR-2', HAVERING, 20, '2026-06-15')
  for (const code of [BROMLEY, HAVERING]) {
    cellOf[code] = (
      await sql<{
        id: string
      }>`select hex_cell_id(ST_PointOnSurface(geom), ${SIZE}::int) as id from areas where kind = 'borough' and code = ${code} and valid_to is null`.execute(
        t.database.system,
      )
    ).rows[0]!.id
  }
  lead = await t.world.as('leadA')
}, 300_000)
afterAll(() => t?.close())

describe('GET /api/v1/analysis/emerging', () => {
  let body: Body
  beforeAll(async () => {
    const res = await lead.get(`/api/v1/analysis/emerging?${RANGE}&size=${SIZE}&all=true`)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/)
    body = res.json<Body>()
  }, 120_000)

  it('equals the statistics core run on a direct monthly count', async () => {
    expect(body.months).toEqual(MONTHS)
    const { rows: area } = await sql<{
      id: string
    }>`select 'H' || ${SIZE}::int || ':' || cell_q || ':' || cell_r as id from analysis_study_area(${SIZE}::int, null)`.execute(t.database.system)
    expect(body.n).toBe(area.length)
    expect(body.features).toHaveLength(area.length)
    const inArea = new Set(area.map((r) => r.id))
    const { rows } = await sql<{ m: string; id: string; n: number }>`
      select to_char(l.observed_on, 'YYYY-MM') as m, hex_cell_id(l.geom, ${SIZE}::int) as id, count(distinct l.referral_id)::int as n
      from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.observed_on >= '2025-07-01' and l.observed_on < '2026-07-01'
      group by 1, 2`.execute(t.database.system)
    const monthly = MONTHS.map(() => new Map<string, number>())
    for (const r of rows) if (inArea.has(r.id)) monthly[MONTHS.indexOf(r.m)]!.set(r.id, Number(r.n))
    const want = new Map(
      emergingHotspots(
        area.map((r) => r.id),
        monthly,
      ).map((c) => [c.id, c]),
    )
    let patterned = 0
    for (const f of body.features) {
      const w = want.get(f.id)!
      expect(f.properties.counts, f.id).toEqual(monthly.map((m) => m.get(f.id) ?? 0))
      expect(f.properties.pattern, f.id).toBe(w.pattern)
      expect(f.properties.classes).toEqual(w.classes)
      for (const [i, z] of f.properties.z.entries()) expect(z).toBeCloseTo(w.z[i]!, 5)
      expect(f.properties.trend.s).toBe(w.trend?.s ?? 0)
      expect(f.properties.trend.tested).toBe(w.trend !== null)
      if (w.pattern !== 'none') patterned++
    }
    const total = Object.values(body.patterns.hot).reduce((s, x) => s + x, 0) + Object.values(body.patterns.cold).reduce((s, x) => s + x, 0)
    expect(total).toBe(patterned)
  })

  it('classes a place quiet until the final month as new, and one busy now and once before as sporadic', () => {
    const fresh = body.features.find((f) => f.id === cellOf[BROMLEY])!
    expect(fresh.properties).toMatchObject({ pattern: 'new', polarity: 'hot', hotMonths: 1, count: 20 })
    expect(fresh.properties.classes.at(-1)).toMatch(/^hot-/)
    const sporadic = body.features.find((f) => f.id === cellOf[HAVERING])!
    expect(sporadic.properties).toMatchObject({ pattern: 'sporadic', polarity: 'hot', hotMonths: 2, coldMonths: 0, count: 40 })
    expect(body.patterns.hot.new).toBeGreaterThanOrEqual(1)
    expect(body.patterns.hot.sporadic).toBeGreaterThanOrEqual(1)
  })

  it('returns only patterned cells by default', async () => {
    const res = await lead.get(`/api/v1/analysis/emerging?${RANGE}&size=${SIZE}`)
    expect(res.statusCode).toBe(200)
    const b = res.json<Body>()
    expect(b.features.length).toBe(body.features.filter((f) => f.properties.pattern !== 'none').length)
    expect(b.features.every((f) => f.properties.pattern !== 'none' && f.geometry.type === 'Polygon')).toBe(true)
  })

  it('is for leads only; sizes, bands and spans are checked naming the parameter', async () => {
    for (const who of ['commissionerA', 'caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get(`/api/v1/analysis/emerging?${RANGE}&size=${SIZE}`)).statusCode, who).toBe(403)
    }
    for (const [q, field] of [
      [`${RANGE}&size=50`, 'size'],
      [`${RANGE}`, 'size'],
      [`${RANGE}&size=${SIZE}&band=4`, 'band'],
      [`from=2026-05&to=2026-06&size=${SIZE}`, 'to'],
      [`from=2023-01&to=2026-06&size=${SIZE}`, 'to'],
      [`from=2026-06&to=2026-01&size=${SIZE}`, 'to'],
    ] as const) {
      const res = await lead.get(`/api/v1/analysis/emerging?${q}`)
      expect(res.statusCode, q).toBe(400)
      expect(res.json<{ errors: Array<{ field: string }> }>().errors[0]!.field, q).toBe(field)
    }
  })
  it('leaves the current, partial month out unless partial=true, and says which month that is', async () => {
    const now = currentMonth()
    let from = now
    for (let i = 0; i < 5; i++) from = previousMonth(from)
    await plant('EMERGE-NOW', BROMLEY, 3, londonToday())
    const res = await lead.get(`/api/v1/analysis/emerging?from=${from}&to=${now}&size=${SIZE}&all=true`)
    expect(res.statusCode, res.body).toBe(200)
    const b = res.json<Body>()
    expect(b.months).toEqual(monthsBetween(from, previousMonth(now)))
    expect(b).toMatchObject({ partialMonth: now, partialIncluded: false })
    const withPartial = (await lead.get(`/api/v1/analysis/emerging?from=${from}&to=${now}&size=${SIZE}&all=true&partial=true`)).json<Body>()
    expect(withPartial.months).toEqual(monthsBetween(from, now))
    expect(withPartial.partialIncluded).toBe(true)
    expect(withPartial.features.find((f) => f.id === cellOf[BROMLEY])!.properties.counts.at(-1)).toBeGreaterThanOrEqual(3)
    // Whole months only: a range of three months ending in the current one is two whole months, refused.
    const short = await lead.get(`/api/v1/analysis/emerging?from=${previousMonth(previousMonth(now))}&to=${now}&size=${SIZE}`)
    expect(short.statusCode).toBe(400)
    expect(short.json<{ errors: Array<{ field: string; message: string }> }>().errors[0]).toMatchObject({ field: 'to' })
  })
})
