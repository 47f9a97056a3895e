import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/** Every data version with the moment it changed, as one text: the data part of a key. */
export const DATA_VERSIONS = sql<
  string | null
>`(select string_agg(layer || ':' || version || '@' || extract(epoch from changed_at)::text, ',' order by layer) from tile_data_versions)`

/** The data versions now, as the keys name them (the refresher compares them between rounds). */
export async function dataVersions(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string | null }>`select ${DATA_VERSIONS} as v`.execute(db)
  return rows[0]?.v ?? ''
}
