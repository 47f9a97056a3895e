import type { FeatureCollection } from 'geojson'

const names = new Map<string, string>()

/** Remembers the name of every area in a collection (boroughs once loaded, wards later). */
export function rememberNames(collection: FeatureCollection): void {
  for (const f of collection.features) {
    const p = f.properties as { code?: string; name?: string } | null
    if (p?.code && p.name) names.set(p.code, p.name)
  }
}

/** An area's name by code; the code itself until the areas have loaded. */
export const areaName = (code: string): string => names.get(code) ?? code

/** Every borough whose name is known, by name. */
export const boroughList = (): { code: string; name: string }[] =>
  [...names].filter(([code]) => code.startsWith('E09')).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name))
