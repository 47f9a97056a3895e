import { sql } from 'kysely'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createToken } from '../../server/auth/accounts.repository.js'
import { loadConfig } from '../../server/config.js'
import { auditRecoverable, type PublishedCell, type SuppressedTable, type SuppressionInput } from '../../server/privacy/suppression.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'
import { BRENT, CAMDEN, FILTERS, KENSINGTON, MONTHS, seedReferrals, WESTMINSTER } from './seed.js'

/**
 * "Who sees what", over HTTP: every borough × month × filter combination a commissioner can ask
 * for leaves the service with no count from 1 to k−1 and nothing recoverable from the totals; a
 * partner sees only the agreement's boroughs, never victims or restricted referrals; a lead sees
 * exact counts equal to a direct count with the owner's connection.
 */

const K = 5
const SCOPE = [BRENT, WESTMINSTER]

interface Query { by?: 'month' | undefined; from: string; to: string; filter: Record<string, string> }
interface Entry { count: number | null; suppressed: boolean }
interface CountsBody extends SuppressedTable {
  geography: string
  from: string
  to: string
  byMonth: boolean
  k: number | null
}

/** Every period a commissioner can ask for: each single month and the whole range. */
const PERIODS: Array<[string, string]> = [...MONTHS.map((m): [string, string] => [m, m]), [MONTHS[0], MONTHS[MONTHS.length - 1]!]]
const COMBINATIONS: Query[] = (['month', undefined] as const).flatMap((by) =>
  PERIODS.flatMap(([from, to]) => FILTERS.map((filter) => ({ by, from, to, filter }))))

/** The whole range, with and without months, every filter: for the lead and the partner. */
const WIDE = COMBINATIONS.filter((q) => q.from !== q.to)

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
 * The exact table by a direct count over the owner's connection: distinct referrals of
 * organisation A per borough (and month), never restricted ones; optionally within some boroughs
 * and at-risk subjects only (a partner's agreement).
 */
async function directCounts(q: Query, scope: { boroughs?: string[]; atRiskOnly?: boolean } = {}): Promise<SuppressedTable> {
  const f = q.filter
  const byMonth = q.by === 'month'
  const { rows } = await sql<{ area: string; month: string | null; n: number }>`
    select l.borough_code as area,
           case when ${byMonth} then to_char(l.observed_on, 'YYYY-MM') end as month,
           count(distinct l.referral_id)::int as n
    from referral_locations l
    join referrals r on r.id = l.referral_id
    join programmes p on p.id = r.programme_id
    where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and l.borough_code is not null
      and l.observed_on >= ${`${q.from}-01`}::date and l.observed_on < ${nextMonth(q.to)}::date
      and (${scope.boroughs ?? null}::text[] is null or l.borough_code = any (${scope.boroughs ?? null}::text[]))
      and (not ${scope.atRiskOnly ?? false} or r.subject_role = 'at_risk')
      and (${f.programme ?? null}::text is null or p.slug = ${f.programme ?? null})
      and (${f.subjectRole ?? null}::text is null or r.subject_role = ${f.subjectRole ?? null})
      and (${f.ageBand ?? null}::text is null or r.age_band = ${f.ageBand ?? null})
      and (${f.kind ?? null}::text is null or l.kind = ${f.kind ?? null})
    group by 1, 2`.execute(t.database.system)
  return exactTable(rows, byMonth)
}

/** Cells (zeros filled in over the areas and months seen) and their sums, all shown. */
function exactTable(rows: Array<{ area: string; month: string | null; n: number }>, byMonth: boolean): SuppressedTable {
  const areas = [...new Set(rows.map((r) => r.area))].sort()
  const months = [...new Set(rows.map((r) => r.month!))].sort()
  const n = new Map(rows.map((r) => [`${r.area}|${r.month ?? ''}`, r.n]))
  const shown = (count: number) => ({ count, suppressed: false as const })
  const cells: PublishedCell[] = areas.flatMap((area): PublishedCell[] => byMonth
    ? months.map((month) => ({ area, month, ...shown(n.get(`${area}|${month}`) ?? 0) }))
    : [{ area, ...shown(n.get(`${area}|`) ?? 0) }])
  const sum = (xs: Array<{ count: number | null }>) => xs.reduce((s, x) => s + x.count!, 0)
  return {
    cells,
    totals: {
      ...shown(sum(cells)),
      areas: areas.map((area) => ({ area, ...shown(sum(cells.filter((c) => c.area === area))) })),
      ...(byMonth ? { months: months.map((month) => ({ month, ...shown(sum(cells.filter((c) => c.month === month))) })) } : {}),
    },
  }
}

/** Every published number, keyed by what it is. */
function entries(table: SuppressedTable): Map<string, Entry> {
  const out = new Map<string, Entry>()
  for (const c of table.cells) out.set(`cell ${c.area} ${c.month ?? ''}`, c)
  for (const a of table.totals.areas) out.set(`area ${a.area}`, a)
  for (const m of table.totals.months ?? []) out.set(`month ${m.month}`, m)
  out.set('total', table.totals)
  return out
}

/** The table's lines (members and their total); a line with exactly one hidden entry gives it away. */
function lines(table: SuppressedTable): Array<{ name: string; entries: Entry[] }> {
  const { cells, totals } = table
  if (!totals.months) return [{ name: 'cells + total', entries: [...cells, totals] }]
  return [
    ...totals.areas.map((a) => ({ name: `area ${a.area}`, entries: [...cells.filter((c) => c.area === a.area), a] })),
    ...totals.months.map((m) => ({ name: `month ${m.month}`, entries: [...cells.filter((c) => c.month === m.month), m] })),
    { name: 'area totals + total', entries: [...totals.areas, totals] },
    { name: 'month totals + total', entries: [...totals.months, totals] },
  ]
}

interface Tally { tables: number; small: number; primary: number; secondary: number }
const tally = (): Tally => ({ tables: 0, small: 0, primary: 0, secondary: 0 })

/**
 * A suppressed table against the truth: k as agreed; no count 1..k−1 anywhere; every small cell
 * hidden; every shown number true; no line with one hidden entry; nothing recoverable by interval
 * reasoning, with or without knowing which hidden cells were small.
 */
function expectSafe(what: string, body: CountsBody, truth: SuppressedTable, tl: Tally) {
  expect(body.k, what).toBe(K)
  const got = entries(body)
  const want = entries(truth)
  expect([...got.keys()].sort(), `${what}: the table's shape`).toEqual([...want.keys()].sort())
  for (const [key, e] of got) {
    const true_ = want.get(key)!.count!
    expect(e.suppressed, `${what}: ${key} suppressed ⇔ null`).toBe(e.count === null)
    if (e.count !== null) {
      expect(e.count >= 1 && e.count < K, `${what}: ${key} = ${e.count} leaves the service`).toBe(false)
      expect(e.count, `${what}: ${key} shown`).toBe(true_)
    } else {
      expect(true_, `${what}: ${key} hidden though zero`).toBeGreaterThan(0)
      if (key.startsWith('cell')) tl[true_ < K ? 'primary' : 'secondary']++
    }
    if (true_ >= 1 && true_ < K) {
      tl.small++
      expect(e.suppressed, `${what}: ${key} = ${true_} is small but shown`).toBe(true)
    }
  }
  for (const line of lines(body)) {
    const hidden = line.entries.filter((e) => e.suppressed).length
    expect(hidden, `${what}: ${line.name} has exactly one hidden entry`).not.toBe(1)
  }
  expect(auditRecoverable(body, K), `${what}: recoverable`).toEqual([])
  const known: SuppressionInput = {
    cells: truth.cells.map((c) => ({ area: c.area, ...(c.month ? { month: c.month } : {}), count: c.count! })),
    totals: {
      count: truth.totals.count!,
      areas: truth.totals.areas.map((a) => ({ area: a.area, count: a.count! })),
      ...(truth.totals.months ? { months: truth.totals.months.map((m) => ({ month: m.month, count: m.count! })) } : {}),
    },
  }
  expect(auditRecoverable(body, K, known), `${what}: recoverable knowing which hidden cells are small`).toEqual([])
  tl.tables++
}

/** A lead's table: exact (k null, nothing hidden) and equal to the direct count. */
function expectExact(what: string, body: CountsBody, truth: SuppressedTable) {
  expect(body.k, what).toBeNull()
  // A lead's table lists the cells that have referrals; the direct count's zeros are left out.
  const nonZero = (t: SuppressedTable) => Object.fromEntries([...entries(t)].filter(([, e]) => e.count !== 0).map(([key, e]) => [key, e.count]))
  expect(nonZero(body), what).toEqual(nonZero(truth))
  const got = entries(body)
  for (const e of got.values()) expect(e.suppressed).toBe(false)
}

const describeQuery = (q: Query) => `${q.from}..${q.to}${q.by ? ' by month' : ''} ${JSON.stringify(q.filter)}`

function expectProblem(res: LightMyRequestResponse, status: number, code?: string) {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toContain('application/problem+json')
  if (code) expect(res.json().code).toBe(code)
}

describe('stats/counts disclosure control', () => {
  it(`commissioner: no small count and nothing recoverable over all ${COMBINATIONS.length} borough × month × filter combinations`, async () => {
    const started = Date.now()
    const tl = tally()
    for (const q of COMBINATIONS) {
      const what = describeQuery(q)
      const [scoped, asCommissioner] = await Promise.all([directCounts(q, { boroughs: SCOPE }), counts(commissioner, q)])
      expectSafe(`commissioner ${what}`, asCommissioner, scoped, tl)
      for (const a of asCommissioner.totals.areas) expect(SCOPE).toContain(a.area)
    }
    console.log(`commissioner: ${COMBINATIONS.length} combinations (${tl.tables} tables), ${tl.small} small entries, ` +
      `${tl.primary} cells hidden as small, ${tl.secondary} more hidden to protect them, in ${Date.now() - started} ms`)
    // The seed makes both kinds of suppression happen, or this test would prove little.
    expect(tl.primary).toBeGreaterThan(50)
    expect(tl.secondary).toBeGreaterThan(10)
  }, 180_000)

  it(`a lead gets exact counts equal to a direct count, over ${WIDE.length} combinations`, async () => {
    for (const q of WIDE) {
      const [all, asLead] = await Promise.all([directCounts(q), counts(lead, q)])
      expectExact(`lead ${describeQuery(q)}`, asLead, all)
    }
  }, 120_000)

  it('a lead sees every borough of their organisation, exactly, and nothing of organisation B', async () => {
    const q: Query = { from: MONTHS[0], to: MONTHS[5], filter: {} }
    const body = await counts(lead, q)
    expect(body.totals.areas.map((a) => a.area)).toEqual(expect.arrayContaining([BRENT, WESTMINSTER, CAMDEN, KENSINGTON]))
    const small = await counts(lead, { ...q, by: 'month', filter: { programme: 'relocation' } })
    expect(small.cells.some((c) => c.count! >= 1 && c.count! < K), 'leads see small cells').toBe(true)
    const leadB = await t.world.as('leadB')
    const b = await counts(leadB, q)
    const { rows: [n] } = await sql<{ n: number }>`
      select count(distinct l.referral_id)::int as n from referral_locations l join referrals r on r.id = l.referral_id
      where r.organisation_id = ${t.world.orgs.B}::uuid and not r.restricted and l.borough_code = ${BRENT}`.execute(t.database.system)
    expect(b.cells.find((c) => c.area === BRENT)?.count ?? 0).toBe(n!.n)
  })

  describe('partner', () => {
    it.each([
      ['token', () => partnerToken, WIDE],
      ['session', () => partnerSession, WIDE.filter((q) => q.by === 'month')],
    ] as const)('by %s: only the agreement\'s boroughs, at-risk subjects only, suppressed, nothing recoverable', async (_, who, partnerCombos) => {
        const partner = who()
        const tl = tally()
        for (const q of partnerCombos) {
          const what = `partner ${describeQuery(q)}`
          const [truth, body] = await Promise.all([directCounts(q, { boroughs: SCOPE, atRiskOnly: true }), counts(partner, q)])
          expectSafe(what, body, truth, tl)
          for (const a of body.totals.areas) expect(SCOPE, what).toContain(a.area)
          if (q.filter.subjectRole === 'victim' || q.filter.subjectRole === 'both') {
            expect(body.totals.count, `${what}: victims counted`).toBe(0)
          }
        }
        console.log(`partner: ${partnerCombos.length} combinations, ${tl.small} small entries, ${tl.primary}+${tl.secondary} cells hidden`)
        expect(tl.primary).toBeGreaterThan(10)
      }, 120_000)

    it('counts equal a lead\'s count of at-risk subjects wherever the lead\'s exact count is at least k; victims never counted', async () => {
      let compared = 0
      for (const by of ['month', undefined] as const) {
        const q: Query = { by, from: MONTHS[0], to: MONTHS[5], filter: {} }
        const [p, l, all] = await Promise.all([
          counts(partnerToken, q), counts(lead, { ...q, filter: { subjectRole: 'at_risk' } }), counts(lead, q),
        ])
        const leadCells = entries(l)
        for (const c of p.cells) {
          const exact = leadCells.get(`cell ${c.area} ${c.month ?? ''}`)!.count!
          if (exact >= K) {
            expect(c.count, `${c.area} ${c.month ?? ''}`).toBe(exact)
            compared++
          }
          // Victims and `both` are in the lead's full count, so the partner's must be smaller somewhere.
        }
        const allBrent = all.totals.areas.find((a) => a.area === BRENT)!.count!
        const partnerBrent = p.totals.areas.find((a) => a.area === BRENT)!
        expect(partnerBrent.count).not.toBeNull()
        expect(partnerBrent.count!).toBeLessThan(allBrent)
      }
      expect(compared).toBeGreaterThan(10)
      for (const subjectRole of ['victim', 'both']) {
        const body = await counts(partnerToken, { from: MONTHS[0], to: MONTHS[5], filter: { subjectRole } })
        expect(body.totals.count).toBe(0)
        expect(body.cells.every((c) => c.count === 0)).toBe(true)
        const byLead = await counts(lead, { from: MONTHS[0], to: MONTHS[5], filter: { subjectRole } })
        expect(byLead.totals.count!).toBeGreaterThan(K)
      }
    })

    it('restricted referrals are never counted, by the lead or the partner', async () => {
      const system = t.database.system
      const { rows: [r] } = await sql<{ id: string; month: string }>`
        select r.id, to_char(min(l.observed_on), 'YYYY-MM') as month from referrals r join referral_locations l on l.referral_id = r.id
        where r.organisation_id = ${t.world.orgs.A}::uuid and not r.restricted and r.subject_role = 'at_risk' and l.borough_code = ${BRENT}
        group by r.id having count(*) = 1 order by r.external_id limit 1`.execute(system)
      expect(r).toBeDefined()
      const q: Query = { by: 'month', from: MONTHS[0], to: MONTHS[5], filter: { subjectRole: 'at_risk' } }
      const cellOf = (b: CountsBody) => b.cells.find((c) => c.area === BRENT && c.month === r!.month)!.count!
      const before = await counts(lead, q)
      const partnerBefore = await counts(partnerToken, { ...q, by: undefined, filter: {} })
      const setRestricted = (v: boolean) => sql`update referrals set restricted = ${v} where id = ${r!.id}::uuid`.execute(system)
      await setRestricted(true)
      try {
        const after = await counts(lead, q)
        expect(cellOf(after)).toBe(cellOf(before) - 1)
        expect(after.totals.count).toBe(before.totals.count! - 1)
        expectExact('lead, one referral restricted', after, await directCounts(q))
        const partnerAfter = await counts(partnerToken, { ...q, by: undefined, filter: {} })
        const brent = (b: CountsBody) => b.totals.areas.find((a) => a.area === BRENT)!.count!
        expect(brent(partnerAfter)).toBe(brent(partnerBefore) - 1)
      } finally {
        await setRestricted(false)
      }
      expect(cellOf(await counts(lead, q))).toBe(cellOf(before))
    })

    it('an expired agreement answers 403 agreement-expired, to the token and to a partner\'s session', async () => {
      const system = t.database.system
      const q: Query = { from: MONTHS[0], to: MONTHS[5], filter: {} }
      const { rows: [a] } = await sql<{ valid_until: string }>`select valid_until::text from agreements where id = ${t.world.agreementId}::uuid`.execute(system)
      await sql`update agreements set valid_until = current_date - 1 where id = ${t.world.agreementId}::uuid`.execute(system)
      try {
        expectProblem(await partnerToken.get(url(q)), 403, 'agreement-expired')
        expectProblem(await partnerSession.get(url(q)), 403, 'agreement-expired')
        const me = await partnerSession.get('/api/v1/me')
        expect(me.json().agreement).toMatchObject({ inForce: false })
      } finally {
        await sql`update agreements set valid_until = ${a!.valid_until}::date where id = ${t.world.agreementId}::uuid`.execute(system)
      }
      expect((await partnerToken.get(url(q))).statusCode).toBe(200)
    })

    it('an expired token answers 401 token-expired; a revoked or unknown one 401', async () => {
      const system = t.database.system
      const q: Query = { from: MONTHS[0], to: MONTHS[5], filter: {} }
      const expired = await createToken(system, t.world.agreementId, 'expired', new Date(Date.now() - 1000))
      expectProblem(await t.world.withToken(expired.token).get(url(q)), 401, 'token-expired')
      const revoked = await createToken(system, t.world.agreementId, 'revoked', new Date(Date.now() + 3600_000))
      expect((await t.world.withToken(revoked.token).get(url(q))).statusCode).toBe(200)
      await sql`update api_tokens set revoked_at = now() where id = ${revoked.id}::uuid`.execute(system)
      expectProblem(await t.world.withToken(revoked.token).get(url(q)), 401, 'unauthenticated')
      expectProblem(await t.world.withToken(`${t.world.partnerToken}x`).get(url(q)), 401, 'unauthenticated')
    })
  })

  describe('only fixed geographies and whole months', () => {
    const base = { geography: 'borough', from: '2026-01', to: '2026-03' }
    const get = (client: Client, params: Record<string, string>) => client.get(`/api/v1/stats/counts?${new URLSearchParams(params)}`)
    const fields = (res: LightMyRequestResponse) => (res.json().errors ?? []).map((e: { field: string }) => e.field)

    it.each(['commissionerA', 'leadA', 'partner'] as const)('%s: polygons, days and reversed ranges are 400', async (who) => {
      const client = await t.world.as(who)
      const polygon = await get(client, { ...base, geography: 'polygon' })
      expectProblem(polygon, 400, 'validation-failed')
      expect(fields(polygon)).toContain('geography')
      const day = await get(client, { ...base, from: '2026-01-15' })
      expectProblem(day, 400, 'validation-failed')
      expect(fields(day)).toContain('from')
      const dayTo = await get(client, { ...base, to: '2026-03-31' })
      expectProblem(dayTo, 400, 'validation-failed')
      expect(fields(dayTo)).toContain('to')
      const reversed = await get(client, { ...base, from: '2026-03', to: '2026-01' })
      expectProblem(reversed, 400, 'validation-failed')
      expect(fields(reversed)).toContain('to')
      const wkt = await get(client, { ...base, polygon: 'POLYGON((0 0,1 0,1 1,0 0))' })
      expectProblem(wkt, 400, 'validation-failed')
      expect(fields(wkt)).toContain('polygon')
    })

    it('k below 3 is refused when the configuration loads', () => {
      expect(() => loadConfig({ K_ANONYMITY: '2' })).toThrow(/K_ANONYMITY/)
      expect(() => loadConfig({ K_ANONYMITY: '0' })).toThrow(/K_ANONYMITY/)
      expect(loadConfig({ K_ANONYMITY: '3' }).kAnonymity).toBe(3)
      expect(loadConfig({}).kAnonymity).toBe(K)
    })
  })
})
