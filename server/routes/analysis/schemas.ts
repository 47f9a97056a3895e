import { Type } from 'typebox'
import { BOROUGHS_PATTERN } from '../../analysis-data/study-area.js'
import { LOCATION_KINDS } from '../../db/types.js'
import { MonthString, referralFilters, StringEnum } from '../../schemas/common.js'

/** Schema pieces shared by the analysis routes (flows, clusters, evaluate, emerging, density). */

/** Every role that counts referrals (admins manage accounts, not casework). */
export { COUNTING } from '../../auth/access.js'

export const Month = MonthString

export const filters = referralFilters()

/** Where and what a hot-spot analysis counts: the study area's boroughs, the unit of count and one location kind. */
export const studyAreaQuery = (per: string) => ({
  boroughs: Type.Optional(
    Type.String({
      pattern: BOROUGHS_PATTERN,
      description: "Comma-separated borough codes of the study area (default: the organisation's working boroughs)",
    }),
  ),
  unit: Type.Optional(
    StringEnum(['referrals', 'events'] as const, {
      default: 'referrals',
      description: `Count distinct referrals per ${per} (default) or located events`,
    }),
  ),
  kind: Type.Optional(StringEnum(LOCATION_KINDS, { description: 'Count one location kind only (default: every kind)' })),
})

export const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description: 'Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients)',
})
export const Disclosed = { count: Count, suppressed: Type.Boolean() }
export const K = Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' })

const Position = Type.Array(Type.Number(), { minItems: 2, maxItems: 2, description: 'lon, lat (6 decimals)' })
export const LineString = Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(Position) })
export const Polygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Position)) })
export const AnyGeometry = Type.Object(
  { type: StringEnum(['Point', 'LineString', 'Polygon'] as const), coordinates: Type.Array(Type.Unknown()) },
  { description: 'RFC 7946 geometry, EPSG:4326 (lon, lat), 6 decimals' },
)
