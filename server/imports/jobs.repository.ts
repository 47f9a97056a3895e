import { sql, type Kysely } from 'kysely'
import type { Generated } from 'kysely'
import type { DB } from '../db/types.js'
import type { ImportError, ImportFormat } from './columns.js'
import type { ImportReport } from './import-referrals.js'

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** The import_jobs table (migration 20261127_0004_imports). */
export interface ImportJobsTable {
  id: Generated<string>
  organisation_id: string
  file_name: string
  format: ImportFormat
  status: Generated<JobStatus>
  phase: string | null
  processed: Generated<number>
  inserted: Generated<number>
  updated: Generated<number>
  unchanged: Generated<number>
  locations: Generated<number>
  error_count: Generated<number>
  errors: Generated<ImportError[]>
  created_at: Generated<Date>
  started_at: Date | null
  finished_at: Date | null
  heartbeat_at: Generated<Date>
}

type JobsDB = DB & { import_jobs: ImportJobsTable }
const jobs = (db: Kysely<DB>) => db.withTables<{ import_jobs: ImportJobsTable }>() as unknown as Kysely<JobsDB>

/** A job as the API shows it. */
export interface ImportJob {
  id: string
  fileName: string
  format: ImportFormat
  status: JobStatus
  phase: string | null
  processed: number
  inserted: number
  updated: number
  unchanged: number
  locations: number
  errorCount: number
  errors: ImportError[]
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

export function toImportJob(
  r: ImportJobsTable & {
    id: string
    status: JobStatus
    processed: number
    inserted: number
    updated: number
    unchanged: number
    locations: number
    error_count: number
    errors: ImportError[]
    created_at: Date
  },
): ImportJob {
  return {
    id: r.id,
    fileName: r.file_name,
    format: r.format,
    status: r.status,
    phase: r.phase,
    processed: Number(r.processed),
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    locations: r.locations,
    errorCount: r.error_count,
    errors: r.errors,
    createdAt: iso(r.created_at)!,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  }
}

export async function createJob(db: Kysely<DB>, organisationId: string, fileName: string, format: ImportFormat): Promise<string> {
  const row = await jobs(db)
    .insertInto('import_jobs')
    .values({ organisation_id: organisationId, file_name: fileName, format })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** One job of the organisation, or undefined. */
export async function getJob(db: Kysely<DB>, organisationId: string, id: string): Promise<ImportJob | undefined> {
  const row = await jobs(db).selectFrom('import_jobs').selectAll().where('id', '=', id).where('organisation_id', '=', organisationId).executeTakeFirst()
  return row ? toImportJob(row as never) : undefined
}

export async function markRunning(db: Kysely<DB>, id: string): Promise<void> {
  await jobs(db)
    .updateTable('import_jobs')
    .set({ status: 'running', phase: 'reading', started_at: sql`now()`, heartbeat_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

/** Progress of a running job (on pg; on PGlite the running import holds the only connection). */
export async function recordProgress(db: Kysely<DB>, id: string, phase: string, processed: number): Promise<void> {
  await jobs(db).updateTable('import_jobs').set({ phase, processed, heartbeat_at: sql`now()` }).where('id', '=', id).where('status', '=', 'running').execute()
}

export async function markFinished(
  db: Kysely<DB>,
  id: string,
  report: Pick<ImportReport, 'ok' | 'processed' | 'inserted' | 'updated' | 'unchanged' | 'locations' | 'errors' | 'errorCount'>,
): Promise<void> {
  await jobs(db)
    .updateTable('import_jobs')
    .set({
      status: report.ok ? 'succeeded' : 'failed',
      phase: 'done',
      processed: report.processed,
      inserted: report.inserted,
      updated: report.updated,
      unchanged: report.unchanged,
      locations: report.locations,
      error_count: report.errorCount,
      errors: sql`${JSON.stringify(report.errors)}::jsonb`,
      finished_at: sql`now()`,
      heartbeat_at: sql`now()`,
    })
    .where('id', '=', id)
    .execute()
}

/**
 * SQL of the key of the session advisory lock an API import holds on its own connection while it
 * runs, for the job id in `idSql` (a parameter or a column). The lock goes with the connection: a
 * killed process releases it at once.
 */
export const jobLockKey = (idSql: '$1' | 'id') => `hashtextextended('crossborough.import:' || ${idSql}::text, 0)`

/**
 * Fails jobs whose process is gone; they can never finish (their upload was a temp file of that
 * process). On PGlite (one process) that is every unfinished job at start-up (`staleAfterS` null).
 * On a shared server: a running job whose advisory lock nobody holds (its connection closed with
 * its process), and a queued job whose heartbeat stopped more than `staleAfterS` ago (a live
 * runner refreshes its queued jobs' heartbeats), so another instance's work is left alone.
 * `id` limits the sweep to one job (a status request for a job this process is not running).
 */
export async function failInterruptedJobs(db: Kysely<DB>, staleAfterS: number | null, id?: string): Promise<number> {
  const message = [{ row: 0, field: 'file', message: 'the import was interrupted (the service stopped); upload the file again' }]
  let q = jobs(db)
    .updateTable('import_jobs')
    .set({ status: 'failed', phase: 'done', finished_at: sql`now()`, error_count: 1, errors: sql`${JSON.stringify(message)}::jsonb` })
    .where('status', 'in', ['queued', 'running'])
  if (id !== undefined) q = q.where('id', '=', id)
  if (staleAfterS !== null) {
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'running'), sql<boolean>`pg_try_advisory_xact_lock(${sql.raw(jobLockKey('id'))})`]),
        eb('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${staleAfterS})`),
      ]),
    )
  }
  const r = await q.executeTakeFirst()
  return Number(r.numUpdatedRows)
}

/** Marks the jobs a live runner holds as alive (queued jobs have no lock to show it). */
export async function touchJobs(db: Kysely<DB>, ids: string[]): Promise<void> {
  if (ids.length)
    await jobs(db).updateTable('import_jobs').set({ heartbeat_at: sql`now()` }).where('id', 'in', ids).where('status', 'in', ['queued', 'running']).execute()
}
