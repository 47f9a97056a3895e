import type { Kysely } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { Actor } from '../../server/auth/actor.js'
import { REFRESH_DELAY_MS, REFRESH_MIN_INTERVAL_MS, Refresher, type QuestionContext } from '../../server/cache/refresh.js'
import type { DB } from '../../server/db/types.js'

/**
 * The refresher's schedule on its own (no database): which kept question a round answers first, and
 * that a round which found the data unchanged does not hold the next one back. The answers
 * themselves are tested through the app in versioned.test.ts.
 */

const lead: Actor = { userId: 'u1', organisationId: 'o1', role: 'lead', boroughs: null }

/** A refresher whose data versions are `versions.now`, recording the questions its rounds answer. */
function refresherFor(versions: { now: string }) {
  const answered: string[] = []
  const refresher = new Refresher(async () => versions.now)
  const ctx: QuestionContext = { actor: lead, refresher, rerun: (fn) => fn({} as Kysely<DB>) }
  const ask = (key: string) => refresher.remember(key, ctx, async () => answered.push(key))
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
})
