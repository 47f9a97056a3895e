import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession } from '../../server/auth/auth.repository.js'
import { hashPassword } from '../../server/auth/passwords.js'
import { csrfTokenFor, newSecret, secretHash, SESSION_COOKIE } from '../../server/auth/tokens.js'
import { loadConfig } from '../../server/config.js'
import { DEMO_ORGANISATION } from '../../server/demo/organisation.js'
import { seedDemo } from '../../server/demo/seed.js'
import { createTestApp, type TestApp } from '../helpers/app.js'

/**
 * A golden answer: the hot spots of the synthetic demo data (DEMO_REFERRALS referrals with the demo's
 * seed, 24 months ending 2026-11-30) at 1000 m over December 2025 to November 2026, every study-area
 * cell, with the defaults (conditional permutation, 999 draws, the default seed, BH), as a lead of the
 * demo organisation sees it — geometry left out. Any change to the counting, the statistics or the
 * response shows here as a difference to review. The file changes only on purpose:
 *   UPDATE_GOLDEN=1 npx vitest run tests/analysis-api/golden.test.ts
 */

const GOLDEN = new URL('./golden/hotspots-demo-1000m.json', import.meta.url)
const URL_ = '/api/v1/analysis/hotspots?size=1000&from=2025-12&to=2026-11&all=true'

let t: TestApp
let get: (url: string) => Promise<{ statusCode: number; body: string }>

beforeAll(async () => {
  t = await createTestApp()
  const config = loadConfig({})
  await seedDemo(t.database.system, { count: config.demoReferrals, seed: config.demoSeed, today: '2026-11-30' })
  const { id: orgId } = await t.database.system.selectFrom('organisations').select('id').where('name', '=', DEMO_ORGANISATION).executeTakeFirstOrThrow()
  const user = await t.database.system
    .insertInto('users')
    .values({
      organisation_id: orgId,
      email: 'golden-lead@test.test',
      display_name: 'golden lead',
      role: 'lead',
      boroughs: null,
      password_hash: await hashPassword('never used to sign in'),
      locked_until: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const secret = newSecret()
  await createSession(t.database.system, user.id, secretHash(secret), 60)
  get = (url) => t.app.inject({ method: 'GET', url, headers: { 'x-csrf-token': csrfTokenFor(secret) }, cookies: { [SESSION_COOKIE]: secret } })
}, 600_000)
afterAll(() => t?.close())

describe('golden: hot spots of the demo data', () => {
  it('equals the reviewed answer (tests/analysis-api/golden/hotspots-demo-1000m.json)', async () => {
    const res = await get(URL_)
    expect(res.statusCode, res.body).toBe(200)
    const { features, ...rest } = JSON.parse(res.body) as { features: Array<{ id: string; properties: Record<string, unknown> }> }
    const answer = { request: URL_, ...rest, features: features.map((f) => f.properties) }
    const text = `${JSON.stringify(answer, null, 1)}\n`
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text)
    expect(existsSync(GOLDEN), 'no golden file yet: run with UPDATE_GOLDEN=1 and review it').toBe(true)
    expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')))
  })
})
