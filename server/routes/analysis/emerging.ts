import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { emerging, MAX_EMERGING_MONTHS, MIN_EMERGING_MONTHS, PATTERNS } from '../../analysis-data/emerging.service.js'
import { MAX_HEX_SIZE, MIN_HEX_SIZE } from '../../analysis/hexgrid.js'
import { LEADS } from '../../auth/access.js'
import { parseBoroughs } from '../../analysis-data/study-area.js'
import { LOCATION_KINDS } from '../../db/types.js'
import { errorResponses, GEOJSON, geojsonResponse, StringEnum } from '../../schemas/common.js'
import { filters, Month, Polygon, studyAreaQuery } from './schemas.js'

const CLASSES = ['hot-99', 'hot-95', 'hot-90', 'cold-99', 'cold-95', 'cold-90', 'none'] as const
const PatternCounts = Type.Object(
  Object.fromEntries(PATTERNS.map((p) => [p, Type.Integer()])) as Record<(typeof PATTERNS)[number], ReturnType<typeof Type.Integer>>,
)

const StudyArea = Type.Object({
  source: StringEnum(['requested', 'working', 'scope', 'all'] as const, {
    description: "Why these boroughs: the boroughs parameter, the organisation's working boroughs, the lead's borough scope, or every borough in force",
  }),
  boroughs: Type.Array(Type.String(), { description: 'Borough codes; the study area is every hexagon whose centre lies in one of them' }),
  cells: Type.Integer(),
  outside: Type.Object({ cells: Type.Integer(), count: Type.Integer() }, { description: 'Counts in hexagons outside the study area: not analysed' }),
})

const EmergingResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  from: Type.String(),
  to: Type.String(),
  size: Type.Integer(),
  band: Type.Integer(),
  fdr: Type.Boolean(),
  months: Type.Array(Type.String(), { description: 'The months of every series, oldest first (whole months only unless partial=true)' }),
  unit: StringEnum(['referrals', 'events'] as const, {
    description: 'What a count is: distinct referrals per cell and month (a referral with events in two cells counts in both) or located events',
  }),
  kind: Type.Union([StringEnum(LOCATION_KINDS), Type.Null()], { description: 'The one location kind counted (null: every kind)' }),
  partialMonth: Type.Union([Type.String(), Type.Null()], {
    description: 'The current month (London) when it falls within from–to: it holds only the days so far',
  }),
  partialIncluded: Type.Boolean({ description: 'Whether partialMonth is one of the months (partial=true)' }),
  n: Type.Integer({ description: 'Cells in the study area' }),
  studyArea: StudyArea,
  patterns: Type.Object({ hot: PatternCounts, cold: PatternCounts }, { description: 'Cells of each pattern' }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Polygon,
      properties: Type.Object({
        id: Type.String(),
        pattern: StringEnum([...PATTERNS, 'none'] as const),
        polarity: Type.Union([StringEnum(['hot', 'cold'] as const), Type.Null()], { description: 'Hot or cold in the final month; null when neither' }),
        count: Type.Integer({ description: 'Referrals summed over the months' }),
        hotMonths: Type.Integer(),
        coldMonths: Type.Integer(),
        trend: Type.Object({
          tested: Type.Boolean({
            description: 'false for a cell with no event in any month: no trend is computed (s 0, z 0, p 1, direction none) and its pattern is none',
          }),
          s: Type.Integer({ description: 'Mann–Kendall S of the monthly z series' }),
          z: Type.Number({ description: 'Mann–Kendall Z, rounded to 6 decimals' }),
          p: Type.Number({ description: 'Two-sided p' }),
          direction: StringEnum(['increasing', 'decreasing', 'none'] as const),
          senSlope: Type.Union([Type.Number(), Type.Null()], { description: "Sen's slope of z per month" }),
        }),
        counts: Type.Array(Type.Integer(), { description: 'Referrals per month, oldest first' }),
        z: Type.Array(Type.Number(), { description: 'Gi* z per month, oldest first, rounded to 6 decimals' }),
        classes: Type.Array(StringEnum(CLASSES), { description: 'Class per month, oldest first' }),
      }),
    }),
  ),
})

/** Emerging hotspots; the work is in server/analysis-data/emerging.* and server/analysis/emerging.ts. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/emerging',
    {
      // Monthly Gi* on exact counts could disclose small numbers to aggregate roles (as hotspots): leads only.
      config: { access: LEADS },
      schema: {
        tags: ['analysis'],
        summary: 'Emerging hotspots: monthly Gi* per hex plus a Mann–Kendall trend, classed new, intensifying, persistent, diminishing, sporadic (leads only)',
        description: `Study area: every hex of \`size\` metres whose centre lies in the chosen boroughs (boroughs=…; default the organisation's working boroughs, else the lead's scope, else every borough; stated in studyArea). For each whole month from–to (${MIN_EMERGING_MONTHS} to ${MAX_EMERGING_MONTHS} months), Gi* on the distinct referrals per cell (band in hex steps, the cell included), classes by Benjamini–Hochberg adjusted p (fdr=true); a cell is hot in a month at 90 % or more with z > 0, cold likewise with z < 0. Mann–Kendall on each cell's monthly z series, for cells with at least one event in the months (a cell empty throughout gets no trend and pattern none). The current month holds only its days so far: it is left out unless partial=true (partialMonth names it). Patterns (hot; cold mirrors them): new — hot in the final month only; intensifying — hot in the final month and in at least 90 % of months, z significantly increasing (MK p ≤ 0.05); persistent — the same with no significant trend; diminishing — the same with z significantly decreasing; sporadic — hot in the final month and some earlier month but under 90 %, never cold; none — anything else (including cells no longer hot in the final month). Features: cells with a pattern (all=true: every study-area cell). Leads only: z-scores are computed on exact monthly counts and could disclose small numbers to aggregate roles.`,
        querystring: Type.Object(
          {
            from: Month(),
            to: Month(),
            size: Type.Integer({ minimum: MIN_HEX_SIZE, maximum: MAX_HEX_SIZE, description: 'Hex circumradius in metres' }),
            band: Type.Optional(Type.Integer({ minimum: 1, maximum: 3, default: 1, description: 'Distance band in hex steps' })),
            fdr: Type.Optional(Type.Boolean({ default: true, description: 'Benjamini–Hochberg correction within each month' })),
            all: Type.Optional(Type.Boolean({ default: false, description: 'Every study-area cell, pattern none too' })),
            partial: Type.Optional(
              Type.Boolean({
                default: false,
                description: 'Include the current, partial month (and any later one); by default the series end at the last whole month',
              }),
            ),
            ...studyAreaQuery('cell and month'),
            ...filters,
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(EmergingResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => emerging(db, actor, { ...req.query, boroughs: parseBoroughs(req.query.boroughs) }))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
