import { parseArgs } from 'node:util'
import { verifyAudit } from '../audit/audit.js'
import { loadConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { openCliDatabase } from './database.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run audit:verify

Recomputes every link of the hash-chained audit log and prints {"ok", "rows", "firstBroken"} as
JSON: firstBroken is the id of the first row that was edited, or that follows deleted rows (one past
the last row when the newest rows were deleted). Reads only; changes nothing.

Exit codes: 0 the chain is intact, 1 it is broken (or the check failed), 2 bad arguments.`

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
  const result = await verifyAudit(database.system)
  console.log(JSON.stringify(result))
  if (!result.ok) {
    console.error(`the audit log is broken from row ${result.firstBroken}`)
    process.exitCode = 1
  }
} catch (err) {
  console.error(`audit verification failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
