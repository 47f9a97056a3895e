import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { Problem } from '../errors/problem.js'
import { ensureBoundaries } from '../geodata/load-boundaries.js'
import { resolveGeodataDir } from '../geodata/sources.js'
import { parseDay, todayUtc } from '../demo/dates.js'
import { estateFeatures } from '../demo/estates.js'
import { formatOf, writeDemoFile } from '../demo/export.js'
import { demoReferrals } from '../demo/generate.js'
import { BoroughLocator, londonBoroughs } from '../demo/london.js'
import { seedDemo } from '../demo/seed.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run demo:generate -- [--count N] [--seed S] [--today YYYY-MM-DD] [--out FILE.csv|FILE.geojson]

Generates synthetic referrals (made-up young people, labelled synthetic), deterministic for a seed.
  --count N             how many referrals (default DEMO_REFERRALS, 5000)
  --seed S              the generator's seed (default DEMO_SEED)
  --today DATE          last day of the 24 months the dates span (default: today)
  --out FILE            write them to FILE instead of the database: .csv (bulk-import format, one row
                        per location) or .geojson (one Point per location); streamed, any count
  --estates-out FILE    also write the synthetic estates as GeoJSON (for import:areas --kind estate --synthetic)
Without --out they are loaded into the configured database (DATABASE_URL, else the embedded one in
DATA_DIR, which must not be in use by a running service).`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: 'string' },
    seed: { type: 'string' },
    today: { type: 'string' },
    out: { type: 'string' },
    'estates-out': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

const fail: (message: string) => never = usageHandlers(USAGE, values.help)
if (positionals.length) fail(`unexpected argument: ${positionals[0]}`)
const config = loadConfig()
const count = values.count === undefined ? config.demoReferrals : Number(values.count)
const seed = values.seed === undefined ? config.demoSeed : Number(values.seed)
if (!Number.isInteger(count) || count < 0) fail('--count must be a whole number ≥ 0')
if (!Number.isInteger(seed)) fail('--seed must be a whole number')
const today = values.today ?? todayUtc()
try {
  parseDay(today)
} catch {
  fail('--today must be a date, YYYY-MM-DD')
}
const format = values.out ? formatOf(values.out) : null
if (values.out && !format) fail('--out must end in .csv or .geojson')

const started = Date.now()
let database: Database | undefined
try {
  if (values['estates-out']) {
    writeFileSync(values['estates-out'], JSON.stringify({ type: 'FeatureCollection', features: estateFeatures() }, null, 1))
    console.log(`wrote ${estateFeatures().length} synthetic estates to ${values['estates-out']}`)
  }
  if (values.out && format) {
    const boroughs = londonBoroughs(resolveGeodataDir(config))
    const london = new BoroughLocator(boroughs)
    const n = await writeDemoFile(values.out, format, demoReferrals({ count, seed, today }, london))
    console.log(
      `wrote ${n.referrals} synthetic referrals (${n.locations} locations, seed ${seed}, up to ${today}) to ${values.out} ` +
        `in ${Date.now() - started} ms; points placed in ${boroughs.source}`,
    )
  } else {
    database = await openDatabase(config)
    await migrateToLatest(database.db)
    const log = { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m) }
    await ensureBoundaries(database.db, { geodataDir: resolveGeodataDir(config), demo: config.demo }, log)
    const report = await seedDemo(database.db, { count, seed, today, log })
    console.log(
      `loaded ${report.referrals} synthetic referrals (${report.locations} locations, ${report.exclusionZones} exclusion zones, ` +
        `seed ${seed}) into ${config.databaseUrl ? 'the PostGIS server at DATABASE_URL' : `the embedded database in ${config.dataDir}`} in ${report.ms} ms`,
    )
  }
} catch (err) {
  console.error(`demo:generate failed: ${err instanceof Problem ? err.detail : (err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
