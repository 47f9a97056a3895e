import { createReadStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import type { FastifyBaseLogger } from 'fastify'
import type { Database } from '../db/database.js'
import type { ImportFormat } from './columns.js'
import { importReferrals, type ImportReport } from './import-referrals.js'
import { markFinished, markRunning, recordProgress, touchJobs, type ImportJob } from './jobs.repository.js'

/** How often a running job's progress is written to import_jobs (pg only), milliseconds. */
const PROGRESS_WRITE_MS = 2000
/** How often the heartbeat of every job queued or running here is refreshed (pg only), milliseconds. */
const HEARTBEAT_MS = 60_000

export interface QueuedImport {
  job: ImportJob
  organisationId: string
  format: ImportFormat
  /** The uploaded file, spooled to disk; removed when the job ends. */
  path: string
}

/**
 * Runs API imports one at a time, in this process. Status lives in import_jobs; the job in hand is
 * also kept in memory, so its status can be answered while it holds the embedded database.
 */
export class ImportRunner {
  #tail: Promise<void> = Promise.resolve()
  readonly #live = new Map<string, { organisationId: string; job: ImportJob }>()
  readonly #abort = new AbortController()
  #heartbeat: NodeJS.Timeout | undefined

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  enqueue(q: QueuedImport): void {
    this.#live.set(q.job.id, { organisationId: q.organisationId, job: q.job })
    if (this.database.backend === 'postgres' && !this.#heartbeat) {
      // Queued jobs hold no lock: their heartbeat tells another instance's start-up they are alive.
      this.#heartbeat = setInterval(() => {
        touchJobs(this.database.system, [...this.#live.keys()]).catch((err) => this.log.warn({ err }, 'import heartbeat not recorded'))
      }, HEARTBEAT_MS).unref()
    }
    this.#tail = this.#tail.then(() => this.#run(q))
  }

  /** The job's live status while it is queued or running here, else undefined (read the table). */
  live(organisationId: string, id: string): ImportJob | undefined {
    const l = this.#live.get(id)
    return l && l.organisationId === organisationId ? structuredClone(l.job) : undefined
  }

  /** Whether the job is queued or running in this process. */
  holds(id: string): boolean {
    return this.#live.has(id)
  }

  /** Stops the running import (rolled back, marked failed) and drops the queue. */
  async close(): Promise<void> {
    this.#abort.abort(new Error('the service is stopping'))
    clearInterval(this.#heartbeat)
    await this.#tail
  }

  async #run(q: QueuedImport): Promise<void> {
    // The service's own connection: the route has checked the lead; the import binds their organisation.
    const db = this.database.system
    const job = q.job
    let report: ImportReport | undefined
    let recorded = false
    const record = async (r: ImportReport) => {
      try {
        await markFinished(db, job.id, r)
        recorded = true
      } catch (err) {
        this.log.error({ err, importId: job.id }, 'import status not recorded')
      }
    }
    try {
      if (this.#abort.signal.aborted) throw this.#abort.signal.reason
      let lastWrite = Date.now()
      let writing: Promise<void> = Promise.resolve()
      report = await importReferrals(this.database, createReadStream(q.path), {
        format: q.format,
        organisationId: q.organisationId,
        signal: this.#abort.signal,
        job: {
          id: job.id,
          onStarted: async () => {
            await markRunning(db, job.id)
            Object.assign(job, { status: 'running', phase: 'reading', startedAt: new Date().toISOString() })
          },
          // Recorded while the job's lock is still held: another instance never sees it running and unlocked.
          onFinished: async (r) => {
            await writing
            await record(r)
          },
        },
        onProgress: ({ phase, processed }) => {
          job.phase = phase
          job.processed = processed
          if (this.database.backend === 'postgres' && Date.now() - lastWrite > PROGRESS_WRITE_MS) {
            lastWrite = Date.now()
            writing = writing.then(() => recordProgress(db, job.id, phase, processed)).catch((err) => this.log.warn({ err }, 'import progress not recorded'))
          }
        },
      })
      await writing
      this.log.info({ importId: job.id, ok: report.ok, processed: report.processed, timings: report.timings }, 'import finished')
    } catch (err) {
      this.log.error({ err, importId: job.id }, 'import failed')
      const message = this.#abort.signal.aborted
        ? 'the import was interrupted (the service stopped); upload the file again'
        : 'the import failed on the server; it has been logged'
      report = {
        ok: false,
        processed: job.processed,
        inserted: 0,
        updated: 0,
        unchanged: 0,
        locations: 0,
        errors: [{ row: 0, field: 'file', message }],
        errorCount: 1,
        timings: {},
      }
    }
    try {
      if (!recorded) await record(report)
    } finally {
      this.#live.delete(job.id)
      if (this.#live.size === 0) {
        clearInterval(this.#heartbeat)
        this.#heartbeat = undefined
      }
      await rm(q.path, { force: true })
    }
  }
}
