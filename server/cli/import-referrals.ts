import { createReadStream, statSync } from 'node:fs'
import { Transform } from 'node:stream'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { loadConfig } from '../config.js'
import { openDatabase, type Database } from '../db/database.js'
import { migrateToLatest } from '../db/migrate.js'
import { Problem } from '../errors/problem.js'
import { organisationLead, DEFAULT_ORGANISATION } from '../auth/organisation-lead.js'
import { DEMO_ORGANISATION } from '../demo/organisation.js'
import { importReferrals, type ImportReport } from '../imports/import-referrals.js'
import { detectFormat } from '../imports/sources.js'
import { usageHandlers } from './usage.js'

const USAGE = `usage: npm run import:referrals -- [options] FILE.csv|FILE.geojson

Imports referrals, all or nothing (see docs/imports.md for the columns). Re-importing a file
creates no duplicates: referrals are matched on external_id within the organisation.
  --format csv|geojson     when the file name does not say
  --organisation NAME      the organisation the referrals belong to (default: the one the API acts as)
  --max-errors N           errors to print (default 50; the report counts them all)`

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string' },
    organisation: { type: 'string' },
    'max-errors': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
})

const fail: (message: string) => never = usageHandlers(USAGE, values.help)
const file = positionals[0]
if (!file || positionals.length > 1) fail('give exactly one FILE')
const format = values.format ?? detectFormat(file)
if (format !== 'csv' && format !== 'geojson') fail('the file must be .csv or .geojson (or say --format csv|geojson)')
const maxErrors = Number(values['max-errors'] ?? 50)
let size: number
try {
  size = statSync(file).size
} catch {
  fail(`cannot read ${file}`)
}

const config = loadConfig()
let database: Database | undefined
try {
  try {
    database = await openDatabase(config)
  } catch (err) {
    if (err instanceof Problem && err.code === 'database-in-use') {
      console.error(
        `${err.detail}\n\nThe service is running on this data folder, so import through it instead:\n` +
          `  1. sign in as a lead: curl -c jar -H 'content-type: application/json' -d '{"email":"…","password":"…"}' http://${config.host}:${config.port}/api/v1/session\n` +
          `  2. curl -b jar -H 'x-csrf-token: <csrfToken from step 1>' -F file=@${file} http://${config.host}:${config.port}/api/v1/imports   (POST /api/v1/imports)\n` +
          `then follow the job with GET /api/v1/imports/{id}. Nothing was written.`,
      )
      process.exit(1)
    }
    throw err
  }
  await migrateToLatest(database.db)
  const organisation = values.organisation ?? (config.demo ? DEMO_ORGANISATION : DEFAULT_ORGANISATION)
  const actor = await organisationLead(database.system, organisation)

  const bar = new cliProgress.SingleBar(
    {
      format: 'importing [{bar}] {percentage}% | {rows} rows | {phase}',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  )
  bar.start(size, 0, { rows: 0, phase: 'reading' })
  let bytes = 0
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      done(null, chunk)
    },
  })
  const started = Date.now()
  let report: ImportReport
  try {
    report = await importReferrals(database, createReadStream(file).pipe(counted), {
      format,
      organisationId: actor.organisationId,
      onProgress: ({ phase, processed }) => bar.update(bytes, { rows: processed, phase: phase === 'reading' ? 'reading' : `${phase}…` }),
    })
  } finally {
    bar.update(bytes)
    bar.stop()
  }
  const seconds = (Date.now() - started) / 1000
  if (report.ok) {
    console.log(
      `imported ${report.processed} rows from ${file} into ${organisation} in ${seconds.toFixed(1)} s: ` +
        `${report.inserted} referrals inserted, ${report.updated} updated, ${report.unchanged} unchanged; ${report.locations} locations written`,
    )
    console.log(
      `phases (ms): ${Object.entries(report.timings)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    )
  } else {
    console.error(
      `import failed, nothing was written: ${report.errorCount} error(s) in ${file}` +
        ` (rows as a spreadsheet numbers them: header = row 1; GeoJSON: feature 1 = row 1)`,
    )
    for (const e of report.errors.slice(0, maxErrors)) console.error(`  row ${e.row}, ${e.field}: ${e.message}`)
    if (report.errorCount > maxErrors) console.error(`  … and ${report.errorCount - Math.min(maxErrors, report.errors.length)} more`)
    process.exitCode = 1
  }
} catch (err) {
  console.error(`import failed, nothing was written: ${err instanceof Problem ? err.detail : (err as Error).message}`)
  process.exitCode = 1
} finally {
  await database?.close()
}
