import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import rateLimit from '@fastify/rate-limit'
import { Type } from 'typebox'
import { EVERYONE, PUBLIC } from '../../auth/access.js'
import { ROLES } from '../../auth/actor.js'
import { chooseAgreement, signIn, signOut, whoAmI } from '../../auth/session.service.js'
import { Problem } from '../../errors/problem.js'
import { errorResponses, StringEnum } from '../../schemas/common.js'
import { SESSION_COOKIE } from '../../auth/tokens.js'

const Me = Type.Object({
  user: Type.Union([
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      email: Type.String(),
      displayName: Type.String(),
    }),
    Type.Null({ description: 'null for a partner token' }),
  ]),
  role: StringEnum(ROLES),
  organisation: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  boroughs: Type.Union([Type.Array(Type.String()), Type.Null()], { description: 'Borough scope of a commissioner or partner; null = unscoped' }),
  agreement: Type.Union([
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      name: Type.String(),
      level: Type.String(),
      boroughs: Type.Array(Type.String()),
      fields: Type.Array(Type.String()),
      k: Type.Integer(),
      includeVictims: Type.Boolean(),
      validFrom: Type.String({ format: 'date' }),
      validUntil: Type.String({ format: 'date' }),
      inForce: Type.Boolean(),
      cellM: Type.Integer({ description: 'The fixed cell size in metres of every cell the partner reads (generalised points, hexes, exports)' }),
    }),
    Type.Null(),
  ]),
  agreementChoices: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.String({ format: 'uuid' }),
        name: Type.String(),
        owner: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
        validUntil: Type.String({ format: 'date' }),
      }),
      {
        description:
          'A partner session with several agreements in force and none chosen: the ones to choose from (POST /api/v1/session/agreement); agreement is null until then',
      },
    ),
  ),
  csrfToken: Type.Union([Type.String(), Type.Null()], { description: 'Send back as x-csrf-token on state-changing requests (null for token auth)' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
})

const Credentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
)

/** Sign in and out, and who am I. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new Problem(429, 'rate-limited', `Too many sign-in attempts from this address; try again in ${Math.ceil(ctx.ttl / 1000)} s.`),
  })

  app.post(
    '/session',
    {
      config: { access: PUBLIC, rateLimit: { max: app.config.loginRateLimit, timeWindow: '1 minute' } },
      schema: {
        tags: ['session'],
        summary: 'Sign in: sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token',
        body: Credentials,
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { secret, me, expires } = await signIn(app, req.body.email, req.body.password, req.ip)
      reply.setCookie(SESSION_COOKIE, secret, {
        // Secure over https: req.protocol honours X-Forwarded-Proto from a trusted proxy (TRUST_PROXY); COOKIE_SECURE forces it.
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: app.config.cookieSecure || req.protocol === 'https',
        expires,
      })
      return me
    },
  )

  app.delete(
    '/session',
    {
      config: { access: EVERYONE },
      schema: { tags: ['session'], summary: 'Sign out (ends the session)', response: { 204: Type.Null(), ...errorResponses } },
    },
    async (req, reply) => {
      await signOut(app, req)
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: app.config.cookieSecure || req.protocol === 'https' })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/session/agreement',
    {
      config: { access: ['partner'] },
      schema: {
        tags: ['session'],
        summary: "A partner session chooses the data-sharing agreement it acts under (one of its organisation's agreements in force)",
        description:
          'Needed when the organisation has several agreements in force: until one is chosen, partner reads answer 409 agreement-choice-needed. A partner token is bound to its agreement (400).',
        body: Type.Object({ agreementId: Type.String({ format: 'uuid' }) }, { additionalProperties: false }),
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => chooseAgreement(app, req, req.body.agreementId),
  )

  app.get(
    '/me',
    {
      config: { access: EVERYONE },
      schema: {
        tags: ['session'],
        summary: 'The signed-in user or partner token: role, organisation, scope, agreement, CSRF token',
        response: { 200: Me, ...errorResponses },
      },
    },
    async (req) => whoAmI(app, req),
  )
}
export default routes
