import type { Readable } from 'node:stream'
import type { Database } from '../db/database.js'
import { MAX_REPORTED_ERRORS, STAGE_CHUNK_ROWS, type ImportError, type ImportFormat } from './columns.js'
import { checkStaged } from './checks.js'
import { jobLockKey } from './jobs.repository.js'
import { readRecords, UnreadableFile } from './sources.js'
import { openImportSession, type ImportSession } from './session.js'
import { COPY_STAGE, copyLine, CREATE_STAGE, DROP_TABLES, prepareStaged } from './stage.js'
import { today, validateRecord } from './validate-row.js'
import { assignAreas, classify, countActions, refreshHexCounts, tuneTransaction, writeLocations, writeReferrals } from './write.js'

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done'

export interface ImportProgress {
  phase: ImportPhase
  /** Data rows read so far. */
  processed: number
}

export interface ImportOptions {
  format: ImportFormat
  organisationId: string
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
  /**
   * An API job: its advisory lock (jobs.repository.ts) is held on the import's own connection from
   * before `onStarted` until after `onFinished` (which records the outcome), so a job marked running
   * whose lock is free has lost its process. `onFinished` must not throw.
   */
  job?: { id: string; onStarted: () => Promise<void>; onFinished: (report: ImportReport) => Promise<void> }
}

/**
 * The outcome. Counts are of referrals (one referral = the rows sharing an external_id), except
 * `processed` (data rows read) and `locations` (located events written).
 */
export interface ImportReport {
  ok: boolean
  processed: number
  inserted: number
  updated: number
  unchanged: number
  locations: number
  /** The first errors by row (at most MAX_REPORTED_ERRORS); `errorCount` counts them all. */
  errors: ImportError[]
  errorCount: number
  /** Milliseconds per phase: read (parse + validate + COPY), prepare, check, classify, write, assign, insert, hex. */
  timings: Record<string, number>
}

/**
 * Imports referrals from a CSV or GeoJSON stream, all or nothing: rows are validated as they stream
 * and COPYed into a temp table in chunks, checked set-based in SQL, then written in one
 * transaction — referrals upserted on (organisation, external_id), locations inserted with their
 * areas assigned in one set-based statement. Any error → nothing written, every error reported.
 */
export async function importReferrals(database: Database, input: Readable, opts: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { ok: false, processed: 0, inserted: 0, updated: 0, unchanged: 0, locations: 0, errors: [], errorCount: 0, timings: {} }
  let clock = Date.now()
  const lap = (name: string) => {
    const now = Date.now()
    report.timings[name] = now - clock
    clock = now
  }
  const progress = (phase: ImportPhase) => opts.onProgress?.({ phase, processed: report.processed })
  const session = await openImportSession(database)
  let locked = false
  let outcome: ImportReport | undefined
  try {
    if (opts.job) {
      if (database.backend === 'postgres') {
        await session.run((c) => c.query(`select pg_advisory_lock(${jobLockKey('$1')})`, [opts.job!.id]))
        locked = true
      }
      await opts.job.onStarted()
    }
    await session.run(async (c) => {
      await c.query(DROP_TABLES)
      await c.query(CREATE_STAGE)
    })
    const streamErrors = await stream(session, input, opts, report, progress)
    lap('read')
    progress('checking')
    if (report.processed === 0 && report.errorCount === 0) {
      streamErrors.push({ row: 0, field: 'file', message: 'holds no data rows' })
      report.errorCount = 1
    }
    const sqlErrors = await session.run(async (c) => {
      await prepareStaged(c)
      lap('prepare')
      const checked = await checkStaged(c)
      lap('check')
      return checked
    })
    report.errorCount += sqlErrors.total
    report.errors = [...streamErrors, ...sqlErrors.errors].sort((a, b) => a.row - b.row).slice(0, MAX_REPORTED_ERRORS)
    if (report.errorCount > 0) return (outcome = report)
    opts.signal?.throwIfAborted()

    progress('writing')
    await session.transaction(async (c) => {
      await tuneTransaction(c)
      await classify(c, opts.organisationId)
      lap('classify')
      await writeReferrals(c, opts.organisationId)
      lap('write')
      await assignAreas(c)
      lap('assign')
      report.locations = await writeLocations(c)
      lap('insert')
      await refreshHexCounts(c)
      lap('hex')
      Object.assign(report, await countActions(c))
    })
    report.ok = true
    progress('done')
    return (outcome = report)
  } catch (err) {
    if (!(err instanceof UnreadableFile)) throw err
    report.errors = [...report.errors, err.error].sort((a, b) => a.row - b.row).slice(0, MAX_REPORTED_ERRORS)
    report.errorCount += 1
    return (outcome = report)
  } finally {
    await session.run((c) => c.query(DROP_TABLES)).catch(() => {})
    if (outcome && opts.job) await opts.job.onFinished(outcome)
    if (locked) await session.run((c) => c.query(`select pg_advisory_unlock(${jobLockKey('$1')})`, [opts.job!.id])).catch(() => {})
    await session.close()
  }
}

/** Reads, validates and stages every record; COPY of one chunk overlaps parsing the next. */
async function stream(
  session: ImportSession,
  input: Readable,
  opts: ImportOptions,
  report: ImportReport,
  progress: (p: ImportPhase) => void,
): Promise<ImportError[]> {
  const errors: ImportError[] = []
  const latest = today()
  let lines: string[] = []
  let pending: Promise<void> = Promise.resolve()
  const flush = async () => {
    await pending
    opts.signal?.throwIfAborted()
    const chunk = lines.join('')
    lines = []
    pending = session.run((c) => c.copyIn(COPY_STAGE, chunk))
    pending.catch(() => {}) // awaited at the next flush; this only keeps it from counting as unhandled
    progress('reading')
  }
  try {
    for await (const rec of readRecords(opts.format, input)) {
      report.processed++
      const { row, errors: rowErrors } = validateRecord(rec, latest)
      if (rowErrors.length) {
        report.errorCount += rowErrors.length
        for (const e of rowErrors) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e)
      }
      if (row) lines.push(copyLine(row))
      if (lines.length >= STAGE_CHUNK_ROWS) await flush()
    }
    if (lines.length) await flush()
  } catch (err) {
    if (err instanceof UnreadableFile) {
      report.errors = errors
      await pending.catch(() => {})
    }
    throw err
  }
  await pending
  return errors
}
