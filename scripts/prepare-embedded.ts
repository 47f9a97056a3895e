// `npm install` / `npm ci` (the `prepare` step, through scripts/prepare.mjs): prepares the embedded
// demo's database once per checkout — PGlite with PostGIS, every migration, the boundaries of
// geodata/ — and dumps it to node_modules/.cache/crossborough (server/db/embedded-snapshot.ts), so
// the first `npm start` opens it instead of building it. Never fails the install: on any problem it
// says why and `npm start` builds the database itself, as before.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { openPGlite } from '../server/db/database.js'
import { embeddedSnapshotPath, staleEmbeddedSnapshots, usableEmbeddedSnapshot } from '../server/db/embedded-snapshot.js'
import { migrateToLatest } from '../server/db/migrate.js'
import { loadGeodataDir } from '../server/geodata/load-boundaries.js'
import { PROJECT_GEODATA_DIR } from '../server/geodata/sources.js'

const started = Date.now()
const path = embeddedSnapshotPath()
if (!path || !PROJECT_GEODATA_DIR) {
  console.log('crossborough: no embedded database prepared (the checkout has no migrations or geodata/ to build it from)')
} else if (usableEmbeddedSnapshot()) {
  console.log(`crossborough: the prepared embedded database is up to date (${path})`)
} else {
  const database = await openPGlite()
  await migrateToLatest(database.system)
  await loadGeodataDir(database.system, PROJECT_GEODATA_DIR)
  const dump = await database.pglite.dumpDataDir('gzip')
  await database.close()
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(`${path}.part`, Buffer.from(await dump.arrayBuffer()))
  renameSync(`${path}.part`, path)
  for (const old of staleEmbeddedSnapshots(path)) rmSync(old, { force: true })
  console.log(
    `crossborough: prepared the embedded database with the London boundaries in ${((Date.now() - started) / 1000).toFixed(1)} s (${(dump.size / 1e6).toFixed(1)} MB, ${path})`,
  )
}
