import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../../server/auth/actor.js'
import {
  REFRESH_DELAY_MS,
  REFRESH_MIN_INTERVAL_MS,
  REFRESH_QUESTIONS,
  REFRESH_ROUND_MS,
  REFRESH_YIELD_MS,
  Refresher,
  type QuestionContext,
  type RoundSummary,
} from '../../server/cache/refresh.js'
import { loadConfig } from '../../server/config.js'
import type { DB } from '../../server/db/types.js'

/**
 * The refresher's schedule on its own (no database): which kept question a round answers first, and
 * that a round which found the data unchanged does not hold the next one back. The answers
 * themselves are tested through the app in versioned.test.ts.
 */

const lead: Actor = { userId: 'u1', organisationId: 'o1', role: 'lead', boroughs: null }

/** A refresher whose data versions are `versions.now`, recording the questions its rounds answer. */
function refresherFor(versions: { now: string }, answerMs = 0, busy = () => 0) {
  const answered: string[] = []
  /** When each answer began, by Date.now(). */
  const began: number[] = []
  const refresher = new Refresher(async () => versions.now, undefined, busy)
  const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
  const ask = (key: string) =>
    refresher.remember(key, ctx, async () => {
      began.push(Date.now())
      if (answerMs) await new Promise((r) => setTimeout(r, answerMs))
      answered.push(key)
    })
  return { refresher, answered, began, ask }
}

/** A refresher with the given pace whose rounds' summaries are collected; `ask(key, ms)` keeps a question that takes `ms`. */
function summarised(pace: { roundMs: number; rest: boolean; parallel?: number }) {
  const versions = { now: 'v1' }
  const rounds: RoundSummary[] = []
  const refresher = new Refresher(
    async () => versions.now,
    undefined,
    undefined,
    pace,
    (r) => rounds.push(r),
  )
  const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
  const ask = (key: string, ms: number) => refresher.remember(key, ctx, () => new Promise((r) => setTimeout(r, ms)))
  return { versions, rounds, refresher, ask }
}

// Timers never fire early, so every bound below is a lower bound or a generous upper one: a loaded
// machine makes the refresher later, never earlier.

describe('answer refresh schedule', () => {
  it('answers the most often asked first and, among equals, the first asked first', async () => {
    const versions = { now: 'v1' }
    const { refresher, answered, ask } = refresherFor(versions)
    // A lead signs in (the page's default questions), explores, and a second lead signs in.
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(key)
    for (const key of ['counts?programme=mentoring', 'flows', 'funding']) ask(key)
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(key)
    const order = refresher.order()
    expect(order).toEqual(['hotspots', 'counts', 'border-activity', 'counts?programme=mentoring', 'flows', 'funding'])
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(order)
    await refresher.close()
  })

  it('reports each round that answered something: how many, how long, and the slowest question by name', async () => {
    const { versions, rounds, refresher, ask } = summarised({ roundMs: REFRESH_ROUND_MS, rest: false })
    ask('counts\u0000{"from":"2026-01"}\u0000scope', 5)
    ask('hotspots\u0000{"size":500}\u0000scope', 60)
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    refresher.schedule() // the data did not change: a round that answers nothing reports nothing
    await refresher.idle()
    expect(rounds).toHaveLength(1)
    expect(rounds[0]).toMatchObject({ answered: 2, failed: 0, left: 0, slowest: { question: 'hotspots' } })
    // Each question by name, in the order answered (among equals, the first asked first), with its time.
    expect(rounds[0]!.each.map(([question]) => question)).toEqual(['counts', 'hotspots'])
    expect(rounds[0]!.each[1]![1]).toBe(rounds[0]!.slowest!.ms)
    // Timers measured with Date.now() may read a millisecond or two short.
    expect(rounds[0]!.slowest!.ms).toBeGreaterThanOrEqual(55)
    expect(rounds[0]!.answeringMs).toBeGreaterThanOrEqual(60)
    expect(rounds[0]!.elapsedMs).toBeGreaterThanOrEqual(rounds[0]!.answeringMs)
    await refresher.close()
  })

  it('reports the questions a round left when its budget ran out, also when it answers two at once', async () => {
    const { versions, rounds, refresher, ask } = summarised({ roundMs: 100, rest: false, parallel: 2 })
    // Two workers take a and b (150 ms each, 300 ms of answering > 100 ms); each then stops at its next question.
    for (const key of ['a', 'b', 'c', 'd', 'e']) ask(key, 150)
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(rounds).toHaveLength(1)
    expect(rounds[0]).toMatchObject({ answered: 2, left: 3 })
    await refresher.close()
  })

  it('ANSWER_REFRESH_PARALLEL defaults to one and must leave a pool connection for requests', () => {
    const server = { DATABASE_URL: 'postgres://crossborough@127.0.0.1:5432/crossborough' }
    expect(loadConfig(server).answerRefreshParallel).toBe(1)
    expect(loadConfig({ ...server, ANSWER_REFRESH_PARALLEL: '3', DB_POOL_MAX: '4' }).answerRefreshParallel).toBe(3)
    expect(() => loadConfig({ ...server, ANSWER_REFRESH_PARALLEL: '4', DB_POOL_MAX: '4' })).toThrow(/ANSWER_REFRESH_PARALLEL \(4\) must be below DB_POOL_MAX/)
  })

  it('starts a round soon after a write that changed data, even right after a round that found nothing to do', async () => {
    const versions = { now: 'v1' }
    const { refresher, answered, ask } = refresherFor(versions)
    ask('counts')
    refresher.schedule() // the data is as the first round sees it: answers it once
    await refresher.idle()
    expect(answered).toEqual(['counts'])
    await new Promise((r) => setTimeout(r, REFRESH_MIN_INTERVAL_MS)) // the interval after an answering round has passed
    refresher.schedule() // a sign-in: no data changed, nothing answered
    await refresher.idle()
    expect(answered).toEqual(['counts'])
    versions.now = 'v2' // a caseworker saves a referral
    const saved = Date.now()
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['counts', 'counts'])
    // Waited for the writes to pause, not for the interval after the sign-in's empty round.
    expect(Date.now() - saved).toBeLessThan(REFRESH_DELAY_MS + REFRESH_MIN_INTERVAL_MS / 2)
    await refresher.close()
  }, 20_000)

  it('skips a question whose kept answer is for the current data (the first round after start-up has nothing to compare with)', async () => {
    const versions = { now: 'v1' }
    const answered: string[] = []
    const refresher = new Refresher(async () => versions.now)
    const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
    // Answered at start-up (the first view) under v1; then a sign-in, a write that changed no data.
    refresher.remember('hotspots', ctx, async () => answered.push('hotspots'), 'v1')
    refresher.remember('older', ctx, async () => answered.push('older'), 'v0')
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['older'])
    versions.now = 'v2' // a caseworker saves a referral
    await new Promise((r) => setTimeout(r, REFRESH_MIN_INTERVAL_MS))
    refresher.schedule()
    await refresher.idle()
    // Both answered again (in the order of asks per second: 'older' was just timed by the round).
    expect(answered).toEqual(['older', 'older', 'hotspots'])
    await refresher.close()
  }, 20_000)

  it('within a scope: the most often asked first, then the quicker; the scopes share the round by time', async () => {
    const versions = { now: 'v1' }
    const answered: string[] = []
    const refresher = new Refresher(async () => versions.now)
    const commissioner: Actor = { userId: 'u2', organisationId: 'o1', role: 'commissioner', boroughs: ['E09000005', 'E09000033'] }
    /** Asked `times` times by `actor`; the person's answer took `ms` (as versioned() reports it). In the round every answer takes 30 ms but the year's counts, which take none. */
    const ask = (actor: Actor, key: string, times: number, ms: number | undefined) => {
      const ctx: QuestionContext = { actor, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
      for (let i = 0; i < times; i++)
        refresher.remember(
          key,
          ctx,
          async () => {
            if (key !== 'year counts') await new Promise((r) => setTimeout(r, 30))
            answered.push(key)
          },
          undefined,
          ms,
        )
    }
    // The lead's sign-in questions (asked at each of two sign-ins), slow over a year; one exploration.
    ask(lead, 'year counts', 2, 3_000)
    ask(lead, 'year hotspots', 2, 1_500)
    ask(lead, 'year flows', 1, 2_500)
    // A commissioner's sign-in: four quarterly questions, quick, asked once each.
    ask(commissioner, 'c:funding', 1, 1_200)
    ask(commissioner, 'c:counts', 1, 900)
    ask(commissioner, 'c:flows', 1, 2_000)
    ask(commissioner, 'c:blend', 1, undefined) // REFRESH_UNKNOWN_MS
    // Lead: the most often asked first and, among equals, the quicker ('year hotspots' before 'year
    // counts'). Time shared: the lead's first (1.5 s) is followed by the commissioner's questions
    // until the commissioner has had more time (0.9 + 1.0 + 1.2 = 3.1 s), then the lead's second
    // (4.5 s in all), then the commissioner's last, then the lead's exploration.
    const expected = ['year hotspots', 'c:counts', 'c:blend', 'year counts', 'c:funding', 'c:flows', 'year flows']
    expect(refresher.order()).toEqual(expected)
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(expected)
    // The round's own timing replaces the person's: the year's counts now take about no time, the rest 30 ms.
    expect(refresher.order()[0]).toBe('year counts')
    await refresher.close()
  })

  it("takes turns between readers' scopes: a commissioner's sign-in comes before one lead's exploration", async () => {
    const versions = { now: 'v1' }
    const answered: string[] = []
    const refresher = new Refresher(async () => versions.now)
    const commissioner: Actor = { userId: 'u2', organisationId: 'o1', role: 'commissioner', boroughs: ['E09000005', 'E09000033'] }
    const ctxOf = (actor: Actor): QuestionContext => ({ actor, refresher, rerun: (fn) => fn({} as Kysely<DB>) })
    const ask = (actor: Actor, key: string) =>
      refresher.remember(key, ctxOf(actor), async () => {
        answered.push(key)
      })
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(lead, key)
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(lead, key)
    for (const key of ['counts?programme=mentoring', 'flows', 'funding']) ask(lead, key)
    for (const key of ['c:funding', 'c:counts', 'c:flows']) ask(commissioner, key)
    const order = refresher.order()
    expect(order).toEqual(['hotspots', 'c:funding', 'counts', 'c:counts', 'border-activity', 'c:flows', 'counts?programme=mentoring', 'flows', 'funding'])
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(order)
    await refresher.close()
  })

  it('on a PostGIS server given ANSWER_REFRESH_PARALLEL=2: answers two questions at once, in order', async () => {
    const versions = { now: 'v1' }
    const spans: Array<{ key: string; from: number; to: number }> = []
    const refresher = new Refresher(
      async () => versions.now,
      undefined,
      () => 0,
      {
        roundMs: 30_000,
        rest: false,
        parallel: 2,
      },
    )
    const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
    const keys = ['a', 'b', 'c', 'd']
    for (const key of keys)
      refresher.remember(key, ctx, async () => {
        const from = Date.now()
        await new Promise((r) => setTimeout(r, 400))
        spans.push({ key, from, to: Date.now() })
      })
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(spans.map((s) => s.key).sort()).toEqual(keys)
    const span = (key: string) => spans.find((s) => s.key === key)!
    // The first two overlap (one alone would end before the other began), and each later one begins
    // only after an earlier one ended.
    expect(span('b').from).toBeLessThan(span('a').to)
    expect(span('c').from).toBeGreaterThanOrEqual(Math.min(span('a').to, span('b').to))
    expect(span('d').from).toBeGreaterThanOrEqual(Math.min(span('a').to, span('b').to))
    await refresher.close()
    // Resting is one worker's (the embedded database answers one question at a time).
    expect(
      () =>
        new Refresher(
          async () => 'v',
          undefined,
          () => 0,
          { roundMs: 1_000, rest: true, parallel: 2 },
        ),
    ).toThrow(/one question at a time/)
  }, 20_000)

  it('keeps the questions asked at every sign-in while one person explores many more, letting the least asked go', () => {
    const { refresher, ask } = refresherFor({ now: 'v1' })
    const defaults = ['hotspots', 'counts', 'border-activity']
    for (let signIn = 0; signIn < 2; signIn++) for (const key of defaults) ask(key)
    for (let i = 0; i < 3 * REFRESH_QUESTIONS; i++) ask(`exploration ${i}`)
    expect(refresher.size).toBe(REFRESH_QUESTIONS)
    const kept = refresher.order()
    expect(kept.slice(0, 3)).toEqual(defaults)
    // Among the once-asked, the most recent are kept, and the one just asked always is.
    expect(kept.at(-1)).toBe(`exploration ${3 * REFRESH_QUESTIONS - 1}`)
    expect(kept).not.toContain('exploration 0')
  })

  it('keeps the question just asked even when every other was asked more often, and lets it go first when the next arrives', () => {
    const { refresher, ask } = refresherFor({ now: 'v1' })
    for (let round = 0; round < 2; round++) for (let i = 0; i < REFRESH_QUESTIONS; i++) ask(`often ${i}`)
    ask('new')
    expect(refresher.size).toBe(REFRESH_QUESTIONS)
    expect(refresher.order()).toContain('new')
    ask('newer')
    expect(refresher.order()).toContain('newer')
    expect(refresher.order()).not.toContain('new')
  })

  it('stops a round once it has spent REFRESH_ROUND_MS answering, finishing the question it started, and rests as long as each question took', async () => {
    const versions = { now: 'v1' }
    // a and b together stay under the budget even when each runs 40 % late; c is started and finished.
    const each = Math.round(REFRESH_ROUND_MS / 3 + 50)
    const { refresher, answered, ask } = refresherFor(versions, each)
    for (const key of ['a', 'b', 'c', 'd', 'e']) ask(key)
    const started = Date.now()
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['a', 'b', 'c'])
    // It rested after a and b as long as each took (half a core at most), not after c: the budget was spent.
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 * each - 50)
    await refresher.close()
  }, 30_000)

  it('on a PostGIS server: answers past the embedded budget and does not rest (the database answers in processes of its own)', async () => {
    const versions = { now: 'v1' }
    const answered: string[] = []
    const began: number[] = []
    const refresher = new Refresher(
      async () => versions.now,
      undefined,
      () => 0,
      { roundMs: 10 * REFRESH_ROUND_MS, rest: false },
    )
    const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
    const each = REFRESH_ROUND_MS / 2
    for (const key of ['a', 'b', 'c', 'd'])
      refresher.remember(key, ctx, async () => {
        began.push(Date.now())
        await new Promise((r) => setTimeout(r, each))
        answered.push(key)
      })
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['a', 'b', 'c', 'd']) // 2 × REFRESH_ROUND_MS of answering
    // Each question starts right after the one before (a rest would put 2 × each between their starts).
    for (let i = 1; i < began.length; i++) expect(began[i]! - began[i - 1]!).toBeLessThan(2 * each - 300)
    await refresher.close()
  }, 30_000)

  it('ends its rest at once when it closes', async () => {
    const versions = { now: 'v1' }
    const { refresher, answered, ask } = refresherFor(versions, 1_000)
    for (const key of ['a', 'b']) ask(key)
    refresher.schedule()
    await expect.poll(() => answered, { timeout: 10_000, interval: 20 }).toEqual(['a'])
    const closing = Date.now()
    await refresher.close() // a 1 s rest had begun
    expect(Date.now() - closing).toBeLessThan(500)
    expect(answered).toEqual(['a'])
  }, 20_000)

  it('waits for a moment with no request in flight before each question, for at most REFRESH_YIELD_MS', async () => {
    const versions = { now: 'v1' }
    const requests = { inFlight: 1 }
    const { refresher, answered, began, ask } = refresherFor(versions, 0, () => requests.inFlight)
    ask('counts')
    const scheduled = Date.now()
    refresher.schedule()
    // The request ends a moment into the round's wait; the answer begins after whichever comes first,
    // the request's end or the round's yield limit.
    let ended = Number.POSITIVE_INFINITY
    setTimeout(
      () => {
        requests.inFlight = 0
        ended = Date.now()
      },
      REFRESH_DELAY_MS + REFRESH_YIELD_MS / 2,
    )
    await refresher.idle()
    expect(answered).toEqual(['counts'])
    expect(began[0]!).toBeGreaterThanOrEqual(Math.min(ended, scheduled + REFRESH_DELAY_MS + REFRESH_YIELD_MS) - 5)
    // A request that never ends holds each question back by REFRESH_YIELD_MS, no longer.
    requests.inFlight = 1
    versions.now = 'v2'
    await new Promise((r) => setTimeout(r, REFRESH_MIN_INTERVAL_MS))
    const started = Date.now()
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['counts', 'counts'])
    expect(began[1]! - started).toBeGreaterThanOrEqual(REFRESH_DELAY_MS + REFRESH_YIELD_MS - 10)
    expect(Date.now() - started).toBeLessThan(REFRESH_DELAY_MS + REFRESH_YIELD_MS + 5_000)
    await refresher.close()
  }, 30_000)
})
