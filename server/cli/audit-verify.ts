import { parseArgs } from 'node:util'
import { verifyAuditWithCheckpoints } from '../audit/checkpoint.js'
import { resolveSecrets } from '../audit/secrets.js'
import { loadConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { openCliDatabase } from './database.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run audit:verify

Recomputes every link of the hash-chained audit log, and checks every signed checkpoint of its head
in AUDIT_CHECKPOINT_FILE (default DATA_DIR/audit-checkpoints.jsonl) with AUDIT_CHECKPOINT_KEY (or the
key file DATA_DIR/audit-checkpoint.key): its MAC, and that the row with its id still has its hash.
Also checks every read recorded but not yet folded into the chain (audit_pending: its own hash).
Prints {"ok", "rows", "firstBroken", "pending": {"rows", "firstBroken"}, "checkpoints": {"checked",
"failed", "firstFailed"}} as JSON:
firstBroken is the id of the first row that was edited, or that follows deleted rows (one past the
last row when the newest rows were deleted); firstFailed names the first failing checkpoint (line
of the file, row id, time, reason: malformed, mac, missing-row, hash-mismatch or no-key). A database
owner who rewrote rows and recomputed every later hash passes the chain but fails the checkpoints.
Reads only; changes nothing.

Exit codes: 0 the chain and every checkpoint hold, 1 something failed (or the check did), 2 bad arguments.`

const badArgs: (message: string) => never = usageHandlers(USAGE, false)
let help: boolean | undefined
try {
  help = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values.help
} catch (err) {
  badArgs((err as Error).message)
}
usageHandlers(USAGE, help)

const config = loadConfig()
let database: Database | undefined
try {
  database = await openCliDatabase(config, { whileRunning: 'Stop the service first, or ask the running service as an admin: GET /api/v1/audit/verify' })
  const secrets = resolveSecrets(config, { generate: false })
  const result = await verifyAuditWithCheckpoints(database.system, database.system, secrets.checkpointKey, config.auditCheckpoint.file)
  console.log(JSON.stringify(result))
  if (result.firstBroken !== undefined) console.error(`the audit log is broken from row ${result.firstBroken}`)
  if (result.pending.firstBroken !== undefined) console.error(`pending audit record ${result.pending.firstBroken} was changed`)
  const f = result.checkpoints.firstFailed
  if (f)
    console.error(
      `${result.checkpoints.failed} of ${result.checkpoints.checked} audit checkpoint(s) failed; the first: line ${f.line} of ${config.auditCheckpoint.file} (row ${f.id ?? '?'}, ${f.at ?? '?'}): ${f.reason}`,
    )
  if (!result.ok) process.exitCode = 1
} catch (err) {
  console.error(`audit verification failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
