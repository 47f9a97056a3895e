import { Type, type TSchema } from 'typebox'
import { AGE_BANDS, AREA_KINDS, SUBJECT_ROLES } from '../db/types.js'
import { DETAILS, DISPLAY_TOLERANCE_M } from '../areas/detail.js'
import { OVERVIEW_MAX_ZOOM, OVERVIEW_TOLERANCE_M } from '../areas/overview.js'

/** A string restricted to fixed values, as a plain JSON-Schema `enum` (clear validation messages). */
export const StringEnum = <const T extends readonly string[]>(values: T, opts: Record<string, unknown> = {}) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts })

export const AreaKindSchema = StringEnum(AREA_KINDS, { description: 'Kind of area' })
export const DetailSchema = StringEnum(DETAILS, {
  description: `Boundary detail: \`full\` (default) every published vertex; \`display\` simplified to within ${DISPLAY_TOLERANCE_M} m for drawing (under a pixel up to zoom 17), about half the size; \`overview\` simplified to within ${OVERVIEW_TOLERANCE_M} m (under a pixel up to zoom ${OVERVIEW_MAX_ZOOM}), what a map draws first`,
})

/**
 * The years the service deals in: referrals and their events from 2000 (the earliest date an
 * import or a form accepts) to 2099. Every date and month a request names is a real calendar day
 * (or month) in these years; outside them PostgreSQL would refuse the value (year 0) or no data
 * can exist, and a 400 naming the parameter says so.
 */
export const SERVICE_YEARS = { first: 2000, last: 2099 } as const
/** SERVICE_YEARS as a regular expression (20xx). */
const YEAR = '20[0-9]{2}'

/** A whole month, YYYY-MM, in the service's years. */
export const MonthString = (description = 'A whole month, YYYY-MM') =>
  Type.String({ pattern: `^${YEAR}-(0[1-9]|1[0-2])$`, description: `${description} (years ${SERVICE_YEARS.first}–${SERVICE_YEARS.last})` })

/** A programme's slug (its stable name in URLs and filters). */
export const ProgrammeSlug = (description = 'Programme slug') => Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description })

/** The referral filters every count, tile and analysis takes, one definition for all of them. */
export const referralFilters = () => ({
  programme: Type.Optional(ProgrammeSlug()),
  subjectRole: Type.Optional(StringEnum(SUBJECT_ROLES, { description: 'Subject role of the referral' })),
  ageBand: Type.Optional(StringEnum(AGE_BANDS, { description: 'Age band of the referral' })),
})

/** A calendar day, YYYY-MM-DD, in the service's years (format `date` refuses 2026-02-31). */
export const DateString = (description: string) =>
  Type.String({
    format: 'date',
    pattern: `^${YEAR}-[0-9]{2}-[0-9]{2}$`,
    description: `${description} (YYYY-MM-DD, years ${SERVICE_YEARS.first}–${SERVICE_YEARS.last})`,
  })

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
/** 304 of a route that answers If-None-Match (tiles, OGC, public boundaries). */
export const NOT_MODIFIED = Type.Unsafe({ type: 'null', description: 'Not modified: If-None-Match named the current ETag' })

/**
 * A 200 whose body is not JSON (a picture, a tile, a file): declared under its own media type, so the
 * OpenAPI document and the web app's generated types say what the body is rather than "a JSON string".
 */
export const mediaResponse = (mediaType: string, description: string, schema: TSchema = Type.String()) => ({
  description,
  content: { [mediaType]: { schema } },
})

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

/** A 200 sent as GeoJSON (RFC 7946's media type), with the schema of its body. */
export const geojsonResponse = (schema: TSchema, description = 'GeoJSON (RFC 7946)') => mediaResponse(GEOJSON, description, schema)

/** What every table of counts says of itself (server/privacy/disclosure.ts). */
export const DisclosureFields = {
  perturbed: Type.Boolean({ description: 'true when the counts are perturbed by the cell-key method (every reader but a lead); see docs/disclosure.md' }),
  note: Type.String({ description: 'The same, in a sentence for people' }),
}
