import { Migrator, type Kysely, type MigrationResultSet } from 'kysely'
import { migrations } from '../../migrations/index.js'

export function migrator(db: Kysely<any>): Migrator {
  // Migration numbers are reserved in advance, so one may land after a higher-numbered one was applied.
  return new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true })
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

/** True when every migration in migrations/index.ts has been applied. */
export async function migrationsCurrent(db: Kysely<any>): Promise<boolean> {
  const all = await migrator(db).getMigrations()
  return all.every((m) => m.executedAt !== undefined)
}
