import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { assertRequestRoleIsSafe, setAppRolePassword } from './db/app-role.js'
import { ensureBoundaries } from './geodata/load-boundaries.js'
import { resolveGeodataDir } from './geodata/sources.js'
import { seedDemoIfEmpty } from './demo/seed.js'
import { DEMO_USERS, seedDemoAccounts } from './demo/accounts.js'
import { startRetentionJob, type RetentionJob } from './retention/job.js'

/** Entry point: open the database, migrate, make sure boundaries exist, listen; close with grace. */
async function main() {
  const started = Date.now()
  const config = loadConfig()
  let log: { warn(obj: object, msg: string): void } = { warn: (obj, msg) => console.warn(msg, obj) }
  // An idle pooled connection broken by a database restart is dropped and logged; the next request reconnects.
  const database = await openDatabase(config, { appRole: true, onIdleError: (err) => log.warn({ err: { message: err.message } }, 'idle database connection lost') })
  const applied = await migrateToLatest(database.system)
  if (database.backend === 'postgres') {
    if (config.appDatabasePassword && !config.appDatabaseUrl) await setAppRolePassword(database.system, config.appDatabasePassword)
    await assertRequestRoleIsSafe(database.db)
  }
  const app = await buildApp({ config, database })
  log = app.log
  if (applied.length) app.log.info(`applied migrations: ${applied.join(', ')}`)
  app.log.info(config.demo ? `demo mode: embedded PostGIS (PGlite) in ${config.dataDir}` : 'using the PostGIS server at DATABASE_URL')
  await ensureBoundaries(database.system, { geodataDir: resolveGeodataDir(config), demo: config.demo }, app.log)
  await seedDemoIfEmpty(database, config, app.log)
  if (config.demo) {
    const accounts = await seedDemoAccounts(database.system, config.demoPassword)
    if (accounts) app.log.info(`demo accounts: ${DEMO_USERS.map((u) => u.email).join(', ')} (password: DEMO_PASSWORD); the caseworker holds ${accounts.caseload} referrals`)
  }

  let retention: RetentionJob | undefined
  // SIGTERM/SIGINT: stop accepting connections (new requests on kept-alive ones get 503), let the
  // requests in flight finish, stop the jobs (a running import is rolled back), close the pools, exit.
  // Whatever is still running after the grace period is cut off (exit 1).
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info(`${signal} received: finishing requests in flight, then closing`)
    await retention?.stop()
    await app.close()
    await database.close()
    app.log.info('closed: requests finished, database connections closed')
  })

  await app.listen({ port: config.port, host: config.host })
  app.log.info(`crossborough ready at http://${config.host}:${config.port} in ${Date.now() - started} ms`)
  // Daily: referrals closed more than RETENTION_MONTHS ago are deleted (audited).
  retention = startRetentionJob(database.system, config.retentionMonths, app.log)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
