import { parse } from 'csv-parse/sync'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditRecoverable, type SuppressedTable } from '../../server/privacy/suppression.js'
import { BRENT, CAMDEN, seedReferrals, WESTMINSTER } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Issue 5, the funding report end to end (HTTP → SQL disclosure function → secondary suppression):
 * a hand-worked case per basis; a lead's figures equal an independent computation from the rows;
 * commissioners and partners see only their boroughs, never a referral count from 1 to k−1, and no
 * hidden number follows from what is shown; CSV mirrors JSON.
 */

const K = 5
const RANGE = 'from=2026-01&to=2026-06'

interface Row { borough: { code: string; name: string }; count: number | null; share: number | null; referrals: number | null; crossBorough: number | null; suppressed: boolean }
interface Report { basis: string; weight: number | null; from: string; to: string; k: number | null; rows: Row[]; totals: { count: number | null; referrals: number | null; crossBorough: number | null; suppressed: boolean } }

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
    from r cross join jsonb_to_recordset(${JSON.stringify(events.map(([kind, p]) => ({ kind, ...P[p] })))}::jsonb) as e(kind text, lon float8, lat float8)`.execute(t.database.system)
}

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  // Hand-worked: R1 lives in Brent, active in Westminster and Camden; R2 lives in Westminster, no
  // activity; R3 has no home, an incident in Brent. Outside the period: R4 (not counted).
  await plant('fund-hand', 'R1', 1, [['home', 'brent'], ['incident', 'westminster'], ['hangout', 'camden'], ['school', 'camden']])
  await plant('fund-hand', 'R2', 1, [['home', 'westminster']])
  await plant('fund-hand', 'R3', 1, [['incident', 'brent']])
  await plant('fund-hand', 'R4', 1, [['home', 'camden']], '2025-12-31')
  // For suppression: 7 single-borough Brent residents, 2 in Westminster (small), 6 cross-borough.
  await plant('fund-k', 'KB', 7, [['home', 'brent']])
  await plant('fund-k', 'KW', 2, [['home', 'westminster']])
  await plant('fund-k', 'KX', 6, [['home', 'brent'], ['incident', 'westminster']])
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 120_000)
afterAll(() => t?.close())

const get = async (c: Client, query: string) => {
  const res = await c.get(`/api/v1/reports/funding?${query}`)
  expect(res.statusCode, res.body).toBe(200)
  return res.json<Report>()
}
const byCode = (r: Report) => Object.fromEntries(r.rows.filter((x) => x.count !== 0 || x.referrals !== 0).map((x) => [x.borough.code, { count: x.count, referrals: x.referrals, crossBorough: x.crossBorough }]))

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
    for (const [basis, weight] of [['residence', 1], ['activity', 0], ['blend', 0.3]] as const) {
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
    const { rows: [nb] } = await sql<{ n: number }>`
      select count(distinct l.referral_id)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.B}::uuid and not r.restricted and l.kind = 'home' and l.borough_code is not null
        and l.observed_on >= '2026-01-01' and l.observed_on < '2026-07-01'`.execute(t.database.system)
    expect(b.totals.count).toBe(nb!.n)
  })
})

/** The table an aggregate reader sees, as the suppression module models it (single-borough cells derived where possible). */
function published(r: Report): SuppressedTable {
  const hidden = { count: null, suppressed: true as const }
  const shown = (count: number) => ({ count, suppressed: false as const })
  const cells = r.rows.flatMap((x) => [
    { area: x.borough.code, month: 'cross', ...(x.crossBorough === null ? hidden : shown(x.crossBorough)) },
    { area: x.borough.code, month: 'single', ...(x.crossBorough === null || x.referrals === null ? hidden : shown(x.referrals - x.crossBorough)) },
  ])
  const { referrals, crossBorough } = r.totals
  return {
    cells,
    totals: {
      ...(referrals === null ? hidden : shown(referrals)),
      areas: r.rows.map((x) => ({ area: x.borough.code, ...(x.referrals === null ? hidden : shown(x.referrals)) })),
      months: [
        { month: 'cross', ...(crossBorough === null ? hidden : shown(crossBorough)) },
        { month: 'single', ...(crossBorough === null || referrals === null ? hidden : shown(referrals - crossBorough)) },
      ],
    },
  }
}

function expectDisclosureSafe(r: Report) {
  expect(r.k).toBe(K)
  for (const x of [...r.rows, r.totals]) {
    for (const v of [x.referrals, x.crossBorough]) if (v !== null) expect(v === 0 || v >= K, JSON.stringify(x)).toBe(true)
    if (x.referrals === null) expect(x.count).toBeNull()
    if (x.count === null || x.referrals === null || x.crossBorough === null || ('share' in x && x.share === null)) expect(x.suppressed).toBe(true)
  }
  if (r.totals.count === null) expect(r.rows.every((x) => x.share === null)).toBe(true)
  expect(auditRecoverable(published(r), K)).toEqual([])
}

describe('GET /api/v1/reports/funding — disclosure control', () => {
  it('shows a commissioner only the boroughs in scope, never 1..k−1, and nothing recoverable', async () => {
    for (const basis of ['residence', 'activity', 'blend']) {
      for (const extra of ['', '&programme=fund-k', '&programme=relocation', '&programme=family-support']) {
        const r = await get(commissioner, `${RANGE}&basis=${basis}${extra}`)
        expect(r.rows.map((x) => x.borough.code).sort()).toEqual([BRENT, WESTMINSTER])
        expectDisclosureSafe(r)
      }
    }
    // Westminster's 2 residents are hidden, and so is enough else that 2 cannot be worked out.
    const k = await get(commissioner, `${RANGE}&basis=residence&programme=fund-k`)
    const w = k.rows.find((x) => x.borough.code === WESTMINSTER)!
    expect(w.suppressed).toBe(true)
    expect(w.referrals).toBeNull()
    expect(w.count).toBeNull()
    const b = k.rows.find((x) => x.borough.code === BRENT)!
    expect(b.referrals === null || k.totals.referrals === null).toBe(true)
    // The lead sees the same table exactly.
    const exact = await get(lead, `${RANGE}&basis=residence&programme=fund-k`)
    expect(byCode(exact)).toEqual({ [BRENT]: { count: 13, referrals: 13, crossBorough: 6 }, [WESTMINSTER]: { count: 2, referrals: 2, crossBorough: 0 } })
  })

  it('limits a partner to the agreement\'s boroughs (session and token), with its k', async () => {
    for (const c of [await t.world.as('partner'), t.world.withToken(t.world.partnerToken)]) {
      const r = await get(c, `${RANGE}&basis=blend`)
      expect(r.rows.map((x) => x.borough.code).sort()).toEqual([BRENT, WESTMINSTER])
      expectDisclosureSafe(r)
      expect(r.rows.some((x) => x.referrals !== null && x.referrals >= K)).toBe(true)
    }
  })

  it('admits leads, commissioners and partners only', async () => {
    for (const who of ['caseworkerA', 'adminA'] as const) {
      expect((await (await t.world.as(who)).get(`/api/v1/reports/funding?${RANGE}&basis=residence`)).statusCode).toBe(403)
    }
    expect((await t.world.anonymous.get(`/api/v1/reports/funding?${RANGE}&basis=residence`)).statusCode).toBe(401)
  })
})

describe('GET /api/v1/reports/funding — formats and input', () => {
  it('answers CSV for format=csv and for Accept: text/csv, mirroring the JSON', async () => {
    const json = await get(commissioner, `${RANGE}&basis=residence&programme=fund-k`)
    const viaFormat = await commissioner.get(`/api/v1/reports/funding?${RANGE}&basis=residence&programme=fund-k&format=csv`)
    const viaAccept = await commissioner.inject({ method: 'GET', url: `/api/v1/reports/funding?${RANGE}&basis=residence&programme=fund-k`, headers: { accept: 'text/csv' } })
    for (const res of [viaFormat, viaAccept]) {
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toMatch(/^text\/csv/)
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="funding-residence-2026-01-2026-06\.csv"/)
      expect(res.body.startsWith('borough_code,borough_name,count,share,referrals,cross_borough,suppressed\r\n')).toBe(true)
      expect(res.body).not.toMatch(/^#/m)
      const records = parse(res.body, { columns: true }) as Array<Record<string, string>>
      expect(records.length).toBe(json.rows.length + 1)
      json.rows.forEach((row, i) => {
        const rec = records[i]!
        expect(rec.borough_code).toBe(row.borough.code)
        expect(rec.borough_name).toBe(row.borough.name)
        expect(rec.count).toBe(row.count === null ? '' : String(row.count))
        expect(rec.referrals).toBe(row.referrals === null ? '' : String(row.referrals))
        expect(rec.cross_borough).toBe(row.crossBorough === null ? '' : String(row.crossBorough))
        expect(rec.suppressed).toBe(String(row.suppressed))
      })
      expect(records.at(-1)).toMatchObject({ borough_code: '', borough_name: 'Total', count: json.totals.count === null ? '' : String(json.totals.count) })
    }
    expect(viaFormat.body).toBe(viaAccept.body)
    // A suppressed value is an empty field.
    expect(viaFormat.body).toMatch(new RegExp(`^${WESTMINSTER},Westminster,,,,,true\\r$`, 'm'))
    // JSON stays the default; format=json wins over Accept.
    const plain = await commissioner.inject({ method: 'GET', url: `/api/v1/reports/funding?${RANGE}&basis=residence&format=json`, headers: { accept: 'text/csv' } })
    expect(plain.headers['content-type']).toMatch(/^application\/json/)
    // The CSV download is audited.
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'exports.download' and detail->>'report' = 'funding'`.execute(t.database.system)
    expect(rows[0]!.n).toBe(2)
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
