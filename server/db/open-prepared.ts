import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openPGlite, type Database } from './database.js'
import { usableEmbeddedSnapshot } from './embedded-snapshot.js'

/**
 * The embedded demo's first start on a new DATA_DIR: opens the database `npm install` prepared
 * (server/db/embedded-snapshot.ts) into DATA_DIR. Undefined — build it the usual way — on a server
 * database, when DATA_DIR already holds a database, when no snapshot matches this checkout, or when
 * opening it fails (the half-written folder is removed first).
 */
export async function openPreparedEmbedded(config: { demo: boolean; databaseUrl?: string | undefined; dataDir: string }): Promise<Database | undefined> {
  if (!config.demo || config.databaseUrl || existsSync(join(config.dataDir, 'pglite'))) return undefined
  const snapshot = usableEmbeddedSnapshot()
  if (!snapshot) return undefined
  try {
    return await openPGlite({ dataDir: config.dataDir, loadDataDir: new Blob([readFileSync(snapshot)]) })
  } catch (err) {
    console.warn(`the prepared embedded database (${snapshot}) could not be opened, building one instead: ${(err as Error).message}`)
    rmSync(join(config.dataDir, 'pglite'), { recursive: true, force: true })
    return undefined
  }
}
