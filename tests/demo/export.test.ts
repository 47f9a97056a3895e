import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_CSV_COLUMNS, writeDemoFile } from '../../server/demo/export.js'
import { demoReferrals } from '../../server/demo/generate.js'
import { REPO_ROOT } from '../helpers/backend.js'
import { TODAY, geodataDir, london } from './london.js'

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-demo-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('demo data files', () => {
  it('writes the bulk-import CSV: header, one row per location', async () => {
    const file = join(tmp, 'demo.csv')
    const n = await writeDemoFile(file, 'csv', demoReferrals({ count: 120, seed: 5, today: TODAY }, london()))
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(Object.keys(rows[0]!)).toEqual([...DEMO_CSV_COLUMNS])
    expect(n.referrals).toBe(120)
    expect(rows).toHaveLength(n.locations)
    expect(new Set(rows.map((r) => r.external_id)).size).toBe(120)
    for (const r of rows) {
      expect(Number(r.lon)).toBeGreaterThan(-0.52)
      expect(Number(r.lat)).toBeGreaterThan(51.28)
    }
  })

  it('writes GeoJSON: one Point feature per location with the same properties', async () => {
    const file = join(tmp, 'demo.geojson')
    const n = await writeDemoFile(file, 'geojson', demoReferrals({ count: 80, seed: 5, today: TODAY }, london()))
    const fc = JSON.parse(readFileSync(file, 'utf8'))
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(n.locations)
    expect(fc.features[0].geometry.type).toBe('Point')
    expect(Object.keys(fc.features[0].properties).sort()).toEqual(DEMO_CSV_COLUMNS.filter((c) => c !== 'lon' && c !== 'lat').sort())
  })

  it('streams: 50,000 referrals to a file without holding them in memory', async () => {
    const file = join(tmp, 'big.csv')
    global.gc?.()
    const before = process.memoryUsage().heapUsed
    let peak = before
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5)
    const n = await writeDemoFile(file, 'csv', demoReferrals({ count: 50_000, seed: 9, today: TODAY }, london()))
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().heapUsed)
    expect(n.referrals).toBe(50_000)
    expect(n.locations).toBeGreaterThan(120_000)
    expect(statSync(file).size).toBeGreaterThan(12_000_000)
    expect(peak - before).toBeLessThan(50 * 1024 * 1024)
  })

  it('npm run demo:generate -- --out FILE.csv writes the same file as the generator, for a seed', async () => {
    const cli = (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, GEODATA_DIR: geodataDir!, DATA_DIR: join(tmp, 'data') }
      delete env.DATABASE_URL
      return spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server/cli/demo-generate.ts'), ...args], {
        env,
        encoding: 'utf8',
        timeout: 90_000,
      })
    }
    const a = cli('--count', '25', '--seed', '3', '--today', TODAY, '--out', join(tmp, 'a.csv'))
    expect(a.status, a.stderr).toBe(0)
    expect(a.stdout).toMatch(/wrote 25 synthetic referrals/)
    await writeDemoFile(join(tmp, 'b.csv'), 'csv', demoReferrals({ count: 25, seed: 3, today: TODAY }, london()))
    const text = readFileSync(join(tmp, 'a.csv'), 'utf8')
    expect(text).toBe(readFileSync(join(tmp, 'b.csv'), 'utf8'))
    expect(text.split('\n')[0]).toBe(DEMO_CSV_COLUMNS.join(','))
    const bad = cli('--out', join(tmp, 'x.txt'))
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/\.csv or \.geojson/)
  }, 180_000)
})
