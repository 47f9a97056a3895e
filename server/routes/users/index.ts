import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { ApprovalRequest, User, UserInput, UserPatch } from '../../admin/admin.schemas.js'
import { addUser, changeUser, listUsers } from '../../admin/users.service.js'
import { errorResponses, problemRef } from '../../schemas/common.js'

/** Accounts of the admin's organisation: /api/v1/users */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: ADMINS },
      schema: { tags: ['admin'], summary: 'Users of your organisation', response: { 200: Type.Object({ items: Type.Array(User) }), ...errorResponses } },
    },
    async (req) => req.scoped(async (db, actor) => ({ items: await listUsers(db, actor) })),
  )

  app.post(
    '/',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Create a user in your organisation (password hashed with argon2id)',
        description:
          'A commissioner or partner is created at once (201). A lead, caseworker or admin is a request another admin approves (202 with the request): see /api/v1/approvals.',
        body: UserInput,
        response: { 201: User, 202: ApprovalRequest, 409: problemRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const made = await req.scoped(async (db, actor) => {
        const out = await addUser(db, actor, req.body)
        if ('user' in out) {
          const u = out.user
          await audit(db, 'users.create', { id: u.id, email: u.email, role: u.role, boroughs: u.boroughs })
        } else {
          await audit(db, 'approvals.request', { id: out.request.id, kind: out.request.kind, summary: out.request.summary })
        }
        return out
      })
      return 'user' in made ? reply.code(201).send(made.user) : reply.code(202).send(made.request)
    },
  )

  app.patch(
    '/:id',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: 'Change a user: role, borough scope, disabled, unlock',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        description:
          'Granting a lead, caseworker or admin role, or widening the borough scope (more boroughs, or from a list to every borough), ' +
          'is a request another admin approves (202 with the request); the rest of the change, and every narrowing, applies at once (200).',
        body: UserPatch,
        response: { 200: User, 202: ApprovalRequest, 409: problemRef, ...errorResponses },
      },
    },
    async (req, reply) => {
      const out = await req.scoped(async (db, actor) => {
        const r = await changeUser(db, actor, req.params.id, req.body)
        await audit(db, 'users.update', { id: r.user.id, change: req.body, ...(r.request ? { approvalRequest: r.request.id } : {}) })
        if (r.request) await audit(db, 'approvals.request', { id: r.request.id, kind: r.request.kind, summary: r.request.summary })
        return r
      })
      return out.request ? reply.code(202).send(out.request) : out.user
    },
  )
}
export default routes
