import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ADMINS } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { User, UserInput, UserPatch } from '../../admin/admin.schemas.js'
import { addUser, changeUser, listUsers } from '../../admin/users.service.js'
import { errorResponses, problemRef } from '../../schemas/common.js'

/** Accounts of the admin's organisation: /api/v1/users */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Users of your organisation', response: { 200: Type.Object({ items: Type.Array(User) }), ...errorResponses } },
  }, async (req) => req.scoped(async (db, actor) => ({ items: await listUsers(db, actor) })))

  app.post('/', {
    config: { access: ADMINS },
    schema: { tags: ['admin'], summary: 'Create a user in your organisation (password hashed with argon2id)', body: UserInput, response: { 201: User, 409: problemRef, ...errorResponses } },
  }, async (req, reply) => {
    const user = await req.scoped(async (db, actor) => {
      const u = await addUser(db, actor, req.body)
      await audit(db, 'users.create', { id: u.id, email: u.email, role: u.role, boroughs: u.boroughs })
      return u
    })
    return reply.code(201).send(user)
  })

  app.patch('/:id', {
    config: { access: ADMINS },
    schema: {
      tags: ['admin'], summary: 'Change a user: role, borough scope, disabled, unlock', params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: UserPatch, response: { 200: User, 409: problemRef, ...errorResponses },
    },
  }, async (req) => req.scoped(async (db, actor) => {
    const u = await changeUser(db, actor, req.params.id, req.body)
    await audit(db, 'users.update', { id: u.id, change: req.body })
    return u
  }))
}
export default routes
