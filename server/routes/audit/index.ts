import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit, verifyAudit } from '../../audit/audit.js'
import { AuditEntry } from '../../admin/admin.schemas.js'
import { listAudit } from '../../admin/audit.service.js'
import { errorResponses } from '../../schemas/common.js'

/** The audit log of the admin's organisation and the check of the whole chain: /api/v1/audit */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    config: { access: ADMINS },
    schema: {
      tags: ['admin'],
      summary: 'Audit entries of your organisation, newest first (page with before=<next>)',
      querystring: Type.Object({
        before: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
        action: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(AuditEntry), next: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
    },
  }, async (req) => req.scoped((db, actor) => listAudit(db, actor, { before: req.query.before, limit: req.query.limit ?? 100, action: req.query.action })))

  app.get('/verify', {
    config: { access: ADMINS },
    schema: {
      tags: ['admin'],
      summary: 'Recompute the hash chain of the whole audit log; names the first broken row',
      response: { 200: Type.Object({ ok: Type.Boolean(), rows: Type.Integer(), firstBroken: Type.Optional(Type.Integer()) }), ...errorResponses },
    },
  }, async (req) => req.scoped(async (db) => {
    const result = await verifyAudit(db)
    await audit(db, 'audit.verify', { ...result })
    return result
  }))
}
export default routes
