import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openPGlite, openPostgres, type Database } from '../../server/db/database.js'
import { adminQuery, withDatabase } from '../../server/db/admin.js'
import { migrateToLatest } from '../../server/db/migrate.js'
import { loadGeodataDir } from '../../server/geodata/load-boundaries.js'
import { chosenBackend, testGeodataDir, type TestDbInfo } from './backend.js'

/** Migrates and loads boundaries once into a template; each test file then starts from a copy. */
async function prepare(db: Database): Promise<TestDbInfo['boundaries']> {
  await migrateToLatest(db.db)
  // The project ships the real boundaries in geodata/: a suite without them is a broken checkout,
  // not a reason to skip tests.
  const dir = testGeodataDir()
  if (!dir) throw new Error(`no boundary files: GEODATA_DIR (${process.env.GEODATA_DIR ?? 'unset'}) and the project's geodata/ hold no london_boroughs file`)
  await loadGeodataDir(db.db, dir)
  return 'real'
}

export default async function setup(project: TestProject) {
  const backend = chosenBackend()
  const cleanups: Array<() => Promise<void> | void> = []
  let info: TestDbInfo

  if (backend === 'pglite') {
    const started = Date.now()
    const db = await openPGlite()
    const boundaries = await prepare(db)
    const dump = await db.pglite.dumpDataDir('gzip')
    await db.close()
    const dir = mkdtempSync(join(tmpdir(), 'crossborough-test-'))
    const file = join(dir, 'template.tar.gz')
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    console.log(`tests: PGlite template ready in ${Date.now() - started} ms (${boundaries} boundaries)`)
    info = { backend, templateDump: file, boundaries }
  } else {
    let adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL
    if (backend === 'testcontainers') {
      const { PostgreSqlContainer } = await import('@testcontainers/postgresql')
      const container = await new PostgreSqlContainer(process.env.TEST_POSTGIS_IMAGE ?? 'postgis/postgis:15-3.4').start()
      cleanups.push(async () => void (await container.stop()))
      adminUrl = container.getConnectionUri()
    }
    const templateName = `crossborough_tpl_${process.pid}`
    await adminQuery(adminUrl!, `drop database if exists ${templateName}`)
    await adminQuery(adminUrl!, `create database ${templateName}`)
    const db = openPostgres(withDatabase(adminUrl!, templateName), 2)
    const boundaries = await prepare(db)
    await db.close()
    cleanups.push(() => adminQuery(adminUrl!, `drop database if exists ${templateName}`))
    info = { backend, adminUrl, templateName, boundaries }
  }
  project.provide('testDb', info)
  return async () => {
    for (const c of cleanups.reverse()) await c()
  }
}
