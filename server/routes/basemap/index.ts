import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { PUBLIC } from '../../auth/access.js'
import { openBasemap } from '../../basemap/pmtiles.js'
import { Problem } from '../../errors/problem.js'
import { errorResponses, mediaResponse } from '../../schemas/common.js'

const MVT = 'application/vnd.mapbox-vector-tile'
/** Street tiles change only when the file is replaced: a day in caches is plenty. */
const CACHE = 'public, max-age=86400'

/**
 * The street basemap from the PMTiles file of BASEMAP_PMTILES, served by this service so a user's
 * map view never goes to a third party: `GET /basemap/tiles/{z}/{x}/{y}.mvt` (204 where the archive
 * has no tile). Without the setting the routes answer 404 and the page draws boundaries only.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const path = app.config.basemapPmtiles
  const basemap = path ? await openBasemap(path) : null
  if (basemap) {
    const h = basemap.header
    app.log.info({ path, minZoom: h.minZoom, maxZoom: h.maxZoom }, 'street basemap from %s', path)
    app.addHook('onClose', async () => basemap.close())
  }
  app.get(
    '/tiles/:z/:x/:y.mvt',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['service'],
        summary: 'A street basemap tile (from the configured PMTiles file)',
        params: Type.Object({ z: Type.Integer({ minimum: 0, maximum: 22 }), x: Type.Integer({ minimum: 0 }), y: Type.Integer({ minimum: 0 }) }),
        response: {
          200: mediaResponse(MVT, 'A Mapbox Vector Tile', Type.String({ format: 'binary' })),
          204: Type.Unsafe({ type: 'null', description: 'No tile here' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      if (!basemap) throw new Problem(404, 'not-found', 'No street basemap is configured (BASEMAP_PMTILES).')
      const { z, x, y } = req.params
      const data = await basemap.tile(z, x, y)
      reply.header('cache-control', CACHE)
      if (!data) return reply.code(204).send()
      return reply.type(MVT).send(Buffer.from(data.buffer, data.byteOffset, data.byteLength))
    },
  )
}
export default routes
