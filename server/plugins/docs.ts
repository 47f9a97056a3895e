import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import type { Access } from '../auth/plugin.js'
import { collapseSingleAnyOf, operationIdFor, securityFor, toOas30, withoutTrailingSlash } from './openapi.js'

/** OpenAPI 3 document at /docs/json and its UI at /docs, built from the route schemas. */
export async function registerDocs(app: FastifyInstance) {
  const basicPasswords = app.config.basicPasswordSignIn
  await app.register(swagger, {
    // Every operation: an operationId, its security and a valid OpenAPI 3.0 schema (server/plugins/openapi.ts).
    transform: ({ schema, url, route }) => {
      const access = (route.config as { access?: Access } | undefined)?.access
      const s = (toOas30(schema ?? {}) ?? {}) as Record<string, unknown>
      const methods = ([] as string[]).concat(route.method)
      s.operationId ??= operationIdFor(methods.find((m) => m !== 'HEAD') ?? methods[0]!, url)
      s.security = securityFor(url, access, { basicPasswords })
      return { schema: s, url: withoutTrailingSlash(url) }
    },
    transformObject: (doc) => collapseSingleAnyOf('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject) as never,
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'crossborough API',
        version: '1',
        description: 'Boundaries, borders and point lookups across London borough lines. Errors are application/problem+json (RFC 9457).',
        license: { name: 'AGPL-3.0-or-later', url: 'https://www.gnu.org/licenses/agpl-3.0.html' },
      },
      // Relative: the document describes the service that serves it, wherever that is.
      servers: [{ url: '/', description: 'This service' }],
      components: {
        securitySchemes: {
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'cb_session',
            description: 'Set by POST /api/v1/session; state changes also need the x-csrf-token header',
          },
          partnerToken: { type: 'http', scheme: 'bearer', description: 'A partner token (cbp_…) bound to one data-sharing agreement' },
          basic: {
            type: 'http',
            scheme: 'basic',
            description: basicPasswords
              ? 'HTTP Basic, for GIS clients: a partner token as the password (any username), or your email and account password'
              : 'HTTP Basic, for GIS clients: a partner token as the password (any username); email and password are not accepted here (ALLOW_BASIC_PASSWORD is off)',
          },
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
