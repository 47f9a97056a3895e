import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { openPGlite, openPostgres } from '../server/db/database.js'
import { migrateToLatest } from '../server/db/migrate.js'

/**
 * The OpenAPI document exactly as the service serves it at /docs/json. Builds the app over
 * DATABASE_URL when set (migrated first), else over an in-memory embedded database; nothing listens.
 * The document depends on the configuration only through ALLOW_BASIC_PASSWORD, read from the environment.
 */
export async function openApiDocument(): Promise<object> {
  const url = process.env.DATABASE_URL
  const database = url ? openPostgres(url, 2) : await openPGlite()
  const dir = mkdtempSync(join(tmpdir(), 'crossborough-openapi-'))
  try {
    await migrateToLatest(database.system)
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dir, AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl') })
    const app = await buildApp({ config, database, web: false })
    await app.ready()
    const doc = app.swagger() as object
    await app.close()
    return doc
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
