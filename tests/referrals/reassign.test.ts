import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importAreas } from '../../server/areas/import/import-areas.js'
import { reassignLocations } from '../../server/referrals/reassign.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { createFixture, exampleReferral, SOUTH_KILBURN, type Fixture } from './fixture.js'

let f: Fixture
beforeAll(async () => {
  f = await createFixture()
})
afterAll(() => f?.close())

const codesOf = async (referralId: string) =>
  (
    await sql<{ borough_code: string | null }>`select borough_code from referral_locations where referral_id = ${referralId} order by created_at`.execute(
      f.database.system,
    )
  ).rows.map((r) => r.borough_code)

describe('reassigning locations after the boundaries change', () => {
  it('keeps the old codes until reassign_locations runs, then gives the new ones', async () => {
    const r = (await f.post('/api/v1/referrals', exampleReferral())).json()
    const before = await codesOf(r.id)
    expect(before.every((c) => c?.startsWith('E09'))).toBe(true)
    // A new borough set: one synthetic borough holding South Kilburn, one holding Maida Vale.
    const box = (x0: number, x1: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x0, 51.5],
          [x1, 51.5],
          [x1, 51.56],
          [x0, 51.56],
          [x0, 51.5],
        ],
      ],
    })
    await importAreas(
      f.database.system,
      [
        { code: 'X-WEST', name: 'West (test)', parentCode: null, geometry: box(-0.25, -0.19) },
        { code: 'X-EAST', name: 'East (test)', parentCode: null, geometry: box(-0.19, -0.13) },
      ],
      { kind: 'borough', srid: 4326, source: 'test', licence: 'test', synthetic: true },
    )
    expect(await codesOf(r.id)).toEqual(before)
    const n = await reassignLocations(f.database.system)
    expect(n).toBeGreaterThanOrEqual(2)
    expect(await codesOf(r.id)).toEqual(['X-WEST', 'X-EAST'])
    const after = (await f.get(`/api/v1/referrals/${r.id}`)).json()
    expect(after.locations[0]).toMatchObject({ ...SOUTH_KILBURN, borough: 'X-WEST', nearestBorder: { code: 'X-EAST' } })
    expect(after.crossBoundary.boroughs).toEqual(['X-EAST', 'X-WEST'])
  })
})

describe('npm run locations:reassign', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crossborough-reassign-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (script: string) => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent' }
    delete env.DATABASE_URL
    return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script)], { env, encoding: 'utf8', timeout: 120_000 })
  }

  it('prints how many locations it reassigned (on an embedded database)', () => {
    const r = run('server/cli/reassign-locations.ts')
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^reassigned 0 location\(s\) in \d+ ms/)
  }, 180_000)
})
