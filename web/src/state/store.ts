export interface Store<T> {
  get(): T
  /** Merges a change and tells every subscriber, with the state before it. */
  set(change: Partial<T>): void
  subscribe(listener: (state: T, previous: T) => void): () => void
}

/** The smallest observable state container: UI state lives here and sync functions apply it. */
export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<(state: T, previous: T) => void>()
  return {
    get: () => state,
    set(change) {
      const previous = state
      state = { ...state, ...change }
      for (const listener of listeners) listener(state, previous)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
