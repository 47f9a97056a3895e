import { Type, type Static } from 'typebox'
import { Uuid } from './referrals.schemas.js'

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: '[lon, lat] (WGS84)' })
const Ring = Type.Array(Position, { minItems: 4, maxItems: 10000, description: 'closed ring: first position = last' })
const PolygonCoords = Type.Array(Ring, { minItems: 1, maxItems: 100 })

export const ZoneGeometry = Type.Union(
  [
    Type.Object({ type: Type.Literal('Polygon'), coordinates: PolygonCoords }, { additionalProperties: false }),
    Type.Object(
      { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(PolygonCoords, { minItems: 1, maxItems: 100 }) },
      { additionalProperties: false },
    ),
  ],
  { description: 'RFC 7946 Polygon or MultiPolygon in lon/lat' },
)
export type ZoneGeometry = Static<typeof ZoneGeometry>

export const ExclusionZoneInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. the estate or street the client agreed to avoid' }),
    geometry: ZoneGeometry,
  },
  { additionalProperties: false },
)
export type ExclusionZoneInput = Static<typeof ExclusionZoneInput>

export const ExclusionZone = Type.Object({
  id: Uuid,
  name: Type.String(),
  geometry: Type.Object(
    { type: Type.Literal('MultiPolygon'), coordinates: Type.Array(Type.Unknown()) },
    { description: 'As stored: a MultiPolygon, 6 decimals' },
  ),
})
export type ExclusionZone = Static<typeof ExclusionZone>
