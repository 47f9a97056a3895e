import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BORDER_BANDS_M, borderActivity } from '../../analysis-data/border-activity.service.js'
import { BORDER_DISTANCE } from '../../areas/border-zone.js'
import { boundedSchema } from '../../schemas/bounded.js'
import { DisclosureFields, errorResponses } from '../../schemas/common.js'
import { COUNTING, Disclosed, Month as MonthOf } from './schemas.js'

const Month = MonthOf()

const BorderActivityResponse = Type.Object({
  between: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  distanceM: Type.Number(),
  from: Type.String(),
  to: Type.String(),
  k: Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' }),
  ...DisclosureFields,
  rows: Type.Array(Type.Object({ month: Type.String(), side: Type.String(), ...Disclosed })),
  totals: Type.Object({
    ...Disclosed,
    sides: Type.Array(Type.Object({ side: Type.String(), ...Disclosed })),
    months: Type.Array(Type.Object({ month: Type.String(), ...Disclosed })),
  }),
})

/** Border activity; the work is in server/analysis-data/border-activity.*. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/border-activity',
    {
      config: { access: COUNTING },
      schema: {
        tags: ['analysis'],
        summary: 'Monthly distinct referrals within D metres of the shared border of two boroughs, on each side',
        description: `A located event counts on side X of the pair when it lies in X, its nearest other borough is the other one of the pair, and it is within \`distance\` metres of that border. Side, month and grand totals count the distinct referrals of their own set. Leads see exact counts at any distance. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md), only at the fixed bands ${BORDER_BANDS_M.join(', ')} m and for a fixed period (one month, a calendar quarter or a financial year), else 400. 404 when the two boroughs do not share a border.`,
        querystring: Type.Object(
          {
            between: Type.String({ description: 'Two borough codes, comma-separated, e.g. E09000005,E09000033' }),
            distance: Type.Optional(boundedSchema(BORDER_DISTANCE, `Metres from the border; aggregate readers: one of ${BORDER_BANDS_M.join(', ')}`)),
            from: Month,
            to: Month,
          },
          { additionalProperties: false },
        ),
        response: { 200: BorderActivityResponse, ...errorResponses },
      },
    },
    async (req) => req.scopedRead((db, actor) => borderActivity(db, actor, req.query, app.config.kAnonymity)),
  )
}
export default routes
