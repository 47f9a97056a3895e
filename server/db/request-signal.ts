import { AsyncLocalStorage } from 'node:async_hooks'
import type { FastifyInstance } from 'fastify'

/**
 * The request a piece of database work is for, without threading it through every call: an
 * AbortSignal that fires when the client goes away before the answer is complete. withActor
 * (server/db/scoped.ts) cancels the statement of a transaction whose client has gone, so a
 * abandoned slow page frees its connection (and, on a server, its backend) for everyone else.
 */
interface RequestContext {
  signal: AbortSignal
  /** false: the route finishes its work even when the client goes (an export records how it ended). */
  cancelOnClose: boolean
}

const store = new AsyncLocalStorage<RequestContext>()

export function registerRequestSignals(app: FastifyInstance) {
  // The callback form runs the rest of the request's lifecycle inside the store.
  app.addHook('onRequest', (req, reply, done) => {
    const controller = new AbortController()
    const ctx: RequestContext = { signal: controller.signal, cancelOnClose: true }
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) controller.abort(new Error('the client closed the connection'))
    })
    store.run(ctx, done)
  })
}

/** The current request's signal when its client went away and its work may be cancelled; undefined otherwise. */
export function requestSignal(): AbortSignal | undefined {
  const ctx = store.getStore()
  return ctx?.cancelOnClose ? ctx.signal : undefined
}

/** The current request keeps its database work when the client goes away (it records the outcome itself). */
export function keepWorkOnClientClose(): void {
  const ctx = store.getStore()
  if (ctx) ctx.cancelOnClose = false
}

/** How each request database cancels a running statement by backend pid (set by openPostgres). */
export const cancellers = new WeakMap<object, (pid: number) => Promise<void>>()

/** Runs `fn` outside any request (e.g. to start a timer for background work a request only triggered). */
export function outsideRequest<T>(fn: () => T): T {
  return store.exit(fn)
}
