import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { runSoak, summaryLine, type SoakResult } from '../../scripts/soak.js'
import { ensureProgrammes, listen, sessionFor } from './service.js'

/**
 * The bounded version of `npm run soak` on the suite's backend: 50 writers and 50 readers over real
 * HTTP, then reconciliation through the API, checked again here against the database.
 */
describe('soak (bounded)', () => {
  let t: TestApp
  let result: SoakResult
  const lines: string[] = []

  beforeAll(async () => {
    t = await createTestApp()
    await ensureProgrammes(t.database.system)
    const baseUrl = await listen(t.app)
    const writer = await sessionFor(t.database.system, t.world.users.leadA)
    // The 50 writers + 50 readers on both backends. Embedded PGlite answers one query at a
    // time (about 30 requests/s here), so its bounded run has fewer requests; its queue is fair (no
    // request waits unread behind the others: tests/reliability/pglite-fairness.test.ts).
    const server = t.database.backend === 'postgres'
    result = await runSoak({
      baseUrl,
      writer,
      requests: server ? 2000 : 800,
      durationS: 60,
      writers: 50,
      readers: 50,
      timeoutMs: 30_000,
      log: (l) => lines.push(l),
    })
    lines.push(summaryLine(result))
    console.log(lines.join('\n'))
  }, 240_000)
  afterAll(async () => t?.close())

  it('answers every request, none with a 5xx', () => {
    // How many fit in the time depends on the machine; what must hold is below (no 5xx, nothing lost).
    expect(result.requests).toBeGreaterThanOrEqual(50)
    expect(result.samples.filter((s) => s.status >= 500 || s.status === 0)).toEqual([])
    expect(result.samples.filter((s) => s.status >= 400)).toEqual([])
    // The mix really ran: creates, updates, lists, fetches and hexbins all answered 2xx.
    for (const op of ['create', 'update', 'list', 'get', 'hexbins'] as const) {
      expect(
        result.samples.some((s) => s.op === op && s.status >= 200 && s.status < 300),
        op,
      ).toBe(true)
    }
  })

  it('loses nothing: every acknowledged create exists exactly once, every acknowledged update is visible', async () => {
    expect(result.created).toBeGreaterThanOrEqual(5)
    expect(result.updated).toBeGreaterThanOrEqual(1)
    expect({ missing: result.missing, duplicated: result.duplicated, updatesNotVisible: result.updatesNotVisible }).toEqual({
      missing: 0,
      duplicated: 0,
      updatesNotVisible: 0,
    })
    // The same, straight from the database (owner connection): one row per acknowledged externalId.
    const ids = [...result.acknowledged.values()]
    const { rows } = await sql<{ external_id: string; n: number }>`
      select external_id, count(*)::int as n from referrals where external_id = any(${ids}) group by 1`.execute(t.database.system)
    expect(rows.length).toBe(ids.length)
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true)
  })

  it('prints the summary line', () => {
    expect(lines.at(-1)).toMatch(/^requests: \d+, 5xx: 0, lost: 0, p99: \d+ ms$/)
  })
})
