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
} from '../../server/cache/refresh.js'
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
  const refresher = new Refresher(async () => versions.now, undefined, busy)
  const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
  const ask = (key: string) =>
    refresher.remember(key, ctx, async () => {
      if (answerMs) await new Promise((r) => setTimeout(r, answerMs))
      answered.push(key)
    })
  return { refresher, answered, ask }
}

describe('answer refresh schedule', () => {
  it('answers the most often asked first and, among equals, the first asked first', async () => {
    const versions = { now: 'v1' }
    const { refresher, answered, ask } = refresherFor(versions)
    // A lead signs in (the page's default questions), explores, and a second lead signs in.
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(key)
    for (const key of ['counts?programme=mentoring', 'flows', 'funding']) ask(key)
    for (const key of ['hotspots', 'counts', 'border-activity']) ask(key)
    expect(refresher.order()).toEqual(['hotspots', 'counts', 'border-activity', 'counts?programme=mentoring', 'flows', 'funding'])
    versions.now = 'v2'
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(refresher.order())
    await refresher.close()
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

  it('stops a round once it has spent REFRESH_ROUND_MS answering, finishing the question it started, and rests as long as each question took', async () => {
    const versions = { now: 'v1' }
    const each = REFRESH_ROUND_MS / 2.5
    const { refresher, answered, ask } = refresherFor(versions, each)
    for (const key of ['a', 'b', 'c', 'd', 'e']) ask(key)
    const started = Date.now()
    refresher.schedule()
    await refresher.idle()
    // Started a at 0, b at 0.4, c at 0.8 of the budget: c ends past it and nothing more starts.
    expect(answered).toEqual(['a', 'b', 'c'])
    // After each question it rested as long as the question took: half a core at most.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2 * 3 * each - 50)
    await refresher.close()
  }, 20_000)

  it('waits for a moment with no request in flight before each question, for at most REFRESH_YIELD_MS', async () => {
    const versions = { now: 'v1' }
    const requests = { inFlight: 1 }
    const { refresher, answered, ask } = refresherFor(versions, 0, () => requests.inFlight)
    ask('counts')
    refresher.schedule()
    await new Promise((r) => setTimeout(r, REFRESH_DELAY_MS + REFRESH_YIELD_MS / 2))
    expect(answered).toEqual([]) // a request is in flight: the round waits
    requests.inFlight = 0
    await refresher.idle()
    expect(answered).toEqual(['counts'])
    // A request that never ends holds each question back by REFRESH_YIELD_MS, no longer.
    requests.inFlight = 1
    versions.now = 'v2'
    await new Promise((r) => setTimeout(r, REFRESH_MIN_INTERVAL_MS))
    const started = Date.now()
    refresher.schedule()
    await refresher.idle()
    expect(answered).toEqual(['counts', 'counts'])
    expect(Date.now() - started).toBeGreaterThanOrEqual(REFRESH_DELAY_MS + REFRESH_YIELD_MS - 10)
    expect(Date.now() - started).toBeLessThan(REFRESH_DELAY_MS + REFRESH_YIELD_MS + 1_000)
    await refresher.close()
  }, 20_000)
})
