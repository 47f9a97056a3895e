import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import type { Database } from '../db/database.js'
import { purgeExpired } from '../retention/job.js'
import { openCliDatabase } from './database.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run retention -- [--months N]

Deletes referrals closed more than N months ago, with their locations and exclusion zones, and
writes the purge to the audit log (the service also does this once a day).
  --months N   retention period in whole months, at least 1 (default: RETENTION_MONTHS, 24)

Exit codes: 0 done, 1 failed (nothing deleted), 2 bad arguments.`

const badArgs: (message: string) => never = usageHandlers(USAGE, false)
let values: { months?: string | undefined; help?: boolean | undefined }
try {
  values = parseArgs({ options: { months: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }).values
} catch (err) {
  badArgs((err as Error).message)
}
const fail: (message: string) => never = usageHandlers(USAGE, values.help)
const config = loadConfig()
let months = config.retentionMonths
if (values.months !== undefined) {
  months = Number(values.months)
  if (!/^[0-9]+$/.test(values.months) || months < 1 || months > 600) fail('--months must be a whole number from 1 to 600')
}

let database: Database | undefined
try {
  database = await openCliDatabase(config, {
    migrate: true,
    whileRunning: 'The running service purges once a day by itself (RETENTION_MONTHS); stop it to purge now.',
  })
  const deleted = await purgeExpired(database.system, months)
  console.log(`deleted ${deleted} referral(s) closed more than ${months} month(s) ago`)
} catch (err) {
  console.error(`retention failed, nothing was deleted: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
