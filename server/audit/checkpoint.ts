import { createHmac, timingSafeEqual } from 'node:crypto'
import { mkdir, open, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { foldAudit, verifyAudit, type AuditVerification } from './audit.js'

/**
 * Signed checkpoints of the audit chain, kept outside the database.
 *
 * The chain (migration 0006) detects an edit by anyone who cannot recompute hashes; the database
 * owner can rewrite a row and recompute every later hash and the head. So the service periodically
 * reads the head (last id, last hash) and appends a line `{"id","hash","at","mac"}` to a file, and
 * logs the same line: `mac` is HMAC-SHA256 over `crossborough-audit-checkpoint-v1|id|hash|at` with a
 * key the database does not hold (AUDIT_CHECKPOINT_KEY or the key file, server/audit/secrets.ts).
 * Verification then requires, besides the chain recomputing, that every checkpoint's MAC is right
 * and that the row with that id still exists and still has that hash. A rewrite of any row up to the
 * newest checkpoint, and the deletion of rows up to it, are detected; changes after the newest
 * checkpoint are not (the interval bounds that window).
 */

export interface AuditHead {
  id: number
  hash: string
}

export interface Checkpoint extends AuditHead {
  /** ISO 8601 instant the head was read. */
  at: string
  /** HMAC-SHA256, hex. */
  mac: string
}

const MAC_CONTEXT = 'crossborough-audit-checkpoint-v1'
const HASH = /^[0-9a-f]{64}$/

export function checkpointMac(key: Buffer, c: { id: number; hash: string; at: string }): string {
  return createHmac('sha256', key).update(`${MAC_CONTEXT}|${c.id}|${c.hash}|${c.at}`).digest('hex')
}

/** The chain's head, or null while the log is empty. Reads audit_head: the owner's connection. */
export async function readAuditHead(system: Kysely<DB>): Promise<AuditHead | null> {
  const { rows } = await sql<{ last_id: number | string; last_hash: string }>`select last_id, last_hash from audit_head`.execute(system)
  const r = rows[0]
  return r ? { id: Number(r.last_id), hash: r.last_hash } : null
}

export interface CheckpointLog {
  info(obj: object, msg: string): void
}

/**
 * Reads the head and appends one signed line to `file` (created 0600 with its folder), synced to
 * disk, and logs it. Returns the checkpoint, or null when the log is empty or the head is the one
 * `unless` names (nothing new since the last checkpoint).
 */
export async function writeCheckpoint(
  system: Kysely<DB>,
  key: Buffer,
  file: string,
  log?: CheckpointLog,
  unless?: AuditHead | null,
): Promise<Checkpoint | null> {
  // Reads recorded until now enter the chain first, so the checkpoint covers them.
  await foldAudit(system)
  const head = await readAuditHead(system)
  if (!head || (unless && unless.id === head.id && unless.hash === head.hash)) return null
  const at = new Date().toISOString()
  const c: Checkpoint = { id: head.id, hash: head.hash, at, mac: checkpointMac(key, { ...head, at }) }
  const line = JSON.stringify(c)
  await mkdir(dirname(file), { recursive: true })
  const fh = await open(file, 'a', 0o600)
  try {
    // One write of a whole line with O_APPEND: instances sharing the file do not interleave.
    await fh.write(`${line}\n`)
    await fh.sync()
  } finally {
    await fh.close()
  }
  log?.info({ auditCheckpoint: c }, `audit checkpoint ${line}`)
  return c
}

export type CheckpointFailure = 'malformed' | 'mac' | 'missing-row' | 'hash-mismatch' | 'no-key'

export interface CheckpointReport {
  checked: number
  failed: number
  /** The first failing line of the file (1-based), its row id when readable, and why. */
  firstFailed?: { line: number; id: number | null; at: string | null; reason: CheckpointFailure }
}

/** Whether a parsed line has the shape of a checkpoint. */
function asCheckpoint(v: unknown): Checkpoint | null {
  if (typeof v !== 'object' || v === null) return null
  const c = v as Record<string, unknown>
  if (!Number.isSafeInteger(c.id) || (c.id as number) < 1) return null
  if (typeof c.hash !== 'string' || !HASH.test(c.hash)) return null
  if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) return null
  if (typeof c.mac !== 'string' || !HASH.test(c.mac)) return null
  return { id: c.id as number, hash: c.hash, at: c.at, mac: c.mac }
}

/**
 * Checks every line of the checkpoint file: its MAC with `key`, and that the audit row with its id
 * exists with its hash. `lookup` must see every row of audit_log (the owner's connection). A missing
 * file is no checkpoint at all (checked 0).
 */
export async function verifyCheckpoints(lookup: Kysely<DB>, key: Buffer | null, file: string): Promise<CheckpointReport> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { checked: 0, failed: 0 }
    throw err
  }
  const lines = text.split('\n')
  const parsed: Array<{ line: number; c: Checkpoint | null; id: number | null; at: string | null }> = []
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return
    let v: unknown
    try {
      v = JSON.parse(raw)
    } catch {
      v = undefined
    }
    const c = asCheckpoint(v)
    const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>
    parsed.push({ line: i + 1, c, id: Number.isSafeInteger(o.id) ? (o.id as number) : null, at: typeof o.at === 'string' ? o.at : null })
  })
  const ids = [...new Set(parsed.flatMap((p) => (p.c ? [p.c.id] : [])))]
  const stored = new Map<number, string>()
  for (let i = 0; i < ids.length; i += 10_000) {
    const chunk = ids.slice(i, i + 10_000)
    const { rows } = await sql<{ id: number | string; hash: string }>`select id, hash from audit_log where id = any(${chunk}::bigint[])`.execute(lookup)
    for (const r of rows) stored.set(Number(r.id), r.hash)
  }
  const report: CheckpointReport = { checked: parsed.length, failed: 0 }
  for (const p of parsed) {
    let reason: CheckpointFailure | null = null
    if (!p.c) reason = 'malformed'
    else if (!key) reason = 'no-key'
    else if (!timingSafeEqual(Buffer.from(checkpointMac(key, p.c), 'hex'), Buffer.from(p.c.mac, 'hex'))) reason = 'mac'
    else if (!stored.has(p.c.id)) reason = 'missing-row'
    else if (stored.get(p.c.id) !== p.c.hash) reason = 'hash-mismatch'
    if (reason) {
      report.failed++
      report.firstFailed ??= { line: p.line, id: p.id, at: p.at, reason }
    }
  }
  return report
}

export interface FullVerification extends AuditVerification {
  checkpoints: CheckpointReport
}

/**
 * The whole check of `npm run audit:verify` and GET /api/v1/audit/verify: the chain recomputes
 * (on `chain`, any connection allowed to call audit_verify) and every checkpoint holds (on
 * `lookup`, the owner's connection). ok only when both do.
 */
export async function verifyAuditWithCheckpoints(chain: Kysely<DB>, lookup: Kysely<DB>, key: Buffer | null, file: string): Promise<FullVerification> {
  const checkpoints = await verifyCheckpoints(lookup, key, file)
  return withCheckpoints(await verifyAudit(chain), checkpoints)
}

/** The chain's verification and the checkpoints' report as one answer: ok only when both hold. */
export const withCheckpoints = (v: AuditVerification, checkpoints: CheckpointReport): FullVerification => ({
  ...v,
  ok: v.ok && checkpoints.failed === 0,
  checkpoints,
})

export interface CheckpointJob {
  /** Writes a checkpoint now unless the head has not moved since the last one (errors logged, null). */
  runNow(): Promise<Checkpoint | null>
  /** Stops the schedule and writes a last checkpoint (graceful shutdown). */
  stop(): Promise<void>
}

export interface CheckpointJobLog extends CheckpointLog {
  error(obj: object, msg: string): void
}

/**
 * Every `intervalS` seconds, on the owner's connection: a checkpoint of the head when it moved.
 * The timer does not keep the process alive; call `stop()` before closing the database.
 */
export function startCheckpointJob(system: Kysely<DB>, key: Buffer, file: string, intervalS: number, log: CheckpointJobLog): CheckpointJob {
  let last: AuditHead | null = null
  let running: Promise<Checkpoint | null> | undefined
  const runNow = (): Promise<Checkpoint | null> => {
    running ??= (async () => {
      try {
        const c = await writeCheckpoint(system, key, file, log, last)
        if (c) last = { id: c.id, hash: c.hash }
        return c
      } catch (err) {
        log.error({ err, file }, 'audit checkpoint failed')
        return null
      } finally {
        running = undefined
      }
    })()
    return running
  }
  const every = setInterval(() => void runNow(), intervalS * 1000)
  every.unref()
  return {
    runNow,
    stop: async () => {
      clearInterval(every)
      await running
      await runNow()
    },
  }
}
