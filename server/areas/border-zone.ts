import type { Kysely } from 'kysely'
import { publicVersioned } from '../cache/versioned.js'
import type { DB } from '../db/types.js'
import { Problem } from '../errors/problem.js'
import { featureCollectionText, featureText } from '../geojson/write.js'
import { type Bounded, boundedValue } from '../schemas/bounded.js'
import { borderZoneSides } from './border-zone.repository.js'

/** How far a border zone reaches from a shared border, in metres: for its two sides on the map and the activity counted in it. */
export const BORDER_DISTANCE: Bounded = { min: 1, max: 2000, default: 400, integer: true, unit: 'metres' }

/** The 404 of a pair of boroughs without a shared border. */
export const noSharedBorder = (a: string, b: string) => new Problem(404, 'not-found', `Boroughs ${a} and ${b} do not share a border (or are not loaded).`)

/**
 * The border zone of boroughs `a` and `b` within `distance` metres, as GeoJSON text: one feature per
 * side carrying its borough's code, name and label. Public boundary data, so the text is kept per
 * boundary data version (server/cache/versioned.ts); 404 when the two do not share a border.
 */
export async function borderZoneText(db: Kysely<DB>, a: string, b: string, distance: number | undefined): Promise<string> {
  const d = boundedValue('distance', distance, BORDER_DISTANCE)
  const compute = async () => {
    const sides = await borderZoneSides(db, a, b, d)
    if (!sides.length) throw noSharedBorder(a, b)
    return featureCollectionText(sides.map((s) => featureText(s.code, s.geometry, { side: s.side, code: s.code, name: s.name, label: `${s.name} side` })))
  }
  // Kept only at whole multiples of KEPT_STEP_M: anyone may ask for any distance, and 2,000 distances
  // per pair would otherwise crowd the readers' answers out of the shared cache.
  return d % KEPT_STEP_M === 0 ? publicVersioned(db, 'borders/zone', { a, b, d }, compute) : compute()
}

/** Border zones at multiples of this many metres (the panel's usual 100, 200, 400 and 800) are kept per boundary version. */
export const KEPT_STEP_M = 50
