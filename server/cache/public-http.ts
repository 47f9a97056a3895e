import { createHash } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { matchesIfNoneMatch } from '../tiles/etag.js'

/**
 * Public boundary answers over HTTP: a strong ETag of the text itself and `Cache-Control: no-cache`,
 * so a browser keeps the body and asks again with If-None-Match every time (the answer follows a
 * boundary import at once), and the server answers 304 with no body to compress or send. The web
 * app asks for the borough map at page load, for the caseworker's list of boroughs and for the
 * commissioner's choropleth: after the first, each is a 304.
 */
function etagOf(text: string): string {
  return `"${createHash('sha1').update(text).digest('base64url')}"`
}

export function sendPublic(req: FastifyRequest, reply: FastifyReply, type: string, text: string): FastifyReply {
  const etag = etagOf(text)
  reply.header('etag', etag).header('cache-control', 'no-cache')
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return reply.code(304).send()
  return reply.type(type).send(text)
}
