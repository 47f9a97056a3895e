import type { Lookup } from '../../api-types.js'
import type { LocationKind } from './kinds.js'

const ACTIVITY: readonly LocationKind[] = ['home', 'incident', 'school', 'hangout']

export interface PlacedLocation {
  kind: LocationKind
  lon: number
  lat: number
  lookup: Lookup | null
}

export interface LiveClassification {
  boroughs: string[]
  multiBorough: boolean
  fundingMismatch: boolean
  borderZone: { between: [string, string]; distanceM: number }[]
  outside: number
}

/**
 * The cross-boundary classification of the points placed so far, as the server will compute it
 * (docs/product-rules.md, "What cross-boundary means", the first three) from each point's lookup; the saved referral's
 * `crossBoundary` is the authority.
 */
export function classify(locations: PlacedLocation[], fundingBorough: string, borderZoneM: number): LiveClassification {
  const looked = locations.filter((l) => l.lookup?.borough)
  const boroughs = [...new Set(looked.map((l) => l.lookup!.borough!.code))].sort()
  const zones = new Map<string, { between: [string, string]; distanceM: number }>()
  for (const l of looked) {
    const nb = l.lookup!.nearestBorder
    if (!nb || nb.distanceM > borderZoneM) continue
    const pair = [l.lookup!.borough!.code, nb.code].sort() as [string, string]
    const key = pair.join('|')
    const prev = zones.get(key)
    if (!prev || nb.distanceM < prev.distanceM) zones.set(key, { between: pair, distanceM: nb.distanceM })
  }
  return {
    boroughs,
    multiBorough: boroughs.length >= 2,
    fundingMismatch: Boolean(fundingBorough) && looked.some((l) => ACTIVITY.includes(l.kind) && l.lookup!.borough!.code !== fundingBorough),
    borderZone: [...zones.values()].sort((a, b) => a.distanceM - b.distanceM),
    outside: locations.filter((l) => l.lookup && !l.lookup.borough).length,
  }
}

/** The classification in words, one line per kind of crossing. */
export function describe(
  c: { multiBorough: boolean; boroughs: string[]; fundingMismatch: boolean; borderZone: { between: [string, string]; distanceM: number }[] },
  name: (code: string) => string,
): string[] {
  const lines: string[] = []
  lines.push(
    c.multiBorough ? `Multi-borough: ${c.boroughs.map(name).join(', ')}` : c.boroughs.length ? `One borough: ${name(c.boroughs[0]!)}` : 'No borough yet',
  )
  if (c.fundingMismatch) lines.push('Funding mismatch: the funding borough differs from where the young person lives or is active')
  for (const z of c.borderZone) lines.push(`Border zone: ${z.between.map(name).join(' | ')}, ${Math.round(z.distanceM)} m from the border`)
  return lines
}
