import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { requestActor } from '../../auth/request-actor.js'
import { addLocation, changeLocation, removeLocation } from '../../referrals/locations.service.js'
import { Location, LocationInput, LocationPatch, Uuid } from '../../referrals/referrals.schemas.js'
import { errorResponses } from '../../schemas/common.js'

/** Located events of one referral: /api/v1/referrals/{id}/locations */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/', {
    schema: {
      tags: ['referrals'],
      summary: 'Add a located event to a referral; the database assigns its areas',
      params: Type.Object({ id: Uuid }),
      body: LocationInput,
      response: { 201: Location, ...errorResponses },
    },
  }, async (req, reply) => {
    const created = await addLocation(app.db, await requestActor(app, req), req.params.id, req.body)
    return reply.code(201).send(created)
  })

  app.patch('/:locationId', {
    schema: {
      tags: ['referrals'],
      summary: 'Change a located event (lon and lat together); a moved point is reassigned its areas',
      params: Type.Object({ id: Uuid, locationId: Uuid }),
      body: LocationPatch,
      response: { 200: Location, ...errorResponses },
    },
  }, async (req) => changeLocation(app.db, await requestActor(app, req), req.params.id, req.params.locationId, req.body))

  app.delete('/:locationId', {
    schema: {
      tags: ['referrals'],
      summary: 'Delete a located event',
      params: Type.Object({ id: Uuid, locationId: Uuid }),
      response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses },
    },
  }, async (req, reply) => {
    await removeLocation(app.db, await requestActor(app, req), req.params.id, req.params.locationId)
    return reply.code(204).send(null)
  })
}
export default routes
