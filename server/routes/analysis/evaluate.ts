import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DEFAULT_EVALUATION_SIZE, DEFAULT_SHARE, evaluate } from '../../analysis-data/evaluate.service.js'
import { MAX_HEX_SIZE, MIN_HEX_SIZE } from '../../analysis/hexgrid.js'
import { LEADS } from '../../auth/access.js'
import { parseBoroughs } from '../../analysis-data/study-area.js'
import { LOCATION_KINDS } from '../../db/types.js'
import { errorResponses, GEOJSON, geojsonResponse, StringEnum } from '../../schemas/common.js'
import { filters, Month, Polygon, studyAreaQuery } from './schemas.js'

const Ratio = Type.Union([Type.Number({ minimum: 0 }), Type.Null()])
const Period = Type.Object({
  inHotspots: Type.Integer({ description: 'n: referrals (summed over cells) inside the hotspots' }),
  total: Type.Integer({ description: 'N: referrals (summed over cells) in the study area' }),
  hitRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'n/N; null when N = 0' }),
  pai: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], { description: 'Predictive accuracy index (n/N)/(a/A); null when undefined' }),
})

const StudyArea = Type.Object({
  source: StringEnum(['requested', 'working', 'scope', 'all'] as const, {
    description: "Why these boroughs: the boroughs parameter, the organisation's working boroughs, the lead's borough scope, or every borough in force",
  }),
  boroughs: Type.Array(Type.String(), { description: 'Borough codes; the study area is every hexagon whose centre lies in one of them' }),
  cells: Type.Integer(),
})

const EvaluateResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  trainFrom: Type.String(),
  trainTo: Type.String(),
  testFrom: Type.String(),
  testTo: Type.String({
    description: 'The last month of the test period used: the requested testTo, or the last whole month when that was later (partial=false)',
  }),
  partialMonth: Type.Union([Type.String(), Type.Null()], {
    description: 'The current month (London) when it falls within either period: it holds only the days so far',
  }),
  partialIncluded: Type.Boolean({ description: 'Whether partialMonth was counted (partial=true)' }),
  size: Type.Integer(),
  share: Type.Number(),
  n: Type.Integer({ description: 'Cells in the study area' }),
  studyArea: StudyArea,
  unit: StringEnum(['referrals', 'events'] as const, {
    description: 'What a count is: distinct referrals per cell (a referral with events in two cells counts in both) or located events',
  }),
  kind: Type.Union([StringEnum(LOCATION_KINDS), Type.Null()], { description: 'The one location kind counted (null: every kind)' }),
  hotspots: Type.Object({
    cells: Type.Integer(),
    areaKm2: Type.Number({ description: 'a' }),
    areaShare: Type.Union([Type.Number(), Type.Null()], { description: 'a/A (at most share)' }),
  }),
  studyAreaKm2: Type.Number({ description: 'A' }),
  training: Type.Object(Period.properties, { description: 'The same hotspots on their own training period (in-sample)' }),
  test: Type.Object(Period.properties, { description: 'The hotspots on the test period: how well they anticipated it' }),
  recaptureRate: Type.Union([Ratio], {
    description: 'Recapture rate index (n_test/n_train)/(N_test/N_train): 1 means the hotspots kept their share of referrals; null when undefined',
  }),
  ties: Type.Object(
    {
      rule: Type.String({ description: 'How cells with equal training counts are ordered' }),
      count: Type.Union([Type.Integer(), Type.Null()], { description: 'The training count of the last cell chosen (null: nothing chosen)' }),
      tiedCells: Type.Integer({ description: 'Cells with that training count' }),
      chosen: Type.Integer({ description: 'How many of them the hotspots hold' }),
      hitRate: Type.Union([Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), Type.Null()], {
        description: 'Lowest and highest test hit rate any other choice of as many tied cells would give',
      }),
      pai: Type.Union([Type.Array(Type.Number(), { minItems: 2, maxItems: 2 }), Type.Null()], {
        description: 'Lowest and highest test PAI any other choice of as many tied cells would give',
      }),
    },
    { description: 'The tie at the edge of the selection' },
  ),
  summary: Type.String({ description: 'What this means, in one or two plain-English sentences' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Polygon,
      properties: Type.Object({ id: Type.String(), training: Type.Integer(), test: Type.Integer() }),
    }),
    { description: 'The hotspot cells, with their counts in each period' },
  ),
})

/** Hotspot evaluation; the work is in server/analysis-data/evaluate.service.ts and server/analysis/evaluate*.ts. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/evaluate',
    {
      // Counts per cell are exact (a top cell of one or two referrals would be disclosed): leads only.
      config: { access: LEADS },
      schema: {
        tags: ['analysis'],
        summary:
          'How well hotspots chosen on a training period anticipated a test period: hit rate, PAI, recapture rate, and a plain-English summary (leads only)',
        description:
          "Cells: the fixed-origin hex grid of `size` metres over the study area (every cell whose centre lies in the chosen boroughs: boroughs=…, default the organisation's working boroughs; stated in studyArea). Counts: distinct referrals per cell (unit=events: located events; kind=: one location kind), over whole months, filtered. Hotspots: the cells with the most referrals in trainFrom–trainTo, taken in order while their area stays within `share` of the study area (cells with no referrals are never hotspots); cells with equal counts go by the training referrals of their six neighbours (more first), then west to east, south to north, and `ties` gives the PAI and hit rate any other choice among the tied cells would give. With N the test-period referrals (summed over cells), n those inside the hotspots, A the study area and a the hotspots' area: hit rate = n/N, PAI = (n/N)/(a/A), recapture rate index = (n_test/n_train)/(N_test/N_train). The test period must start after the training period ends. Leads only: the figures are computed on exact counts of the organisation.",
        querystring: Type.Object(
          {
            trainFrom: Month('First month of the training period, YYYY-MM'),
            trainTo: Month('Last month of the training period, YYYY-MM'),
            testFrom: Month('First month of the test period, YYYY-MM (after trainTo)'),
            testTo: Month('Last month of the test period, YYYY-MM'),
            share: Type.Optional(
              Type.Number({
                exclusiveMinimum: 0,
                maximum: 1,
                default: DEFAULT_SHARE,
                description: 'Largest share of the study area the hotspots may cover, in (0, 1]',
              }),
            ),
            size: Type.Optional(
              Type.Integer({ minimum: MIN_HEX_SIZE, maximum: MAX_HEX_SIZE, default: DEFAULT_EVALUATION_SIZE, description: 'Hex circumradius in metres' }),
            ),
            partial: Type.Optional(
              Type.Boolean({
                default: false,
                description:
                  'Count the current, partial month; by default the test period ends at the last whole month and a training period reaching the current month is refused',
              }),
            ),
            ...studyAreaQuery('cell'),
            ...filters,
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(EvaluateResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => evaluate(db, actor, { ...req.query, boroughs: parseBoroughs(req.query.boroughs) }))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
