import type { Kysely } from 'kysely'
import { gridCovering, kernelDensity } from '../analysis/kde.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { type Bounded, boundedValue } from '../schemas/bounded.js'
import { exactPoints, squareCells } from './density.repository.js'
import type { HexFilter } from './hex.repository.js'
import { audit } from '../audit/audit.js'

/**
 * Quartic kernel density surface end to end, without HTTP (leads only): the organisation's
 * exact located events (EPSG:27700), the statistics core (server/analysis/kde.ts) on a square grid
 * aligned to multiples of the cell size covering every point ± the bandwidth, and the cells with a
 * density above zero as polygons in EPSG:4326. The grid is capped so a request cannot blow up.
 */

/** Grid cell side, metres. */
export const CELL_SIZE: Bounded = { min: 25, max: 2000, default: 200, unit: 'metres' }
/** Kernel radius h, metres. */
export const BANDWIDTH: Bounded = { min: 50, max: 5000, default: 600, unit: 'metres' }
/** Most grid cells one request may compute (columns × rows). */
export const MAX_CELLS = 100_000

export interface DensityQuery extends HexFilter {
  from: string
  to: string
  cellSize?: number | undefined
  bandwidth?: number | undefined
}

type Polygon = { type: 'Polygon'; coordinates: number[][][] }

export interface DensityCollection {
  type: 'FeatureCollection'
  attribution: string
  from: string
  to: string
  cellSize: number
  bandwidth: number
  /** Located events in the surface. */
  points: number
  /** The grid in EPSG:27700: cell (i, j) spans [minX + i·cellSize, minX + (i+1)·cellSize) × [minY + j·cellSize, …). */
  grid: { crs: 'EPSG:27700'; minX: number; minY: number; cols: number; rows: number }
  /** Largest density of any cell, located events per km². */
  max: number
  features: Array<{ type: 'Feature'; id: string; geometry: Polygon; properties: { i: number; j: number; density: number } }>
}

const signif = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(6)))

export async function density(db: Kysely<DB>, actor: Actor, q: DensityQuery): Promise<DensityCollection> {
  if (actor.role !== 'lead') throw forbidden('A density surface is drawn from exact locations: leads only.')
  const cellSize = boundedValue('cellSize', q.cellSize, CELL_SIZE)
  const bandwidth = boundedValue('bandwidth', q.bandwidth, BANDWIDTH)
  if (bandwidth < cellSize) throw invalid('bandwidth', `must be at least cellSize (${cellSize} m), or the surface falls apart into single cells`)
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)

  const points = await exactPoints(db, `${q.from}-01`, `${q.to}-01`, q)
  const grid = gridCovering(points, bandwidth, cellSize)
  const cells = grid.cols * grid.rows
  if (cells > MAX_CELLS) {
    throw invalid(
      'cellSize',
      `the surface would have ${cells.toLocaleString('en-GB')} cells (at most ${MAX_CELLS.toLocaleString('en-GB')}): choose a larger cellSize, or fewer months or referrals`,
    )
  }
  const filter = { from: q.from, to: q.to, cellSize, bandwidth, programme: q.programme ?? null, subjectRole: q.subjectRole ?? null, ageBand: q.ageBand ?? null }
  await audit(db, 'analysis.density', { filter }, points.length)

  const surface = kernelDensity(points, grid, bandwidth)
  const shown: Array<[number, number, number]> = []
  let max = 0
  for (let j = 0; j < grid.rows; j++) {
    for (let i = 0; i < grid.cols; i++) {
      const v = surface.values[j * grid.cols + i]! * 1e6
      if (v > 0) {
        shown.push([i, j, signif(v)])
        max = Math.max(max, v)
      }
    }
  }
  const outlines = await squareCells(
    db,
    grid.minX,
    grid.minY,
    cellSize,
    shown.map(([i, j]) => [i, j] as const),
  )
  return {
    type: 'FeatureCollection',
    attribution: OGL_ATTRIBUTION,
    from: q.from,
    to: q.to,
    cellSize,
    bandwidth,
    points: points.length,
    grid: { crs: 'EPSG:27700', minX: grid.minX, minY: grid.minY, cols: grid.cols, rows: grid.rows },
    max: signif(max),
    features: shown.map(([i, j, d], k) => ({
      type: 'Feature' as const,
      id: `${i}:${j}`,
      geometry: JSON.parse(outlines[k]!) as Polygon,
      properties: { i, j, density: d },
    })),
  }
}
