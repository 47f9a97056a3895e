import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { studyArea } from '../../server/analysis-data/hex.repository.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { BRENT, WESTMINSTER } from '../helpers/world.js'

/**
 * The relocation check's hotspots stand on the study area; the repository now plans it with the
 * actual size and boroughs instead of calling analysis_study_area (migration 0008), so both must
 * give the same cells and boroughs.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
}, 120_000)
afterAll(() => t?.close())

describe('studyArea', () => {
  it('gives exactly the cells and boroughs of analysis_study_area', async () => {
    for (const [size, boroughs] of [
      [1000, null],
      [500, [BRENT, WESTMINSTER]],
      [250, [WESTMINSTER]],
    ] as const) {
      const ours = await studyArea(t.database.system, size, boroughs)
      const { rows } = await sql<{ q: number; r: number; borough: string }>`
        select cell_q as q, cell_r as r, borough from analysis_study_area(${size}::integer, ${boroughs === null ? null : `{${boroughs.join(',')}}`}::text[])`.execute(
        t.database.system,
      )
      expect(ours.length, `${size}`).toBeGreaterThan(10)
      expect(ours, `${size} ${boroughs}`).toEqual(rows)
    }
  })
})
