import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { matchesIfNoneMatch } from '../tiles/etag.js'

/**
 * Weak ETags of OGC answers: a hash of what the answer says (its format, CRS and content, never its
 * timeStamp), so a client that asks again for an unchanged page gets 304 Not Modified without the
 * body. Weak because the same content may be written differently (the features come from the database).
 */
export class EtagBuilder {
  private readonly hash = createHash('sha256')
  add(part: string): this {
    this.hash.update(part).update('\u0000')
    return this
  }
  tag(): string {
    return `"${this.hash.digest('base64url').slice(0, 32)}"`
  }
}

/** Sets the ETag; true when If-None-Match names it (the caller answers 304 then). */
export function notModified(req: FastifyRequest, reply: FastifyReply, tag: string): boolean {
  reply.header('etag', `W/${tag}`)
  return matchesIfNoneMatch(req.headers['if-none-match'], tag)
}
