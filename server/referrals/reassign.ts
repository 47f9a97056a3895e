import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * Reassigns every location's borough, ward, LSOA, estate/patch and nearest border after the
 * boundaries changed (set-based `reassign_locations()`); returns how many locations it visited.
 * A maintenance task over all organisations, so it takes no actor.
 */
export async function reassignLocations(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`select reassign_locations() as n`.execute(db)
  return Number(rows[0]?.n ?? 0)
}
