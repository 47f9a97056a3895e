import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit, type AuditAction } from '../../audit/audit.js'
import { ApprovalQuery, ApprovalRequest, NewToken, RejectInput, type ApprovalKind } from '../../admin/admin.schemas.js'
import { approve, getApproval, listApprovals, reject, revealToken, withdraw } from '../../admin/approvals.service.js'
import { errorResponses, problemRef } from '../../schemas/common.js'

const APPLIED: Record<ApprovalKind, AuditAction> = {
  'user.create': 'users.create',
  'user.change': 'users.update',
  'agreement.create': 'agreements.create',
  'agreement.change': 'agreements.update',
  'token.create': 'tokens.create',
}

const Id = Type.Object({ id: Type.String({ format: 'uuid' }) })
const decided = { 200: ApprovalRequest, 409: problemRef, ...errorResponses }

/**
 * Second-person approval of grants (docs/accounts.md "Approvals"): /api/v1/approvals. Requests are
 * made by the routes that would otherwise grant (POST /users with a casework or admin role, PATCH
 * /users/{id} widening, POST /agreements, PATCH /agreements/{id} widening, POST
 * /agreements/{id}/tokens); another admin of the organisation approves or rejects them here.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Approval requests of your organisation, pending first, newest first',
        querystring: ApprovalQuery,
        response: { 200: Type.Object({ items: Type.Array(ApprovalRequest) }), ...errorResponses },
      },
    },
    async (req) => req.scoped(async (db, actor) => ({ items: await listApprovals(db, actor, req.query) })),
  )

  app.get(
    '/:id',
    {
      config: { access: ADMINS },
      schema: { tags: ['admin'], summary: 'One approval request', params: Id, response: { 200: ApprovalRequest, ...errorResponses } },
    },
    async (req) => req.scoped((db, actor) => getApproval(db, actor, req.params.id)),
  )

  app.post(
    '/:id/approve',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: "Approve another admin's request: the change is applied now, in the same transaction",
        description: '403 own-request for your own request (nobody approves their own); 409 not-pending when it was already decided or withdrawn.',
        params: Id,
        response: decided,
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const r = await approve(db, actor, req.params.id)
        await audit(db, 'approvals.approve', {
          id: r.id,
          kind: r.kind,
          summary: r.summary,
          requestedBy: r.requestedBy.id,
          target: r.targetId,
          result: r.resultId,
        })
        // The change itself, as when it was applied at once before approvals.
        await audit(db, APPLIED[r.kind], {
          id: r.resultId,
          approvalRequest: r.id,
          requestedBy: r.requestedBy.id,
          change: r.change,
          ...(r.targetId ? { target: r.targetId } : {}),
        })
        return r
      }),
  )

  app.post(
    '/:id/reject',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: "Reject another admin's request (nothing changes)",
        params: Id,
        body: RejectInput,
        response: decided,
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const r = await reject(db, actor, req.params.id, req.body.reason?.trim() || null)
        await audit(db, 'approvals.reject', { id: r.id, kind: r.kind, summary: r.summary, requestedBy: r.requestedBy.id, reason: r.reason })
        return r
      }),
  )

  app.post(
    '/:id/withdraw',
    {
      config: { access: ADMINS },
      schema: { tags: ['admin'], summary: 'Withdraw your own pending request', params: Id, response: decided },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const r = await withdraw(db, actor, req.params.id)
        await audit(db, 'approvals.withdraw', { id: r.id, kind: r.kind, summary: r.summary })
        return r
      }),
  )

  app.post(
    '/:id/token',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Fetch the secret of your approved partner token: shown this once, only its hash is kept',
        description: 'Only the admin who requested the token, only after another admin approved it, only once (409 after). The fetch is audited.',
        params: Id,
        response: { 201: NewToken, 409: problemRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const t = await req.scoped(async (db) => {
        const made = await revealToken(db, req.params.id)
        await audit(db, 'tokens.reveal', {
          id: made.id,
          agreement: made.agreementId,
          approvalRequest: req.params.id,
          expiresAt: made.expiresAt,
          revealedTo: req.actor?.userId ?? null,
        })
        return made
      })
      return reply.code(201).header('cache-control', 'no-store').send(t)
    },
  )
}
export default routes
