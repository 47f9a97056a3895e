import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'

/** OpenAPI 3 document at /docs/json and its UI at /docs, built from the route schemas. */
export async function registerDocs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'crossborough API',
        version: '1',
        description: 'Boundaries, borders and point lookups across London borough lines. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cb_session', description: 'Set by POST /api/v1/session; state changes also need the x-csrf-token header' },
          partnerToken: { type: 'http', scheme: 'bearer', description: 'A partner token (cbp_…) bound to one data-sharing agreement' },
        },
      },
      tags: [
        { name: 'areas', description: 'Boroughs, wards, LSOAs, estates and patches' },
        { name: 'borders', description: 'Shared borders of adjacent boroughs' },
        { name: 'referrals', description: 'Referrals, their located events and exclusion zones, classified across borough lines' },
        { name: 'imports', description: 'Bulk import jobs' },
        { name: 'service', description: 'Health, readiness and service metadata' },
        { name: 'session', description: 'Sign in and out; who am I' },
        { name: 'stats', description: 'Counts on fixed geographies and whole months, with disclosure control' },
        { name: 'admin', description: 'Users, agreements, partner tokens, the audit log (admins)' },
      ],
    },
  })
  // staticCSP: the UI page gets a CSP with hashes of its own inline code, within helmet's rules.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
}
