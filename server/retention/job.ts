import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * Retention (docs/product-rules.md, "Privacy rules"): deletes referrals closed more than `months`
 * months ago, with their locations and exclusion zones, and appends a `retention.purge` row to the
 * audit log, all in the database function `retention_purge`. Returns how many referrals went.
 */
export async function purgeExpired(system: Kysely<DB>, months: number): Promise<number> {
  const { rows } = await sql<{ deleted: number | string }>`select retention_purge(${months}::integer) as deleted`.execute(system)
  return Number(rows[0]!.deleted)
}

export interface RetentionLog {
  info(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface RetentionJob {
  /** Stops the schedule and waits for a purge in progress. */
  stop(): Promise<void>
  /** Runs a purge now (the scheduled runs call this); resolves to the count, or null after an error (logged). */
  runNow(): Promise<number | null>
}

export interface RetentionSchedule {
  /** First run after start, in ms (default 30 s, so start-up is not slowed). */
  firstDelayMs?: number
  /** Then every this many ms (default 24 h). */
  intervalMs?: number
}

const DAY_MS = 24 * 3600 * 1000

/**
 * The daily retention job of the service, on the owner's connection: once shortly after start, then
 * every 24 hours. The timers do not keep the process alive; `stop()` before closing the database.
 */
export function startRetentionJob(system: Kysely<DB>, months: number, log: RetentionLog, schedule: RetentionSchedule = {}): RetentionJob {
  let running: Promise<number | null> | undefined
  let stopped = false

  const runNow = (): Promise<number | null> => {
    // One purge at a time: a run still going when the next is due is not doubled.
    running ??= (async () => {
      const started = Date.now()
      try {
        const deleted = await purgeExpired(system, months)
        log.info({ deleted, months, ms: Date.now() - started }, `retention: deleted ${deleted} referral(s) closed more than ${months} month(s) ago`)
        return deleted
      } catch (err) {
        log.error({ err, months }, 'retention: purge failed')
        return null
      } finally {
        running = undefined
      }
    })()
    return running
  }
  const tick = () => {
    if (!stopped) void runNow()
  }

  const first = setTimeout(tick, schedule.firstDelayMs ?? 30_000)
  first.unref()
  const every = setInterval(tick, schedule.intervalMs ?? DAY_MS)
  every.unref()

  return {
    runNow,
    stop: async () => {
      stopped = true
      clearTimeout(first)
      clearInterval(every)
      await running
    },
  }
}
