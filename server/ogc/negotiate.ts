import type { FastifyRequest } from 'fastify'
import { Problem } from '../errors/problem.js'

/** The encodings of every OGC answer: JSON (GeoJSON for features) and HTML for a person in a browser. */
export type Format = 'json' | 'html'

const JSON_TYPES = ['application/json', 'application/geo+json', 'application/schema+json', 'application/vnd.oai.openapi+json']

/** The q of the best Accept entry matching `types` (exact, type/*, or * / *), or 0. */
function quality(accept: string, types: readonly string[]): number {
  let best = 0
  for (const part of accept.split(',')) {
    const [range, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim())
    if (!range) continue
    const qp = params.find((p) => p.startsWith('q='))
    const q = qp ? Number(qp.slice(2)) : 1
    if (!Number.isFinite(q)) continue
    const matches = range === '*/*' || types.some((t) => t === range || (range.endsWith('/*') && t.startsWith(range.slice(0, -1))))
    if (matches && q > best) best = q
  }
  return best
}

/**
 * `f` decides; without it the Accept header, as pg_featureserv does: HTML when the client prefers
 * text/html (a browser), JSON when it prefers JSON or takes anything. Neither: 406 listing both.
 */
export function negotiate(req: FastifyRequest, f: string | undefined, html = true): Format {
  if (f === 'json' || f === 'html') {
    if (f === 'html' && !html) throw notAcceptable('This document is offered as JSON only (f=json).')
    return f
  }
  const accept = req.headers.accept
  if (!accept) return 'json'
  const json = quality(accept, JSON_TYPES)
  const page = html ? quality(accept, ['text/html']) : 0
  if (json === 0 && page === 0) {
    throw notAcceptable(
      `This service offers ${JSON_TYPES.slice(0, 2).join(' and ')}${html ? ', and text/html' : ''} (or f=json${html ? ', f=html' : ''}); the Accept header names none of them.`,
    )
  }
  return page > json ? 'html' : 'json'
}

const notAcceptable = (detail: string) => new Problem(406, 'not-acceptable', detail)
