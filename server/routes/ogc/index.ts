import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { PUBLIC } from '../../auth/access.js'
import { serviceArea } from '../../areas/areas.repository.js'
import { forbidden, notFound, unauthenticated } from '../../errors/problem.js'
import { COLLECTIONS, collectionById, type Collection, type SourceContext } from '../../ogc/collections.js'
import { OFFERED_CRS, parseCrs } from '../../ogc/crs.js'
import {
  collectionDocument,
  CONFORMANCE,
  contentCrs,
  featureText,
  GEOJSON_TYPE,
  itemsText,
  JSON_TYPE,
  landingPage,
  OPENAPI_TYPE,
  SCHEMA_TYPE,
  type Link,
} from '../../ogc/documents.js'
import { EtagBuilder, notModified } from '../../ogc/etag.js'
import { collectionHtml, collectionsHtml, conformanceHtml, HTML_TYPE, itemHtml, itemsHtml, landingHtml } from '../../ogc/html.js'
import { negotiate } from '../../ogc/negotiate.js'
import { ogcApiDocument } from '../../ogc/openapi.js'
import { OGC_LIMIT_DEFAULT, OGC_LIMIT_MAX, OGC_OFFSET_MAX } from '../../ogc/params.js'
import { FILTER_LANGS, itemsRequest, parseProperties, selectProperties, type ItemsQuery } from '../../ogc/query.js'
import { queryablesDocument } from '../../ogc/queryables.js'
import { errorResponses, NOT_MODIFIED, StringEnum } from '../../schemas/common.js'

const F = Type.Optional(
  StringEnum(['json', 'html'] as const, { description: 'Encoding: JSON (GeoJSON for features) or HTML; without it, the Accept header decides' }),
)
const Crs = (name: string) => Type.Optional(StringEnum(OFFERED_CRS as string[], { description: `CRS of ${name} (default CRS84)` }))
/**
 * Parameters of /items that other documents accept and ignore: GDAL sends the query of a dataset URL
 * (OAPIF:…/collections/boroughs?crs=…) with every request it makes, the collection's included.
 */
const Passed = (what: string) =>
  Type.Optional(
    Type.String({ description: `Ignored here (a parameter of /items, accepted because GIS clients repeat a dataset URL's query on every request): ${what}` }),
  )
const DocQuery = Type.Object(
  {
    f: F,
    crs: Passed('crs'),
    'bbox-crs': Passed('bbox-crs'),
    filter: Passed('filter'),
    'filter-lang': Passed('filter-lang'),
    'filter-crs': Passed('filter-crs'),
    sortby: Passed('sortby'),
    properties: Passed('properties'),
  },
  { additionalProperties: false },
)
const CollectionParams = Type.Object({ collectionId: Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' }) })
const ItemsQuerySchema = Type.Object(
  {
    f: F,
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: OGC_LIMIT_MAX,
        default: OGC_LIMIT_DEFAULT,
        description: `Page size; at most ${OGC_LIMIT_MAX} (larger whole numbers are taken as ${OGC_LIMIT_MAX})`,
      }),
    ),
    bbox: Type.Optional(
      Type.String({ description: 'minx,miny,maxx,maxy in bbox-crs (default CRS84: minLon,minLat,maxLon,maxLat)', examples: ['-0.2,51.52,-0.17,51.54'] }),
    ),
    'bbox-crs': Crs('bbox'),
    crs: Crs("the features' coordinates (Content-Crs says which)"),
    datetime: Type.Optional(Type.String({ description: 'RFC 3339 instant, or interval start/end with .. (or nothing) for an open end' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: OGC_OFFSET_MAX, description: 'Paging of offset-paged collections: follow the next link' })),
    cursor: Type.Optional(Type.String({ maxLength: 64, description: 'Paging of key-paged collections: follow the next link' })),
    filter: Type.Optional(
      Type.String({
        description:
          "CQL2 text on the collection's queryables: comparisons, AND/OR/NOT, LIKE, BETWEEN, IN, IS NULL, S_INTERSECTS(geometry, POINT/BBOX/POLYGON) where your role may choose shapes",
        examples: ["name LIKE 'West%'"],
      }),
    ),
    'filter-lang': Type.Optional(StringEnum(FILTER_LANGS as unknown as string[], { description: 'cql2-text (cql-text: its draft name)' })),
    'filter-crs': Crs("the filter's coordinates"),
    sortby: Type.Optional(
      Type.String({
        description: 'Queryables to sort by, comma-separated, each with + (ascending, default) or -; not on key-paged collections',
        examples: ['-name'],
      }),
    ),
    properties: Type.Optional(Type.String({ description: 'The properties to keep in each feature, comma-separated' })),
  },
  { additionalProperties: Type.String({ description: 'A queryable of the collection: features whose property equals this value' }) },
)
/** Media types without their parameters, as OpenAPI keys its content (`;version=3.0`, `; charset=…` dropped). */
const bare = (type: string) => type.split(';')[0]!.trim()
const Doc = Type.Object({}, { additionalProperties: true })
/**
 * The answers of an OGC route: a 200 in each media type it is sent as (JSON of its kind, and HTML where
 * `f=html` or the Accept header asks for it), 304 to If-None-Match, 406 when no offered type is acceptable.
 */
const ogcResponses = (jsonTypes: string[], html = true) => ({
  200: {
    description: html ? 'JSON, or HTML for a browser (f=json|html, else the Accept header)' : 'JSON (f=json, else the Accept header)',
    content: {
      ...Object.fromEntries(jsonTypes.map((t) => [bare(t), { schema: Doc }])),
      ...(html ? { [bare(HTML_TYPE)]: { schema: Type.String() } } : {}),
    },
  },
  304: NOT_MODIFIED,
  406: Type.Unsafe({ $ref: 'Problem#' }),
  ...errorResponses,
})
const responses = ogcResponses([JSON_TYPE])

/** Collections whose features are exact locations: their items answer Cache-Control no-store, no ETag. */
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
 * OGC API – Features under /ogc for QGIS, ArcGIS and GDAL: Part 1 (core, GeoJSON, HTML, OpenAPI 3.0),
 * Part 2 (CRS84 and EPSG:27700) and Part 3 (queryables, CQL2 text filters). Every route is reachable
 * without signing in (boundaries are public); each collection decides who may see it — the same
 * session cookie or partner token as the API; 401 without one, 403 for a role that may not. What a
 * caller may not see is not listed in /collections either.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  let extent: Awaited<ReturnType<typeof serviceArea>> | undefined
  const serviceExtent = async () => (extent ??= await serviceArea(app.db, 0))

  /** Runs `fn` with the caller's context if they may see the collection (public ones with the public pool). */
  async function withCollection<T>(req: FastifyRequest, c: Collection, fn: (ctx: SourceContext) => Promise<T>): Promise<T> {
    const query = req.query as Record<string, unknown>
    if (c.public) return fn({ db: app.db, actor: req.actor, k: app.config.kAnonymity, borderZoneM: app.config.borderZoneM, query })
    if (!req.actor) throw unauthenticated(`The collection ${c.id} needs a session cookie or a partner token (Authorization: Bearer).`)
    // A layer whose reads are audited writes, so it stays on the primary; the rest may read a replica.
    const scoped = c.audited ? req.scoped<T> : req.scopedRead<T>
    return scoped.call(req, async (db, actor) => {
      if (!(await c.visibleTo(db, actor))) throw forbidden(`The ${actor.role} role may not read the collection ${c.id}.`)
      return fn({ db, actor, k: app.config.kAnonymity, borderZoneM: app.config.borderZoneM, query })
    })
  }

  const find = (id: string) => {
    const c = collectionById(id)
    if (!c) throw notFound(`The collection ${id}`)
    return c
  }

  /** Sends a document with a weak ETag of its content (304 when the client has it); never for exact locations. */
  const send = (req: FastifyRequest, reply: FastifyReply, type: string, body: string, etag: EtagBuilder | null = new EtagBuilder().add(type).add(body)) => {
    reply.header('cache-control', 'private, no-cache').header('vary', 'Accept, Cookie, Authorization')
    if (etag && notModified(req, reply, etag.tag())) return reply.code(304).send()
    // Sent as bytes so the media type stays as written: for text Fastify rewrites version=3.0 as
    // version="3.0" (adding a charset), which GDAL does not recognise. JSON is UTF-8 by definition.
    return reply.header('content-type', type).send(Buffer.from(body))
  }

  const visibleCollections = async (req: FastifyRequest) =>
    req.actor
      ? req.scoped(async (db, actor) => {
          const out: Collection[] = []
          for (const c of COLLECTIONS) if (c.public || (await c.visibleTo(db, actor))) out.push(c)
          return out
        })
      : COLLECTIONS.filter((c) => c.public)

  // Above the maximum is not an error (OGC API – Features 7.15.3): a whole number over it is read as
  // the maximum before validation, so the schema can state the maximum clients see in the API definition.
  app.addHook('preValidation', async (req) => {
    const q = req.query as Record<string, unknown>
    if (typeof q.limit === 'string' && /^\d+$/.test(q.limit) && Number(q.limit) > OGC_LIMIT_MAX) q.limit = String(OGC_LIMIT_MAX)
  })

  app.get(
    '/',
    {
      config: { access: PUBLIC },
      schema: { tags: ['ogc'], summary: 'OGC API – Features landing page', querystring: DocQuery, response: responses },
    },
    async (req, reply) => {
      const doc = landingPage(baseUrl(req))
      if (negotiate(req, req.query.f) === 'html') return send(req, reply, HTML_TYPE, landingHtml(doc, `${baseUrl(req)}/ogc?f=json`))
      return send(req, reply, JSON_TYPE, JSON.stringify(doc))
    },
  )

  app.get(
    '/api',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['ogc'],
        summary: 'The API definition of /ogc (OpenAPI 3.0), one items path per collection with its queryables',
        querystring: DocQuery,
        response: ogcResponses([OPENAPI_TYPE], false),
      },
    },
    async (req, reply) => {
      negotiate(req, req.query.f === 'html' ? 'json' : req.query.f, false)
      const doc = ogcApiDocument(app.swagger() as unknown as Record<string, unknown>, baseUrl(req), await visibleCollections(req))
      return send(req, reply, OPENAPI_TYPE, JSON.stringify(doc))
    },
  )

  app.get(
    '/conformance',
    {
      config: { access: PUBLIC },
      schema: { tags: ['ogc'], summary: 'Conformance classes: Features Parts 1–3, CQL2 text', querystring: DocQuery, response: responses },
    },
    async (req, reply) => {
      if (negotiate(req, req.query.f) === 'html') return send(req, reply, HTML_TYPE, conformanceHtml(CONFORMANCE, `${baseUrl(req)}/ogc/conformance?f=json`))
      return send(req, reply, JSON_TYPE, JSON.stringify({ conformsTo: CONFORMANCE }))
    },
  )

  app.get(
    '/collections',
    {
      config: { access: PUBLIC },
      schema: { tags: ['ogc'], summary: 'The collections the caller may see', querystring: DocQuery, response: responses },
    },
    async (req, reply) => {
      const format = negotiate(req, req.query.f)
      const base = baseUrl(req)
      const box = await serviceExtent()
      const docs = (await visibleCollections(req)).map((c) => collectionDocument(base, c, box))
      if (format === 'html') return send(req, reply, HTML_TYPE, collectionsHtml(docs, `${base}/ogc/collections?f=json`))
      return send(
        req,
        reply,
        JSON_TYPE,
        JSON.stringify({
          links: [
            { href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE, title: 'The collections' },
            { href: `${base}/ogc/collections?f=html`, rel: 'alternate', type: 'text/html', title: 'The collections as HTML' },
          ] satisfies Link[],
          collections: docs,
        }),
      )
    },
  )

  app.get(
    '/collections/:collectionId',
    {
      config: { access: PUBLIC },
      schema: { tags: ['ogc'], summary: 'One collection', params: CollectionParams, querystring: DocQuery, response: responses },
    },
    async (req, reply) => {
      const format = negotiate(req, req.query.f)
      const c = find(req.params.collectionId)
      await withCollection(req, c, async () => undefined)
      const doc = collectionDocument(baseUrl(req), c, await serviceExtent())
      if (format === 'html') return send(req, reply, HTML_TYPE, collectionHtml(doc, `${doc.links[0]!.href}?f=json`))
      return send(req, reply, JSON_TYPE, JSON.stringify(doc))
    },
  )

  app.get(
    '/collections/:collectionId/queryables',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['ogc'],
        summary: 'What a collection may be filtered and sorted on (JSON Schema)',
        params: CollectionParams,
        querystring: DocQuery,
        response: ogcResponses([SCHEMA_TYPE, JSON_TYPE], false),
      },
    },
    async (req, reply) => {
      negotiate(req, req.query.f === 'html' ? 'json' : req.query.f, false)
      const c = find(req.params.collectionId)
      const actor = await withCollection(req, c, async (ctx) => ctx.actor)
      const self = `${baseUrl(req)}/ogc/collections/${c.id}/queryables`
      // application/schema+json to clients that name it, plain JSON to those that ask for JSON only (GDAL).
      const type = req.headers.accept?.includes(SCHEMA_TYPE) || !req.headers.accept?.includes(JSON_TYPE) ? SCHEMA_TYPE : JSON_TYPE
      return send(req, reply, type, JSON.stringify(queryablesDocument(self, c.title, c.filters, c.shapes(actor).allowed)))
    },
  )

  app.get(
    '/collections/:collectionId/items',
    {
      config: { access: PUBLIC, exact: exactCollection },
      schema: {
        tags: ['ogc'],
        summary: 'Features of a collection: bbox, datetime, crs, CQL2 filter, queryable=value, sortby, properties, limit, paging by next links',
        params: CollectionParams,
        querystring: ItemsQuerySchema,
        response: ogcResponses([GEOJSON_TYPE]),
      },
    },
    async (req, reply) => {
      const q = req.query as ItemsQuery
      const format = negotiate(req, q.f)
      const c = find(req.params.collectionId)
      const selected = parseProperties(c, q.properties)
      const { request, page } = await withCollection(req, c, async (ctx) => {
        const r = itemsRequest(c, ctx.actor, q)
        return { request: r, page: await c.items(ctx, r) }
      })
      const path = `/ogc/collections/${c.id}/items`
      const links: Link[] = [
        {
          href: pageUrl(req, path, { offset: request.offset ? String(request.offset) : undefined, cursor: q.cursor }),
          rel: 'self',
          type: GEOJSON_TYPE,
          title: 'This page',
        },
        {
          href: pageUrl(req, path, { offset: request.offset ? String(request.offset) : undefined, cursor: q.cursor, f: 'html' }),
          rel: 'alternate',
          type: 'text/html',
          title: 'This page as HTML',
        },
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
      const features = selected ? page.features.map((f) => selectProperties(f, selected)) : page.features
      reply.header('content-crs', contentCrs(request.srid))
      if (format === 'html') {
        const json = pageUrl(req, path, { offset: request.offset ? String(request.offset) : undefined, cursor: q.cursor, f: 'json' })
        return send(
          req,
          reply,
          HTML_TYPE,
          itemsHtml(c.title, features, page.numberMatched, links, (id) => `${baseUrl(req)}${path}/${encodeURIComponent(id)}`, json),
          EXACT_COLLECTIONS.has(c.id) ? null : undefined,
        )
      }
      // The ETag covers everything but the timeStamp, so an unchanged page matches.
      let etag: EtagBuilder | null = null
      if (!EXACT_COLLECTIONS.has(c.id)) {
        etag = new EtagBuilder().add(GEOJSON_TYPE).add(String(request.srid)).add(String(page.numberMatched)).add(JSON.stringify(links))
        for (const f of features) etag.add(f)
      }
      return send(req, reply, GEOJSON_TYPE, itemsText({ features, numberMatched: page.numberMatched }, links, new Date().toISOString(), request.srid), etag)
    },
  )

  app.get(
    '/collections/:collectionId/items/:featureId',
    {
      config: { access: PUBLIC, exact: exactCollection },
      schema: {
        tags: ['ogc'],
        summary: 'One feature',
        params: Type.Object({ collectionId: CollectionParams.properties.collectionId, featureId: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: Type.Object(
          { f: F, crs: Crs("the feature's coordinates"), properties: Type.Optional(Type.String({ description: 'The properties to keep, comma-separated' })) },
          { additionalProperties: false },
        ),
        response: ogcResponses([GEOJSON_TYPE]),
      },
    },
    async (req, reply) => {
      const format = negotiate(req, req.query.f)
      const c = find(req.params.collectionId)
      const srid = parseCrs('crs', req.query.crs)
      const selected = parseProperties(c, req.query.properties)
      const found = await withCollection(req, c, (ctx) => c.item(ctx, { id: req.params.featureId, srid }))
      if (!found) throw notFound(`The feature ${req.params.featureId} of ${c.id}`)
      const feature = selectProperties(found, selected)
      const self = `${baseUrl(req)}/ogc/collections/${c.id}/items/${encodeURIComponent(req.params.featureId)}`
      reply.header('content-crs', contentCrs(srid))
      const etag = EXACT_COLLECTIONS.has(c.id) ? null : undefined
      if (format === 'html') return send(req, reply, HTML_TYPE, itemHtml(c.title, feature, `${self}?f=json`), etag)
      return send(
        req,
        reply,
        GEOJSON_TYPE,
        featureText(
          feature,
          [
            { href: self, rel: 'self', type: GEOJSON_TYPE, title: 'This feature' },
            { href: `${self}?f=html`, rel: 'alternate', type: 'text/html', title: 'This feature as HTML' },
            { href: `${baseUrl(req)}/ogc/collections/${c.id}`, rel: 'collection', type: JSON_TYPE, title: c.title },
          ],
          srid,
        ),
        etag,
      )
    },
  )
}
export default routes
