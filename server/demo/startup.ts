import { sql } from 'kysely'
import type { Database } from '../db/database.js'
import { DEMO_ORGANISATION } from './organisation.js'
import { assignDemoCaseload } from './accounts.js'
import { demoWanted, seedDemo } from './seed.js'
import type { RestOfBoundaries } from '../geodata/load-boundaries.js'

type Log = { info(msg: string): void; warn(msg: string): void; error(msg: string): void }

/**
 * Where this process is with the demo referrals. The embedded demo serves the map as soon as the
 * boundaries are in, and loads its synthetic referrals behind it in short committed steps; the
 * page (through /api/v1/meta) and /ready say so until they are all in.
 */
export interface DemoLoadStatus {
  state: 'none' | 'loading' | 'loaded' | 'failed'
  /** While loading: the wards and LSOAs first, then the referrals. */
  stage: 'boundaries' | 'referrals' | null
  loaded: number
  of: number
}

type DemoConfig = { demo: boolean; databaseUrl: string | undefined; demoReferrals: number; demoSeed: number }

/** Before anything is known: nothing to load. */
export const newDemoLoadStatus = (config: { demoReferrals: number }): DemoLoadStatus => ({ state: 'none', stage: null, loaded: 0, of: config.demoReferrals })

/**
 * Gives the embedded database's planner its statistics. PGlite runs no autovacuum, so tables
 * loaded in bulk stay unanalysed: every estimate is then a guess of a few rows, and the analyses'
 * joins become nested loops over thousands of rows (the lead's yearly funding report took 25 s on
 * the demo data instead of well under one). Run after the demo load, and at start-up on a database
 * whose referral locations were never analysed (loaded by an earlier version). A PostgreSQL server
 * has autovacuum for this.
 */
export async function analyseEmbedded(database: Database, always = false): Promise<boolean> {
  if (database.backend !== 'pglite') return false
  if (!always) {
    const { rows } = await sql<{ never: boolean }>`
      select c.reltuples < 0 as never from pg_class c where c.oid = 'referral_locations'::regclass`.execute(database.system)
    if (!rows[0]?.never) return false
  }
  await sql`analyze`.execute(database.system)
  return true
}

/** A load that stopped half-way (the process ended during it): its referrals have no caseload yet. */
async function interruptedLoad(database: Database): Promise<boolean> {
  const { rows } = await sql<{ demo: number; caseload: number }>`
    select count(*)::int as demo, count(r.caseworker_id)::int as caseload
    from referrals r join organisations o on o.id = r.organisation_id
    where o.name = ${DEMO_ORGANISATION} and r.synthetic`.execute(database.system)
  return (rows[0]?.demo ?? 0) > 0 && rows[0]!.caseload === 0
}

/**
 * Decides whether the demo referrals need loading (starting over after an interrupted load), sets
 * `status`, and returns a `run` that loads the rest of the boundaries (if start-up left some), then
 * the referrals in steps, keeping `status` current; `run` never throws (a failure is logged and
 * shown as 'failed').
 */
export async function prepareDemoLoad(database: Database, config: DemoConfig, log: Log, status: DemoLoadStatus, restOfBoundaries: RestOfBoundaries = null) {
  if (config.demo && database.backend === 'pglite' && (await interruptedLoad(database))) {
    log.warn('the demo referrals were not all loaded when the service last stopped: loading them again')
    await sql`delete from referrals where synthetic and organisation_id = (select id from organisations where name = ${DEMO_ORGANISATION})`.execute(
      database.system,
    )
  }
  const wanted = await demoWanted(database, config)
  if (wanted || restOfBoundaries) Object.assign(status, { state: 'loading', stage: restOfBoundaries ? 'boundaries' : 'referrals' })
  else if (config.demo) status.state = 'loaded'
  const run = async () => {
    try {
      if (restOfBoundaries) {
        await restOfBoundaries()
        Object.assign(status, wanted ? { stage: 'referrals' } : { state: 'loaded', stage: null })
      }
      if (!wanted) {
        const started = Date.now()
        if (await analyseEmbedded(database)) log.info(`database statistics gathered in ${Date.now() - started} ms (never analysed before)`)
        return
      }
      log.info(`loading ${config.demoReferrals} synthetic demo referrals (seed ${config.demoSeed}) while the map is served`)
      const report = await seedDemo(database.system, {
        count: config.demoReferrals,
        seed: config.demoSeed,
        inSteps: true,
        log: { info: (m) => log.info(m), warn: (m) => log.warn(m) },
        onProgress: (loaded) => {
          status.loaded = loaded
        },
      })
      const caseload = await assignDemoCaseload(database.system)
      await analyseEmbedded(database, true)
      Object.assign(status, { state: 'loaded', stage: null })
      log.info(
        `demo data loaded: ${report.referrals} synthetic referrals (${report.locations} locations, ${report.exclusionZones} exclusion zones) in ${report.ms} ms; the demo caseworker holds ${caseload}`,
      )
    } catch (err) {
      status.state = 'failed'
      log.error(`loading the ${status.stage === 'boundaries' ? 'wards and LSOAs' : 'demo referrals'} failed: ${(err as Error).message}`)
    }
  }
  return { run }
}
