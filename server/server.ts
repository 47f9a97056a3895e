import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { openDatabase } from './db/database.js'
import { openPreparedEmbedded } from './db/open-prepared.js'
import { migrateToLatest } from './db/migrate.js'
import { assertRequestRoleIsSafe, setAppRolePassword } from './db/app-role.js'
import { ensureBoundaries } from './geodata/load-boundaries.js'
import { resolveGeodataDir } from './geodata/sources.js'
import { newDemoLoadStatus, prepareDemoLoad } from './demo/startup.js'
import { answerFirstView, FIRST_VIEW_DELAY_MS } from './cache/first-view.js'
import { DEMO_USERS, seedDemoAccounts } from './demo/accounts.js'
import { startWebBuildIfStale } from './web-build.js'
import { startRetentionJob, type RetentionJob } from './retention/job.js'
import { resolveSecrets, type Secrets } from './audit/secrets.js'
import { startCheckpointJob, type CheckpointJob } from './audit/checkpoint.js'

/**
 * Entry point: open the database, migrate, make sure boundaries exist, listen; close with grace.
 * Each stage is logged with its time. The embedded demo listens as soon as the boundaries are in and
 * loads its synthetic referrals behind the map (server/demo/startup.ts).
 */
async function main() {
  const started = Date.now()
  const config = loadConfig()
  // `npm start` builds the web app when its sources changed, alongside the database start-up.
  const webBuild = process.argv.includes('--build-web') ? startWebBuildIfStale() : Promise.resolve(null)
  const stages: string[] = []
  let mark = started
  const stage = (name: string) => {
    const now = Date.now()
    stages.push(`${name} ${((now - mark) / 1000).toFixed(1)} s`)
    mark = now
  }
  let log: { warn(obj: object, msg: string): void } = { warn: (obj, msg) => console.warn(msg, obj) }
  // An idle pooled connection broken by a database restart is dropped and logged; the next request reconnects.
  // A first embedded start opens the database npm install prepared, when there is one for this checkout.
  const prepared = await openPreparedEmbedded(config)
  const database =
    prepared ??
    (await openDatabase(config, {
      appRole: true,
      onIdleError: (err) => log.warn({ err: { message: err.message } }, 'idle database connection lost'),
    }))
  stage(config.demo ? (prepared ? 'embedded PostGIS, prepared at install' : 'embedded PostGIS') : 'database')
  const applied = await migrateToLatest(database.system)
  if (database.backend === 'postgres') {
    if (config.appDatabasePassword && !config.appDatabaseUrl) await setAppRolePassword(database.system, config.appDatabasePassword)
    await assertRequestRoleIsSafe(database.db)
  }
  stage(`migrations (${applied.length} applied)`)
  if (database.replicas.length) stages.push(`read replicas: ${database.replicas.map((r) => r.name).join(', ')}`)
  // The checkpoint key: AUDIT_CHECKPOINT_KEY, or a key file in DATA_DIR created now (0600). A server
  // start without AUDIT_CHECKPOINT_KEY runs, with a warning; where not even the key file can be
  // written, without checkpoints (an error in the log, and at every verification: checked 0).
  let keyError: Error | undefined
  let secrets: Secrets
  try {
    secrets = resolveSecrets(config, { generate: true })
  } catch (err) {
    keyError = err as Error
    secrets = resolveSecrets(config, { generate: false })
  }
  const webBuilt = await webBuild
  const demoLoad = newDemoLoadStatus(config)
  const app = await buildApp({ config, database, secrets, demoLoad })
  log = app.log
  if (webBuilt) app.log.info(webBuilt)
  if (keyError)
    app.log.error({ err: { message: keyError.message } }, 'AUDIT CHECKPOINTS ARE OFF: no AUDIT_CHECKPOINT_KEY and no key file; set AUDIT_CHECKPOINT_KEY')
  else if (!config.demo && secrets.keySource !== 'env') {
    app.log.warn(
      { keyFile: secrets.keyFile },
      'AUDIT_CHECKPOINT_KEY is not set: audit checkpoints are signed with a key file on this host. Set AUDIT_CHECKPOINT_KEY from a secret store the database administrators cannot read (the same value on every instance), and CURSOR_SECRET likewise',
    )
  }
  if (applied.length) app.log.info(`applied migrations: ${applied.join(', ')}`)
  app.log.info(config.demo ? `demo mode: embedded PostGIS (PGlite) in ${config.dataDir}` : 'using the PostGIS server at DATABASE_URL')
  // The embedded demo serves the map once the boroughs are in; wards, LSOAs and referrals follow.
  const restOfBoundaries = await ensureBoundaries(database.system, { geodataDir: resolveGeodataDir(config), demo: config.demo, defer: config.demo }, app.log)
  stage(restOfBoundaries ? 'boroughs' : 'boundaries')
  const accounts = config.demo ? await seedDemoAccounts(database.system, config.demoPassword) : null
  if (accounts) stage('demo accounts')
  const demo = await prepareDemoLoad(database, config, app.log, demoLoad, restOfBoundaries)
  let retention: RetentionJob | undefined
  let checkpoints: CheckpointJob | undefined
  // SIGTERM/SIGINT: stop accepting connections (new requests on kept-alive ones get 503), let the
  // requests in flight finish, stop the jobs (a running import is rolled back), close the pools, exit.
  // Whatever is still running after the grace period is cut off (exit 1).
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info(`${signal} received: finishing requests in flight, then closing`)
    await retention?.stop()
    await app.close()
    // The head after the last request: a final signed checkpoint.
    await checkpoints?.stop()
    await database.close()
    app.log.info('closed: requests finished, database connections closed')
  })

  await app.listen({ port: config.port, host: config.host })
  stage('listening')
  app.log.info(`start-up: ${stages.join(', ')}`)
  const url = `http://${config.host}:${config.port}`
  app.log.info(
    config.demo
      ? `crossborough ready at ${url} in ${Date.now() - started} ms — sign in as ${DEMO_USERS.map((u) => u.email).join(', ')} with the password in DEMO_PASSWORD` +
          (demoLoad.state === 'loading' ? ` (${demoLoad.stage === 'boundaries' ? 'wards, LSOAs and ' : ''}the demo referrals are loading behind the map)` : '')
      : `crossborough ready at ${url} in ${Date.now() - started} ms`,
  )
  // The first view of each lead and commissioner scope, answered before anyone signs in (in the demo,
  // once its referrals are in).
  void demo
    .run()
    .then(() => new Promise((r) => setTimeout(r, FIRST_VIEW_DELAY_MS).unref()))
    .then(() => answerFirstView(app))
    .then((r) =>
      app.log.info(`first view answered at start-up: ${r.answered} questions for ${r.scopes} scopes in ${r.ms} ms${r.failed ? ` (${r.failed} failed)` : ''}`),
    )
  // Daily: referrals closed more than RETENTION_MONTHS ago are deleted (audited).
  retention = startRetentionJob(database.system, config.retentionMonths, app.log)
  // Every AUDIT_CHECKPOINT_INTERVAL_S: the audit chain's head, signed, to AUDIT_CHECKPOINT_FILE and the log.
  if (secrets.checkpointKey) {
    checkpoints = startCheckpointJob(database.system, secrets.checkpointKey, config.auditCheckpoint.file, config.auditCheckpoint.intervalS, app.log)
    void checkpoints.runNow()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
