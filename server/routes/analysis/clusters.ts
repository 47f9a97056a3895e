import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { clusters, EPS, MIN_POINTS } from '../../analysis-data/clusters.service.js'
import { boundedSchema } from '../../schemas/bounded.js'
import { LEADS } from '../../auth/access.js'
import { errorResponses, GEOJSON, geojsonResponse } from '../../schemas/common.js'
import { AnyGeometry, filters, Month } from './schemas.js'

const ClustersResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  from: Type.String(),
  to: Type.String(),
  eps: Type.Number(),
  minPoints: Type.Integer(),
  points: Type.Integer({ description: 'Located events clustered (members and noise)' }),
  noise: Type.Integer({ description: 'Located events in no cluster' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String({ description: 'C1, C2, … by size' }),
      geometry: AnyGeometry,
      properties: Type.Object({
        id: Type.Integer({ description: '1, 2, …: most referrals first, then most located events' }),
        locations: Type.Integer({ description: 'Located events in the cluster' }),
        referrals: Type.Integer({ description: 'Distinct referrals among them' }),
        areaM2: Type.Number({ description: 'Area of the hull, m² (0 for a line or a point)' }),
        boroughs: Type.Array(Type.Object({ code: Type.String(), locations: Type.Integer() }), {
          description: 'Boroughs the members lie in, with their located events, largest first',
        }),
        crossBorder: Type.Boolean({ description: 'Members in two or more boroughs' }),
      }),
    }),
    { description: 'One feature per cluster: its convex hull (ST_ConvexHull), a Polygon, or a LineString/Point when its members are collinear or coincide' },
  ),
})

/** DBSCAN clusters of exact points; the work is in server/analysis-data/clusters.*. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clusters',
    {
      // Hulls are drawn around exact locations: leads only (the database refuses every other role too).
      config: { access: LEADS, exact: true },
      schema: {
        tags: ['analysis'],
        summary: "DBSCAN clusters of the organisation's exact located events (ST_ClusterDBSCAN), as convex hulls with sizes and boroughs (leads only)",
        description:
          "Every located event of the organisation's referrals (never restricted ones) observed in the whole months from–to, filtered, clustered by PostGIS ST_ClusterDBSCAN in EPSG:27700 with radius `eps` metres and `minPoints` (a core point has at least minPoints events within eps, itself included); border points join the cluster met first in a fixed order (coordinates, referral, date, kind). Each cluster is returned as its convex hull in EPSG:4326 with the number of located events, of distinct referrals, and the boroughs its members lie in. Leads only: hulls are drawn around exact locations (a cluster of a few events pins where they are); every request is written to the audit log.",
        querystring: Type.Object(
          {
            from: Month(),
            to: Month(),
            eps: Type.Optional(boundedSchema(EPS, 'Neighbourhood radius, metres')),
            minPoints: Type.Optional(boundedSchema(MIN_POINTS, 'Located events within eps that make a core point (itself included)')),
            ...filters,
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(ClustersResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scoped((db, actor) => clusters(db, actor, req.query))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
