import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { refreshStats } from '../../server/cache/refresh.js'
import { answers, answerStats, ByteLru } from '../../server/cache/versioned.js'
import { BRENT, seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * Answers kept per data version and disclosure scope (server/cache/versioned.ts), end to end over
 * HTTP on the test backend (PGlite by default, the PostGIS server with DATABASE_URL): a kept answer
 * equals a recomputed one; a write bumps the data version and the next answer counts it; readers with
 * different scopes never share an entry.
 */

let t: TestApp
let leadA: Client
let leadB: Client
let commissioner: Client
let partner: Client

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  leadA = await t.world.as('leadA')
  leadB = await t.world.as('leadB')
  commissioner = await t.world.as('commissionerA')
  partner = await t.world.as('partner')
}, 300_000)
afterAll(() => t?.close())

const Q1 = 'from=2026-01&to=2026-03'
const URLS = {
  hotspots: `/api/v1/analysis/hotspots?${Q1}&size=500&permutations=99`,
  hexbins: `/api/v1/analysis/hexbins?${Q1}&size=500`,
  flows: `/api/v1/analysis/flows?${Q1}`,
  borderActivity: `/api/v1/analysis/border-activity?between=E09000005,E09000033&distance=400&${Q1}`,
  funding: `/api/v1/reports/funding?${Q1}&basis=blend&weight=0.5`,
  counts: `/api/v1/stats/counts?${Q1}&geography=borough`,
}

/** A caseworker of organisation A saves a referral with a home in Brent on `day`, over HTTP (a write that bumps the data version). */
async function caseworkerSaves(externalId: string, day: string): Promise<void> {
  const caseworker = await t.world.as('caseworkerA')
  const { rows } = await sql<{ slug: string }>`select slug from programmes order by slug limit 1`.execute(t.database.system)
  const res = await caseworker.post('/api/v1/referrals', {
    externalId,
    programme: rows[0]!.slug,
    subjectRole: 'at_risk',
    ageBand: '16-17',
    fundingBorough: BRENT,
    openedOn: day,
    locations: [{ kind: 'home', lon: -0.2817, lat: 51.556, observedOn: day, precision: 'exact' }],
  })
  expect(res.statusCode, res.body).toBe(201)
}

async function body(c: Client, url: string): Promise<unknown> {
  const res = await c.get(url)
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

/** The body and whether the cache answered it (a hit and no miss during the request). */
async function timed(c: Client, url: string): Promise<{ body: unknown; hit: boolean }> {
  const before = { ...answerStats }
  const b = await body(c, url)
  return { body: b, hit: answerStats.hits > before.hits && answerStats.misses === before.misses }
}

describe('answers kept per data version and scope', () => {
  it('answers a repeated question from the cache, identical to a fresh computation', async () => {
    const cases: Array<[Client, string]> = [
      [leadA, URLS.hotspots],
      [leadA, URLS.funding],
      [leadA, URLS.counts],
      [commissioner, URLS.hexbins],
      [commissioner, URLS.flows],
      [commissioner, URLS.funding],
      [commissioner, URLS.counts],
      [leadA, URLS.borderActivity],
    ]
    for (const [c, url] of cases) {
      answers.clear()
      const first = await timed(c, url)
      expect(first.hit, url).toBe(false)
      const second = await timed(c, url)
      expect(second.hit, url).toBe(true)
      expect(second.body, url).toEqual(first.body)
      answers.clear()
      const fresh = await timed(c, url)
      expect(fresh.hit, url).toBe(false)
      expect(fresh.body, url).toEqual(first.body)
    }
  })

  it("works out a commissioner's other blend weight from the kept published integers, without counting again", async () => {
    answers.clear()
    const other = URLS.funding.replace('weight=0.5', 'weight=1')
    await timed(commissioner, URLS.funding)
    const before = { ...answerStats }
    const blend = await body(commissioner, other)
    // The report for the new weight is a new answer (one miss); the integers it is worked out from were kept (a hit).
    expect(answerStats.misses - before.misses).toBe(1)
    expect(answerStats.hits).toBeGreaterThan(before.hits)
    answers.clear()
    const fresh = await timed(commissioner, other)
    expect(fresh.hit).toBe(false)
    expect(fresh.body).toEqual(blend)
  })

  it('counts a write at once: the write bumps the data version and the next answer is recomputed', async () => {
    const url = `/api/v1/stats/counts?from=2026-03&to=2026-03&geography=borough`
    const total = (b: unknown) => (b as { totals: { count: number } }).totals.count
    const before = await timed(leadA, url)
    expect((await timed(leadA, url)).hit).toBe(true)
    // One more referral of organisation A with a home in Brent in March 2026, written as a service
    // job would (the triggers bump the referral data version at commit).
    await sql`
      with r as (
        insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
        values (${t.world.orgs.A}::uuid, (select id from programmes order by id limit 1), 'CACHE-1', 'at_risk', '16-17', ${BRENT}, '2026-03-10', false, true)
        returning id
      )
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      select r.id, 'home', ST_Transform(ST_SetSRID(ST_MakePoint(-0.2817, 51.556), 4326), 27700), '2026-03-10', 'exact' from r`.execute(t.database.system)
    const after = await timed(leadA, url)
    expect(after.hit).toBe(false)
    expect(total(after.body)).toBe(total(before.body) + 1)
    expect((await timed(leadA, url)).hit).toBe(true)
  })

  it("answers the recently asked questions again after a write, under each reader's own scope", async () => {
    answers.clear()
    const url = `/api/v1/stats/counts?from=2026-04&to=2026-04&geography=borough`
    const total = (b: unknown) => (b as { totals: { count: number } }).totals.count
    // Asked by a lead and a commissioner (organisation-wide scopes) and by a partner (not kept for refreshing).
    // Asked as often as a page's sign-in questions: a round answers the most often asked first and stops
    // after REFRESH_ROUND_MS of answering, and the tests above asked others several times each.
    const lead = await timed(leadA, url)
    for (let i = 0; i < 5; i++) await timed(leadA, url)
    await timed(commissioner, URLS.funding)
    await timed(partner, URLS.counts)
    expect(t.app.refresher.size).toBeGreaterThanOrEqual(2)
    await caseworkerSaves('CACHE-REFRESH-1', '2026-04-02')
    const rounds = refreshStats.rounds
    await t.app.refresher.idle()
    expect(refreshStats.rounds).toBe(rounds + 1)
    // The lead's and the commissioner's questions were answered for the new data before they asked again.
    const leadAfter = await timed(leadA, url)
    expect(leadAfter.hit).toBe(true)
    expect(total(leadAfter.body)).toBe(total(lead.body) + 1)
    answers.clear()
    const leadFresh = await timed(leadA, url)
    expect(leadFresh.hit).toBe(false)
    expect(leadFresh.body).toEqual(leadAfter.body)
    // The partner's question was not refreshed: its next answer is computed afresh.
    expect((await timed(partner, URLS.counts)).hit).toBe(false)
  })

  it("refreshes a commissioner's question to exactly what a recomputation gives", async () => {
    answers.clear()
    for (let i = 0; i < 6; i++) await timed(commissioner, URLS.funding)
    await caseworkerSaves('CACHE-REFRESH-2', '2026-02-02')
    await t.app.refresher.idle()
    const kept = await timed(commissioner, URLS.funding)
    expect(kept.hit).toBe(true)
    answers.clear()
    const fresh = await timed(commissioner, URLS.funding)
    expect(fresh.hit).toBe(false)
    expect(kept.body).toEqual(fresh.body)
  })

  it('answers nothing again after a write that changed no data (e.g. a sign-in)', async () => {
    await timed(leadA, URLS.counts)
    expect(t.app.refresher.size).toBeGreaterThan(0)
    // Any round the tests above set off has run for the current data versions; then a state change
    // that touched no data.
    await t.app.refresher.idle()
    const rounds = refreshStats.rounds
    const misses = answerStats.misses
    t.app.refresher.schedule()
    await t.app.refresher.idle()
    expect(refreshStats.rounds).toBe(rounds)
    expect(answerStats.misses).toBe(misses)
  })

  it('never hands an answer to a reader of another scope', async () => {
    answers.clear()
    // The same question from four scopes: each is computed, none is answered from another's entry.
    const readers: Array<[string, Client]> = [
      ['leadA', leadA],
      ['leadB', leadB],
      ['commissionerA', commissioner],
      ['partner', partner],
    ]
    const got = new Map<string, unknown>()
    for (const [name, c] of readers) {
      const r = await timed(c, URLS.counts)
      expect(r.hit, name).toBe(false)
      got.set(name, r.body)
    }
    expect(answers.size).toBe(readers.length)
    // Organisations A and B hold different referrals; the lead's counts are exact, the others' perturbed.
    expect(got.get('leadA')).not.toEqual(got.get('leadB'))
    expect((got.get('leadA') as { perturbed: boolean }).perturbed).toBe(false)
    expect((got.get('commissionerA') as { perturbed: boolean }).perturbed).toBe(true)
    // Each asks again and gets its own answer back.
    for (const [name, c] of readers) {
      const r = await timed(c, URLS.counts)
      expect(r.hit, name).toBe(true)
      expect(r.body, name).toEqual(got.get(name))
    }
  })

  it('keeps the cache within its byte bound, dropping the least recently used', () => {
    const lru = new ByteLru(100)
    for (const k of ['a', 'b', 'c', 'd']) lru.set(k, k.repeat(24)) // 25 bytes each with the key: 100
    expect(lru.bytes).toBe(100)
    lru.get('a')
    lru.set('e', 'e'.repeat(24))
    expect(lru.bytes).toBe(100)
    expect(lru.get('b')).toBeUndefined()
    expect(lru.get('a')).toBe('a'.repeat(24))
    lru.set('big', 'q'.repeat(30)) // over a quarter of the bound: not kept
    expect(lru.get('big')).toBeUndefined()
  })
})
