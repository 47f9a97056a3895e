import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { hexbins, hotspots } from '../../analysis-data/hex.service.js'
import borderActivityRoutes from './border-activity.js'
import flowsRoutes from './flows.js'
import clustersRoutes from './clusters.js'
import evaluateRoutes from './evaluate.js'
import emergingRoutes from './emerging.js'
import densityRoutes from './density.js'
import { MAX_HEX_SIZE, MIN_HEX_SIZE } from '../../analysis/hexgrid.js'
import { DEFAULT_PERMUTATIONS, DEFAULT_SEED, MAX_PERMUTATIONS, MIN_PERMUTATIONS } from '../../analysis/local-g.js'
import { parseBoroughs } from '../../analysis-data/study-area.js'
import studyAreaRoutes from './study-area.js'
import { studyAreaQuery } from './schemas.js'
import { COUNTING, LEADS } from '../../auth/access.js'
import { LOCATION_KINDS } from '../../db/types.js'
import { DisclosureFields, errorResponses, GEOJSON, geojsonResponse, MonthString, referralFilters, StringEnum } from '../../schemas/common.js'

const Month = MonthString()
const Size = Type.Integer({
  minimum: MIN_HEX_SIZE,
  maximum: MAX_HEX_SIZE,
  description: 'Hex circumradius in metres (fixed-origin grid, flat-topped, origin 0,0 of EPSG:27700)',
})
const filters = referralFilters()
const Polygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))) })
const Boroughs = Type.Array(Type.Object({ code: Type.String(), share: Type.Number({ minimum: 0, maximum: 1 }) }), {
  description:
    "Share of the hexagon's area in each borough in force (exact: ST_Intersection with the boroughs' subdivided parts), largest first; sums to less than 1 at the edge of the loaded boroughs",
})
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description: 'Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients)',
})
const CLASSES = ['hot-99', 'hot-95', 'hot-90', 'cold-99', 'cold-95', 'cold-90', 'none'] as const

const HexbinsResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  size: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  k: Type.Union([Type.Integer(), Type.Null()], { description: 'The k applied; null for a lead, who sees exact counts' }),
  ...DisclosureFields,
  total: Type.Object({ count: Count, suppressed: Type.Boolean() }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Polygon,
      properties: Type.Object({ id: Type.String(), count: Count, suppressed: Type.Boolean(), boroughs: Boroughs }),
    }),
  ),
})

const StudyArea = Type.Object({
  source: StringEnum(['requested', 'working', 'scope', 'all'] as const, {
    description:
      "Why these boroughs: the boroughs parameter, the organisation's working boroughs (set by an administrator), the lead's borough scope, or every borough in force",
  }),
  boroughs: Type.Array(Type.String(), { description: 'Borough codes; the study area is every hexagon whose centre lies in one of them, empty ones included' }),
  cells: Type.Integer(),
  emptyCells: Type.Integer(),
  outside: Type.Object(
    { cells: Type.Integer(), count: Type.Integer() },
    { description: 'Counts in hexagons whose centre lies outside the study area: not analysed' },
  ),
})

const HotspotsResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  size: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  band: Type.Integer(),
  fdr: Type.Boolean(),
  inference: StringEnum(['permutation', 'analytical'] as const, {
    description: 'What the classes were decided on: conditional permutation pseudo p-values (pSim) or the normal approximation (p)',
  }),
  permutations: Type.Union([Type.Integer(), Type.Null()], { description: 'Random rearrangements per cell (null: analytical)' }),
  refinedPermutations: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'A cell fewer than 10 of whose rearrangements were as extreme gets the exact permutation probability (draws 0), so its p-value is not floored at 1/(permutations + 1); where counting it exactly is too much work, this many fresh rearrangements instead (null: analytical)',
  }),
  seed: Type.Union([Type.Integer(), Type.Null()], { description: 'Seed of the rearrangements: the same request gives the same pSim' }),
  unit: StringEnum(['referrals', 'events'] as const, {
    description: 'What a count is: distinct referrals per cell (a referral with events in two cells counts in both) or located events per cell',
  }),
  kind: Type.Union([StringEnum(LOCATION_KINDS), Type.Null()], { description: 'The one location kind counted (null: every kind)' }),
  unitDescription: Type.String({ description: 'What a count is, in words' }),
  n: Type.Integer({ description: 'Cells in the study area' }),
  studyArea: StudyArea,
  coldSpotsPossible: Type.Boolean({
    description:
      'false when no cell could be classed cold, even with an empty neighbourhood (typical when most cells are empty); the map then offers no cold classes',
  }),
  lowestColdP: Type.Number({ description: 'The lowest p-value a cold cell could reach here (an empty neighbourhood), before the FDR correction' }),
  summary: Type.String({ description: 'The study area and what was found, in plain English' }),
  groups: Type.Array(
    Type.Object({
      id: Type.Integer(),
      sign: StringEnum(['hot', 'cold'] as const),
      cells: Type.Array(Type.String()),
      count: Type.Integer(),
      peakClass: StringEnum(CLASSES),
      maxAbsZ: Type.Number({ description: 'Largest |z| of the group, rounded to 6 decimals' }),
      boroughs: Boroughs,
      crossBorder: Type.Boolean(),
    }),
  ),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      id: Type.String(),
      geometry: Polygon,
      properties: Type.Object({
        id: Type.String(),
        count: Type.Integer(),
        z: Type.Number({ description: 'Gi* z-score (analytical), rounded to 6 decimals' }),
        p: Type.Number({ description: 'Two-sided p of z under the normal approximation' }),
        pSim: Type.Union([Type.Number(), Type.Null()], {
          description: 'Folded pseudo p-value (M + 1)/(R + 1) of the conditional permutation test (null: analytical)',
        }),
        draws: Type.Union([Type.Integer(), Type.Null()], {
          description:
            'R of pSim: permutations; 0 when pSim is the exact permutation probability (an extreme cell); refinedPermutations when it was drawn again (null: analytical)',
        }),
        pAdjusted: Type.Number({
          description: 'The p-value the class was decided on (pSim, or p under analytical inference), Benjamini–Hochberg adjusted unless fdr=false',
        }),
        class: StringEnum(CLASSES),
        group: Type.Union([Type.Integer(), Type.Null()]),
        crossBorder: Type.Boolean({ description: "The cell's hotspot group covers two or more boroughs" }),
      }),
    }),
  ),
})

/** Analyses on the fixed hex grid; the work is in server/analysis-data and server/analysis. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(borderActivityRoutes)
  await app.register(flowsRoutes)
  await app.register(clustersRoutes)
  await app.register(evaluateRoutes)
  await app.register(emergingRoutes)
  await app.register(densityRoutes)
  await app.register(studyAreaRoutes)
  app.get(
    '/hexbins',
    {
      config: { access: COUNTING },
      schema: {
        tags: ['analysis'],
        summary: 'Distinct referrals per hex of the fixed-origin grid over whole months, each hex with its borough shares',
        description:
          "RFC 7946, lon/lat, 6 decimals. Leads see exact counts at any size from 100 to 1000 m and any whole-month range. Every other reader gets counts perturbed by the cell-key method (docs/disclosure.md; hexes published as 0 are left out; the total is the distinct referrals of the whole grid, perturbed on its own), only at the fixed sizes 250, 500 and 1000 m (a partner: its agreement's cell size) and for a fixed period (one month, a calendar quarter or a financial year), else 400.",
        querystring: Type.Object({ from: Month, to: Month, size: Size, ...filters }, { additionalProperties: false }),
        response: { 200: geojsonResponse(HexbinsResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => hexbins(db, actor, req.query, app.config.kAnonymity))
      return reply.type(GEOJSON).send(fc)
    },
  )

  app.get(
    '/hotspots',
    {
      // Leads only for now: Gi* z-scores on exact counts could disclose small numbers to aggregate roles.
      config: { access: LEADS },
      schema: {
        tags: ['analysis'],
        summary: 'Getis-Ord Gi* hotspots on hex counts, Benjamini–Hochberg classes, cross-border flags (leads only)',
        description:
          "Study area: every hex whose centre lies in the chosen boroughs (boroughs=…; default the organisation's working boroughs, else the lead's scope, else every borough; stated in studyArea and summary). Gi* with binary distance-band weights (the cell itself included; band in hex steps, 1 = the cell and its six neighbours); z is rounded to 6 decimals. Classes hot/cold at 90/95/99 % from Benjamini–Hochberg adjusted p-values (fdr=true, the default) of a conditional permutation test (inference=permutation, the default: each cell's own count fixed, its neighbours drawn at random from the other cells, `permutations` times with a fixed `seed`; pseudo p = (M + 1)/(R + 1)), or of the normal approximation (inference=analytical). coldSpotsPossible says whether any cell could be cold at all. docs/analysis.md explains each step. Hotspot groups are connected cells of one sign; a group is cross-border when its cells cover two or more boroughs. Features: cells with a count or a class (all=true: every study-area cell). Leads only: z-scores are computed on exact counts and could disclose small numbers to aggregate roles.",
        querystring: Type.Object(
          {
            from: Month,
            to: Month,
            size: Size,
            band: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'Distance band in hex steps' })),
            fdr: Type.Optional(Type.Boolean({ default: true, description: 'Benjamini–Hochberg correction' })),
            all: Type.Optional(Type.Boolean({ default: false, description: 'Every study-area cell, empty ones too' })),
            inference: Type.Optional(StringEnum(['permutation', 'analytical'] as const, { default: 'permutation', description: 'What decides the classes' })),
            permutations: Type.Optional(
              Type.Integer({
                minimum: MIN_PERMUTATIONS,
                maximum: MAX_PERMUTATIONS,
                default: DEFAULT_PERMUTATIONS,
                description: 'Random rearrangements per cell',
              }),
            ),
            seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, default: DEFAULT_SEED, description: 'Seed of the rearrangements' })),
            ...studyAreaQuery('cell'),
            ...filters,
          },
          { additionalProperties: false },
        ),
        response: { 200: geojsonResponse(HotspotsResponse), ...errorResponses },
      },
    },
    async (req, reply) => {
      const fc = await req.scopedRead((db, actor) => hotspots(db, actor, { ...req.query, boroughs: parseBoroughs(req.query.boroughs) }))
      return reply.type(GEOJSON).send(fc)
    },
  )
}
export default routes
