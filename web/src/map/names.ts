import type { FeatureCollection } from 'geojson'

/**
 * The names of the areas the map has loaded, by code: made once by main.ts and handed to the shell
 * and the panels (PanelContext.areaName, whenBoroughsKnown), not held by this module.
 */
export function createAreaNames() {
  const names = new Map<string, string>()
  const waiting = new Set<() => void>()
  /** Every borough whose name is known, by name. */
  const boroughList = (): { code: string; name: string }[] =>
    [...names]
      .filter(([code]) => code.startsWith('E09'))
      .map(([code, name]) => ({ code, name }))
      .sort((a, b) => a.name.localeCompare(b.name))
  return {
    /** Remembers the name of every area in a collection (boroughs once loaded, wards later). */
    remember(collection: FeatureCollection): void {
      for (const f of collection.features) {
        const p = f.properties as { code?: string; name?: string } | null
        if (p?.code && p.name) names.set(p.code, p.name)
      }
      for (const notify of [...waiting]) notify()
    },
    /** An area's name by code; the code itself until the areas have loaded. */
    areaName: (code: string): string => names.get(code) ?? code,
    /** Calls `fn` with the boroughs once their names are known: at once if they are, else when the map has loaded them. */
    whenBoroughsKnown(fn: (list: { code: string; name: string }[]) => void): void {
      if (boroughList().length) {
        fn(boroughList())
        return
      }
      const notify = () => {
        if (!boroughList().length) return
        waiting.delete(notify)
        fn(boroughList())
      }
      waiting.add(notify)
    },
  }
}
export type AreaNames = ReturnType<typeof createAreaNames>
