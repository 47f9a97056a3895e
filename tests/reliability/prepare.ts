import { adminQuery, withDatabase } from '../../server/db/admin.js'
import { openPostgres } from '../../server/db/database.js'
import { migrateToLatest } from '../../server/db/migrate.js'
import { loadBundledBoroughs } from '../../server/geodata/load-boundaries.js'
import type { TestCluster } from './cluster.js'
import { ensureProgrammes } from './service.js'

/** A migrated database in the test's own cluster with PostGIS, the bundled boroughs and the programmes; its URL. */
export async function prepareClusterDatabase(cluster: TestCluster, name: string): Promise<string> {
  await adminQuery(cluster.url(), `create database ${name}`)
  const url = withDatabase(cluster.url(), name)
  await adminQuery(url, 'create extension if not exists postgis')
  const owner = openPostgres(url, 2)
  try {
    await migrateToLatest(owner.db)
    await loadBundledBoroughs(owner.db)
    await ensureProgrammes(owner.db)
  } finally {
    await owner.close()
  }
  return url
}
