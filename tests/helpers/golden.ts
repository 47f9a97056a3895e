import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { expect } from 'vitest'
import { REPO_ROOT } from './backend.js'

/** Where golden files live: tests/golden/<name>.json. */
export const GOLDEN_DIR = join(REPO_ROOT, 'tests/golden')

/** UPDATE_GOLDEN=1 rewrites the golden files from what the code answers now; only on purpose. */
const updating = () => process.env.UPDATE_GOLDEN === '1'

/**
 * Compares `actual` (as JSON, numbers rounded to `digits` decimals so a last-bit difference between
 * backends is not a change) with tests/golden/<name>.json; with UPDATE_GOLDEN=1 writes the file
 * instead. A missing file fails: golden files are made on purpose, never by a first run.
 */
export function expectGolden(name: string, actual: unknown, digits = 6): void {
  const file = join(GOLDEN_DIR, `${name}.json`)
  const normal = JSON.parse(JSON.stringify(actual, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toFixed(digits)) : v)))
  if (updating()) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${JSON.stringify(normal, null, 1)}\n`)
    return
  }
  if (!existsSync(file)) throw new Error(`no golden file ${file}: run the test with UPDATE_GOLDEN=1 to write it, and review it`)
  expect(normal, `${name} differs from tests/golden/${name}.json (UPDATE_GOLDEN=1 rewrites it once the change is intended)`).toEqual(
    JSON.parse(readFileSync(file, 'utf8')),
  )
}
