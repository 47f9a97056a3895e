import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstViewPeriod } from '../../server/analysis-data/first-view.js'
import { INTERNAL_HEADER, injectAs } from '../../server/auth/internal-actor.js'
import { answerFirstView, firstViewQuestions } from '../../server/cache/first-view.js'
import { answers, answerStats } from '../../server/cache/versioned.js'
import { lastCompleteQuarter as serviceQuarter } from '../../server/privacy/disclosure.js'
import { defaultFilters } from '../../web/src/state/filters.js'
import { lastCompleteQuarter as pageQuarter } from '../../web/src/state/fixed-periods.js'
import { seedReferrals } from '../access/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import type { Client } from '../helpers/world.js'

/**
 * The first view answered at start-up (server/cache/first-view.ts), over HTTP on the test backend:
 * afterwards a lead's and a commissioner's first questions are answered from what was kept, equal to
 * a fresh computation; nothing is audited; and the internal actor is never given to a request that
 * does not come from inside the process.
 */

let t: TestApp
let lead: Client
let commissioner: Client

beforeAll(async () => {
  t = await createTestApp()
  await seedReferrals(t.database.system, t.world.orgs)
  lead = await t.world.as('leadA')
  commissioner = await t.world.as('commissionerA')
}, 300_000)
afterAll(() => t?.close())

async function ask(c: Client, url: string): Promise<{ body: unknown; hit: boolean }> {
  const before = { ...answerStats }
  const res = await c.get(url)
  expect(res.statusCode, res.body).toBe(200)
  return { body: res.json(), hit: answerStats.hits > before.hits && answerStats.misses === before.misses }
}

describe('first view at start-up', () => {
  it("answers each lead's and commissioner's first questions before they ask, exactly as they would be computed, auditing nothing", async () => {
    answers.clear()
    const audited = async () => Number((await sql<{ n: string }>`select count(*) as n from audit_log`.execute(t.database.system)).rows[0]!.n)
    const auditBefore = await audited()
    const r = await answerFirstView(t.app)
    expect(r.failed).toBe(0)
    expect(r.scopes).toBeGreaterThanOrEqual(2)
    expect(r.answered).toBe(r.scopes * 3)
    expect(await audited()).toBe(auditBefore)
    const asked = [
      ...firstViewQuestions('lead', t.app.config.borderZoneM).map((url) => [lead, 'lead', url] as const),
      ...firstViewQuestions('commissioner', t.app.config.borderZoneM).map((url) => [commissioner, 'commissioner', url] as const),
    ]
    const kept = []
    for (const [c, role, url] of asked) {
      const r = await ask(c, url)
      expect(r.hit, `${role} ${url}`).toBe(true)
      kept.push(r.body)
    }
    answers.clear()
    for (const [i, [c, role, url]] of asked.entries()) {
      const fresh = await ask(c, url)
      expect(fresh.hit, `${role} ${url}`).toBe(false)
      expect(fresh.body, `${role} ${url}`).toEqual(kept[i])
    }
  })

  it('gives the internal actor only to a request injected by injectAs', async () => {
    const [url] = firstViewQuestions('lead', t.app.config.borderZoneM)
    const actor = { userId: t.world.users.leadA, organisationId: t.world.orgs.A, role: 'lead' as const, boroughs: null, agreementId: null }
    const res = await injectAs(t.app, actor, { method: 'GET', url: url! })
    expect(res.statusCode, res.body).toBe(200)
    // A key that is not registered (a guess, or one whose request has ended) is no actor at all.
    for (const key of ['', 'guess', 'a'.repeat(32)]) {
      expect((await t.app.inject({ method: 'GET', url: url!, headers: { [INTERNAL_HEADER]: key } })).statusCode).toBe(401)
    }
  })

  it('asks for the periods the page opens with', () => {
    for (let d = Date.UTC(2025, 0, 1); d < Date.UTC(2027, 0, 1); d += 86_400_000) {
      const today = new Date(d)
      expect(defaultFilters(today)).toEqual(firstViewPeriod(today))
      const q = pageQuarter(today)
      expect({ from: q.from, to: q.to }, today.toISOString()).toEqual(serviceQuarter(today))
    }
  })
})
