import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'
import { PROJECT_GEODATA_DIR, holdsBoundaries } from '../../server/geodata/sources.js'

/**
 * Which database the suite runs on:
 * - `DATABASE_URL` (or `TEST_DATABASE_URL`) set → that PostGIS server; each test file gets its own database;
 * - `TEST_DB=testcontainers` → a PostGIS container (needs a Docker engine);
 * - otherwise → embedded PGlite; each test file gets its own in-memory copy.
 */
export type TestBackend = 'pglite' | 'postgres' | 'testcontainers'

export function chosenBackend(env = process.env): TestBackend {
  if (env.TEST_DATABASE_URL || env.DATABASE_URL) return 'postgres'
  if (env.TEST_DB === 'testcontainers') return 'testcontainers'
  if (env.TEST_DB && env.TEST_DB !== 'pglite') throw new Error(`TEST_DB must be pglite or testcontainers, not ${env.TEST_DB}`)
  return 'pglite'
}

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The real London boundaries: GEODATA_DIR, else the project's own geodata/ (packed). */
export function testGeodataDir(env = process.env): string | undefined {
  const dir = env.GEODATA_DIR ? resolve(env.GEODATA_DIR) : PROJECT_GEODATA_DIR
  return dir && holdsBoundaries(dir) ? dir : undefined
}

/** What global setup hands every test file (through vitest's provide/inject). */
export interface TestDbInfo {
  backend: TestBackend
  /** PGlite: a gzipped data-dir dump of the migrated template with boundaries loaded. */
  templateDump?: string
  /** Server: admin connection string and the template database's name. */
  adminUrl?: string
  templateName?: string
  /** Which boundaries the template holds: the real files, or only the bundled simplified boroughs. */
  boundaries: 'real' | 'bundled'
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbInfo
  }
}
