import { loadConfig } from '../config.js'
import { openDatabase } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'

/** `npm run migrate`: applies pending migrations; exits non-zero on failure. */
const config = loadConfig()
const database = await openDatabase(config).catch((err: Error) => {
  console.error(err.message)
  process.exit(1)
})
try {
  const applied = await migrateToLatest(database.db)
  console.log(applied.length ? `applied: ${applied.join(', ')}` : 'migrations are current')
} catch (err) {
  console.error((err as Error).message)
  process.exitCode = 1
} finally {
  await database.close()
}
