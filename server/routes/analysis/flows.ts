import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { flows } from '../../analysis-data/flows.service.js'
import { DisclosureFields, errorResponses, GEOJSON, geojsonResponse } from '../../schemas/common.js'
import { COUNTING, Disclosed, filters, K, LineString, Month } from './schemas.js'

const FlowsResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  from: Type.String(),
  to: Type.String(),
  k: K,
  ...DisclosureFields,
  boroughs: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), { description: 'Every borough of the matrix, by code' }),
  matrix: Type.Object({
    cells: Type.Array(
      Type.Object({ origin: Type.String({ description: 'Home borough' }), destination: Type.String({ description: 'Incident borough' }), ...Disclosed }),
      {
        description:
          'Every origin × destination pair of the boroughs that appear, zeros included; the diagonal is referrals whose incidents are in their home borough',
      },
    ),
    origins: Type.Array(Type.Object({ code: Type.String(), ...Disclosed }), { description: "Row totals: the sum of each origin's cells" }),
    destinations: Type.Array(Type.Object({ code: Type.String(), ...Disclosed }), { description: "Column totals: the sum of each destination's cells" }),
    total: Type.Object(Disclosed, { description: 'Sum of every cell' }),
  }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'ORIGIN>DESTINATION' }),
      geometry: LineString,
      properties: Type.Object({ origin: Type.String(), originName: Type.String(), destination: Type.String(), destinationName: Type.String(), ...Disclosed }),
    }),
    {
      description:
        'One line per cross-borough pair with a flow (suppressed pairs too), from a point inside the home borough to a point inside the incident borough (ST_PointOnSurface)',
    },
  ),
})

/** Home → incident borough flows; the work is in server/analysis-data/flows.*. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/flows',
    {
      config: { access: COUNTING },
      schema: {
        tags: ['analysis'],
        summary: 'Home borough → incident borough: distinct referrals per pair, as a matrix and as map lines',
        description:
          "A referral counts in (H, D) when it has a home located in borough H recorded by the end of the period and an incident located in borough D during the whole months from–to; a referral with homes or incidents in several boroughs counts once in each pair. Origin, destination and grand totals count the distinct referrals of their own row, column or table (not sums of cells). Leads see exact counts for their organisation. Every other reader sees counts perturbed by the cell-key method (docs/disclosure.md): only boroughs in the caller's scope, never restricted referrals, victims only where an agreement allows, a fixed period (one month, a calendar quarter or a financial year) and, for a partner, only the filters its agreement lists.",
        querystring: Type.Object({ from: Month(), to: Month(), ...filters }, { additionalProperties: false }),
        response: { 200: geojsonResponse(FlowsResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => flows(db, actor, req.query, app.config.kAnonymity))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
