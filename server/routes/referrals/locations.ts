import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CASEWORK } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { addLocation, changeLocation, removeLocation } from '../../referrals/locations.service.js'
import { Location, LocationInput, LocationPatch, Uuid } from '../../referrals/referrals.schemas.js'
import { errorResponses } from '../../schemas/common.js'

/** Located events of one referral: /api/v1/referrals/{id}/locations */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Add a located event to a referral; the database assigns its areas',
        params: Type.Object({ id: Uuid }),
        body: LocationInput,
        response: { 201: Location, ...errorResponses },
      },
    },
    async (req, reply) => {
      const created = await req.scoped(async (db, actor) => {
        const l = await addLocation(db, actor, req.params.id, req.body)
        await audit(db, 'locations.change', { referral: req.params.id, added: l.id }, 1)
        return l
      })
      return reply.code(201).send(created)
    },
  )

  app.patch(
    '/:locationId',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Change a located event (lon and lat together); a moved point is reassigned its areas',
        params: Type.Object({ id: Uuid, locationId: Uuid }),
        body: LocationPatch,
        response: { 200: Location, ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const l = await changeLocation(db, actor, req.params.id, req.params.locationId, req.body)
        await audit(db, 'locations.change', { referral: req.params.id, changed: l.id }, 1)
        return l
      }),
  )

  app.delete(
    '/:locationId',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Delete a located event',
        params: Type.Object({ id: Uuid, locationId: Uuid }),
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await req.scoped(async (db, actor) => {
        await removeLocation(db, actor, req.params.id, req.params.locationId)
        await audit(db, 'locations.change', { referral: req.params.id, deleted: req.params.locationId }, 1)
      })
      return reply.code(204).send(null)
    },
  )
}
export default routes
