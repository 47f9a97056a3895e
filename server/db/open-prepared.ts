import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { openPGlite, type Database } from './database.js'
import { usableEmbeddedSnapshot } from './embedded-snapshot.js'
import { PROJECT_GEODATA_DIR, resolveGeodataDir } from '../geodata/sources.js'

/**
 * The embedded demo's first start on a new DATA_DIR: opens the database `npm install` prepared
 * (server/db/embedded-snapshot.ts) into DATA_DIR. Undefined — build it the usual way — on a server
 * database, when DATA_DIR already holds a database, when other boundaries than the shipped ones are
 * asked for, when no snapshot matches this checkout, or when opening it fails (the half-written
 * folder is removed first).
 */
export async function openPreparedEmbedded(config: {
  demo: boolean
  databaseUrl?: string | undefined
  dataDir: string
  geodataDir?: string | undefined
}): Promise<Database | undefined> {
  if (!config.demo || config.databaseUrl || existsSync(join(config.dataDir, 'pglite'))) return undefined
  // The snapshot holds the shipped boundaries: not when GEODATA_DIR or a download names others.
  if (resolveGeodataDir(config) !== PROJECT_GEODATA_DIR) return undefined
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
