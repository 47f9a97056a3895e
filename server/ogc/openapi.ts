import type { Collection } from './collections.js'

type Json = Record<string, unknown>
interface Parameter {
  name: string
  in: string
  [k: string]: unknown
}

const JSON_SCHEMA_TYPES = {
  string: { type: 'string' },
  integer: { type: 'integer' },
  number: { type: 'number' },
  boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' },
} as const

/**
 * The API definition of /ogc alone (service-desc of the landing page), as OGC clients read it: paths
 * relative to a `servers` entry at /ogc, and one items path per collection listing that collection's
 * queryables as query parameters — GDAL and QGIS look for `/collections/{id}/items` and forward an
 * attribute filter only for parameters declared there. Derived from the service's own OpenAPI
 * document, so it says nothing the routes do not.
 */
export function ogcApiDocument(full: Json, base: string, collections: readonly Collection[]): Json {
  const fullPaths = (full.paths ?? {}) as Record<string, Record<string, Json>>
  const paths: Record<string, Record<string, Json>> = {}
  for (const [p, item] of Object.entries(fullPaths)) {
    if (p === '/ogc') paths['/'] = item
    else if (p.startsWith('/ogc/')) paths[p.slice(4)] = item
  }
  const generic = paths['/collections/{collectionId}/items']?.get
  if (generic) {
    for (const c of collections) {
      const op = structuredClone(generic) as Json & { parameters?: Parameter[]; operationId?: string }
      op.operationId = `getOgcCollections${c.id.replace(/(^|-)([a-z])/g, (_m, _d, ch: string) => ch.toUpperCase())}Items`
      op.summary = `${c.title}: features`
      op.parameters = [
        ...(op.parameters ?? []).filter((p) => p.name !== 'collectionId'),
        ...Object.entries(c.filters.properties).map(([name, q]) => ({
          name,
          in: 'query',
          required: false,
          description: `${q.title}: features whose ${name} equals this value`,
          schema: { ...JSON_SCHEMA_TYPES[q.type], ...(q.enum ? { enum: [...q.enum] } : {}) },
        })),
      ]
      paths[`/collections/${c.id}/items`] = { get: op }
    }
  }
  return { ...full, servers: [{ url: `${base}/ogc`, description: 'OGC API – Features' }], paths }
}
