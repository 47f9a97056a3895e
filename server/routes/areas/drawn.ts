import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LEADS } from '../../auth/access.js'
import { changeArea, drawArea, drawnAreas, eraseArea } from '../../areas/drawn.service.js'
import { DrawnAreaChange, DrawnAreaProperties, NewDrawnArea } from '../../areas/drawn.schemas.js'
import { OGL_ATTRIBUTION } from '../../geodata/attribution.js'
import { errorResponses, Feature, FeatureCollection, GEOJSON, geojsonResponse } from '../../schemas/common.js'

const CodeParam = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) })
const withConflict = { ...errorResponses, 409: errorResponses[400] }

/**
 * Estates and patches drawn by project leads (migration 0015): shared geography every reader sees
 * in GET /areas, changed only by a lead of the organisation that drew it.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/drawn',
    {
      config: { access: LEADS },
      schema: {
        tags: ['areas'],
        summary: 'The estates and patches your organisation drew (the ones you may change)',
        response: { 200: geojsonResponse(FeatureCollection(DrawnAreaProperties)), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .type(GEOJSON)
        .send(await req.scoped(async (db) => ({ type: 'FeatureCollection' as const, attribution: OGL_ATTRIBUTION, features: await drawnAreas(db) }))),
  )

  app.post(
    '/',
    {
      config: { access: LEADS },
      schema: {
        tags: ['areas'],
        summary: 'Draw an estate or patch (GeoJSON Polygon/MultiPolygon in lon/lat); locations inside it get its code',
        body: NewDrawnArea,
        response: { 201: geojsonResponse(Feature(DrawnAreaProperties), 'The drawn area as a GeoJSON Feature'), ...withConflict },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .type(GEOJSON)
        .send(await req.scoped((db) => drawArea(db, req.body))),
  )

  app.patch(
    '/:code',
    {
      config: { access: LEADS },
      schema: {
        tags: ['areas'],
        summary: 'Rename or redraw an estate or patch your organisation drew',
        params: CodeParam,
        body: DrawnAreaChange,
        response: { 200: geojsonResponse(Feature(DrawnAreaProperties)), ...errorResponses },
      },
    },
    async (req, reply) => reply.type(GEOJSON).send(await req.scoped((db, actor) => changeArea(db, actor.organisationId, req.params.code, req.body))),
  )

  app.delete(
    '/:code',
    {
      config: { access: LEADS },
      schema: {
        tags: ['areas'],
        summary: 'Delete an estate or patch your organisation drew; its locations lose its code',
        params: CodeParam,
        response: { 200: Type.Object({ code: Type.String(), locationsReassigned: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => ({ code: req.params.code, locationsReassigned: await eraseArea(db, actor.organisationId, req.params.code) })),
  )
}
export default routes
