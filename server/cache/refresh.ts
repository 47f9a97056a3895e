import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { outsideRequest } from '../db/request-signal.js'
import type { Actor } from '../auth/actor.js'
import { INTERNAL_HEADER } from '../auth/internal-actor.js'
import type { DB } from '../db/types.js'
import { dataVersions } from './data-versions.js'

/**
 * Recently asked heavy questions, answered again in the background after a write, so the next
 * person to ask (a lead signing in after a caseworker saved a referral) finds the answer already
 * computed for the new data instead of waiting for it.
 *
 * - Only questions asked under an organisation-wide scope (lead, commissioner) are kept: their
 *   answers serve everyone in that organisation, and their scope does not depend on one user's
 *   session. A question is kept for REFRESH_WINDOW_MS after it was last asked by a person, and at
 *   most REFRESH_QUESTIONS of them: when one more is asked, the least often asked goes (among equals,
 *   the one asked longest ago), so a page's sign-in questions, asked at every sign-in, outlast one
 *   person's exploration (with "the most recent", the fifteen or so questions of one lead's
 *   exploration pushed them out).
 * - Each is answered again in a transaction of its own under the same actor and disclosure settings
 *   (withActor: database role, row-level security, k, noise), through the same cache entry point a
 *   request uses, so the kept answer is exactly the one that request would compute, under the key
 *   that request would look up.
 * - They run one after another (on a PostGIS server ANSWER_REFRESH_PARALLEL at a time), each reader
 *   scope's in turn — organisation and role, and a commissioner's boroughs — sharing the round's
 *   time (the next question is the next of the scope that has had the least answering time so far),
 *   and within a scope the most often asked first, then the quicker, then the one first asked first:
 *   the questions a page asks as someone signs in (its defaults) are asked at every sign-in and before
 *   anything else, so they are ready first; the last question of one person's exploration comes last;
 *   and one lead's exploration, or a lead's slow yearly questions, do not keep a commissioner's
 *   sign-in waiting (every scope's first question comes before anyone's second). A round starts no more questions once it has spent REFRESH_ROUND_MS answering
 *   (REFRESH_ROUND_MS_SERVER on a PostGIS server; the one running is finished; waits and rests do not
 *   count; the rest are answered when asked), so keeping many questions does not make every write
 *   cost the database more. On the embedded database, after each question it rests as long as that
 *   question took, so it never takes more than half of the service's core. A round starts after the writes have paused for REFRESH_DELAY_MS and at least
 *   REFRESH_MIN_INTERVAL_MS after the previous round that answered anything ended, and only when the
 *   data versions changed since the last round (a sign-in is a write that changes no data, and its
 *   round answers nothing and holds nothing back); a write during a round schedules the next. Before
 *   each question a round waits until no request is in flight (at most REFRESH_YIELD_MS), so a request
 *   waits for at most the questions already running (one on the embedded database).
 */

export const REFRESH_QUESTIONS = 64
/**
 * A round starts no more questions once it has spent this long answering (waits and rests not
 * counted); one started is finished. On the embedded database the answering runs on the service's own
 * thread; a PostGIS server answers in processes of its own, where a sign-in's questions over 1M
 * locations take 1–6 s each and 3 s left most of them to the next person who asked.
 */
export const REFRESH_ROUND_MS = 3_000
/**
 * On a server the budget counts every question's time, also when two run at once: at 1M locations the
 * twenty or so questions of a lead's and a commissioner's pages took 40–60 s in all, and 30 s left a
 * lead's yearly funding, counts and flows (asked last) to be computed while the lead waited (8–9 s).
 */
export const REFRESH_ROUND_MS_SERVER = 90_000
export const REFRESH_WINDOW_MS = 30 * 60_000
export const REFRESH_DELAY_MS = 250
/** Rounds start at most this often, so a steady trickle of writes does not keep the database busy recomputing. */
export const REFRESH_MIN_INTERVAL_MS = 5_000
/**
 * Before each question a round waits for a moment with no request in flight, for at most this long:
 * people come first. On the embedded database a request that needs the connection three times (its
 * session, the data versions, its query) waited behind a refreshed question each time; a page opened
 * during a round drew its first map 1.8 s late.
 */
export const REFRESH_YIELD_MS = 500
/** What a kept question is taken to cost when its answering time is not known (ordering only). */
export const REFRESH_UNKNOWN_MS = 1_000

const ORGANISATION_SCOPES = new Set(['lead', 'commissioner'])

/** How the current request runs database work as its actor (set by req.scoped / req.scopedRead). */
export interface QuestionContext {
  actor: Actor
  /** Runs `fn` in a new transaction under the same actor and disclosure settings. */
  rerun: <T>(fn: (db: Kysely<DB>) => Promise<T>) => Promise<T>
  /** The app's refresher, which notes the questions this request asks. */
  refresher: Refresher
  /** True while a refresh round answers: such answers do not count as asked. */
  refreshing?: boolean
}

export const questionContext = new AsyncLocalStorage<QuestionContext>()

interface Asked {
  /** When a person last asked it. */
  at: number
  /** How often people asked it while it was kept, and the order in which it was first asked. */
  times: number
  first: number
  again: () => Promise<unknown>
  /** The data versions its kept answer was computed for (a round skips it while they are current). */
  versions: string | undefined
  /** Whose question it is: the reader scope (role, organisation, boroughs) the rounds take turns between. */
  scope: string
  /** How long it took to answer the last time it was computed (for a person or by a round), ms. */
  ms: number | undefined
}

export const refreshStats = { rounds: 0, answered: 0, failed: 0 }

/** What one round did: questions answered and failed, its time from start to end, and the time spent answering (summed over questions answered at once). */
export interface RoundSummary {
  answered: number
  failed: number
  /** Questions kept but not reached (the budget ran out, or the service closed). */
  left: number
  elapsedMs: number
  answeringMs: number
  /** The question that took longest (its service's name, e.g. 'hotspots'), and how long. */
  slowest?: { question: string; ms: number }
  /** Every question answered or failed, as it ended: its service's name and ms (what a round's time went on). */
  each: Array<[question: string, ms: number]>
}

export class Refresher {
  private readonly asked = new Map<string, Asked>()
  private timer: NodeJS.Timeout | undefined
  private waiting = false
  private running: Promise<void> | undefined
  private pending = false
  private closed = false
  private lastRound = -Infinity
  private lastVersions: string | undefined
  private asks = 0

  /**
   * `versions` reads the data versions now (a round after a write that changed no data, e.g. a
   * sign-in, answers nothing); `onError` hears of a question that could not be answered again.
   */
  constructor(
    private readonly versions: () => Promise<string>,
    private readonly onError: (err: unknown) => void = () => {},
    /** How many requests are in flight now (none: nothing to yield to). */
    private readonly busy: () => number = () => 0,
    /**
     * The round's answering budget; whether it rests after each question (the embedded database: it
     * answers on this thread); how many questions it answers at once (default 1).
     */
    private readonly pace: { roundMs: number; rest: boolean; parallel?: number } = { roundMs: REFRESH_ROUND_MS, rest: true },
    /** Hears how each round that answered something went. */
    private readonly onRound: (round: RoundSummary) => void = () => {},
  ) {
    // A rest is one worker's (a close wakes one rest); resting is for the embedded database, which answers one at a time.
    if (pace.rest && (pace.parallel ?? 1) > 1) throw new Error('a refresher that rests answers one question at a time')
  }

  /**
   * Resolves once no request is in flight, or after REFRESH_YIELD_MS. It first lets the event loop
   * read its sockets: the embedded database computes on this thread, so requests that arrived during
   * the last question are only counted once the loop has run.
   */
  private wake: (() => void) | undefined

  /** Waits `ms`, or less when the refresher closes. */
  private rest(ms: number): Promise<void> {
    return new Promise((done) => {
      const timer = setTimeout(finish, ms)
      function finish() {
        clearTimeout(timer)
        done()
      }
      this.wake = finish
    })
  }

  async yieldToRequests(): Promise<void> {
    const until = Date.now() + REFRESH_YIELD_MS
    do await new Promise((r) => setTimeout(r, 5))
    while (this.busy() > 0 && Date.now() < until && !this.closed)
  }

  /** Notes that `key` was asked by a person in `ctx`; `again(db)` answers it again in a new transaction. */
  remember(key: string, ctx: QuestionContext | undefined, again: (db: Kysely<DB>) => Promise<unknown>, versions?: string, ms?: number): void {
    if (!ctx || ctx.refreshing || !ORGANISATION_SCOPES.has(ctx.actor.role)) return
    const before = this.asked.get(key)
    this.asked.delete(key)
    this.asked.set(key, {
      at: Date.now(),
      times: (before?.times ?? 0) + 1,
      first: before?.first ?? this.asks++,
      again: () => questionContext.run({ ...ctx, refreshing: true }, () => ctx.rerun(again)),
      versions,
      scope: `${ctx.actor.role}|${ctx.actor.organisationId}|${(ctx.actor.boroughs ?? []).join(',')}`,
      ms: ms ?? before?.ms,
    })
    if (this.asked.size > REFRESH_QUESTIONS) this.forgetExpired()
    while (this.asked.size > REFRESH_QUESTIONS) this.asked.delete(this.leastAsked(key))
  }

  /** Drops the questions nobody asked within REFRESH_WINDOW_MS (a round stopped by its budget may not have reached them). */
  private forgetExpired(): void {
    const now = Date.now()
    for (const [key, q] of this.asked) if (now - q.at > REFRESH_WINDOW_MS) this.asked.delete(key)
  }

  /** The kept question that goes first: the least often asked, among equals the one asked longest ago; never `except`. */
  private leastAsked(except: string): string {
    let out: [string, Asked] | undefined
    for (const entry of this.asked) {
      if (entry[0] === except) continue
      if (!out || entry[1].times < out[1].times || (entry[1].times === out[1].times && entry[1].at < out[1].at)) out = entry
    }
    return out![0]
  }

  /** How many questions a round answers at once. */
  get parallel(): number {
    return Math.max(1, this.pace.parallel ?? 1)
  }

  /** How many questions are kept to be answered again. */
  get size(): number {
    return this.asked.size
  }

  /**
   * The kept questions in the order a round answers them. Within a scope, the most often asked
   * first, then the quicker (by how long it took the last time), then the first asked. The scopes
   * share the round's time: the next question is always the next of the scope that has had the least
   * answering time so far in the round (each question counted at its last time, REFRESH_UNKNOWN_MS
   * when not known; among equals, the scope whose first question comes first by the same rule). With
   * turns counted in questions, at 1M locations a commissioner signing in 7 s after a save found a
   * quarter's flows not yet answered: it was the commissioner's third question, behind three of the
   * lead's of 2–3 s each. By time, the commissioner's four questions of 0.2–2 s come while the lead's
   * first is counted.
   */
  order(): string[] {
    // At least 1 ms, so scopes of instant answers still take turns.
    const cost = (q: Asked) => Math.max(1, q.ms ?? REFRESH_UNKNOWN_MS)
    const byAsking = ([, a]: [string, Asked], [, b]: [string, Asked]) => b.times - a.times || cost(a) - cost(b) || a.first - b.first
    const scopes = new Map<string, { keys: string[]; next: number; spent: number }>()
    for (const [key, q] of [...this.asked].sort(byAsking)) {
      const scope = scopes.get(q.scope)
      if (scope) scope.keys.push(key)
      else scopes.set(q.scope, { keys: [key], next: 0, spent: 0 })
    }
    const out: string[] = []
    while (out.length < this.asked.size) {
      let turn: { keys: string[]; next: number; spent: number } | undefined
      for (const scope of scopes.values()) if (scope.next < scope.keys.length && (!turn || scope.spent < turn.spent)) turn = scope
      const key = turn!.keys[turn!.next++]!
      turn!.spent += cost(this.asked.get(key)!)
      out.push(key)
    }
    return out
  }

  /** A write has committed: answer the recent questions again once writes pause. */
  schedule(): void {
    if (this.closed || this.asked.size === 0) return
    clearTimeout(this.timer)
    this.waiting = true
    const wait = Math.max(REFRESH_DELAY_MS, this.lastRound + REFRESH_MIN_INTERVAL_MS - Date.now())
    // Outside the write's request: the round is nobody's request and no client's leaving cancels it.
    this.timer = outsideRequest(() => setTimeout(() => this.start(), wait))
    this.timer.unref()
  }

  private start(): void {
    this.waiting = false
    if (this.running) {
      this.pending = true
      return
    }
    const round = this.round().catch((err: unknown) => {
      this.onError(err)
      return true
    })
    this.running = round.then((answered) => {
      this.running = undefined
      // Only a round that answered something holds the next back (a sign-in's round costs nothing).
      if (answered) this.lastRound = Date.now()
      if (this.pending && !this.closed) {
        this.pending = false
        this.schedule()
      }
    })
  }

  /** Answers the kept questions again; false when the data had not changed (nothing was answered). */
  private async round(): Promise<boolean> {
    const versions = await this.versions().catch((err: unknown) => {
      this.onError(err)
      return undefined
    })
    if (versions === undefined || versions === this.lastVersions) return false
    this.lastVersions = versions
    refreshStats.rounds++
    const now = Date.now()
    let spent = 0
    let answered = false
    const summary: RoundSummary = { answered: 0, failed: 0, left: 0, elapsedMs: 0, answeringMs: 0, each: [] }
    const keys = this.order()
    // In order, this.parallel at a time, until none is left or the budget is spent.
    await inOrder(keys, this.parallel, async (key, i) => {
      const q = this.asked.get(key)
      if (this.closed || spent >= this.pace.roundMs) {
        // Each worker stops at its own next question; the first of them stopped is where the round ended.
        summary.left = Math.max(summary.left, keys.length - i)
        return false
      }
      if (!q) return
      if (now - q.at > REFRESH_WINDOW_MS) {
        this.asked.delete(key)
        return
      }
      // Already answered for these data (e.g. asked after the write, or at start-up before the first
      // round, which has no earlier versions to compare with).
      if (q.versions !== undefined && q.versions === versions) return
      await this.yieldToRequests()
      const started = Date.now()
      let kept: Asked | undefined
      try {
        await q.again()
        refreshStats.answered++
        summary.answered++
        answered = true
        // The entry as it is now: a person may have asked again meanwhile, which replaced it.
        kept = this.asked.get(key) ?? q
        kept.versions = versions
      } catch (err) {
        refreshStats.failed++
        summary.failed++
        this.asked.delete(key)
        this.onError(err)
      }
      const took = Date.now() - started
      if (kept) kept.ms = took
      const question = key.slice(0, key.indexOf('\u0000'))
      summary.each.push([question, took])
      if (took > (summary.slowest?.ms ?? -1)) summary.slowest = { question, ms: took }
      spent += took
      // Rests as long as it worked: at most half of one core (the embedded database computes on the
      // service's own thread), however many questions are kept. Not after the last one, and a close
      // ends the rest at once.
      if (this.pace.rest && i < keys.length - 1 && spent < this.pace.roundMs && !this.closed) await this.rest(took)
    })
    summary.elapsedMs = Date.now() - now
    summary.answeringMs = spent
    if (answered || summary.failed > 0) this.onRound(summary)
    return answered
  }

  /** Resolves when no round is running (tests, and the server's close). */
  async idle(): Promise<void> {
    while (this.waiting || this.running) {
      if (this.running) await this.running
      else await new Promise((r) => setTimeout(r, REFRESH_DELAY_MS))
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.waiting = false
    clearTimeout(this.timer)
    this.wake?.()
    await this.running
  }
}

/**
 * Runs `each` over `items` in their order, `parallel` at a time (each worker takes the next item as it
 * finishes one); a worker stops when `each` returns false. Every worker settles before this does (so
 * a close waiting on it waits for all the work running); then the first failure, if any, is thrown.
 */
export async function inOrder<T>(items: readonly T[], parallel: number, each: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) if ((await each(items[i]!, i)) === false) return
  }
  const workers = await Promise.allSettled(Array.from({ length: Math.max(1, parallel) }, worker))
  for (const w of workers) if (w.status === 'rejected') throw w.reason
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The app's refresher (`app.refresher`): every successful state change schedules a round, and the
 * app's close waits for a running round to end before the database closes.
 */
export function registerAnswerRefresh(app: FastifyInstance): void {
  // The requests in flight, for a round to yield to (the response's close ends one however it ended).
  const inFlight = new Set<object>()
  const refresher = new Refresher(
    () => dataVersions(app.db),
    (err) => app.log.warn({ err }, 'a recently asked question could not be answered again after a write'),
    () => inFlight.size,
    // On a server, ANSWER_REFRESH_PARALLEL questions at once, each in a backend of its own (default one:
    // on a 2-core database host at 1M locations two at once ended a round no sooner, 20–23 s either
    // way, but took both cores for it, so the people signing in meanwhile waited on the CPU).
    app.backend === 'pglite'
      ? { roundMs: REFRESH_ROUND_MS, rest: true }
      : { roundMs: REFRESH_ROUND_MS_SERVER, rest: false, parallel: app.config.answerRefreshParallel },
    (round) =>
      app.log.info({ refresh: round }, `answered ${round.answered} recently asked questions again after a write in ${(round.elapsedMs / 1000).toFixed(1)} s`),
  )
  app.decorate('refresher', refresher)
  app.addHook('onRequest', async (req, reply) => {
    // The service's own first-view questions (server/cache/first-view.ts) are background work too: a
    // round does not wait for them, nor one first-view question for another.
    if (req.headers[INTERNAL_HEADER] !== undefined) return
    inFlight.add(req)
    reply.raw.once('close', () => inFlight.delete(req))
  })
  app.addHook('onResponse', async (req, reply) => {
    inFlight.delete(req)
    if (!SAFE_METHODS.has(req.method) && reply.statusCode < 300) refresher.schedule()
  })
  app.addHook('onClose', async () => refresher.close())
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers recently asked questions again after a write (server/cache/refresh.ts). */
    refresher: Refresher
  }
}
