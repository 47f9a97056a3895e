import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { getBorder, listBorders, type BorderRow } from '../../areas/borders.repository.js'
import { invalid, Problem } from '../../errors/problem.js'
import { featureCollectionText, featureText } from '../../geojson/write.js'
import { errorResponses, Feature, FeatureCollection, GEOJSON } from '../../schemas/common.js'

const CODE = '[A-Za-z0-9_-]{1,32}'

const BorderProperties = Type.Object({
  between: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  names: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  lengthM: Type.Number({ description: 'length of the shared line in metres' }),
})

const toFeature = (b: BorderRow) =>
  featureText(`${b.boroughA}|${b.boroughB}`, b.geometry, {
    between: [b.boroughA, b.boroughB],
    names: [b.nameA, b.nameB],
    lengthM: Math.round(b.lengthM * 10) / 10,
  })

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['borders'],
        summary: 'Shared borders: one pair as a Feature (`between=A,B`), or all of them as a FeatureCollection',
        querystring: Type.Object(
          {
            between: Type.Optional(Type.String({ pattern: `^${CODE},${CODE}$`, description: 'two borough codes, e.g. E09000005,E09000033' })),
            borough: Type.Optional(Type.String({ pattern: `^${CODE}$`, description: 'only the borders of this borough' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([Feature(BorderProperties), FeatureCollection(BorderProperties)]), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { between, borough } = req.query
      if (between !== undefined) {
        if (borough !== undefined) throw invalid('borough', 'cannot be combined with between')
        const [a, b] = between.split(',') as [string, string]
        if (a === b) throw invalid('between', 'must name two different boroughs')
        const border = await getBorder(app.db, a, b)
        if (!border) throw new Problem(404, 'not-found', `Boroughs ${a} and ${b} do not share a border (or are not loaded).`)
        return reply.type(GEOJSON).send(toFeature(border))
      }
      const borders = await listBorders(app.db, borough)
      return reply.type(GEOJSON).send(featureCollectionText(borders.map(toFeature)))
    },
  )
}
export default routes
