import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sql } from 'kysely'
import { migrationsCurrent } from '../../db/migrate.js'
import { Problem } from '../../errors/problem.js'
import { problemRef } from '../../schemas/common.js'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    schema: { tags: ['service'], summary: 'The process is alive', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    schema: {
      tags: ['service'],
      summary: 'The database answers and every migration has run',
      response: { 200: Type.Object({ status: Type.Literal('ready'), backend: Type.String() }), 503: problemRef },
    },
  }, async () => {
    let current: boolean
    try {
      await sql`select 1`.execute(app.db)
      current = await migrationsCurrent(app.db)
    } catch {
      throw new Problem(503, 'database-unavailable', 'The database is not answering.')
    }
    if (!current) throw new Problem(503, 'database-unavailable', 'Database migrations are not current; run npm run migrate.')
    return { status: 'ready' as const, backend: app.backend }
  })
}
export default routes
