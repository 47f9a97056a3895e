import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CASEWORK } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { listReferrals } from '../../referrals/list.service.js'
import { BorderZoneM, listQuery, ReferralPage } from '../../referrals/list.schemas.js'
import { Referral, ReferralInput, ReferralPatch, Uuid } from '../../referrals/referrals.schemas.js'
import { createReferral, deleteReferral, getReferral, updateReferral } from '../../referrals/referrals.service.js'
import { errorResponses, problemRef } from '../../schemas/common.js'
import locationRoutes from './locations.js'
import exclusionZoneRoutes from './exclusion-zones.js'

const IdParams = Type.Object({ id: Uuid })
const writeErrors = { ...errorResponses, 409: problemRef }
const Deleted = Type.Null({ description: 'Deleted' })

/** Referrals of the acting organisation, each with its locations and cross-boundary classification. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const D = app.config.borderZoneM

  app.get(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Referrals, newest opened first, filtered (cross-boundary kinds included) and paged by cursor',
        querystring: listQuery(app.config.referralsPage),
        response: { 200: ReferralPage, ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const q = req.query
        const page = await listReferrals(db, actor, q, q.borderZoneM ?? D, q.limit ?? app.config.referralsPage.default, app.secrets.cursor)
        await audit(db, 'referrals.list', { filter: q }, page.items.length)
        return page
      }),
  )

  app.post(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Create a referral with its located events (one transaction)',
        body: ReferralInput,
        response: { 201: Referral, ...writeErrors },
      },
    },
    async (req, reply) => {
      const created = await req.scoped(async (db, actor) => {
        const r = await createReferral(db, actor, req.body, D)
        await audit(db, 'referrals.create', { id: r.id }, 1)
        return r
      })
      return reply
        .code(201)
        .header('location', `${req.url.replace(/\/$/, '')}/${created.id}`)
        .send(created)
    },
  )

  app.get(
    '/:id',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'One referral with its locations and cross-boundary classification',
        params: IdParams,
        querystring: Type.Object({ borderZoneM: Type.Optional(BorderZoneM) }, { additionalProperties: false }),
        response: { 200: Referral, ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const r = await getReferral(db, actor, req.params.id, req.query.borderZoneM ?? D)
        await audit(db, 'referrals.read', { id: r.id }, 1)
        return r
      }),
  )

  app.patch(
    '/:id',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Change some fields of a referral (locations have their own routes)',
        params: IdParams,
        body: ReferralPatch,
        response: { 200: Referral, ...writeErrors },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const r = await updateReferral(db, actor, req.params.id, req.body, D)
        await audit(db, 'referrals.update', { id: r.id, fields: Object.keys(req.body) }, 1)
        return r
      }),
  )

  app.delete(
    '/:id',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: 'Delete a referral with its locations and exclusion zones',
        params: IdParams,
        response: { 204: Deleted, ...errorResponses },
      },
    },
    async (req, reply) => {
      await req.scoped(async (db, actor) => {
        await deleteReferral(db, actor, req.params.id)
        await audit(db, 'referrals.delete', { id: req.params.id }, 1)
      })
      return reply.code(204).send(null)
    },
  )

  await app.register(locationRoutes, { prefix: '/:id/locations' })
  await app.register(exclusionZoneRoutes, { prefix: '/:id/exclusion-zones' })
}
export default routes
