import type { PublishedHex } from './hexbins.repository.js'

/**
 * Whole-grid hex tables per data version, disclosure scope, size and query: read once (for aggregate
 * roles also suppressed once, server/privacy/suppression.ts, the same rules as
 * GET /api/v1/analysis/hexbins) and every tile of it sliced from the result. A small LRU; a new
 * data version is a new key, so stale tables only age out.
 */
export class HexTableCache {
  private readonly tables = new Map<string, Promise<Map<string, PublishedHex>>>()
  constructor(private readonly capacity = 32) {}

  get(key: string, build: () => Promise<Map<string, PublishedHex>>): Promise<Map<string, PublishedHex>> {
    const hit = this.tables.get(key)
    if (hit) {
      this.tables.delete(key)
      this.tables.set(key, hit)
      return hit
    }
    const made = build()
    this.tables.set(key, made)
    made.catch(() => this.tables.delete(key))
    while (this.tables.size > this.capacity) this.tables.delete(this.tables.keys().next().value!)
    return made
  }
}
