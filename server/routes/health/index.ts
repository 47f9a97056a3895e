import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sql } from 'kysely'
import { migrationsCurrent } from '../../db/migrate.js'
import { Problem } from '../../errors/problem.js'
import { problemRef } from '../../schemas/common.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: { tags: ['service'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/ready',
    {
      schema: {
        tags: ['service'],
        summary: 'The database answers, every migration has run and (embedded demo) the demo referrals are loaded',
        response: { 200: Type.Object({ status: Type.Literal('ready'), backend: Type.String() }), 503: problemRef },
      },
    },
    async () => {
      let current: boolean
      try {
        await sql`select 1`.execute(app.db)
        current = await migrationsCurrent(app.db)
      } catch {
        throw new Problem(503, 'database-unavailable', 'The database is not answering.')
      }
      if (!current) throw new Problem(503, 'database-unavailable', 'Database migrations are not current; run npm run migrate.')
      // The embedded demo serves the map while its referrals load; ready means all of them are in.
      const demo = app.demoLoad
      if (demo.state === 'loading') {
        throw new Problem(
          503,
          'starting',
          demo.stage === 'boundaries'
            ? 'The wards and LSOAs are loading; the borough map is already served.'
            : `The demo referrals are loading (${demo.loaded} of ${demo.of}); the map is already served.`,
        )
      }
      return { status: 'ready' as const, backend: app.backend }
    },
  )
}
export default routes
