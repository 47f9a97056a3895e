import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { scopedVersion } from '../db/scoped.js'

/**
 * ETags of tiles: a hash of the layer's data version (tile_data_versions, bumped by triggers on every
 * statement that changes the data, migration 0012), the tile address, the caller's scope and the
 * query — so a change to the data, or a caller who sees other data, never matches an old tag.
 */

export type DataSource = 'areas' | 'referrals'

export async function dataVersion(db: Kysely<DB>, source: DataSource): Promise<string> {
  // Inside a request's scoped transaction the version came with its settings (no round trip).
  const known = scopedVersion(db, source)
  if (known !== undefined) return known
  const { rows } = await sql<{ version: string | number }>`select version from tile_data_versions where layer = ${source}`.execute(db)
  return String(rows[0]?.version ?? 0)
}

export function tileEtag(parts: readonly unknown[]): string {
  return `"${createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32)}"`
}

/** If-None-Match (a list, weak or strong tags, or *) names this ETag. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header
    .split(',')
    .map((s) => s.trim().replace(/^W\//, ''))
    .some((s) => s === '*' || s === etag)
}
