import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest, InjectOptions } from 'fastify'
import type { Actor } from './actor.js'

/**
 * Requests the service makes to itself (`app.inject`) in someone's name, without a session: the
 * first view's questions answered at start-up (server/cache/first-view.ts). Each call registers its
 * actor under a random one-time key (192 bits) that only lives in this process while the injected
 * request runs; the request carries the key in INTERNAL_HEADER and the auth hook answers it as that
 * actor. A request from the network would have to guess a key that exists for milliseconds.
 */
const pending = new Map<string, Actor>()

export const INTERNAL_HEADER = 'x-crossborough-internal'

/** Injects `options` into `app`, answered as `actor`. */
export async function injectAs(app: FastifyInstance, actor: Actor, options: InjectOptions) {
  const key = randomBytes(24).toString('base64url')
  pending.set(key, actor)
  try {
    return await app.inject({ ...options, headers: { ...options.headers, [INTERNAL_HEADER]: key } })
  } finally {
    pending.delete(key)
  }
}

/** The actor of a request injected by injectAs; undefined for every other request. */
export function internalActorOf(req: FastifyRequest): Actor | undefined {
  const key = req.headers[INTERNAL_HEADER]
  return typeof key === 'string' ? pending.get(key) : undefined
}
