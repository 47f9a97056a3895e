/**
 * A small least-recently-used map for per-process caches of values that depend only on their key
 * (the key carries any data version): reading or storing an entry makes it the newest, and storing
 * past `capacity` drops the oldest. A Map keeps insertion order, so the oldest is the first key.
 * Capacity counts entries, or whatever `weigh` gives each entry (bytes, say).
 */
export class Lru<V> {
  readonly #entries = new Map<string, V>()
  #weight = 0
  constructor(
    readonly capacity: number,
    private readonly weigh: (key: string, value: V) => number = () => 1,
  ) {}

  get(key: string): V | undefined {
    const v = this.#entries.get(key)
    if (v !== undefined) {
      this.#entries.delete(key)
      this.#entries.set(key, v)
    }
    return v
  }

  set(key: string, value: V): V {
    this.delete(key)
    this.#entries.set(key, value)
    this.#weight += this.weigh(key, value)
    while (this.#weight > this.capacity) this.delete(this.#entries.keys().next().value!)
    return value
  }

  delete(key: string): void {
    if (!this.#entries.has(key)) return
    this.#weight -= this.weigh(key, this.#entries.get(key) as V)
    this.#entries.delete(key)
  }

  clear(): void {
    this.#entries.clear()
    this.#weight = 0
  }

  /** The total weight of the entries (their count without `weigh`). */
  get weight(): number {
    return this.#weight
  }

  /** The entry for `key`, made by `make` (and stored) when there is none. */
  remember(key: string, make: () => V): V {
    return this.get(key) ?? this.set(key, make())
  }

  get size(): number {
    return this.#entries.size
  }
}
