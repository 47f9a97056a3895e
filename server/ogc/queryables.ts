import type { RawBuilder } from 'kysely'

/** The types a queryable may have; each decides which literals compare with it and how they are cast. */
export type QueryableType = 'string' | 'integer' | 'number' | 'boolean' | 'date'

/**
 * One property a client may filter (and sort) on: its SQL expression, written in code against the
 * collection's own query aliases — a request only ever picks one of these by name (an allowlist).
 */
export interface Queryable {
  type: QueryableType
  title: string
  sql: RawBuilder<unknown>
  enum?: readonly string[]
}

/** What a collection lets clients filter on: the allowlist, and its geometry in EPSG:27700 for S_INTERSECTS. */
export interface FilterSpec {
  properties: Readonly<Record<string, Queryable>>
  geometry: RawBuilder<unknown>
}

/** The name a collection's geometry goes by in filters and in the queryables document. */
export const GEOMETRY_QUERYABLE = 'geometry'

const JSON_TYPES: Record<QueryableType, Record<string, unknown>> = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
}

/**
 * The queryables document (OGC API – Features Part 3, JSON Schema 2020-12): every filterable
 * property with its type, and the geometry when the caller may filter by shape.
 */
export function queryablesDocument(self: string, title: string, spec: FilterSpec, shapes: boolean) {
  const properties: Record<string, unknown> = {}
  if (shapes) properties[GEOMETRY_QUERYABLE] = { title: 'Geometry', format: 'geometry-any', 'x-ogc-role': 'primary-geometry' }
  for (const [name, q] of Object.entries(spec.properties)) {
    properties[name] = { title: q.title, ...JSON_TYPES[q.type], ...(q.enum ? { enum: q.enum } : {}) }
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: self,
    type: 'object',
    title,
    properties,
    additionalProperties: false,
    // The list drafts of Part 3 used, which GDAL before 3.7 reads (JSON Schema ignores the keyword).
    queryables: Object.entries(spec.properties).map(([id, q]) => ({ id, title: q.title, type: q.type })),
  }
}
