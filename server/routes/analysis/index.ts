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
import { LEADS } from '../../auth/access.js'
import type { Role } from '../../auth/actor.js'
import { AGE_BANDS, SUBJECT_ROLES } from '../../db/types.js'
import { DisclosureFields, errorResponses, GEOJSON, StringEnum } from '../../schemas/common.js'

/** Every role that counts referrals (admins manage accounts, not casework). */
const COUNTING: readonly Role[] = ['lead', 'caseworker', 'commissioner', 'partner']

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'A whole month, YYYY-MM' })
const Size = Type.Integer({ minimum: MIN_HEX_SIZE, maximum: MAX_HEX_SIZE, description: 'Hex circumradius in metres (fixed-origin grid, flat-topped, origin 0,0 of EPSG:27700)' })
const filters = {
  programme: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' })),
  subjectRole: Type.Optional(StringEnum(SUBJECT_ROLES)),
  ageBand: Type.Optional(StringEnum(AGE_BANDS)),
}
const Polygon = Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))) })
const Boroughs = Type.Array(Type.Object({ code: Type.String(), share: Type.Number({ minimum: 0, maximum: 1 }) }), {
  description: 'Share of the hexagon\'s area in each borough in force (exact: ST_Intersection with the boroughs\' subdivided parts), largest first; sums to less than 1 at the edge of the loaded boroughs',
})
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Distinct referrals: exact for a lead, perturbed for everyone else; never null since the cell-key method (kept nullable for earlier clients)' })
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
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    id: Type.String(),
    geometry: Polygon,
    properties: Type.Object({ id: Type.String(), count: Count, suppressed: Type.Boolean(), boroughs: Boroughs }),
  })),
})

const HotspotsResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  attribution: Type.String(),
  size: Type.Integer(),
  from: Type.String(),
  to: Type.String(),
  band: Type.Integer(),
  fdr: Type.Boolean(),
  n: Type.Integer({ description: 'Cells in the study area' }),
  groups: Type.Array(Type.Object({
    id: Type.Integer(),
    sign: StringEnum(['hot', 'cold'] as const),
    cells: Type.Array(Type.String()),
    count: Type.Integer(),
    peakClass: StringEnum(CLASSES),
    maxAbsZ: Type.Number(),
    boroughs: Boroughs,
    crossBorder: Type.Boolean(),
  })),
  features: Type.Array(Type.Object({
    type: Type.Literal('Feature'),
    id: Type.String(),
    geometry: Polygon,
    properties: Type.Object({
      id: Type.String(),
      count: Type.Integer(),
      z: Type.Number(),
      p: Type.Number(),
      pAdjusted: Type.Number(),
      class: StringEnum(CLASSES),
      group: Type.Union([Type.Integer(), Type.Null()]),
      crossBorder: Type.Boolean({ description: 'The cell\'s hotspot group covers two or more boroughs' }),
    }),
  })),
})

/** Analyses on the fixed hex grid (issue 5); the work is in server/analysis-data and server/analysis. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(borderActivityRoutes)
  await app.register(flowsRoutes)
  await app.register(clustersRoutes)
  await app.register(evaluateRoutes)
  await app.register(emergingRoutes)
  await app.register(densityRoutes)
  app.get('/hexbins', {
    config: { access: COUNTING },
    schema: {
      tags: ['analysis'],
      summary: 'Distinct referrals per hex of the fixed-origin grid over whole months, each hex with its borough shares',
      description: 'RFC 7946, lon/lat, 6 decimals. Leads see exact counts at any size from 100 to 1000 m and any whole-month range. Every other reader gets counts perturbed by the cell-key method (docs/disclosure.md; hexes published as 0 are left out; the total is the distinct referrals of the whole grid, perturbed on its own), only at the fixed sizes 250, 500 and 1000 m (a partner: its agreement\'s cell size) and for a fixed period (one month, a calendar quarter or a financial year), else 400.',
      querystring: Type.Object({ from: Month, to: Month, size: Size, ...filters }, { additionalProperties: false }),
      response: { 200: HexbinsResponse, ...errorResponses },
    },
  }, async (req, reply) => {
    const fc = await req.scoped((db, actor) => hexbins(db, actor, req.query, app.config.kAnonymity))
    return reply.type(GEOJSON).send(fc)
  })

  app.get('/hotspots', {
    // Leads only for now: Gi* z-scores on exact counts could disclose small numbers to aggregate roles.
    config: { access: LEADS },
    schema: {
      tags: ['analysis'],
      summary: 'Getis-Ord Gi* hotspots on hex counts, Benjamini–Hochberg classes, cross-border flags (leads only)',
      description: 'Study area: every hex whose centre lies in a borough in force. Gi* with binary distance-band weights (the cell itself included; band in hex steps, 1 = the cell and its six neighbours), two-sided p, Benjamini–Hochberg adjusted p (fdr=true, the default) deciding classes hot/cold at 90/95/99 %. Hotspot groups are connected cells of one sign; a group is cross-border when its cells cover two or more boroughs. Features: cells with a count or a class (all=true: every study-area cell). Leads only: z-scores are computed on exact counts and could disclose small numbers to aggregate roles.',
      querystring: Type.Object({
        from: Month, to: Month, size: Size,
        band: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'Distance band in hex steps' })),
        fdr: Type.Optional(Type.Boolean({ default: true, description: 'Benjamini–Hochberg correction' })),
        all: Type.Optional(Type.Boolean({ default: false, description: 'Every study-area cell, empty ones too' })),
        ...filters,
      }, { additionalProperties: false }),
      response: { 200: HotspotsResponse, ...errorResponses },
    },
  }, async (req, reply) => {
    const fc = await req.scoped((db, actor) => hotspots(db, actor, req.query))
    return reply.type(GEOJSON).send(fc)
  })
}
export default routes
