import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertRequestRoleIsSafe } from '../../server/db/app-role.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { testDbInfo } from '../helpers/db.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(() => t?.close())

// Server only: on embedded PGlite there is one superuser session and the role switch is per
// transaction (server/db/scoped.ts), so there is no separate request login to check.
describe.runIf(testDbInfo().backend !== 'pglite')('the request login on a PostGIS server', () => {
  it('is crossborough_app, which is accepted; the owner (a superuser) is refused at start-up', async () => {
    await expect(assertRequestRoleIsSafe(t.app.db)).resolves.toBeUndefined()
    await expect(assertRequestRoleIsSafe(t.database.system)).rejects.toThrow(/could bypass row-level security/)
  })
})
