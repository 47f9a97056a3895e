import { Type, type TSchema } from 'typebox'
import { AREA_KINDS } from '../db/types.js'

/** A string restricted to fixed values, as a plain JSON-Schema `enum` (clear validation messages). */
export const StringEnum = <const T extends readonly string[]>(values: T, opts: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts })

export const AreaKindSchema = StringEnum(AREA_KINDS, { description: 'Kind of area' })

/** RFC 9457 problem details, as every error answers. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'application/problem+json (RFC 9457)' },
)

export const problemRef = Type.Unsafe({ $ref: 'Problem#' })

/** Responses every route may give besides its own. */
export const errorResponses = { 400: problemRef, 401: problemRef, 403: problemRef, 404: problemRef, 429: problemRef, 500: problemRef, 503: problemRef }

const Geometry = Type.Object(
  { type: Type.String(), coordinates: Type.Array(Type.Unknown()) },
  { description: 'RFC 7946 geometry in EPSG:4326 (lon, lat), 6 decimals' },
)

export const Feature = <P extends TSchema>(properties: P) =>
  Type.Object({ type: Type.Literal('Feature'), id: Type.Optional(Type.String()), geometry: Geometry, properties })

export const FeatureCollection = <P extends TSchema>(properties: P) =>
  Type.Object({
    type: Type.Literal('FeatureCollection'),
    attribution: Type.String({ description: 'Licence attribution (a foreign member)' }),
    features: Type.Array(Feature(properties)),
  })

export const GEOJSON = 'application/geo+json'

/** What every table of counts says of itself (server/privacy/disclosure.ts). */
export const DisclosureFields = {
  perturbed: Type.Boolean({ description: 'true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md' }),
  note: Type.String({ description: 'The same, in a sentence for people' }),
}
