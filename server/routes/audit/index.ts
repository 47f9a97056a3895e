import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit, verifyAudit } from '../../audit/audit.js'
import { verifyCheckpoints, withCheckpoints } from '../../audit/checkpoint.js'
import { AuditEntry } from '../../admin/admin.schemas.js'
import { listAudit } from '../../admin/audit.service.js'
import { errorResponses } from '../../schemas/common.js'

const Verification = Type.Object({
  ok: Type.Boolean(),
  rows: Type.Integer(),
  firstBroken: Type.Optional(Type.Integer()),
  pending: Type.Object({
    rows: Type.Integer({ description: 'Exact reads recorded but not yet folded into the chain (folded within seconds)' }),
    firstBroken: Type.Optional(Type.Integer({ description: 'The first pending record whose content no longer matches its hash' })),
  }),
  checkpoints: Type.Object({
    checked: Type.Integer(),
    failed: Type.Integer(),
    firstFailed: Type.Optional(
      Type.Object({
        line: Type.Integer({ description: 'Line of the checkpoint file, from 1' }),
        id: Type.Union([Type.Integer(), Type.Null()]),
        at: Type.Union([Type.String(), Type.Null()]),
        reason: Type.String({ enum: ['malformed', 'mac', 'missing-row', 'hash-mismatch', 'no-key'] }),
      }),
    ),
  }),
})

/** The audit log of the admin's organisation and the check of the whole chain: /api/v1/audit */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Audit entries of your organisation, newest first (page with before=<next>)',
        querystring: Type.Object(
          {
            before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            action: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditEntry), next: Type.Union([Type.Integer(), Type.Null()]) }), ...errorResponses },
      },
    },
    async (req) => req.scoped((db, actor) => listAudit(db, actor, { before: req.query.before, limit: req.query.limit ?? 100, action: req.query.action })),
  )

  app.get(
    '/verify',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary:
          'Recompute the hash chain of the whole audit log and check it against the signed checkpoints; names the first broken row and the first failing checkpoint',
        description:
          "ok is true only when the chain recomputes and every checkpoint in the service's AUDIT_CHECKPOINT_FILE has a valid MAC and its row still exists with its hash. The checkpoints' rows are looked up on the service's own connection (they may belong to any organisation); only ids and reasons are returned.",
        response: { 200: Verification, ...errorResponses },
      },
    },
    async (req) => {
      // Before the admin's transaction: on embedded PGlite the owner's connection is the same one.
      const checkpoints = await verifyCheckpoints(app.system, app.secrets.checkpointKey, app.config.auditCheckpoint.file)
      return req.scoped(async (db) => {
        const result = withCheckpoints(await verifyAudit(db), checkpoints)
        await audit(db, 'audit.verify', { ...result })
        return result
      })
    },
  )
}
export default routes
