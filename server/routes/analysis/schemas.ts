import { Type } from 'typebox'
import { MonthString, referralFilters, StringEnum } from '../../schemas/common.js'

/** Schema pieces shared by the analysis routes (flows, clusters, evaluate, emerging, density). */

/** Every role that counts referrals (admins manage accounts, not casework). */
export { COUNTING } from '../../auth/access.js'

export const Month = MonthString

export const filters = referralFilters()

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
