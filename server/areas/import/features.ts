import type { FieldError } from '../../errors/problem.js'

/**
 * One boundary ready for the database, in the file's CRS: its geometry as GeoJSON, or as WKB (hex)
 * from a GeoPackage, which PostGIS reads itself.
 */
export type AreaInput = { code: string; name: string; parentCode: string | null } & ({ geometry: object; wkb?: never } | { wkb: string; geometry?: never })

/** Which properties hold the code, the name and the parent's code; the first present wins. */
export interface FieldMapping {
  code: string[]
  name: string[]
  parent: string[]
}

export const DEFAULT_FIELDS: FieldMapping = {
  code: ['GSS_CODE', 'code', 'CODE', 'LSOA21CD', 'WD22CD', 'LAD22CD', 'id'],
  name: ['NAME', 'name', 'LSOA21NM', 'WD22NM', 'LAD22NM'],
  parent: ['LB_GSS_CD', 'parentCode', 'parent_code', 'LAD22CD'],
}

/**
 * The first of `keys` that holds a value. Names are matched without regard to case (`gss_code` is
 * `GSS_CODE`: publishers and converters change case); a property spelt exactly as the key wins.
 */
export function pick(props: Record<string, unknown>, keys: string[]): string | undefined {
  const byLower = new Map<string, string>()
  for (const name of Object.keys(props)) if (!byLower.has(name.toLowerCase())) byLower.set(name.toLowerCase(), name)
  for (const k of keys) {
    const v = props[k in props ? k : (byLower.get(k.toLowerCase()) ?? k)]
    if (typeof v === 'string' && v.trim() !== '') return v.trim()
    if (typeof v === 'number' && Number.isFinite(v)) return String(v)
    if (typeof v === 'bigint') return String(v)
  }
  return undefined
}

/**
 * Checks a parsed GeoJSON FeatureCollection and maps each feature to an AreaInput.
 * Every problem is collected with the feature's index, so one report names them all.
 */
export function featuresToAreas(collection: unknown, fields: FieldMapping = DEFAULT_FIELDS): { areas: AreaInput[]; errors: FieldError[] } {
  const errors: FieldError[] = []
  const c = collection as { type?: unknown; features?: unknown }
  if (!c || typeof c !== 'object' || c.type !== 'FeatureCollection' || !Array.isArray(c.features)) {
    return { areas: [], errors: [{ field: 'type', message: 'the file is not a GeoJSON FeatureCollection' }] }
  }
  if (c.features.length === 0) errors.push({ field: 'features', message: 'the collection has no features' })
  const areas: AreaInput[] = []
  const seen = new Map<string, number>()
  c.features.forEach((f: unknown, i: number) => {
    const at = `features[${i}]`
    const feature = f as { type?: unknown; properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null }
    if (!feature || feature.type !== 'Feature') {
      errors.push({ field: at, message: 'not a Feature' })
      return
    }
    const props = (feature.properties ?? {}) as Record<string, unknown>
    const code = pick(props, fields.code)
    const name = pick(props, fields.name) ?? code
    const g = feature.geometry
    if (!code) errors.push({ field: `${at}.properties`, message: `no code (looked for ${fields.code.join(', ')}, in any case)` })
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
      errors.push({ field: `${at}.geometry`, message: `must be a Polygon or MultiPolygon, got ${g ? String(g.type) : 'null'}` })
    } else {
      const problem = polygonCoordinatesProblem(g.type, g.coordinates)
      if (problem) errors.push({ field: `${at}.geometry.coordinates`, message: problem })
    }
    if (code) {
      const prev = seen.get(code)
      if (prev !== undefined) errors.push({ field: `${at}.properties`, message: `code ${code} repeats features[${prev}]` })
      seen.set(code, i)
    }
    if (code && name && g) areas.push({ code, name, parentCode: pick(props, fields.parent) ?? null, geometry: g as object })
  })
  return { areas, errors }
}

/** Why the coordinates cannot make (Multi)Polygon rings, or null when they can. */
function polygonCoordinatesProblem(type: 'Polygon' | 'MultiPolygon', coords: unknown): string | null {
  if (!coordinatesFinite(coords, type === 'Polygon' ? 3 : 4)) return 'must be nested arrays of finite numbers'
  const polygons = (type === 'Polygon' ? [coords] : coords) as number[][][][]
  if (polygons.length === 0) return 'has no polygons'
  for (const rings of polygons) {
    if (rings.length === 0) return 'a polygon has no rings'
    for (const ring of rings) {
      if (ring.length < 4) return 'a ring has fewer than 4 positions'
      const a = ring[0]!
      const b = ring[ring.length - 1]!
      if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring is not closed (its first and last positions differ)'
    }
  }
  return null
}

function coordinatesFinite(c: unknown, depth: number): boolean {
  if (!Array.isArray(c)) return false
  if (depth === 1) return c.length >= 2 && c.length <= 4 && c.every((n) => typeof n === 'number' && Number.isFinite(n))
  return c.every((x) => coordinatesFinite(x, depth - 1))
}
