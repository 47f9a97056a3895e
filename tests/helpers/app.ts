import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { createTestDatabase } from './db.js'
import { seedWorld, type World } from './world.js'

export interface TestApp {
  app: FastifyInstance
  database: Database
  /** Organisations, people of every role, an agreement and a partner token; sessions on demand. */
  world: World
  close(): Promise<void>
}

/** The real app over a fresh test database, for `app.inject` (no port, no web bundle). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase()
  // A checkpoint file of its own (never DATA_DIR's, which a running demo service may have written).
  const checkpoints = join(tmpdir(), `crossborough-test-checkpoints-${randomBytes(6).toString('hex')}.jsonl`)
  const config = loadConfig({ LOG_LEVEL: 'silent', AUDIT_CHECKPOINT_FILE: checkpoints, ...env })
  const app = await buildApp({ config, database, web: false })
  await app.ready()
  const world = await seedWorld(app, database.system)
  return {
    app,
    database,
    world,
    close: async () => {
      await app.close()
      await database.close()
    },
  }
}
