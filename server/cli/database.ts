import type { Config } from '../config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { Problem } from '../errors/problem.js'

/**
 * The owner's connection for a CLI: `DATABASE_URL` when set, else the embedded database in
 * `DATA_DIR`. The embedded one is one process's at a time: while the service holds the folder this
 * prints why (and `whileRunning`, what to do instead) and exits 1 without touching anything.
 * With `migrate`, pending migrations are applied first (as the other CLIs do).
 */
export async function openCliDatabase(config: Config, opts: { migrate?: boolean; whileRunning?: string } = {}): Promise<Database> {
  let database: Database
  try {
    database = await openDatabase(config)
  } catch (err) {
    if (err instanceof Problem && err.code === 'database-in-use') {
      console.error(`${err.detail}${opts.whileRunning ? `\n\n${opts.whileRunning}` : ''}\nNothing was changed.`)
      process.exit(1)
    }
    throw err
  }
  if (opts.migrate) {
    try {
      await migrateToLatest(database.system)
    } catch (err) {
      await database.close()
      throw err
    }
  }
  return database
}
