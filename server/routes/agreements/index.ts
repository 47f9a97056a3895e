import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { Agreement, AgreementInput, AgreementPatch, ApprovalRequest, Token, TokenInput } from '../../admin/admin.schemas.js'
import { addAgreement, addToken, changeAgreement, getAgreement, listAgreements, listTokens, revokeToken } from '../../admin/agreements.service.js'
import { errorResponses, problemRef } from '../../schemas/common.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** Data-sharing agreements with partners and their API tokens: /api/v1/agreements */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Agreements your organisation has made with partners',
        response: { 200: Type.Object({ items: Type.Array(Agreement) }), ...errorResponses },
      },
    },
    async (req) => req.scoped(async (db, actor) => ({ items: await listAgreements(db, actor) })),
  )

  app.post(
    '/',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Request a data-sharing agreement: partner, boroughs, level, fields, k, validity',
        description: 'Every new agreement is a request another admin approves (202 with the request): see /api/v1/approvals.',
        body: AgreementInput,
        response: { 202: ApprovalRequest, ...errorResponses },
      },
    },
    async (req, reply) => {
      const request = await req.scoped(async (db, actor) => {
        const made = await addAgreement(db, actor, req.body)
        await audit(db, 'approvals.request', { id: made.id, kind: made.kind, summary: made.summary })
        return made
      })
      return reply.code(202).send(request)
    },
  )

  app.get(
    '/:id',
    {
      config: { access: ADMINS },
      schema: { tags: ['admin'], summary: 'One agreement', params: Id, response: { 200: Agreement, ...errorResponses } },
    },
    async (req) => req.scoped((db, actor) => getAgreement(db, actor, req.params.id)),
  )

  app.patch(
    '/:id',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Change or end an agreement (validUntil)',
        params: Id,
        description:
          'Narrowing (fewer boroughs or fields, an earlier end, a higher k, no victims) applies at once (200). ' +
          'Any widening makes the whole change a request another admin approves (202 with the request).',
        body: AgreementPatch,
        response: { 200: Agreement, 202: ApprovalRequest, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await req.scoped(async (db, actor) => {
        const r = await changeAgreement(db, actor, req.params.id, req.body)
        if (r.request) await audit(db, 'approvals.request', { id: r.request.id, kind: r.request.kind, summary: r.request.summary })
        else await audit(db, 'agreements.update', { id: r.agreement.id, change: req.body })
        return r
      })
      return out.request ? reply.code(202).send(out.request) : out.agreement
    },
  )

  app.get(
    '/:id/tokens',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Partner API tokens of an agreement (never the secrets)',
        params: Id,
        response: { 200: Type.Object({ items: Type.Array(Token) }), ...errorResponses },
      },
    },
    async (req) => req.scoped(async (db, actor) => ({ items: await listTokens(db, actor, req.params.id) })),
  )

  app.post(
    '/:id/tokens',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Request a partner API token bound to this agreement',
        description:
          'A request another admin approves (202 with the request). Once approved, the requester fetches the token, once, with POST /api/v1/approvals/{id}/token.',
        params: Id,
        body: TokenInput,
        response: { 202: ApprovalRequest, 409: problemRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const request = await req.scoped(async (db, actor) => {
        const made = await addToken(db, actor, req.params.id, req.body.name, req.body.days ?? 90)
        await audit(db, 'approvals.request', { id: made.id, kind: made.kind, summary: made.summary })
        return made
      })
      return reply.code(202).send(request)
    },
  )

  app.delete(
    '/:id/tokens/:tokenId',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Revoke a partner API token',
        params: Type.Object({ id: Type.String({ format: 'uuid' }), tokenId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await req.scoped(async (db, actor) => {
        await revokeToken(db, actor, req.params.id, req.params.tokenId)
        await audit(db, 'tokens.revoke', { id: req.params.tokenId, agreement: req.params.id })
      })
      return reply.code(204).send(null)
    },
  )
}
export default routes
