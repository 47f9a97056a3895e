import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import { loggerOptions } from './logging.js'
import { newDemoLoadStatus, type DemoLoadStatus } from './demo/startup.js'
import type { Backend, Database } from './db/database.js'
import type { DB } from './db/types.js'
import { ProblemSchema } from './schemas/common.js'
import { registerProblemHandlers, sendProblem } from './plugins/errors.js'
import { inputRulesPlugin } from './schemas/input-rules.js'
import { registerDocs } from './plugins/docs.js'
import { registerWeb } from './plugins/web.js'
import healthRoutes from './routes/health/index.js'
import metaRoutes from './routes/meta/index.js'
import areasRoutes from './routes/areas/index.js'
import lookupRoutes from './routes/lookup/index.js'
import bordersRoutes from './routes/borders/index.js'
import importsRoutes from './routes/imports/index.js'
import referralsRoutes from './routes/referrals/index.js'
import sessionRoutes from './routes/session/index.js'
import statsRoutes from './routes/stats/index.js'
import usersRoutes from './routes/users/index.js'
import agreementsRoutes from './routes/agreements/index.js'
import auditRoutes from './routes/audit/index.js'
import approvalsRoutes from './routes/approvals/index.js'
import analysisRoutes from './routes/analysis/index.js'
import reportsRoutes from './routes/reports/index.js'
import relocationRoutes from './routes/relocation/index.js'
import exportsRoutes from './routes/exports/index.js'
import ogcRoutes from './routes/ogc/index.js'
import tilesRoutes from './routes/tiles/index.js'
import basemapRoutes from './routes/basemap/index.js'
import { registerAuth } from './auth/plugin.js'
import { registerSecurityHeaders } from './plugins/security.js'
import { registerTransport } from './plugins/transport.js'
import { registerPressure } from './plugins/pressure.js'
import { registerNoStore } from './plugins/no-store.js'
import { resolveSecrets, type Secrets } from './audit/secrets.js'
import { registerAuditFold } from './audit/fold.js'
import { registerRequestSignals } from './db/request-signal.js'
import { ReadRouter } from './db/read-routing.js'
import { registerAnswerRefresh } from './cache/refresh.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    /** Requests' connection; use `req.scoped` for anything beyond public boundary data. */
    db: Kysely<DB>
    /** The owner's connection, for the service's own work (jobs); never for a request's data. */
    system: Kysely<DB>
    backend: Backend
    /** Checkpoint key and cursor secret: never in the database (server/audit/secrets.ts). */
    secrets: Secrets
    /** The embedded demo's referral load, for /ready and /api/v1/meta. */
    demoLoad: DemoLoadStatus
    /** Read replicas for the routes that only read (`req.scopedRead`); the primary when there are none. */
    reads: ReadRouter
  }
}

export interface BuildAppOptions {
  config: Config
  database: Database
  /** Serve the web app (off in API tests). */
  web?: boolean
  logger?: FastifyServerOptions['logger']
  /** Default: from config, creating no key file (the server passes the ones it resolved at start). */
  secrets?: Secrets
  /** Where the embedded demo is with loading its referrals (server/demo/startup.ts); default: none to load. */
  demoLoad?: DemoLoadStatus
}

/** Builds the Fastify app without listening (tests call `app.inject`). */
export async function buildApp({ config, database, web = true, logger, secrets, demoLoad }: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? loggerOptions(config),
    bodyLimit: 1024 * 1024,
    // Behind a TLS-terminating proxy: req.protocol, req.ip and req.host from X-Forwarded-* (TRUST_PROXY).
    // A hop count n trusts the n nearest hops (what proxy-addr does with a number; Fastify's types take a function).
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (n) => (_addr: string, hop: number) =>
              hop < n
          )(config.trustProxy)
        : config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true, useDefaults: true }, plugins: [inputRulesPlugin] },
    // A URL that is not valid percent-encoding, or a path segment too long for the router: a problem like any other 4xx.
    frameworkErrors: (err, req, reply) =>
      sendProblem(reply as FastifyReply, req as FastifyRequest, err.statusCode ?? 400, 'bad-request', err.message, [{ field: 'url', message: err.message }]),
  }).withTypeProvider<TypeBoxTypeProvider>()

  // JSON (and multipart where a route registers it) only: a text/plain body is 415, not a string to validate.
  app.removeContentTypeParser('text/plain')
  app.decorate('config', config)
  app.decorate('db', database.db)
  app.decorate('system', database.system)
  app.decorate('backend', database.backend)
  app.decorate('secrets', secrets ?? resolveSecrets(config, { generate: false }))
  app.decorate('demoLoad', demoLoad ?? newDemoLoadStatus({ demoReferrals: 0 }))
  app.decorate('reads', new ReadRouter(database.db, database.replicas, app.log))
  app.addSchema(ProblemSchema)
  registerProblemHandlers(app)
  registerAuditFold(app)
  registerRequestSignals(app)
  registerAnswerRefresh(app)
  await registerPressure(app, config)
  await registerSecurityHeaders(app, config)
  await registerTransport(app, config)
  await registerAuth(app)
  registerNoStore(app)
  await registerDocs(app)

  await app.register(healthRoutes)
  await app.register(metaRoutes, { prefix: '/api/v1' })
  await app.register(sessionRoutes, { prefix: '/api/v1' })
  await app.register(areasRoutes, { prefix: '/api/v1/areas' })
  await app.register(lookupRoutes, { prefix: '/api/v1/lookup' })
  await app.register(bordersRoutes, { prefix: '/api/v1/borders' })
  await app.register(importsRoutes, { prefix: '/api/v1/imports', database })
  await app.register(referralsRoutes, { prefix: '/api/v1/referrals' })
  await app.register(statsRoutes, { prefix: '/api/v1/stats' })
  await app.register(usersRoutes, { prefix: '/api/v1/users' })
  await app.register(agreementsRoutes, { prefix: '/api/v1/agreements' })
  await app.register(auditRoutes, { prefix: '/api/v1/audit' })
  await app.register(approvalsRoutes, { prefix: '/api/v1/approvals' })
  await app.register(analysisRoutes, { prefix: '/api/v1/analysis' })
  await app.register(reportsRoutes, { prefix: '/api/v1/reports' })
  await app.register(relocationRoutes, { prefix: '/api/v1/relocation-check' })
  await app.register(exportsRoutes, { prefix: '/api/v1/exports' })
  await app.register(ogcRoutes, { prefix: '/ogc' })
  await app.register(tilesRoutes, { prefix: '/tiles' })
  await app.register(basemapRoutes, { prefix: '/basemap' })
  if (web) await registerWeb(app)
  return app
}
