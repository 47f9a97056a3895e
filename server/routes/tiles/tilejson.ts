import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { PUBLIC } from '../../auth/access.js'
import type { Role } from '../../auth/actor.js'
import { agreementInForce } from '../../auth/agreements.js'
import { forbidden } from '../../errors/problem.js'
import { errorResponses } from '../../schemas/common.js'
import { boundariesStyle } from '../../tiles/style.js'
import { serviceBounds, tileJson } from '../../tiles/tilejson.js'
import type { TileLayer } from '../../tiles/tile.js'

const FieldType = Type.Union([Type.Literal('String'), Type.Literal('Number'), Type.Literal('Boolean')])
const Bounds = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: 'west, south, east, north (lon/lat)' })
const TileJsonSchema = Type.Object(
  {
    tilejson: Type.Literal('3.0.0'),
    name: Type.String(),
    description: Type.String(),
    version: Type.String(),
    attribution: Type.String(),
    scheme: Type.Literal('xyz'),
    tiles: Type.Array(Type.String(), { description: 'Tile URL template, absolute, with the period and filters of the request' }),
    minzoom: Type.Integer(),
    maxzoom: Type.Integer(),
    bounds: Bounds,
    center: Type.Array(Type.Number(), { minItems: 3, maxItems: 3, description: 'lon, lat, zoom' }),
    vector_layers: Type.Array(
      Type.Object({
        id: Type.String(),
        description: Type.String(),
        minzoom: Type.Integer(),
        maxzoom: Type.Integer(),
        fields: Type.Record(Type.String(), FieldType, { description: 'Property name → String, Number or Boolean' }),
      }),
    ),
  },
  { description: 'TileJSON 3.0.0' },
)

const StyleSchema = Type.Object(
  {
    version: Type.Literal(8),
    name: Type.String(),
    metadata: Type.Record(Type.String(), Type.Unknown()),
    sources: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
    layers: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  },
  { description: 'MapLibre style specification, version 8' },
)

/** The client's view of this service's origin (X-Forwarded-* when TRUST_PROXY allows). */
const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`

/** The data layers' period and filters, in a fixed order, for the tile URL template. */
function dataQuery(q: Record<string, unknown>): string {
  const p = new URLSearchParams()
  for (const k of ['from', 'to', 'programme', 'subjectRole', 'ageBand']) if (typeof q[k] === 'string') p.set(k, q[k] as string)
  return p.toString()
}

export interface TileJsonRouteOptions {
  /** The querystring schema of the hexbins and points tiles (the same period and filters). */
  dataQuery: TSchema
  counting: readonly Role[]
  pointReaders: readonly Role[]
}

/**
 * `/tiles/{layer}.json` (TileJSON 3.0.0) and `/tiles/areas/style.json` (a MapLibre style of the
 * boundaries): one URL to add a layer in QGIS or MapLibre. The data layers take the same period and
 * filters as their tiles, and the same roles may ask.
 */
const routes: FastifyPluginAsyncTypebox<TileJsonRouteOptions> = async (app, opts) => {
  app.get(
    '/areas.json',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['tiles'],
        summary: 'TileJSON of the boundaries tiles (public)',
        description: "Tile URL template, zoom range, the service's extent and each MVT layer's fields with their types.",
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: TileJsonSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600')
      return tileJson('areas', origin(req), '', await serviceBounds(app.db), req.actor)
    },
  )

  for (const [layer, access] of [
    ['hexbins', opts.counting],
    ['points', opts.pointReaders],
  ] as const) {
    app.get(
      `/${layer}.json`,
      {
        config: { access },
        schema: {
          tags: ['tiles'],
          summary: `TileJSON of the ${layer} tiles for a period and filters`,
          description: `The tile URL template carries the query given here (from, to and the filters), so every tile is of that period. Fields are those the caller's role receives${layer === 'points' ? ' (partners: count of a generalised cell; staff: referralId, kind, month)' : ''}.`,
          querystring: opts.dataQuery,
          response: { 200: TileJsonSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        // As the points tiles answer: a partner's agreement must allow generalised points.
        if (layer === 'points' && req.actor?.role === 'partner') {
          const agreement = await req.scoped((db) => agreementInForce(db))
          if (agreement.level !== 'generalised') throw forbidden(`The agreement "${agreement.name}" allows aggregate counts only, not generalised points.`)
        }
        reply.header('cache-control', 'private, no-cache').header('vary', 'Cookie, Authorization')
        return tileJson(layer as TileLayer, origin(req), dataQuery(req.query as Record<string, unknown>), await serviceBounds(app.db), req.actor)
      },
    )
  }

  app.get(
    '/areas/style.json',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['tiles'],
        summary: 'MapLibre style of the boundaries (public)',
        description:
          'Style version 8 over the boundaries TileJSON: fills and outlines of boroughs, wards, LSOAs, estates and patches; no background, no labels (no fonts needed).',
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: StyleSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'public, max-age=3600')
      return boundariesStyle(`${origin(req)}/tiles/areas.json`)
    },
  )
}
export default routes
