import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { CASEWORK } from '../../auth/access.js'
import { audit } from '../../audit/audit.js'
import { HOTSPOT_MONTHS, HOTSPOT_SIZE_M, relocationCheck } from '../../relocation/relocation.service.js'
import { errorResponses, StringEnum } from '../../schemas/common.js'

const Named = Type.Object({ code: Type.String(), name: Type.String() })
const Metres = Type.Number({ minimum: 0, description: 'metres (ST_Distance in EPSG:27700, 0.1 m), 0 inside' })

const RelocationResponse = Type.Object({
  referralId: Type.String({ format: 'uuid' }),
  destination: Type.Object({ lon: Type.Number(), lat: Type.Number(), borough: Named }),
  origin: Type.Union(
    [
      Type.Object({
        kind: StringEnum(['relocation_from', 'home'] as const),
        borough: Type.Union([Named, Type.Null()], { description: 'null when the origin lies outside the loaded boroughs' }),
      }),
      Type.Null(),
    ],
    { description: 'The latest relocation_from location, else the latest home; null when the referral has neither' },
  ),
  crossesBoroughs: Type.Union([Type.Boolean(), Type.Null()], {
    description: "The destination's borough differs from the origin's; null when the origin's borough is unknown",
  }),
  exclusionZones: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), distanceM: Metres, inside: Type.Boolean() }), {
    description: 'Every exclusion zone of the client, nearest first',
  }),
  hotspots: Type.Object({
    from: Type.String(),
    to: Type.String(),
    sizeM: Type.Integer(),
    classes: Type.Array(Type.String()),
    exactCounts: Type.Boolean({ description: 'false for a caseworker: Gi* then runs on disclosure-controlled counts (cells of 1..k−1 count 0)' }),
    nearest: Type.Union([Type.Object({ cell: Type.String(), class: Type.String(), distanceM: Metres, inside: Type.Boolean() }), Type.Null()], {
      description: 'null when there is no current hotspot',
    }),
  }),
  thresholdM: Type.Number({ description: 'RELOCATION_WARN_M' }),
  warnings: Type.Array(
    Type.Object({
      code: StringEnum(['inside-exclusion-zone', 'near-exclusion-zone', 'inside-hotspot', 'near-hotspot'] as const),
      message: Type.String(),
    }),
  ),
})

/** The relocation check: POST /api/v1/relocation-check; the work is in server/relocation. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      config: { access: CASEWORK, exact: true },
      schema: {
        tags: ['referrals'],
        summary: "Check a proposed relocation destination against the client's exclusion zones and current hotspots",
        description: `For one of the reader's referrals (a lead: the organisation's; a caseworker: their own caseload — others are 404) and a destination in lon/lat: the destination's borough (400 outside the loaded boroughs); whether the move crosses boroughs, against the referral's latest relocation_from location or, without one, its latest home; the distance in metres from the destination to each of the client's exclusion zones (0 inside); and to the nearest current hotspot: a ${HOTSPOT_SIZE_M} m hex of class hot-95 or hot-99 (Getis-Ord Gi*, the cell and its six neighbours, Benjamini–Hochberg) over the last ${HOTSPOT_MONTHS} whole months before this one for a lead, and for a caseworker (whose organisation-wide counts are perturbed and come only for fixed periods) over the last complete calendar quarter. A warning is given for each zone or hotspot the destination is inside or closer to than RELOCATION_WARN_M metres (the answer's thresholdM). The check reads exact locations and is audited (referrals.read).`,
        body: Type.Object(
          {
            referralId: Type.String({ format: 'uuid' }),
            destination: Type.Object(
              {
                lon: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' }),
                lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' }),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: RelocationResponse, ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db, actor) => {
        const result = await relocationCheck(db, actor, req.body, { thresholdM: app.config.relocationWarnM })
        await audit(db, 'referrals.read', { referral: result.referralId, relocationCheck: true, destinationBorough: result.destination.borough.code }, 1)
        return result
      }),
  )
}
export default routes
