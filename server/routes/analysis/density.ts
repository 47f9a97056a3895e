import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BANDWIDTH, CELL_SIZE, density, MAX_CELLS } from '../../analysis-data/density.service.js'
import { LEADS } from '../../auth/access.js'
import { boundedSchema } from '../../schemas/bounded.js'
import { errorResponses, GEOJSON, geojsonResponse } from '../../schemas/common.js'
import { filters, Month, Polygon } from './schemas.js'

const DensityResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  from: Type.String(),
  to: Type.String(),
  cellSize: Type.Number(),
  bandwidth: Type.Number(),
  points: Type.Integer({ description: 'Located events in the surface' }),
  grid: Type.Object(
    {
      crs: Type.Literal('EPSG:27700'),
      minX: Type.Number(),
      minY: Type.Number(),
      cols: Type.Integer(),
      rows: Type.Integer(),
    },
    {
      description:
        'Cell (i, j) spans [minX + i·cellSize, minX + (i+1)·cellSize) × [minY + j·cellSize, minY + (j+1)·cellSize) in EPSG:27700; the density is evaluated at its centre',
    },
  ),
  max: Type.Number({ description: 'Largest density of any cell, located events per km²' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'i:j' }),
      geometry: Polygon,
      properties: Type.Object({ i: Type.Integer(), j: Type.Integer(), density: Type.Number({ description: 'Located events per km² (6 significant digits)' }) }),
    }),
    { description: 'Every cell with a density above zero' },
  ),
})

/** Kernel density surface; the work is in server/analysis-data/density.* and server/analysis/kde.ts. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/density',
    {
      config: { access: LEADS, exact: true },
      schema: {
        tags: ['analysis'],
        summary: "Quartic kernel density surface of the organisation's located events on a square grid, for display (leads only)",
        description: `Every located event of the organisation's referrals (never restricted ones) observed in the whole months from–to, filtered, each weight 1, smoothed with the quartic (biweight) kernel K(d) = 3/(πh²)·(1 − d²/h²)² for d < h (h = bandwidth), evaluated at the centres of square cells of cellSize metres (EPSG:27700, aligned to multiples of cellSize) covering every point ± h; the surface integrates to the number of events. Answer: the cells with a density above zero, in located events per km², as polygons in EPSG:4326. At most ${MAX_CELLS.toLocaleString('en-GB')} grid cells per request (more: 400 naming cellSize). Leads only, and audited: a kernel surface is a smooth function of the exact coordinates — an isolated referral shows as a peak centred on its exact location whatever the bandwidth, densities are not counts that k-suppression could hide, and two surfaces with different filters can be subtracted to isolate one person; aggregate roles have hexbins and generalised points instead.`,
        querystring: Type.Object(
          {
            from: Month(),
            to: Month(),
            cellSize: Type.Optional(boundedSchema(CELL_SIZE, 'Grid cell side, metres')),
            bandwidth: Type.Optional(boundedSchema(BANDWIDTH, 'Kernel radius h, metres (at least cellSize)')),
            ...filters,
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(DensityResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scoped((db, actor) => density(db, actor, req.query))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
