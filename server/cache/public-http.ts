import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { matchesIfNoneMatch } from '../tiles/etag.js'
import { Lru } from './lru.js'

/**
 * Public boundary answers over HTTP: a strong ETag of the text itself and `Cache-Control: no-cache`,
 * so a browser keeps the body and asks again with If-None-Match every time (the answer follows a
 * boundary import at once), and the server answers 304 with no body to compress or send. The web
 * app asks for the borough map at page load, for the caseworker's list of boroughs and for the
 * commissioner's choropleth: after the first, each is a 304.
 */
/**
 * Tags of the texts sent lately: the kept answers are the same string each time, so the 1 MB
 * borough map is hashed once per boundary version, not once per request.
 */
const tags = new Lru<string>(16 * 1024 * 1024, (text) => text.length) // bounded by the texts it holds on to

function etagOf(text: string): string {
  const known = tags.get(text)
  if (known !== undefined) return known
  return tags.set(text, `"${createHash('sha1').update(text).digest('base64url')}"`)
}

export function sendPublic(req: FastifyRequest, reply: FastifyReply, type: string, text: string): FastifyReply {
  const etag = etagOf(text)
  reply.header('etag', etag).header('cache-control', 'no-cache')
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.type(type).send(text)
}
