import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireDataDirLock } from '../../server/db/data-dir-lock.js'
import { Problem } from '../../server/errors/problem.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { CRS_27700, square27700 } from '../helpers/geojson.js'

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** Runs a CLI through tsx on the embedded database in `dataDir` (never the suite's server database). */
function runCli(script: string, args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, script), ...args], { env, encoding: 'utf8', timeout: 120_000 })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

const writeJson = (name: string, value: object) => {
  const path = join(tmp, name)
  writeFileSync(path, JSON.stringify(value))
  return path
}

describe("the embedded database is one process's at a time", () => {
  it('refuses a second process plainly while the first holds the data folder, and takes over a stale lock', async () => {
    const dir = join(tmp, 'locked')
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'pglite.lock'), String(holder.pid))
      let thrown: unknown
      try {
        acquireDataDirLock(dir)
      } catch (err) {
        thrown = err
      }
      expect(thrown).toBeInstanceOf(Problem)
      expect((thrown as Problem).detail).toContain(`in use by process ${holder.pid}`)
      const cli = runCli(
        'server/cli/import-areas.ts',
        ['--kind', 'estate', writeJson('one.geojson', { type: 'FeatureCollection', crs: CRS_27700, features: [square27700('E1', 'E', 525000, 183000, 50)] })],
        dir,
      )
      expect(cli.code).toBe(1)
      expect(cli.err).toContain('in use by process')
    } finally {
      holder.kill()
    }
    await new Promise((r) => holder.once('exit', r))
    const release = acquireDataDirLock(dir) // the holder is gone: its lock is stale
    release()
  })
})

describe('npm run import:areas', () => {
  it('explains its usage and exits 2 on bad arguments', () => {
    const r = runCli('server/cli/import-areas.ts', ['--kind', 'county', 'x.geojson'], join(tmp, 'unused'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('--kind must be one of')
  })

  it('reports every bad feature and writes nothing (exit 1) before touching the database', () => {
    const bad = writeJson('bad.geojson', {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: 'X' }, geometry: { type: 'Point', coordinates: [0, 0] } }],
    })
    const r = runCli('server/cli/import-areas.ts', ['--kind', 'borough', bad], join(tmp, 'unused'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('nothing was written')
    expect(r.err).toContain('features[0].geometry')
  })

  it('imports a file into the embedded database and reports counts (then npm run migrate says all is current)', () => {
    const dir = join(tmp, 'db')
    const file = writeJson('boroughs.geojson', {
      type: 'FeatureCollection',
      crs: CRS_27700,
      features: [square27700('B-1', 'One', 525000, 183000, 1000), square27700('B-2', 'Two', 526000, 183000, 1000)],
    })
    const r = runCli('server/cli/import-areas.ts', ['--kind', 'borough', file], dir)
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/imported 2 borough area\(s\) .*EPSG:27700, from file\); replaced 0; 1 shared borders rebuilt/)
    const m = runCli('server/cli/migrate.ts', [], dir)
    expect(m.code).toBe(0)
    expect(m.out).toContain('migrations are current')
    // Two processes, each starting embedded PostGIS and migrating a new database: 29 s alone, and
    // over 60 s beside the rest of the suite on 2 cores.
  }, 180_000)
})
