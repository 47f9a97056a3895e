import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { inject } from 'vitest'
import { openPGlite, openPostgres, type Database } from '../../server/db/database.js'
import { adminQuery, withDatabase } from '../../server/db/admin.js'

/** The database info global setup prepared. */
export const testDbInfo = () => inject('testDb')

/** A fresh database for one test file: a copy of the migrated template with boundaries loaded. */
export async function createTestDatabase(): Promise<Database> {
  const info = testDbInfo()
  if (info.backend === 'pglite') {
    const dump = readFileSync(info.templateDump!)
    return openPGlite({ loadDataDir: new Blob([dump]) })
  }
  const name = `crossborough_t_${randomBytes(6).toString('hex')}`
  await adminQuery(info.adminUrl!, `create database ${name} template ${info.templateName}`)
  // Requests connect as crossborough_app, as the service does; `system` is the owner.
  const db = openPostgres(withDatabase(info.adminUrl!, name), 4, { appRole: true })
  return {
    ...db,
    close: async () => {
      await db.close()
      await adminQuery(info.adminUrl!, `drop database if exists ${name}`)
    },
  }
}
