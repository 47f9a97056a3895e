import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { FileMigrationProvider, Migrator, type MigrationResultSet } from 'kysely'
import type { Kysely } from 'kysely'

/** `migrations/` beside `server/` (also under `dist/` once compiled). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url))

export function migrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }) })
}

/** Runs every pending migration; throws (naming the failed one) on failure. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const { error, results }: MigrationResultSet = await migrator(db).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const msg = error instanceof Error ? error.message : String(error)
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${msg}`, { cause: error })
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** True when every migration on disk has been applied. */
export async function migrationsCurrent(db: Kysely<any>): Promise<boolean> {
  const all = await migrator(db).getMigrations()
  return all.every((m) => m.executedAt !== undefined)
}
