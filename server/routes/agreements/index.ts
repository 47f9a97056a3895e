import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { Agreement, AgreementInput, AgreementPatch, NewToken, Token, TokenInput } from '../../admin/admin.schemas.js'
import { addAgreement, addToken, changeAgreement, getAgreement, listAgreements, listTokens, revokeToken } from '../../admin/agreements.service.js'
import { errorResponses } from '../../schemas/common.js'

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })

/** Data-sharing agreements with partners and their API tokens: /api/v1/agreements */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Agreements your organisation has made with partners', response: { 200: Type.Object({ items: Type.Array(Agreement) }), ...errorResponses } },
  }, async (req) => req.scoped(async (db, actor) => ({ items: await listAgreements(db, actor) })))

  app.post('/', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Make a data-sharing agreement: partner, boroughs, level, fields, k, validity', body: AgreementInput, response: { 201: Agreement, ...errorResponses } },
  }, async (req, reply) => {
    const a = await req.scoped(async (db, actor) => {
      const made = await addAgreement(db, actor, req.body)
      await audit(db, 'agreements.create', { id: made.id, agreement: req.body })
      return made
    })
    return reply.code(201).send(a)
  })

  app.get('/:id', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'One agreement', params: Id, response: { 200: Agreement, ...errorResponses } },
  }, async (req) => req.scoped((db, actor) => getAgreement(db, actor, req.params.id)))

  app.patch('/:id', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Change or end an agreement (validUntil)', params: Id, body: AgreementPatch, response: { 200: Agreement, ...errorResponses } },
  }, async (req) => req.scoped(async (db, actor) => {
    const a = await changeAgreement(db, actor, req.params.id, req.body)
    await audit(db, 'agreements.update', { id: a.id, change: req.body })
    return a
  }))

  app.get('/:id/tokens', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Partner API tokens of an agreement (never the secrets)', params: Id, response: { 200: Type.Object({ items: Type.Array(Token) }), ...errorResponses } },
  }, async (req) => req.scoped(async (db, actor) => ({ items: await listTokens(db, actor, req.params.id) })))

  app.post('/:id/tokens', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Issue a partner API token bound to this agreement; the token is shown once', params: Id, body: TokenInput, response: { 201: NewToken, ...errorResponses } },
  }, async (req, reply) => {
    const t = await req.scoped(async (db, actor) => {
      const made = await addToken(db, actor, req.params.id, req.body.name, req.body.days ?? 90)
      await audit(db, 'tokens.create', { id: made.id, agreement: req.params.id, expiresAt: made.expiresAt })
      return made
    })
    return reply.code(201).send(t)
  })

  app.delete('/:id/tokens/:tokenId', {
    config: { access: ADMINS },
    schema: {
      tags: ['admin'], summary: 'Revoke a partner API token',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), tokenId: Type.String({ format: 'uuid' }) }),
      response: { 204: Type.Null(), ...errorResponses },
    },
  }, async (req, reply) => {
    await req.scoped(async (db, actor) => {
      await revokeToken(db, actor, req.params.id, req.params.tokenId)
      await audit(db, 'tokens.revoke', { id: req.params.tokenId, agreement: req.params.id })
    })
    return reply.code(204).send(null)
  })
}
export default routes
