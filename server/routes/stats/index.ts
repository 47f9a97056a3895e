import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { COUNTING, POINT_READERS } from '../../auth/access.js'
import { LOCATION_KINDS } from '../../db/types.js'
import { DisclosureFields, errorResponses, GEOJSON, geojsonResponse, MonthString, referralFilters, StringEnum } from '../../schemas/common.js'
import { GEOGRAPHIES } from '../../stats/counts.repository.js'
import { counts } from '../../stats/counts.service.js'
import { generalisedPoints } from '../../stats/points.service.js'

const Month = MonthString()
const Count = Type.Integer({ minimum: 0, description: 'Distinct referrals: exact for a lead; for everyone else perturbed (0 or at least k)' })

const CountsQuery = Type.Object(
  {
    geography: StringEnum(GEOGRAPHIES, { description: 'A fixed geography: never an arbitrary polygon' }),
    from: Month,
    to: Month,
    by: Type.Optional(StringEnum(['month'] as const, { description: 'One count per area and month' })),
    ...referralFilters(),
    kind: Type.Optional(StringEnum(LOCATION_KINDS, { description: 'Only located events of this kind' })),
  },
  { additionalProperties: false },
)

const CountsResponse = Type.Object({
  geography: Type.String(),
  from: Type.String(),
  to: Type.String(),
  byMonth: Type.Boolean(),
  k: Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' }),
  ...DisclosureFields,
  cells: Type.Array(Type.Object({ area: Type.String(), month: Type.Optional(Type.String()), count: Count, suppressed: Type.Boolean() })),
  totals: Type.Object({
    count: Count,
    suppressed: Type.Boolean(),
    areas: Type.Array(Type.Object({ area: Type.String(), count: Count, suppressed: Type.Boolean() })),
    months: Type.Optional(Type.Array(Type.Object({ month: Type.String(), count: Count, suppressed: Type.Boolean() }))),
  }),
})

/** Aggregates every role may read, under the disclosure rules. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/counts',
    {
      config: { access: COUNTING },
      schema: {
        tags: ['stats'],
        summary: 'Distinct referrals per fixed area (borough, ward, LSOA, 250/500/1000 m hex) and month; perturbed for all but leads',
        description:
          "Each cell and each total (per area, per month, grand) is the number of distinct referrals with a located event in it during the period: a referral located in two areas counts in both areas but once in the total. A lead sees exact counts. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md): never a value from 1 to k−1, the same value for the same referrals through every route, and only for a fixed period — one month, a calendar quarter or a financial year (April–March) — else 400 naming from. A partner may use only the fields its agreement lists (ward, month, programme, subjectRole, ageBand, kind) and hex or LSOA geographies only at its agreement's cell size under a generalised agreement, else 403. `suppressed` is always false: nothing is withheld.",
        querystring: CountsQuery,
        response: { 200: CountsResponse, ...errorResponses },
      },
    },
    async (req) => req.scopedRead((db, actor) => counts(db, actor, req.query, app.config.kAnonymity)),
  )

  app.get(
    '/points',
    {
      config: { access: POINT_READERS },
      schema: {
        tags: ['stats'],
        summary: 'Generalised points: located events snapped to the centre of a fixed grid cell, with their distinct referrals',
        description:
          "For partners whose agreement allows generalised points (not aggregate-only ones), and for the organisation's staff. A lead gets exact counts (cells under k dropped); everyone else counts perturbed by the cell-key method (docs/disclosure.md; cells published as 0 dropped), for a fixed period (a month, a calendar quarter or a financial year). RFC 7946, lon/lat, 6 decimals.",
        querystring: Type.Object(
          {
            from: Month,
            to: Month,
            cell: Type.Optional(
              Type.Integer({
                minimum: 100,
                maximum: 5000,
                description:
                  "Cell size in metres; default 250 (a partner: its agreement's cell size, the only one it may use; a caseworker: 250 only, else 400)",
              }),
            ),
            kind: Type.Optional(StringEnum(LOCATION_KINDS)),
          },
          { additionalProperties: false },
        ),
        response: {
          200: geojsonResponse(
            Type.Object({
              type: Type.Literal('FeatureCollection'),
              attribution: Type.String(),
              cellM: Type.Integer(),
              features: Type.Array(
                Type.Object({
                  type: Type.Literal('Feature'),
                  geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Array(Type.Number()) }),
                  properties: Type.Object({ referrals: Type.Integer() }),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => generalisedPoints(db, actor, req.query))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
