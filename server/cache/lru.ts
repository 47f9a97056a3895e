/**
 * A small least-recently-used map for per-process caches of values that depend only on their key
 * (the key carries any data version): reading or storing an entry makes it the newest, and storing
 * past `capacity` drops the oldest. A Map keeps insertion order, so the oldest is the first key.
 */
export class Lru<V> {
  readonly #entries = new Map<string, V>()
  constructor(readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.#entries.get(key)
    if (v !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, v)
    }
    return v
  }

  set(key: string, value: V): V {
    this.#entries.delete(key)
    this.#entries.set(key, value)
    while (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value!)
    return value
  }

  delete(key: string): void {
    this.#entries.delete(key)
  }

  /** The entry for `key`, made by `make` (and stored) when there is none. */
  remember(key: string, make: () => V): V {
    return this.get(key) ?? this.set(key, make())
  }

  get size(): number {
    return this.#entries.size
  }
}
