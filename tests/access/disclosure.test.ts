import { sql } from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken } from '../../server/auth/accounts.repository.js'
import { loadConfig } from '../../server/config.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { publish, DEFAULT_NOISE } from '../helpers/ckm.js'
import type { Client } from '../helpers/world.js'
import { BRENT, FILTERS, MONTHS, seedReferrals, WESTMINSTER } from './seed.js'

/**
 * "Who sees what" of GET /api/v1/stats/counts, over HTTP, against the truth counted with the owner's
 * connection: every entry an aggregate reader gets (cells, area, month and grand totals) is exactly
 * the published value of its own set of referrals — publish(true count, cell key) of the cell-key
 * method (docs/disclosure.md; tests/helpers/ckm.ts is an independent implementation of the rule) —
 * so never a count from 1 to k−1; the same set gives the same value whichever table it is read in;
 * only fixed periods, and for a partner only its agreement's fields; a lead sees exact counts.
 */

const K = 5
/** DISCLOSURE_NOISE's default. */
const D = DEFAULT_NOISE
const SCOPE = [BRENT, WESTMINSTER]

interface Query {
  by?: 'month' | undefined
  from: string
  to: string
  filter: Record<string, string>
}
interface Entry {
  count: number | null
  suppressed: boolean
}
interface CountsBody {
  geography: string
  from: string
  to: string
  byMonth: boolean
  k: number | null
  perturbed: boolean
  note: string
  cells: Array<{ area: string; month?: string } & Entry>
  totals: Entry & { areas: Array<{ area: string } & Entry>; months?: Array<{ month: string } & Entry> }
}
/** One entry of a table: its true count and cell key (the sum of its referrals' record keys mod 2^20). */
interface Truth {
  n: number
  key: number
}

/** The fixed periods of the seeded half-year: each month and the two calendar quarters. */
const FIXED: Array<[string, string]> = [...MONTHS.map((m): [string, string] => [m, m]), [MONTHS[0], MONTHS[2]], [MONTHS[3], MONTHS[5]]]
const COMBINATIONS: Query[] = (['month', undefined] as const).flatMap((by) =>
  FIXED.flatMap(([from, to]) => FILTERS.map((filter) => ({ by, from, to, filter }))),
)
const QUARTERS = COMBINATIONS.filter((q) => q.from !== q.to)
/** The partner's agreement (tests/helpers/world.ts) lists programme and ageBand only. */
const PARTNER_FILTERS = FILTERS.filter((f) => !f.subjectRole && !f.kind)

let t: TestApp
let lead: Client
let commissioner: Client
let partnerSession: Client
let partnerToken: Client

beforeAll(async () => {
  t = await createTestApp()
  const started = Date.now()
  const n = await seedReferrals(t.database.system, t.world.orgs)
  console.log(`seeded ${n.A.referrals}+${n.B.referrals} referrals, ${n.A.locations + n.B.locations} locations in ${Date.now() - started} ms`)
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
  partnerSession = await t.world.as('partner')
  partnerToken = t.world.withToken(t.world.partnerToken)
})
afterAll(() => t?.close())

const url = (q: Query) => {
  const p = new URLSearchParams({ geography: 'borough', from: q.from, to: q.to, ...(q.by ? { by: q.by } : {}), ...q.filter })
  return `/api/v1/stats/counts?${p}`
}

async function counts(client: Client, q: Query): Promise<CountsBody> {
  const res = await client.get(url(q))
  expect(res.statusCode, `${url(q)}: ${res.body}`).toBe(200)
  return res.json() as CountsBody
}

const nextMonth = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/**
 * The truth by a direct count over the owner's connection, keyed as `entries()` keys a response:
 * each cell, area, month and the grand total with its distinct referrals and cell key (organisation
 * A, never restricted; optionally within some boroughs and at-risk subjects only).
 */
async function truthOf(q: Query, scope: { boroughs?: string[]; atRiskOnly?: boolean } = {}): Promise<Map<string, Truth>> {
  const f = q.filter
  const byMonth = q.by === 'month'
  const { rows } = await sql<{ g: number; area: string | null; month: string | null; n: number; key: string }>`
    with loc as (
      select distinct l.referral_id, k.record_key, l.borough_code as area,
             case when ${byMonth} then to_char(l.observed_on, 'YYYY-MM') end as month
      from referral_locations l
      join referrals r on r.id = l.referral_id
      join referral_record_keys k on k.referral_id = r.id
      join programmes p on p.id = r.programme_id
      where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.borough_code is not null
        and l.observed_on >= ${`${q.from}-01`}::date and l.observed_on < ${nextMonth(q.to)}::date
        and (${scope.boroughs ?? null}::text[] is null or l.borough_code = any (${scope.boroughs ?? null}::text[]))
        and (not ${scope.atRiskOnly ?? false} or r.subject_role = 'at_risk')
        and (${f.programme ?? null}::text is null or p.slug = ${f.programme ?? null})
        and (${f.subjectRole ?? null}::text is null or r.subject_role = ${f.subjectRole ?? null})
        and (${f.ageBand ?? null}::text is null or r.age_band = ${f.ageBand ?? null})
        and (${f.kind ?? null}::text is null or l.kind = ${f.kind ?? null})
    ), sets as (
      select 0 as g, area, month, referral_id, record_key from loc
      union all select distinct 1, area, null, referral_id, record_key from loc
      union all select distinct 2, null, month, referral_id, record_key from loc where ${byMonth}
      union all select distinct 3, null, null, referral_id, record_key from loc
    )
    select g, area, month, count(distinct referral_id)::int as n, (sum(record_key) % 1048576)::text as key
    from (select distinct g, area, month, referral_id, record_key from sets) s
    group by g, area, month`.execute(t.database.system)
  const out = new Map<string, Truth>([['total', { n: 0, key: 0 }]])
  for (const r of rows) {
    const name = r.g === 0 ? `cell ${r.area} ${r.month ?? ''}` : r.g === 1 ? `area ${r.area}` : r.g === 2 ? `month ${r.month}` : 'total'
    out.set(name, { n: r.n, key: Number(r.key) })
  }
  return out
}

/** Every published number of a response, keyed by what it is. */
function entries(table: CountsBody): Map<string, Entry> {
  const out = new Map<string, Entry>()
  for (const c of table.cells) out.set(`cell ${c.area} ${c.month ?? ''}`, c)
  for (const a of table.totals.areas) out.set(`area ${a.area}`, a)
  for (const m of table.totals.months ?? []) out.set(`month ${m.month}`, m)
  out.set('total', table.totals)
  return out
}

interface Tally {
  tables: number
  entries: number
  small: number
  smallShownAsK: number
  perturbed: number
}
const tally = (): Tally => ({ tables: 0, entries: 0, small: 0, smallShownAsK: 0, perturbed: 0 })

/**
 * An aggregate reader's table against the truth: k as agreed; the same entries as the truth; every
 * entry exactly the published value of its own set; never 1..k−1; nothing withheld (null).
 */
function expectPublished(what: string, body: CountsBody, truth: Map<string, Truth>, k: number, tl: Tally) {
  expect(body.k, what).toBe(k)
  expect(body.perturbed, what).toBe(true)
  const got = entries(body)
  expect([...got.keys()].sort(), `${what}: the table's entries`).toEqual([...truth.keys()].sort())
  for (const [name, e] of got) {
    const { n, key } = truth.get(name)!
    expect(e.suppressed, `${what}: ${name} withheld`).toBe(false)
    expect(e.count, `${what}: ${name} (true ${n}, key ${key})`).toBe(publish(n, key, k, D))
    expect(e.count! >= 1 && e.count! < k, `${what}: ${name} = ${e.count} leaves the service`).toBe(false)
    tl.entries++
    if (n >= 1 && n < k) {
      tl.small++
      if (e.count === k) tl.smallShownAsK++
    }
    if (e.count !== n) tl.perturbed++
  }
  tl.tables++
}

const describeQuery = (q: Query) => `${q.from}..${q.to}${q.by ? ' by month' : ''} ${JSON.stringify(q.filter)}`

function expectProblem(res: LightMyRequestResponse, status: number, code?: string, field?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toContain('application/problem+json')
  if (code) expect(res.json().code, res.body).toBe(code)
  if (field)
    expect(
      (res.json().errors ?? []).map((e: { field: string }) => e.field),
      res.body,
    ).toContain(field)
}

describe('stats/counts under the cell-key method', () => {
  it(`commissioner: every entry of all ${COMBINATIONS.length} fixed-period × filter tables is its own set's published value`, async () => {
    const started = Date.now()
    const tl = tally()
    for (const q of COMBINATIONS) {
      const [truth, body] = await Promise.all([truthOf(q, { boroughs: SCOPE }), counts(commissioner, q)])
      expectPublished(`commissioner ${describeQuery(q)}`, body, truth, K, tl)
      for (const a of body.totals.areas) expect(SCOPE).toContain(a.area)
    }
    console.log(
      `commissioner: ${tl.tables} tables, ${tl.entries} entries, ${tl.small} true counts from 1 to ${K - 1} ` +
        `(${tl.smallShownAsK} published as ${K}, the rest as 0), ${tl.perturbed} entries differ from the truth, in ${Date.now() - started} ms`,
    )
    // The seed makes small counts common, or this test would prove little.
    expect(tl.small).toBeGreaterThan(100)
    expect(tl.smallShownAsK).toBeGreaterThan(0)
    expect(tl.smallShownAsK).toBeLessThan(tl.small)
  }, 240_000)

  it('the same set of referrals gets the same value in every table it appears in, and on every repeat', async () => {
    let compared = 0
    for (const filter of FILTERS) {
      const quarter = await counts(commissioner, { by: 'month', from: MONTHS[0], to: MONTHS[2], filter })
      const again = await counts(commissioner, { by: 'month', from: MONTHS[0], to: MONTHS[2], filter })
      expect(again, 'a repeated request').toEqual(quarter)
      const whole = await counts(commissioner, { from: MONTHS[0], to: MONTHS[2], filter })
      // An area's quarter total by month is the same set as its cell in the quarter table; the grand totals too.
      for (const a of quarter.totals.areas) {
        expect(whole.cells.find((c) => c.area === a.area)?.count, `${a.area} ${JSON.stringify(filter)}`).toBe(a.count)
        compared++
      }
      expect(whole.totals.count).toBe(quarter.totals.count)
      // A month's total in the quarter table is the same set as the grand total of that month alone.
      for (const m of quarter.totals.months ?? []) {
        const month = await counts(commissioner, { from: m.month, to: m.month, filter })
        expect(month.totals.count, `${m.month} ${JSON.stringify(filter)}`).toBe(m.count)
        compared++
      }
    }
    expect(compared).toBeGreaterThan(20)
  }, 240_000)

  it('a lead gets exact counts, totals of distinct referrals, and any whole-month range', async () => {
    for (const q of [
      ...QUARTERS.filter((x) => x.by === 'month').slice(0, 12),
      { from: MONTHS[0], to: MONTHS[4], filter: {} },
      { by: 'month' as const, from: MONTHS[1], to: MONTHS[5], filter: { programme: 'relocation' } },
    ]) {
      const [truth, body] = await Promise.all([truthOf(q), counts(lead, q)])
      expect(body.k).toBeNull()
      expect(body.perturbed).toBe(false)
      const got = entries(body)
      expect([...got.keys()].sort(), describeQuery(q)).toEqual([...truth.keys()].sort())
      for (const [name, e] of got) expect(e.count, `${describeQuery(q)} ${name}`).toBe(truth.get(name)!.n)
    }
    const small = await counts(lead, { by: 'month', from: MONTHS[0], to: MONTHS[5], filter: { programme: 'relocation' } })
    expect(
      small.cells.some((c) => c.count! >= 1 && c.count! < K),
      'leads see small cells',
    ).toBe(true)
  }, 120_000)

  it('a lead of organisation B counts only B', async () => {
    const leadB = await t.world.as('leadB')
    const b = await counts(leadB, { from: MONTHS[0], to: MONTHS[5], filter: {} })
    const {
      rows: [n],
    } = await sql<{ n: number }>`
      select count(distinct l.referral_id)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.B}::uuid and not r.restricted and l.borough_code = ${BRENT}`.execute(t.database.system)
    expect(b.cells.find((c) => c.area === BRENT)?.count ?? 0).toBe(n!.n)
  })

  describe('partner', () => {
    it.each([
      ['token', () => partnerToken],
      ['session', () => partnerSession],
    ] as const)(
      "by %s: the agreement's boroughs, at-risk subjects only, its k, every entry its own set's published value",
      async (_, who) => {
        const partner = who()
        const tl = tally()
        for (const [from, to] of FIXED) {
          for (const filter of PARTNER_FILTERS) {
            const q: Query = { from, to, filter }
            const [truth, body] = await Promise.all([truthOf(q, { boroughs: SCOPE, atRiskOnly: true }), counts(partner, q)])
            expectPublished(`partner ${describeQuery(q)}`, body, truth, K, tl)
            for (const a of body.totals.areas) expect(SCOPE).toContain(a.area)
          }
        }
        console.log(`partner: ${tl.tables} tables, ${tl.entries} entries, ${tl.small} small true counts, none published from 1 to ${K - 1}`)
        expect(tl.small).toBeGreaterThan(10)
      },
      180_000,
    )

    it('fields outside the agreement are refused on stats/counts, naming the field', async () => {
      const q = { from: MONTHS[0], to: MONTHS[2] }
      const get = (params: Record<string, string>) => partnerToken.get(`/api/v1/stats/counts?${new URLSearchParams({ geography: 'borough', ...q, ...params })}`)
      expectProblem(await get({ subjectRole: 'at_risk' }), 403, 'outside-agreement', 'subjectRole')
      expectProblem(await get({ kind: 'incident' }), 403, 'outside-agreement', 'kind')
      expectProblem(await get({ by: 'month' }), 403, 'outside-agreement', 'month')
      expectProblem(await get({ geography: 'ward' }), 403, 'outside-agreement', 'ward')
      // Cells only at the agreement's size (250 m by default) under its "generalised" level.
      expect((await get({ geography: 'hex250' })).statusCode).toBe(200)
      expectProblem(await get({ geography: 'hex500' }), 403, 'outside-agreement', 'geography')
      expect((await get({ programme: 'mentoring', ageBand: '16-17' })).statusCode).toBe(200)
    })

    it('restricted referrals are never counted, by the lead or the partner', async () => {
      const system = t.database.system
      const {
        rows: [r],
      } = await sql<{ id: string; month: string }>`
        select r.id, to_char(min(l.observed_on), 'YYYY-MM') as month from referrals r join referral_locations l on l.referral_id = r.id
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and r.subject_role = 'at_risk' and l.borough_code = ${BRENT}
        group by r.id having count(*) = 1 order by r.external_id limit 1`.execute(system)
      expect(r).toBeDefined()
      const q: Query = { from: r!.month, to: r!.month, filter: {} }
      const before = await counts(lead, q)
      const brent = (b: CountsBody) => b.cells.find((c) => c.area === BRENT)!.count!
      const setRestricted = (v: boolean) => sql`update referrals set restricted = ${v} where id = ${r!.id}::uuid`.execute(system)
      await setRestricted(true)
      try {
        expect(brent(await counts(lead, q))).toBe(brent(before) - 1)
        const asPartner = await counts(partnerToken, q)
        expectPublished('partner, one referral restricted', asPartner, await truthOf(q, { boroughs: SCOPE, atRiskOnly: true }), K, tally())
      } finally {
        await setRestricted(false)
      }
      expect(brent(await counts(lead, q))).toBe(brent(before))
    })

    it("an expired agreement answers 403 agreement-expired, to the token and to a partner's session", async () => {
      const system = t.database.system
      const q: Query = { from: MONTHS[0], to: MONTHS[2], filter: {} }
      const {
        rows: [a],
      } = await sql<{ valid_until: string }>`select valid_until::text from agreements where id = ${t.world.agreementId}::uuid`.execute(system)
      await sql`update agreements set valid_until = current_date - 1 where id = ${t.world.agreementId}::uuid`.execute(system)
      try {
        expectProblem(await partnerToken.get(url(q)), 403, 'agreement-expired')
        expectProblem(await partnerSession.get(url(q)), 403, 'agreement-expired')
      } finally {
        await sql`update agreements set valid_until = ${a!.valid_until}::date where id = ${t.world.agreementId}::uuid`.execute(system)
      }
      expect((await partnerToken.get(url(q))).statusCode).toBe(200)
    })

    it('an expired token answers 401 token-expired; a revoked or unknown one 401', async () => {
      const system = t.database.system
      const q: Query = { from: MONTHS[0], to: MONTHS[2], filter: {} }
      const expired = await createToken(system, t.world.agreementId, 'expired', new Date(Date.now() - 1000))
      expectProblem(await t.world.withToken(expired.token).get(url(q)), 401, 'token-expired')
      const revoked = await createToken(system, t.world.agreementId, 'revoked', new Date(Date.now() + 3600_000))
      expect((await t.world.withToken(revoked.token).get(url(q))).statusCode).toBe(200)
      await sql`update api_tokens set revoked_at = now() where id = ${revoked.id}::uuid`.execute(system)
      expectProblem(await t.world.withToken(revoked.token).get(url(q)), 401, 'unauthenticated')
      expectProblem(await t.world.withToken(`${t.world.partnerToken}x`).get(url(q)), 401, 'unauthenticated')
    })
  })

  describe('only fixed geographies and fixed periods', () => {
    const base = { geography: 'borough', from: '2026-01', to: '2026-03' }
    const get = (client: Client, params: Record<string, string>) => client.get(`/api/v1/stats/counts?${new URLSearchParams(params)}`)

    it.each(['commissionerA', 'leadA', 'partner'] as const)('%s: polygons, days and reversed ranges are 400', async (who) => {
      const client = await t.world.as(who)
      expectProblem(await get(client, { ...base, geography: 'polygon' }), 400, 'validation-failed', 'geography')
      expectProblem(await get(client, { ...base, from: '2026-01-15' }), 400, 'validation-failed', 'from')
      expectProblem(await get(client, { ...base, to: '2026-03-31' }), 400, 'validation-failed', 'to')
      expectProblem(await get(client, { ...base, from: '2026-03', to: '2026-01' }), 400, 'validation-failed', 'to')
      expectProblem(await get(client, { ...base, polygon: 'POLYGON((0 0,1 0,1 1,0 0))' }), 400, 'validation-failed', 'polygon')
    })

    it('aggregate readers get months, calendar quarters and financial years only; running and overlapping ranges are 400', async () => {
      const caseworker = await t.world.as('caseworkerA')
      for (const client of [commissioner, partnerToken, caseworker]) {
        for (const [from, to] of [
          ['2026-01', '2026-02'],
          ['2025-12', '2026-03'],
          ['2026-02', '2026-04'],
          ['2025-04', '2026-04'],
          ['2025-01', '2025-12'],
        ]) {
          expectProblem(await get(client, { ...base, from: from!, to: to! }), 400, 'disclosure-rule', 'from')
        }
        for (const [from, to] of [
          ['2026-02', '2026-02'],
          ['2026-04', '2026-06'],
          ['2025-10', '2025-12'],
          ['2025-04', '2026-03'],
        ]) {
          expect((await get(client, { ...base, from: from!, to: to! })).statusCode, `${from}..${to}`).toBe(200)
        }
      }
      expect((await get(lead, { ...base, from: '2026-01', to: '2026-02' })).statusCode).toBe(200)
    })

    it('admins count nothing', async () => {
      const admin = await t.world.as('adminA')
      expect((await get(admin, base)).statusCode).toBe(403)
    })

    it('k below 3 and a noise bound outside 1..12 are refused when the configuration loads', () => {
      expect(() => loadConfig({ K_ANONYMITY: '2' })).toThrow(/K_ANONYMITY/)
      expect(() => loadConfig({ K_ANONYMITY: '0' })).toThrow(/K_ANONYMITY/)
      expect(loadConfig({ K_ANONYMITY: '3' }).kAnonymity).toBe(3)
      expect(loadConfig({}).kAnonymity).toBe(K)
      expect(loadConfig({}).disclosureNoise).toBe(D)
      expect(() => loadConfig({ DISCLOSURE_NOISE: '0' })).toThrow(/DISCLOSURE_NOISE/)
      expect(() => loadConfig({ DISCLOSURE_NOISE: '13' })).toThrow(/DISCLOSURE_NOISE/)
    })
  })
})
