import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { reassignLocations } from '../referrals/reassign.js'

/**
 * `npm run locations:reassign`: gives every referral location its areas again from the current
 * boundaries (run after importing new boroughs, wards, LSOAs, estates or patches). Exits 1 on failure.
 */
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: npm run locations:reassign\n\nReassigns the borough, ward, LSOA, estate/patch and nearest border of every referral location.')
  process.exit(0)
}
const config = loadConfig()
let database: Database | undefined
try {
  const started = Date.now()
  database = await openDatabase(config)
  await migrateToLatest(database.db)
  const n = await reassignLocations(database.db)
  console.log(`reassigned ${n} location(s) in ${Date.now() - started} ms`)
} catch (err) {
  console.error(`reassignment failed, nothing was changed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
