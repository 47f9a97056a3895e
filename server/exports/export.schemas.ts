import { Type, type Static } from 'typebox'
import { listQuery } from '../referrals/list.schemas.js'

/** What a generalised export may be broken down by: the fields an agreement can list. */
export const BREAKDOWN_FIELDS = ['programme', 'subjectRole', 'ageBand', 'month', 'borough', 'ward', 'kind'] as const
export type BreakdownField = (typeof BREAKDOWN_FIELDS)[number]
const FIELD = BREAKDOWN_FIELDS.join('|')

/** `by=a,b` as a list without repeats. */
export const breakdownOf = (by: string | undefined): BreakdownField[] => [...new Set((by ?? '').split(',').filter(Boolean))] as BreakdownField[]

/**
 * Filters of GET /api/v1/exports/referrals.{geojson,csv}: those of the referral list (the same
 * schema, without paging), plus the generalisation of a partner's export.
 */
export const exportQuery = (page: { default: number; max: number }) => {
  const { limit: _limit, cursor: _cursor, ...filters } = listQuery(page).properties
  return Type.Object(
    {
      ...filters,
      cell: Type.Optional(Type.Integer({ minimum: 100, maximum: 5000, description: 'Generalised exports (partners): cell size in metres, default 250' })),
      by: Type.Optional(
        Type.String({
          pattern: `^(${FIELD})(,(${FIELD}))*$`,
          description: `Generalised exports (partners): break each cell down by these comma-separated fields (${BREAKDOWN_FIELDS.join(', ')}); each must be one the agreement lists`,
        }),
      ),
    },
    { additionalProperties: false },
  )
}

export type ExportQuery = Static<ReturnType<typeof exportQuery>>
export type ExportFormat = 'geojson' | 'csv'
