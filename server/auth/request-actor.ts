import type { FastifyInstance, FastifyRequest } from 'fastify'
import { DEMO_ORGANISATION } from '../demo/organisation.js'
import type { Actor } from './actor.js'
import { interimActor, INTERIM_ORGANISATION } from './interim-actor.js'

/**
 * Who a request acts as. INTERIM: the lead of the demo organisation in demo mode, else of the
 * interim organisation; the sessions issue replaces this one function (it will read `req`).
 */
export function requestActor(app: FastifyInstance, _req?: FastifyRequest): Promise<Actor> {
  return interimActor(app.db, app.config.demo ? DEMO_ORGANISATION : INTERIM_ORGANISATION)
}
