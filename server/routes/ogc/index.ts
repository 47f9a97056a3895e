import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { PUBLIC } from '../../auth/access.js'
import { serviceArea } from '../../areas/areas.repository.js'
import { forbidden, notFound, Problem, unauthenticated } from '../../errors/problem.js'
import { COLLECTIONS, collectionById, type Collection, type SourceContext } from '../../ogc/collections.js'
import {
  collectionDocument, CONFORMANCE, featureText, GEOJSON_TYPE, itemsText, JSON_TYPE, landingPage, type Link,
} from '../../ogc/documents.js'
import { clampLimit, OGC_LIMIT_DEFAULT, OGC_LIMIT_MAX, parseBbox, parseDatetime } from '../../ogc/params.js'
import { errorResponses, StringEnum } from '../../schemas/common.js'

const F = Type.Optional(StringEnum(['json'] as const, { description: 'Encoding: JSON (GeoJSON for features), the only one offered' }))
const FOnly = Type.Object({ f: F }, { additionalProperties: false })
const CollectionParams = Type.Object({ collectionId: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }) })
const ItemsQuery = Type.Object({
  f: F,
  limit: Type.Optional(Type.Integer({ minimum: 1, default: OGC_LIMIT_DEFAULT, description: `Page size; at most ${OGC_LIMIT_MAX} (larger values are taken as ${OGC_LIMIT_MAX})` })),
  bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (CRS84)', examples: ['-0.2,51.52,-0.17,51.54'] })),
  datetime: Type.Optional(Type.String({ description: 'RFC 3339 instant, or interval start/end with .. (or nothing) for an open end' })),
  offset: Type.Optional(Type.Integer({ minimum: 0, description: 'Paging of offset-paged collections: follow the next link' })),
  cursor: Type.Optional(Type.String({ maxLength: 64, description: 'Paging of key-paged collections: follow the next link' })),
}, { additionalProperties: false })
const Doc = Type.Unsafe<string>({ type: 'object', description: 'JSON (GeoJSON for features)' })
const responses = { 200: Doc, 406: Type.Unsafe({ $ref: 'Problem#' }), ...errorResponses }

/** What the client accepts: JSON or GeoJSON (or anything); otherwise 406. */
function negotiate(req: FastifyRequest) {
  const accept = req.headers.accept
  if (!accept) return
  if (/(^|,)\s*(\*\/\*|application\/\*|application\/json|application\/geo\+json)\s*(;|,|$)/i.test(accept)) return
  throw new Problem(406, 'not-acceptable', 'This service offers application/json and application/geo+json only.')
}

/** Collections whose features are exact locations: their items answer Cache-Control no-store. */
const EXACT_COLLECTIONS = new Set(['referral-locations'])
const exactCollection = (req: FastifyRequest) => EXACT_COLLECTIONS.has((req.params as { collectionId?: string }).collectionId ?? '')

const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`

/** The request's own query, with paging replaced: for self and next links. */
function pageUrl(req: FastifyRequest, path: string, set: Record<string, string | undefined>): string {
  const q = new URLSearchParams(req.url.split('?')[1] ?? '')
  q.delete('offset')
  q.delete('cursor')
  for (const [k, v] of Object.entries(set)) if (v !== undefined) q.set(k, v)
  const s = q.toString()
  return `${baseUrl(req)}${path}${s ? `?${s}` : ''}`
}

/**
 * OGC API – Features, Part 1 (core, GeoJSON, OpenAPI 3.0) under /ogc, for QGIS, ArcGIS and GDAL.
 * Every route is reachable without signing in (boundaries are public); each collection decides who
 * may see it — the same session cookie or partner token as the API; 401 without one, 403 for a role
 * that may not. What a caller may not see is not listed in /collections either.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  let extent: Awaited<ReturnType<typeof serviceArea>> | undefined
  const serviceExtent = async () => (extent ??= await serviceArea(app.db, 0))

  /** Runs `fn` with the caller's context if they may see the collection (public ones with the public pool). */
  async function withCollection<T>(req: FastifyRequest, c: Collection, fn: (ctx: SourceContext) => Promise<T>): Promise<T> {
    const query = req.query as Record<string, unknown>
    if (c.public) return fn({ db: app.db, actor: req.actor, k: app.config.kAnonymity, borderZoneM: app.config.borderZoneM, query })
    if (!req.actor) throw unauthenticated(`The collection ${c.id} needs a session cookie or a partner token (Authorization: Bearer).`)
    return req.scoped(async (db, actor) => {
      if (!(await c.visibleTo(db, actor))) throw forbidden(`The ${actor.role} role may not read the collection ${c.id}.`)
      return fn({ db, actor, k: app.config.kAnonymity, borderZoneM: app.config.borderZoneM, query })
    })
  }

  const find = (id: string) => {
    const c = collectionById(id)
    if (!c) throw notFound(`The collection ${id}`)
    return c
  }

  const send = (reply: FastifyReply, type: string, body: string) => reply.type(type).header('cache-control', 'private, no-cache').send(body)

  app.get('/', {
    config: { access: PUBLIC },
    schema: { tags: ['ogc'], summary: 'OGC API – Features landing page', querystring: FOnly, response: responses },
  }, async (req, reply) => {
    negotiate(req)
    return send(reply, JSON_TYPE, JSON.stringify(landingPage(baseUrl(req))))
  })

  app.get('/conformance', {
    config: { access: PUBLIC },
    schema: { tags: ['ogc'], summary: 'Conformance classes: core, GeoJSON, OpenAPI 3.0', querystring: FOnly, response: responses },
  }, async (req, reply) => {
    negotiate(req)
    return send(reply, JSON_TYPE, JSON.stringify({ conformsTo: CONFORMANCE }))
  })

  app.get('/collections', {
    config: { access: PUBLIC },
    schema: { tags: ['ogc'], summary: 'The collections the caller may see', querystring: FOnly, response: responses },
  }, async (req, reply) => {
    negotiate(req)
    const base = baseUrl(req)
    const visible = req.actor
      ? await req.scoped(async (db, actor) => {
          const out: Collection[] = []
          for (const c of COLLECTIONS) if (c.public || (await c.visibleTo(db, actor))) out.push(c)
          return out
        })
      : COLLECTIONS.filter((c) => c.public)
    const box = await serviceExtent()
    return send(reply, JSON_TYPE, JSON.stringify({
      links: [{ href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE, title: 'The collections' }] satisfies Link[],
      collections: visible.map((c) => collectionDocument(base, c, box)),
    }))
  })

  app.get('/collections/:collectionId', {
    config: { access: PUBLIC },
    schema: { tags: ['ogc'], summary: 'One collection', params: CollectionParams, querystring: FOnly, response: responses },
  }, async (req, reply) => {
    negotiate(req)
    const c = find(req.params.collectionId)
    await withCollection(req, c, async () => undefined)
    return send(reply, JSON_TYPE, JSON.stringify(collectionDocument(baseUrl(req), c, await serviceExtent())))
  })

  app.get('/collections/:collectionId/items', {
    config: { access: PUBLIC, exact: exactCollection },
    schema: {
      tags: ['ogc'],
      summary: 'Features of a collection: bbox, datetime, limit, paging by next links',
      params: CollectionParams,
      querystring: ItemsQuery,
      response: responses,
    },
  }, async (req, reply) => {
    negotiate(req)
    const c = find(req.params.collectionId)
    const q = req.query
    if (q.offset !== undefined && c.paging !== 'offset') throw new Problem(400, 'validation-failed', `offset: ${c.id} is paged by cursor; follow the next link`, [{ field: 'offset', message: 'this collection is paged by cursor' }])
    if (q.cursor !== undefined && c.paging !== 'key') throw new Problem(400, 'validation-failed', `cursor: ${c.id} is paged by offset; follow the next link`, [{ field: 'cursor', message: 'this collection is paged by offset' }])
    const request = {
      bbox: parseBbox(q.bbox),
      period: parseDatetime(q.datetime),
      limit: clampLimit(q.limit),
      offset: q.offset ?? 0,
      after: q.cursor,
    }
    const page = await withCollection(req, c, (ctx) => c.items(ctx, request))
    const path = `/ogc/collections/${c.id}/items`
    const links: Link[] = [
      { href: pageUrl(req, path, { offset: request.offset ? String(request.offset) : undefined, cursor: q.cursor }), rel: 'self', type: GEOJSON_TYPE, title: 'This page' },
      { href: `${baseUrl(req)}/ogc/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
    ]
    if (page.next) {
      const at = 'offset' in page.next ? { offset: String(page.next.offset) } : { cursor: page.next.after }
      links.push({ href: pageUrl(req, path, at), rel: 'next', type: GEOJSON_TYPE, title: 'The next page' })
    }
    if (c.paging === 'offset' && request.offset > 0) {
      const prev = Math.max(0, request.offset - request.limit)
      links.push({ href: pageUrl(req, path, { offset: prev ? String(prev) : undefined }), rel: 'prev', type: GEOJSON_TYPE, title: 'The previous page' })
    }
    return send(reply, GEOJSON_TYPE, itemsText(page, links, new Date().toISOString()))
  })

  app.get('/collections/:collectionId/items/:featureId', {
    config: { access: PUBLIC, exact: exactCollection },
    schema: {
      tags: ['ogc'],
      summary: 'One feature',
      params: Type.Object({ collectionId: CollectionParams.properties.collectionId, featureId: Type.String({ minLength: 1, maxLength: 200 }) }),
      querystring: FOnly,
      response: responses,
    },
  }, async (req, reply) => {
    negotiate(req)
    const c = find(req.params.collectionId)
    const feature = await withCollection(req, c, (ctx) => c.item(ctx, req.params.featureId))
    if (!feature) throw notFound(`The feature ${req.params.featureId} of ${c.id}`)
    const self = `${baseUrl(req)}/ogc/collections/${c.id}/items/${encodeURIComponent(req.params.featureId)}`
    return send(reply, GEOJSON_TYPE, featureText(feature, [
      { href: self, rel: 'self', type: GEOJSON_TYPE, title: 'This feature' },
      { href: `${baseUrl(req)}/ogc/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
    ]))
  })
}
export default routes
