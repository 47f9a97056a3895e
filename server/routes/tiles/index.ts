import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { CASEWORK, COUNTING, POINT_READERS, PUBLIC } from '../../auth/access.js'
import { forgetSession, sessionToConfirm } from '../../auth/recent-sessions.js'
import { unauthenticated } from '../../errors/problem.js'
import { errorResponses, mediaResponse, MonthString, NOT_MODIFIED, referralFilters, StringEnum } from '../../schemas/common.js'
import { detectEncoder } from '../../tiles/encoder.js'
import { HexTableCache } from '../../tiles/hex-tables.js'
import { AREA_LAYERS, HEX_BANDS, MAX_ZOOM, POINTS_MIN_ZOOM, tileAddress, TILE_LAYERS } from '../../tiles/tile.js'
import { areasTile, exactPointsTileInOneStatement, hexbinsTile, pointsTile, type TileResult } from '../../tiles/tiles.service.js'
import tileJsonRoutes from './tilejson.js'

export const MVT = 'application/vnd.mapbox-vector-tile'

const Month = MonthString()
const Params = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: MAX_ZOOM }),
  x: Type.Integer({ minimum: 0, description: 'Less than 2^z' }),
  y: Type.Integer({ minimum: 0, description: 'Less than 2^z' }),
})
const DataQuery = Type.Object(
  {
    from: Month,
    to: Month,
    ...referralFilters(),
  },
  { additionalProperties: false },
)
const tileResponses = {
  200: mediaResponse(MVT, 'Mapbox Vector Tile 2.1, 4096 units, 64-unit buffer; empty when no feature', Type.String({ format: 'binary' })),
  304: NOT_MODIFIED,
  ...errorResponses,
}
const bands = HEX_BANDS.map((b) => `z${b.minZoom}–${b.maxZoom}: ${b.size} m`).join(', ')

function send(reply: FastifyReply, result: TileResult, cacheControl: string) {
  reply.header('etag', result.etag).header('cache-control', cacheControl).header('vary', 'Cookie, Authorization')
  if (result.notModified) return reply.code(304).send()
  return reply.type(MVT).header('x-tile-features', String(result.features)).send(result.data)
}

/** Vector tiles `/tiles/{layer}/{z}/{x}/{y}.mvt`; the work is in server/tiles. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const encoder = await detectEncoder(app.db)
  const cache = new HexTableCache()
  app.log.info({ encoder: encoder.kind }, 'vector tiles: %s encoder', encoder.kind === 'postgis' ? 'ST_AsMVT' : 'geojson-vt + vt-pbf')
  const ctx = (ifNoneMatch: string | undefined) => ({ encoder, ifNoneMatch })
  await app.register(tileJsonRoutes, { dataQuery: DataQuery, counting: COUNTING, pointReaders: POINT_READERS })

  app.get(
    '/areas/:z/:x/:y.mvt',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['tiles'],
        summary: 'Boundaries as vector tiles (public)',
        description: `MVT layers ${AREA_LAYERS.map((l) => `\`${l.name}\` (z${l.minZoom}+)`).join(', ')}, each feature with \`code\` and \`name\`; areas in force, simplified to about one tile unit. Cache-Control public, max-age 3600, with an ETag.`,
        params: Params,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: tileResponses,
      },
    },
    async (req, reply) => {
      const t = tileAddress(req.params.z, req.params.x, req.params.y)
      return send(reply, await areasTile(app.db, t, ctx(req.headers['if-none-match'])), 'public, max-age=3600')
    },
  )

  app.get(
    '/hexbins/:z/:x/:y.mvt',
    {
      config: { access: COUNTING },
      schema: {
        tags: ['tiles'],
        summary: 'Distinct referrals per hex of the fixed-origin grid, as vector tiles',
        description: `MVT layer \`hexbins\`: one polygon per hex with \`id\` (H<size>:q:r), \`count\` (absent when suppressed) and \`suppressed\`. Hex size by zoom: ${bands}. Counts are precomputed (migration 0012): a referral counts once in a hex when it has a location there in the months from..to. Leads see exact counts; every other role the whole grid's table under primary and secondary suppression (as GET /api/v1/analysis/hexbins), within their disclosure scope. Private, revalidate with the ETag.`,
        params: Params,
        querystring: DataQuery,
        response: tileResponses,
      },
    },
    async (req, reply) => {
      const t = tileAddress(req.params.z, req.params.x, req.params.y)
      const result = await req.scopedRead((db, actor) => hexbinsTile(db, actor, t, req.query, app.config.kAnonymity, cache, ctx(req.headers['if-none-match'])))
      return send(reply, result, 'private, no-cache')
    },
  )

  app.get(
    '/points/:z/:x/:y.mvt',
    {
      // Exact points for leads and caseworkers: Cache-Control no-store (partners' generalised cells keep private, no-cache).
      // With ST_AsMVT, their tile's one statement checks the session too (server/auth/recent-sessions.ts).
      config: {
        access: POINT_READERS,
        exact: (req) => req.actor?.role !== 'partner',
        ...(encoder.kind === 'postgis' ? { sessionInStatement: CASEWORK } : {}),
      },
      schema: {
        tags: ['tiles'],
        summary: `Referral locations as vector tiles (z${POINTS_MIN_ZOOM}+): exact for the organisation's staff, generalised for partners`,
        description: `MVT layer \`points\`. Leads (their organisation) and caseworkers (their caseload): one point per located event with \`referralId\`, \`kind\`, \`month\` (YYYY-MM); every tile read is audited with its feature count. Partners whose agreement is "generalised": centres of the fixed ${250} m cells with at least k distinct referrals in scope, with \`count\`; an aggregate-only agreement answers 403. Commissioners and admins: 403 (no points at all). Restricted referrals are never drawn. Below z${POINTS_MIN_ZOOM}: 400 (use hexbins). Exact tiles: Cache-Control no-store; partners' tiles: private, revalidate with the ETag.`,
        params: Params,
        querystring: DataQuery,
        response: tileResponses,
      },
    },
    async (req, reply) => {
      const t = tileAddress(req.params.z, req.params.x, req.params.y)
      const c = ctx(req.headers['if-none-match'])
      if (req.actor) {
        // One statement, no transaction of its own: a lead's or caseworker's exact tile with ST_AsMVT.
        const one = await exactPointsTileInOneStatement(app.db, req.actor, t, req.query, c, {
          session: sessionToConfirm(req),
          sessionTtlMinutes: app.config.sessionTtlMinutes,
          scope: { k: app.config.kAnonymity, noise: app.config.disclosureNoise },
        })
        if (one === 'gone') {
          forgetSession(app, req)
          throw unauthenticated()
        }
        if (one === 'changed')
          forgetSession(app, req) // req.scoped looks the session up again
        else if (one) return send(reply, one, 'private, no-cache')
      }
      const result = await req.scoped((db, actor) => pointsTile(db, actor, t, req.query, c))
      return send(reply, result, 'private, no-cache')
    },
  )

  // Any other layer name: 400 naming `layer` (the layers are an allowlist).
  app.get(
    '/:layer/:z/:x/:y.mvt',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['tiles'],
        summary: 'Unknown tile layer: 400',
        params: Type.Object({
          layer: StringEnum(TILE_LAYERS, { description: 'areas, hexbins or points' }),
          z: Type.String(),
          x: Type.String(),
          y: Type.String(),
        }),
        response: errorResponses,
      },
    },
    async () => {
      throw new Error('unreachable: known layers have their own routes')
    },
  )
}
export default routes
