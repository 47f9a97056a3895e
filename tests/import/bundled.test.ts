import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { boroughSources, lookupPoint } from '../../server/areas/areas.repository.js'
import { loadBundledBoroughs } from '../../server/geodata/load-boundaries.js'
import { BUNDLED_SOURCE, bundledBoroughs } from '../../server/geodata/bundled.js'
import { createTestDatabase } from '../helpers/db.js'

let d: Database
beforeAll(async () => {
  d = await createTestDatabase()
})
afterAll(() => d?.close())

describe('the bundled simplified borough set (offline fallback)', () => {
  it('reads all 33 London boroughs from the npm package, each with its GSS code', () => {
    const fc = bundledBoroughs()
    const codes = fc.features.map((f) => (f as { properties: { GSS_CODE: string } }).properties.GSS_CODE)
    expect(new Set(codes).size).toBe(33)
    expect(codes.every((c) => /^E09000\d{3}$/.test(c))).toBe(true)
  })

  it('loads into the database, is labelled as the fallback, and answers lookups', async () => {
    const warnings: string[] = []
    const report = await loadBundledBoroughs(d.system, { info: () => {}, warn: (m: string) => void warnings.push(m) } as never)
    expect(report.imported).toBe(33)
    expect(report.borders).toBeGreaterThan(50)
    expect(warnings.join(' ')).toMatch(/SIMPLIFIED/)
    expect(await boroughSources(d.system)).toEqual([BUNDLED_SOURCE])
    const at = await lookupPoint(d.system, -0.178, 51.523) // Maida Vale, well inside Westminster
    expect(at.borough?.code).toBe('E09000033')
  })
})
