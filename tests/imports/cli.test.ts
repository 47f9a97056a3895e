import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/backend.js'
import { csv, CSV_HEADER, csvRows } from './fixtures.js'

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-import-cli-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

function runCli(args: string[], dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server/cli/import-referrals.ts'), ...args], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('npm run import:referrals', () => {
  it('refuses plainly while the service holds the embedded database, pointing to POST /api/v1/imports', async () => {
    const dir = join(tmp, 'locked')
    mkdirSync(dir, { recursive: true })
    const file = join(tmp, 'r.csv')
    writeFileSync(file, csv(CSV_HEADER, csvRows('CLI', 2)))
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    try {
      writeFileSync(join(dir, 'pglite.lock'), String(holder.pid))
      const r = runCli([file], dir)
      expect(r.code).toBe(1)
      expect(r.err).toContain(`in use by process ${holder.pid}`)
      expect(r.err).toContain('POST /api/v1/imports')
      expect(r.err).toContain('Nothing was written')
    } finally {
      holder.kill()
    }
  })

  it('explains its usage and exits 2 on a file that is neither CSV nor GeoJSON', () => {
    const r = runCli(['x.xlsx'], join(tmp, 'unused'))
    expect(r.code).toBe(2)
    expect(r.err).toContain('.csv or .geojson')
  })
})
