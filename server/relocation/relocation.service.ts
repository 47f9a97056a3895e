import type { Kysely } from 'kysely'
import { hotspots } from '../analysis-data/hex.service.js'
import { parseCellId } from '../analysis/hexgrid.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { lastCompleteQuarter } from '../privacy/disclosure.js'
import { invalid, notFound } from '../errors/problem.js'
import * as repo from './relocation.repository.js'

/**
 * The relocation check (docs/product-rules.md, "The analyses, in brief"): for a proposed destination of a client on a relocation
 * programme, its borough, whether the move crosses boroughs, how far it is from each of the client's
 * exclusion zones and from the nearest current hotspot, and warnings when any is too close. Exact
 * locations are read, so the route audits it; no HTTP here.
 */

/** "Current" hotspots: Gi* over the last this many whole months before the current one. */
export const HOTSPOT_MONTHS = 3
/** On the 250 m grid, the cell and its six neighbours, Benjamini–Hochberg classes. */
export const HOTSPOT_SIZE_M = 250
/** Hotspot classes that count as a hotspot here: hot at 95 % or more. */
export const HOTSPOT_CLASSES = ['hot-95', 'hot-99'] as const

export interface RelocationInput {
  referralId: string
  destination: { lon: number; lat: number }
}

export interface RelocationWarning {
  code: 'inside-exclusion-zone' | 'near-exclusion-zone' | 'inside-hotspot' | 'near-hotspot'
  message: string
}

type Named = { code: string; name: string }

export interface RelocationCheck {
  referralId: string
  destination: { lon: number; lat: number; borough: Named }
  /** Where the move starts: the latest relocation_from location, else the latest home; null with neither. */
  origin: { kind: 'relocation_from' | 'home'; borough: Named | null } | null
  /** Destination borough ≠ origin borough; null when the origin (or its borough) is unknown. */
  crossesBoroughs: boolean | null
  exclusionZones: repo.ZoneDistance[]
  hotspots: {
    from: string
    to: string
    sizeM: number
    classes: readonly string[]
    /** false for a caseworker: Gi* then runs on the disclosure-controlled counts (cells of 1..k−1 count 0). */
    exactCounts: boolean
    nearest: { cell: string; class: string; distanceM: number; inside: boolean } | null
  }
  thresholdM: number
  warnings: RelocationWarning[]
}

const ym = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
const round1 = (x: number) => Math.round(x * 10) / 10

/** The last `n` whole months before the month of `now`, as YYYY-MM (UTC). */
export function lastWholeMonths(now: Date, n: number): { from: string; to: string } {
  const first = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - n, 1)
  const last = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)
  return { from: ym(new Date(first)), to: ym(new Date(last)) }
}

export async function relocationCheck(
  db: Kysely<DB>,
  actor: Actor,
  input: RelocationInput,
  opts: { thresholdM: number; now?: Date },
): Promise<RelocationCheck> {
  const { referralId, destination } = input
  const origin = await repo.referralOrigin(db, actor, referralId)
  if (origin === undefined) throw notFound(`Referral ${referralId}`)
  const borough = await repo.boroughAt(db, destination.lon, destination.lat)
  if (!borough) throw invalid('destination', `(${destination.lon}, ${destination.lat}) lies in no loaded borough`)

  const originBorough = origin?.boroughCode ? { code: origin.boroughCode, name: (await repo.boroughName(db, origin.boroughCode)) ?? origin.boroughCode } : null
  const zones = (await repo.zoneDistances(db, referralId, destination.lon, destination.lat)).map((z) => ({ ...z, distanceM: round1(z.distanceM) }))

  // Hotspots through the hex service, read-only. Its lead-only guard protects z-scores of exact
  // counts; in a caseworker's transaction the database publishes perturbed counts (never 1..k−1) and
  // only for a fixed period, so a caseworker's "current" hotspots are the last complete calendar
  // quarter's, a lead's the last HOTSPOT_MONTHS whole months. Only a distance and a class leave here.
  const now = opts.now ?? new Date()
  const period = actor.role === 'lead' ? lastWholeMonths(now, HOTSPOT_MONTHS) : lastCompleteQuarter(now)
  const fc = await hotspots(db, { ...actor, role: 'lead' }, { ...period, size: HOTSPOT_SIZE_M, band: 1, fdr: true })
  const hot = fc.features.filter((f) => (HOTSPOT_CLASSES as readonly string[]).includes(f.properties.class))
  const classOf = new Map(hot.map((f) => [f.id, f.properties.class]))
  const near = await repo.nearestCell(
    db,
    HOTSPOT_SIZE_M,
    hot.map((f) => parseCellId(f.id)),
    destination.lon,
    destination.lat,
  )
  const nearest =
    near &&
    (() => {
      const cell = `H${HOTSPOT_SIZE_M}:${near.q}:${near.r}`
      return { cell, class: classOf.get(cell)!, distanceM: round1(near.distanceM), inside: near.distanceM === 0 }
    })()

  const t = opts.thresholdM
  const warnings: RelocationWarning[] = []
  for (const z of zones) {
    if (z.inside) warnings.push({ code: 'inside-exclusion-zone', message: `The destination is inside the exclusion zone "${z.name}".` })
    else if (z.distanceM < t)
      warnings.push({ code: 'near-exclusion-zone', message: `The destination is ${z.distanceM} m from the exclusion zone "${z.name}" (warning below ${t} m).` })
  }
  if (nearest?.inside)
    warnings.push({ code: 'inside-hotspot', message: `The destination is inside a current hotspot cell (${nearest.class}, ${period.from} to ${period.to}).` })
  else if (nearest && nearest.distanceM < t)
    warnings.push({
      code: 'near-hotspot',
      message: `The destination is ${nearest.distanceM} m from a current hotspot cell (${nearest.class}, ${period.from} to ${period.to}; warning below ${t} m).`,
    })

  return {
    referralId,
    destination: { lon: destination.lon, lat: destination.lat, borough },
    origin: origin && { kind: origin.kind, borough: originBorough },
    crossesBoroughs: originBorough ? originBorough.code !== borough.code : null,
    exclusionZones: zones,
    hotspots: { ...period, sizeM: HOTSPOT_SIZE_M, classes: HOTSPOT_CLASSES, exactCounts: actor.role === 'lead', nearest },
    thresholdM: t,
    warnings,
  }
}
