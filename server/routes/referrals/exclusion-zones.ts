import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CASEWORK } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { addExclusionZone, exclusionZones, removeExclusionZone } from '../../referrals/exclusion-zones.service.js'
import { ExclusionZone, ExclusionZoneInput } from '../../referrals/exclusion-zones.schemas.js'
import { Uuid } from '../../referrals/referrals.schemas.js'
import { errorResponses } from '../../schemas/common.js'

/** Areas a relocated client agreed to stay away from: /api/v1/referrals/{id}/exclusion-zones */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'The exclusion zones of a referral (GeoJSON in lon/lat)',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ items: Type.Array(ExclusionZone) }), ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const items = await exclusionZones(db, actor, req.params.id)
        await audit(db, 'referrals.read', { referral: req.params.id, exclusionZones: true }, items.length)
        return { items }
      }),
  )

  app.post(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Add an exclusion zone (GeoJSON Polygon or MultiPolygon in lon/lat) to a referral',
        params: Type.Object({ id: Uuid }),
        body: ExclusionZoneInput,
        response: { 201: ExclusionZone, ...errorResponses },
      },
    },
    async (req, reply) => {
      const created = await req.scoped(async (db, actor) => {
        const z = await addExclusionZone(db, actor, req.params.id, req.body)
        await audit(db, 'exclusion-zones.change', { referral: req.params.id, added: z.id }, 1)
        return z
      })
      return reply.code(201).send(created)
    },
  )

  app.delete(
    '/:zoneId',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Delete an exclusion zone',
        params: Type.Object({ id: Uuid, zoneId: Uuid }),
        response: { 204: Type.Null({ description: 'Deleted' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await req.scoped(async (db, actor) => {
        await removeExclusionZone(db, actor, req.params.id, req.params.zoneId)
        await audit(db, 'exclusion-zones.change', { referral: req.params.id, deleted: req.params.zoneId }, 1)
      })
      return reply.code(204).send(null)
    },
  )
}
export default routes
