import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from '../db/types.js'
import type { Database } from '../db/database.js'
import { importAreas } from '../areas/import/import-areas.js'
import { todayUtc } from './dates.js'
import { DEMO_ESTATES, estateFeatures } from './estates.js'
import { DEMO_PROGRAMMES, demoReferrals, type DemoReferral } from './generate.js'
import { BoroughLocator } from './london.js'
import { DEMO_ORGANISATION } from './organisation.js'

export interface SeedLog {
  info(msg: string): void
  warn(msg: string): void
}

export interface SeedDemoOptions {
  count: number
  seed: number
  /** Last day of the 24 months (default: today, UTC). */
  today?: string
  /** Where points may fall (default: the boroughs in the database, so every point gets a borough). */
  boroughs?: BoroughLocator
  log?: SeedLog
  /**
   * Commit every STEP referrals, with their areas assigned in the same transaction, instead of one
   * transaction for everything: other users of a one-connection database (embedded PGlite) get turns
   * between steps, and every committed referral is complete. Start-up loads the demo this way while
   * it already serves the map. A failure leaves the steps committed so far.
   */
  inSteps?: boolean
  /** After each committed step: referrals loaded so far, of `count`. */
  onProgress?: (loaded: number, of: number) => void
}

export interface SeedDemoReport {
  referrals: number
  locations: number
  exclusionZones: number
  /** Synthetic estates imported now (0 when already there, or when other estates exist). */
  estates: number
  ms: number
}

/** `source` and `licence` of the synthetic estate areas. */
export const DEMO_ESTATE_SOURCE = 'synthetic demo estates'
export const DEMO_ESTATE_LICENCE = 'synthetic'

const BATCH = 1000
/** Referrals per committed step when loading in steps: about a second of work on the embedded database. */
const STEP = 250

/**
 * Loads synthetic demo data: the synthetic estates (as `estate` areas), the demo programmes and
 * organisation, then `count` referrals with their locations and exclusion zones, all labelled
 * synthetic, in one transaction; area codes are assigned once, set-based, at the end.
 * Refuses when the demo organisation already has referrals.
 */
export async function seedDemo(db: Kysely<DB>, opts: SeedDemoOptions): Promise<SeedDemoReport> {
  const started = performance.now()
  const london = opts.boroughs ?? (await boroughsInDatabase(db))
  const estates = await ensureDemoEstates(db, opts.log)
  if (opts.inSteps) return { ...(await seedInSteps(db, london, opts)), estates, ms: Math.round(performance.now() - started) }
  const counts = await db.transaction().execute(async (trx) => {
    const begun = performance.now()
    await sql`select set_config('crossborough.defer_assignment', 'on', true)`.execute(trx)
    const organisationId = await prepareDemoOrganisation(trx)
    const total = { referrals: 0, locations: 0, exclusionZones: 0 }
    let batch: DemoReferral[] = []
    const flush = async () => {
      const n = await insertBatch(trx, organisationId, batch)
      total.referrals += n.referrals
      total.locations += n.locations
      total.exclusionZones += n.zones
      batch = []
    }
    for (const r of demoReferrals({ count: opts.count, seed: opts.seed, today: opts.today ?? todayUtc() }, london)) {
      batch.push(r)
      if (batch.length === BATCH) await flush()
    }
    if (batch.length) await flush()
    const inserted = performance.now()
    await sql`select set_config('crossborough.defer_assignment', 'off', true)`.execute(trx)
    await sql`select reassign_locations(array(select id from referrals where organisation_id = ${organisationId}::uuid))`.execute(trx)
    opts.log?.info(
      `demo data: ${total.referrals} referrals inserted in ${Math.round(inserted - begun)} ms, ` +
        `areas of ${total.locations} locations assigned in ${Math.round(performance.now() - inserted)} ms`,
    )
    return total
  })
  return { ...counts, estates, ms: Math.round(performance.now() - started) }
}

/**
 * Demo mode start-up: seeds `config.demoReferrals` synthetic referrals into the embedded database
 * when it holds no referrals yet. Never touches a server database (DATABASE_URL).
 */
export async function seedDemoIfEmpty(
  database: Database,
  config: { demo: boolean; databaseUrl: string | undefined; demoReferrals: number; demoSeed: number },
  log: SeedLog,
  steps: Pick<SeedDemoOptions, 'inSteps' | 'onProgress'> = {},
): Promise<SeedDemoReport | null> {
  if (!(await demoWanted(database, config))) return null
  log.info(`demo mode: generating ${config.demoReferrals} synthetic referrals (seed ${config.demoSeed})`)
  const report = await seedDemo(database.db, { count: config.demoReferrals, seed: config.demoSeed, log, ...steps })
  log.info(`loaded ${report.referrals} synthetic referrals (${report.locations} locations, ${report.exclusionZones} exclusion zones) in ${report.ms} ms`)
  return report
}

/** Demo mode on the embedded database, demo referrals asked for, and none loaded yet. */
export async function demoWanted(database: Database, config: { demo: boolean; databaseUrl: string | undefined; demoReferrals: number }): Promise<boolean> {
  if (!config.demo || config.databaseUrl || database.backend !== 'pglite' || config.demoReferrals <= 0) return false
  return !(await database.db.selectFrom('referrals').select('id').limit(1).executeTakeFirst())
}

/** The borough polygons in force, from the database, as a locator for the generator. */
export async function boroughsInDatabase(db: Kysely<DB>): Promise<BoroughLocator> {
  const { rows } = await sql<{ code: string; geometry: string }>`
    select code, ST_AsGeoJSON(ST_Transform(geom, 4326), 7) as geometry from areas
    where kind = 'borough' and (valid_to is null or valid_to > current_date) order by code`.execute(db)
  if (rows.length === 0) throw new Error('no borough boundaries are loaded: load them before the demo data (npm run import:areas)')
  return new BoroughLocator({ features: rows.map((r) => ({ properties: { GSS_CODE: r.code }, geometry: JSON.parse(r.geometry) })) })
}

/** Imports the synthetic estates unless estates are already there (ours, or someone's own: kept). */
async function ensureDemoEstates(db: Kysely<DB>, log: SeedLog | undefined): Promise<number> {
  const present = await db.selectFrom('areas').select(['source']).where('kind', '=', 'estate').distinct().execute()
  if (present.some((p) => p.source !== DEMO_ESTATE_SOURCE)) {
    log?.warn('estates other than the synthetic demo estates are loaded: the demo estates are not imported (importing replaces every estate)')
    return 0
  }
  if (present.length) return 0
  const areas = estateFeatures().map((f) => ({ code: f.properties.code, name: f.properties.name, parentCode: null, geometry: f.geometry }))
  const report = await importAreas(db, areas, {
    kind: 'estate',
    srid: 4326,
    source: DEMO_ESTATE_SOURCE,
    licence: DEMO_ESTATE_LICENCE,
    synthetic: true,
  })
  log?.info(`imported ${report.imported} synthetic estates (${DEMO_ESTATES.map((e) => e.code).join(', ')})`)
  return report.imported
}

/** The demo organisation and programmes; refuses when the organisation already has referrals. */
async function prepareDemoOrganisation(trx: Transaction<DB>): Promise<string> {
  const organisationId = await ensureDemoOrganisation(trx)
  await ensureDemoProgrammes(trx)
  const existing = await trx
    .selectFrom('referrals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .executeTakeFirstOrThrow()
  if (Number(existing.n) > 0) {
    throw new Error(`"${DEMO_ORGANISATION}" already has ${existing.n} referrals: demo data is loaded once, into a database without it`)
  }
  return organisationId
}

/** The referrals in committed steps of STEP, each step's areas assigned before it commits. */
async function seedInSteps(db: Kysely<DB>, london: BoroughLocator, opts: SeedDemoOptions) {
  const organisationId = await db.transaction().execute(prepareDemoOrganisation)
  const total = { referrals: 0, locations: 0, exclusionZones: 0 }
  let batch: DemoReferral[] = []
  const flush = async () => {
    const externalIds = batch.map((r) => r.externalId)
    const n = await db.transaction().execute(async (trx) => {
      await sql`select set_config('crossborough.defer_assignment', 'on', true)`.execute(trx)
      const inserted = await insertBatch(trx, organisationId, batch)
      await sql`select set_config('crossborough.defer_assignment', 'off', true)`.execute(trx)
      await sql`select reassign_locations(array(
        select id from referrals where organisation_id = ${organisationId}::uuid and external_id = any(${externalIds}::text[])))`.execute(trx)
      return inserted
    })
    total.referrals += n.referrals
    total.locations += n.locations
    total.exclusionZones += n.zones
    batch = []
    opts.onProgress?.(total.referrals, opts.count)
  }
  for (const r of demoReferrals({ count: opts.count, seed: opts.seed, today: opts.today ?? todayUtc() }, london)) {
    batch.push(r)
    if (batch.length === STEP) await flush()
  }
  if (batch.length) await flush()
  return total
}

async function ensureDemoOrganisation(trx: Transaction<DB>): Promise<string> {
  const row = await trx
    .insertInto('organisations')
    .values({ name: DEMO_ORGANISATION, synthetic: true })
    .onConflict((oc) => oc.column('name').doUpdateSet({ synthetic: true }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

async function ensureDemoProgrammes(trx: Transaction<DB>): Promise<void> {
  await trx
    .insertInto('programmes')
    .values(DEMO_PROGRAMMES.map((p) => ({ slug: p.slug, name: p.name })))
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute()
}

/** One statement per batch: referrals, then their locations and exclusion zones, from one JSON parameter. */
async function insertBatch(trx: Transaction<DB>, organisationId: string, batch: DemoReferral[]) {
  const rows = batch.map((r) => ({
    external_id: r.externalId,
    programme: r.programme,
    subject_role: r.subjectRole,
    age_band: r.ageBand,
    referral_source: r.referralSource,
    funding_borough: r.fundingBorough,
    status: r.status,
    opened_on: r.openedOn,
    closed_on: r.closedOn,
    risk_level: r.riskLevel,
    restricted: r.restricted,
    locations: r.locations.map((l) => ({ kind: l.kind, lon: l.lon, lat: l.lat, observed_on: l.observedOn, precision: l.precision })),
    zones: r.exclusionZones,
  }))
  const {
    rows: [n],
  } = await sql<{ referrals: number; locations: number; zones: number }>`
    with f as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as f(
        external_id text, programme text, subject_role text, age_band text, referral_source text,
        funding_borough text, status text, opened_on date, closed_on date, risk_level text, restricted boolean,
        locations jsonb, zones jsonb)
    ), r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, referral_source,
                             funding_borough, status, opened_on, closed_on, risk_level, restricted, synthetic)
      select ${organisationId}::uuid, p.id, f.external_id, f.subject_role, f.age_band, f.referral_source,
             f.funding_borough, f.status, f.opened_on, f.closed_on, f.risk_level, f.restricted, true
      from f join programmes p on p.slug = f.programme
      returning id, external_id
    ), l as (
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      select r.id, x.kind, ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), 27700), x.observed_on, x.precision
      from f join r using (external_id)
      cross join lateral jsonb_to_recordset(f.locations) as x(kind text, lon float8, lat float8, observed_on date, precision text)
      returning 1
    ), z as (
      insert into exclusion_zones (referral_id, name, geom)
      select r.id, z.name, ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(z.geometry::text), 4326), 27700))
      from f join r using (external_id)
      cross join lateral jsonb_to_recordset(f.zones) as z(name text, geometry jsonb)
      returning 1
    )
    select (select count(*) from r)::int as referrals, (select count(*) from l)::int as locations, (select count(*) from z)::int as zones`.execute(trx)
  if (!n || n.referrals !== batch.length) throw new Error(`demo batch: ${n?.referrals ?? 0} of ${batch.length} referrals inserted (programmes missing?)`)
  return n
}
