// The database as the migrations leave it, in one readable file: db/schema.sql holds every table,
// function, trigger, policy and grant of a freshly migrated PostGIS database (pg_dump --schema-only,
// PostGIS's own objects left out). With --check, fails when the committed file differs, so a
// migration cannot land without the schema a reader sees.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx scripts/schema-dump.ts [--check]
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { adminQuery, withDatabase } from '../server/db/admin.js'
import { openPostgres } from '../server/db/database.js'
import { migrateToLatest } from '../server/db/migrate.js'

const FILE = fileURLToPath(new URL('../db/schema.sql', import.meta.url))
const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL must name a PostGIS server (any database on it: a scratch database is created and dropped)')
  process.exit(2)
}
const name = `crossborough_schema_${process.pid}`
await adminQuery(url, `create database ${name}`)
try {
  const target = withDatabase(url, name)
  await adminQuery(target, 'create extension postgis')
  const database = openPostgres(target, 2)
  await migrateToLatest(database.system)
  await database.close()
  const dump = execFileSync('pg_dump', ['--schema-only', '--no-owner', '--no-comments', '--exclude-table=spatial_ref_sys', target], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const schema = normalise(dump)
  if (process.argv.includes('--check')) {
    const committed = readFileSync(FILE, 'utf8')
    if (committed !== schema) {
      writeFileSync(`${FILE}.new`, schema)
      console.error(
        `db/schema.sql is not what the migrations give: compare with db/schema.sql.new (diff db/schema.sql db/schema.sql.new), then run npx tsx scripts/schema-dump.ts`,
      )
      process.exit(1)
    }
    console.log('db/schema.sql matches the migrations')
  } else {
    writeFileSync(FILE, schema)
    console.log(`wrote db/schema.sql (${schema.split('\n').length} lines)`)
  }
} finally {
  await adminQuery(url, `drop database if exists ${name}`)
}

/** Without pg_dump's version banner and session settings, which say nothing about the schema. */
function normalise(dump: string): string {
  const lines = dump.split('\n').filter((l) => !/^-- Dumped (from|by) /.test(l) && !/^SET |^SELECT pg_catalog\.set_config|^\\(un)?restrict /.test(l))
  const header = [
    '-- The crossborough database as the migrations leave it (generated: npx tsx scripts/schema-dump.ts;',
    '-- CI fails when it differs from a freshly migrated database). Read it to see the current definition',
    '-- of every table, function, trigger and policy; change the schema only through a new migration.',
  ]
  return (
    [...header, ...lines]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  )
}
