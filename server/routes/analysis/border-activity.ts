import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { borderActivity, DEFAULT_BORDER_DISTANCE, MAX_BORDER_DISTANCE, MIN_BORDER_DISTANCE } from '../../analysis-data/border-activity.service.js'
import type { Role } from '../../auth/actor.js'
import { errorResponses } from '../../schemas/common.js'

/** Every role that counts referrals (admins manage accounts, not casework). */
const COUNTING: readonly Role[] = ['lead', 'caseworker', 'commissioner', 'partner']

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'A whole month, YYYY-MM' })
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'null when suppressed' })
const Disclosed = { count: Count, suppressed: Type.Boolean() }

const BorderActivityResponse = Type.Object({
  between: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  distanceM: Type.Number(),
  from: Type.String(),
  to: Type.String(),
  k: Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' }),
  rows: Type.Array(Type.Object({ month: Type.String(), side: Type.String(), ...Disclosed })),
  totals: Type.Object({
    ...Disclosed,
    sides: Type.Array(Type.Object({ side: Type.String(), ...Disclosed })),
    months: Type.Array(Type.Object({ month: Type.String(), ...Disclosed })),
  }),
})

/** Border activity (issue 5); the work is in server/analysis-data/border-activity.*. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/border-activity', {
    config: { access: COUNTING },
    schema: {
      tags: ['analysis'],
      summary: 'Monthly distinct referrals within D metres of the shared border of two boroughs, on each side',
      description: 'A located event counts on side X of the pair when it lies in X, its nearest other borough is the other one of the pair, and it is within `distance` metres of that border. Leads see exact counts. For every other role the database counts (analysis_border_activity) and nulls counts from 1 to k−1; the service then applies secondary suppression to the side × month table and its totals. 404 when the two boroughs do not share a border.',
      querystring: Type.Object({
        between: Type.String({ description: 'Two borough codes, comma-separated, e.g. E09000005,E09000033' }),
        distance: Type.Optional(Type.Integer({ minimum: MIN_BORDER_DISTANCE, maximum: MAX_BORDER_DISTANCE, default: DEFAULT_BORDER_DISTANCE, description: 'Metres from the border' })),
        from: Month,
        to: Month,
      }, { additionalProperties: false }),
      response: { 200: BorderActivityResponse, ...errorResponses },
    },
  }, async (req) => req.scoped((db, actor) => borderActivity(db, actor, req.query, app.config.kAnonymity)))
}
export default routes
