import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requestActor } from '../../auth/request-actor.js'
import { addExclusionZone, removeExclusionZone } from '../../referrals/exclusion-zones.service.js'
import { ExclusionZone, ExclusionZoneInput } from '../../referrals/exclusion-zones.schemas.js'
import { Uuid } from '../../referrals/referrals.schemas.js'
import { errorResponses } from '../../schemas/common.js'

/** Areas a relocated client agreed to stay away from: /api/v1/referrals/{id}/exclusion-zones */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/', {
    schema: {
      tags: ['referrals'],
      summary: 'Add an exclusion zone (GeoJSON Polygon or MultiPolygon in lon/lat) to a referral',
      params: Type.Object({ id: Uuid }),
      body: ExclusionZoneInput,
      response: { 201: ExclusionZone, ...errorResponses },
    },
  }, async (req, reply) => {
    const created = await addExclusionZone(app.db, await requestActor(app, req), req.params.id, req.body)
    return reply.code(201).send(created)
  })

  app.delete('/:zoneId', {
    schema: {
      tags: ['referrals'],
      summary: 'Delete an exclusion zone',
      params: Type.Object({ id: Uuid, zoneId: Uuid }),
      response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses },
    },
  }, async (req, reply) => {
    await removeExclusionZone(app.db, await requestActor(app, req), req.params.id, req.params.zoneId)
    return reply.code(204).send(null)
  })
}
export default routes
