import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { getArea, listAreas } from '../../areas/areas.repository.js'
import { publicVersioned } from '../../cache/versioned.js'
import { sendPublic } from '../../cache/public-http.js'
import { notFound } from '../../errors/problem.js'
import { featureCollectionText, featureText } from '../../geojson/write.js'
import {
  AreaKindSchema,
  DetailSchema,
  errorResponses,
  Feature,
  FeatureCollection,
  GEOJSON,
  geojsonResponse,
  mediaResponse,
  NOT_MODIFIED,
} from '../../schemas/common.js'
import { parseBBox } from './bbox.js'
import drawnRoutes from './drawn.js'
import type { AreaRow } from '../../areas/areas.repository.js'
import { OVERVIEW_MAX_ZOOM, OVERVIEW_TOLERANCE_M } from '../../areas/overview.js'
import { overviewSvg } from '../../areas/overview.repository.js'

const SVG = 'image/svg+xml'

const AreaProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: AreaKindSchema,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  synthetic: Type.Boolean({ description: 'True for demo estates and patches that are not real places' }),
})

const toFeature = (a: AreaRow) =>
  featureText(a.code, a.geometry, { code: a.code, name: a.name, kind: a.kind, parentCode: a.parentCode, synthetic: a.synthetic })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  // POST /, GET /drawn, PATCH|DELETE /:code: estates and patches drawn by leads.
  await app.register(drawnRoutes)

  app.get(
    '/',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['areas'],
        summary: 'Current areas of one kind as a GeoJSON FeatureCollection (EPSG:4326)',
        querystring: Type.Object(
          {
            kind: AreaKindSchema,
            bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat', examples: ['-0.22,51.51,-0.16,51.55'] })),
            detail: Type.Optional(DetailSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(FeatureCollection(AreaProperties)), 304: NOT_MODIFIED, ...errorResponses },
      },
    },
    async (req, reply) => {
      const bbox = req.query.bbox === undefined ? undefined : parseBBox(req.query.bbox)
      // Kept per boundary data version: the borough map is asked for on every page load and sign-in.
      const detail = req.query.detail ?? 'full'
      const text = await publicVersioned(app.db, 'areas', { kind: req.query.kind, bbox, detail }, async () =>
        featureCollectionText((await listAreas(app.db, req.query.kind, bbox, detail)).map(toFeature)),
      )
      return sendPublic(req, reply, GEOJSON, text)
    },
  )

  app.get(
    '/overview.svg',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['areas'],
        summary: 'The current boroughs and their shared borders as one SVG picture (the web app shows it while the map starts)',
        description:
          `Paths in Web Mercator metres (EPSG:3857) with y negated, as SVG draws it; the viewBox is the boroughs' extent. ` +
          `Simplified to ${OVERVIEW_TOLERANCE_M} m, under a pixel up to zoom ${OVERVIEW_MAX_ZOOM}. ` +
          '`g.boroughs` holds a path per borough (`data-code`), `g.borders` one per shared border (`data-between`). No styling: the page colours it.',
        response: { 200: mediaResponse(SVG, 'The picture'), 304: NOT_MODIFIED, ...errorResponses },
      },
    },
    async (req, reply) => {
      // Kept per boundary data version, like the borough map: asked for on every page load.
      const text = await publicVersioned(app.db, 'overview', {}, () => overviewSvg(app.db))
      return sendPublic(req, reply, SVG, text)
    },
  )

  app.get(
    '/:code',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['areas'],
        summary: 'One current area by its code (GSS code for boroughs, wards and LSOAs)',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: geojsonResponse(Feature(AreaProperties)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const area = await getArea(app.db, req.params.code)
      if (!area) throw notFound(`Area ${req.params.code}`)
      return reply.type(GEOJSON).send(toFeature(area))
    },
  )
}
export default routes
