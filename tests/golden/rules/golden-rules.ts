import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { GOLDEN_DIR } from '../../helpers/golden.js'

/**
 * Golden cases for the rules the project writes in two places (SQL for stored and bulk data,
 * TypeScript where the page or an analysis needs the rule without a round trip). Each file is
 * read by database.test.ts and typescript.test.ts alike; the expected values were worked out from
 * the rule, never copied from what the code answers, so there is no regenerate flag.
 */
export const GOLDEN_RULES = {
  location: 'location-areas.json',
  hex: 'hex.json',
  crossBoundary: 'cross-boundary.json',
} as const

export const readGolden = <T>(name: string): T => JSON.parse(readFileSync(join(GOLDEN_DIR, 'rules', name), 'utf8')) as T

export interface LocationGolden {
  origin: [number, number]
  areas: { kind: string; code: string; box: [number, number, number, number]; validTo?: string }[]
  cases: {
    note: string
    /** The answer depends on the point being exactly there (an edge, or equally near two boroughs). */
    exact?: boolean
    at: [number, number]
    expect: {
      borough: string | null
      ward: string | null
      lsoa: string | null
      estate: string | null
      patch: string | null
      border: string | null
      distanceM: number
    }
  }[]
}

export interface HexGolden {
  cells: { size: number; q: number; r: number; id: string; centre: [number, number] }[]
  /** `cells`: every cell whose centre is nearest the point (two on an edge, three at a vertex). */
  points: { note: string; x: number; y: number; size: number; cells: [number, number][] }[]
}

export interface CrossBoundaryCase {
  note: string
  zoneM: number
  funding: string
  locations: { kind: string; borough: string | null; border: { code: string; distanceM: number } | null }[]
  expect: { boroughs: string[]; multiBorough: boolean; fundingMismatch: boolean; borderZone: { between: [string, string]; distanceM: number }[] }
}
