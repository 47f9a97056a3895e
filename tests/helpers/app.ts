import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { createTestDatabase } from './db.js'

export interface TestApp {
  app: FastifyInstance
  database: Database
  close(): Promise<void>
}

/** The real app over a fresh test database, for `app.inject` (no port, no web bundle). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env })
  const app = await buildApp({ config, database, web: false })
  await app.ready()
  return {
    app,
    database,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
