import { Type, type Static } from 'typebox'
import { StringEnum } from '../schemas/common.js'

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat] (WGS84)' })
const Ring = Type.Array(Position, { minItems: 4, maxItems: 5000, description: 'closed ring: first position = last' })
const PolygonCoords = Type.Array(Ring, { minItems: 1, maxItems: 50 })

export const DrawnGeometry = Type.Union(
  [
    Type.Object({ type: Type.Literal('Polygon'), coordinates: PolygonCoords }, { additionalProperties: false }),
    Type.Object({ type: Type.Literal('MultiPolygon'), coordinates: Type.Array(PolygonCoords, { minItems: 1, maxItems: 50 }) }, { additionalProperties: false }),
  ],
  { description: 'RFC 7946 Polygon or MultiPolygon in lon/lat; valid, 100 m² to 50 km², at most 5,000 positions, meeting a loaded borough' },
)

export const DRAWN_KINDS = ['estate', 'patch'] as const
/** Codes of drawn areas: letters, digits, - and _; not shaped like a GSS code (E09000005). */
export const DRAWN_CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$'
const Name = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S', description: 'e.g. "Church Street patch"' })

export const NewDrawnArea = Type.Object(
  {
    kind: StringEnum(DRAWN_KINDS, { description: 'estate or patch (boroughs, wards and LSOAs are only imported)' }),
    name: Name,
    code: Type.Optional(Type.String({ pattern: DRAWN_CODE_PATTERN, description: 'Chosen code; one is made (EST-…/PAT-…) when left out' })),
    geometry: DrawnGeometry,
  },
  { additionalProperties: false },
)
export type NewDrawnArea = Static<typeof NewDrawnArea>

export const DrawnAreaChange = Type.Object(
  {
    name: Type.Optional(Name),
    geometry: Type.Optional(DrawnGeometry),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type DrawnAreaChange = Static<typeof DrawnAreaChange>

export const DrawnAreaProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: StringEnum(DRAWN_KINDS),
  parentCode: Type.Union([Type.String(), Type.Null()], { description: 'The borough holding a point on its surface' }),
  synthetic: Type.Boolean(),
  drawn: Type.Literal(true),
  boroughs: Type.Array(Type.String(), { description: 'Boroughs it overlaps (two or more: a straddling area)' }),
  areaM2: Type.Number(),
  drawnAt: Type.String({ format: 'date-time' }),
  locationsReassigned: Type.Optional(Type.Integer({ description: "How many of your organisation's referral locations changed estate/patch code" })),
})
