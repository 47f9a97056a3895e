import { Lru } from '../cache/lru.js'
import type { PublishedHex } from './hexbins.repository.js'

/**
 * Whole-grid hex tables per data version, disclosure scope, size and query: read once (for aggregate
 * readers the same published cells as GET /api/v1/analysis/hexbins) and every tile of it sliced from
 * the result. A small LRU; a new
 * data version is a new key, so stale tables only age out.
 */
export class HexTableCache {
  private readonly tables: Lru<Promise<Map<string, PublishedHex>>>
  constructor(capacity = 32) {
    this.tables = new Lru(capacity)
  }

  /** The table for `key`, built once (concurrent callers share the promise; a failed build is forgotten). */
  get(key: string, build: () => Promise<Map<string, PublishedHex>>): Promise<Map<string, PublishedHex>> {
    return this.tables.remember(key, () => {
      const made = build()
      made.catch(() => this.tables.delete(key))
      return made
    })
  }
}
