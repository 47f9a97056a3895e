import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { openPGlite, openPostgres } from '../server/db/database.js'
import { migrateToLatest } from '../server/db/migrate.js'

/**
 * `npm run lint:openapi`: the OpenAPI document exactly as the service serves it at /docs/json,
 * written to a temporary file and linted by Redocly with its recommended rules (redocly.yaml).
 * Builds the app over DATABASE_URL when set (migrated first), else over an in-memory embedded
 * database; nothing listens. Exit status: Redocly's (non-zero on any error).
 */
const url = process.env.DATABASE_URL
const database = url ? openPostgres(url, 2) : await openPGlite()
let status = 1
const dir = mkdtempSync(join(tmpdir(), 'crossborough-openapi-'))
try {
  await migrateToLatest(database.system)
  // The document depends on the configuration only through ALLOW_BASIC_PASSWORD, read from the environment.
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dir, AUDIT_CHECKPOINT_FILE: join(dir, 'checkpoints.jsonl') })
  const app = await buildApp({ config, database, web: false })
  await app.ready()
  const file = join(dir, 'openapi.json')
  writeFileSync(file, JSON.stringify(app.swagger(), null, 1))
  await app.close()
  const run = spawnSync(process.execPath, [join(import.meta.dirname, '../node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', join(import.meta.dirname, '../redocly.yaml')], { stdio: 'inherit' })
  status = run.status ?? 1
} finally {
  await database.close()
  rmSync(dir, { recursive: true, force: true })
}
process.exit(status)
