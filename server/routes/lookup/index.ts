import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { lookupPoint, serviceArea } from '../../areas/areas.repository.js'
import { Problem } from '../../errors/problem.js'
import { errorResponses } from '../../schemas/common.js'

const NamedCode = Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()])

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['areas'],
        summary: 'Which borough, ward, LSOA and estate hold a point, and the nearest other borough',
        querystring: Type.Object(
          {
            lon: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' }),
            lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            borough: NamedCode,
            ward: NamedCode,
            lsoa: NamedCode,
            estate: NamedCode,
            nearestBorder: Type.Union([
              Type.Object({ code: Type.String(), name: Type.String(), distanceM: Type.Number({ description: 'metres to the nearest other borough' }) }),
              Type.Null(),
            ]),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const { lon, lat } = req.query
      const area = await serviceArea(app.db)
      if (!area || lon < area[0] || lon > area[2] || lat < area[1] || lat > area[3]) {
        const where = area ? ` (${area.map((v) => v.toFixed(4)).join(', ')})` : ' (no boroughs are loaded)'
        throw new Problem(400, 'validation-failed', `lon/lat: (${lon}, ${lat}) is outside the service area, the loaded boroughs' extent plus 2 km${where}.`, [
          { field: 'lon', message: 'outside the service area' },
          { field: 'lat', message: 'outside the service area' },
        ])
      }
      return lookupPoint(app.db, lon, lat)
    },
  )
}
export default routes
