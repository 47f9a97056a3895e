/** Types of the API's answers, generated from the service's OpenAPI document: no browser code here. */
import type { paths } from './api-schema.js'

/**
 * The JSON (or GeoJSON) body of a 200 answer of the API, from the types generated out of the service's OpenAPI
 * document (web/src/api-schema.d.ts; npm run api:types): a schema change that the page no longer fits
 * fails the typecheck.
 */
export type ApiJson<P extends keyof paths, M extends 'get' | 'post' = 'get'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer T } } }
}
  ? T
  : paths[P][M] extends { responses: { 200: { content: { 'application/geo+json': infer G } } } }
    ? G
    : never

export type Meta = ApiJson<'/api/v1/meta'>
export type Limits = Meta['limits']

export interface NamedArea {
  code: string
  name: string
}

export type Lookup = ApiJson<'/api/v1/lookup'>
