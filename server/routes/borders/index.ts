import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { BORDER_DISTANCE, borderZoneText, noSharedBorder } from '../../areas/border-zone.js'
import { getBorder, listBorders, type BorderRow } from '../../areas/borders.repository.js'
import { invalid } from '../../errors/problem.js'
import { featureCollectionText, featureText } from '../../geojson/write.js'
import { boundedSchema } from '../../schemas/bounded.js'
import { errorResponses, Feature, FeatureCollection, GEOJSON, geojsonResponse, NOT_MODIFIED, DetailSchema } from '../../schemas/common.js'
import { publicVersioned } from '../../cache/versioned.js'
import { sendPublic } from '../../cache/public-http.js'

const CODE = '[A-Za-z0-9_-]{1,32}'
const Between = Type.String({ pattern: `^${CODE},${CODE}$`, description: 'two borough codes, e.g. E09000005,E09000033' })

const BorderProperties = Type.Object({
  between: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  names: Type.Array(Type.String(), { minItems: 2, maxItems: 2 }),
  lengthM: Type.Number({ description: 'length of the shared line in metres' }),
})

const ZoneSideProperties = Type.Object({
  side: Type.Union([Type.Literal(0), Type.Literal(1)], { description: '0 for the first borough of `between`, 1 for the second' }),
  code: Type.String(),
  name: Type.String(),
  label: Type.String({ description: 'e.g. "Brent side"' }),
})

const toFeature = (b: BorderRow) =>
  featureText(`${b.boroughA}|${b.boroughB}`, b.geometry, {
    between: [b.boroughA, b.boroughB],
    names: [b.nameA, b.nameB],
    lengthM: Math.round(b.lengthM * 10) / 10,
  })

/** The two codes of `between`, or a 400 when they are the same. */
function pairOf(between: string): [string, string] {
  const [a, b] = between.split(',') as [string, string]
  if (a === b) throw invalid('between', 'must name two different boroughs')
  return [a, b]
}

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
            between: Type.Optional(Between),
            borough: Type.Optional(Type.String({ pattern: `^${CODE}$`, description: 'only the borders of this borough' })),
            detail: Type.Optional(DetailSchema),
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(Type.Union([Feature(BorderProperties), FeatureCollection(BorderProperties)])), 304: NOT_MODIFIED, ...errorResponses },
      },
    },
    async (req, reply) => {
      const { between, borough } = req.query
      const detail = req.query.detail ?? 'full'
      if (between !== undefined) {
        if (borough !== undefined) throw invalid('borough', 'cannot be combined with between')
        if (detail !== 'full') throw invalid('detail', 'applies to the list of borders, not to one pair (whose line is always in full)')
        const [a, b] = pairOf(between)
        const border = await getBorder(app.db, a, b)
        if (!border) throw noSharedBorder(a, b)
        return sendPublic(req, reply, GEOJSON, toFeature(border))
      }
      // Kept per boundary data version: every page load draws the shared borders.
      const text = await publicVersioned(app.db, 'borders', { borough, detail }, async () =>
        featureCollectionText((await listBorders(app.db, borough, detail)).map(toFeature)),
      )
      return sendPublic(req, reply, GEOJSON, text)
    },
  )

  app.get(
    '/zone',
    {
      config: { access: PUBLIC },
      schema: {
        tags: ['borders'],
        summary: 'The border zone of two boroughs: the land within `distance` metres of their shared border, one feature per side',
        description:
          'Cut by the database in EPSG:27700: the shared border buffered by `distance`, intersected with each of the two boroughs. Side 0 is the first borough of `between`. 404 when the two do not share a border.',
        querystring: Type.Object(
          { between: Between, distance: Type.Optional(boundedSchema(BORDER_DISTANCE, 'Metres from the border')) },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(FeatureCollection(ZoneSideProperties)), 304: NOT_MODIFIED, ...errorResponses },
      },
    },
    async (req, reply) => {
      const [a, b] = pairOf(req.query.between)
      return sendPublic(req, reply, GEOJSON, await borderZoneText(app.db, a, b, req.query.distance))
    },
  )
}
export default routes
