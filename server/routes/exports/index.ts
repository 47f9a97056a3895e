import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { POINT_READERS } from '../../auth/access.js'
import { sendExport } from '../../exports/audited-export.js'
import { exportQuery } from '../../exports/export.schemas.js'
import { errorResponses, GEOJSON, mediaResponse } from '../../schemas/common.js'

/**
 * Who may export records: casework roles (exact, their own scope) and partners (generalised, under
 * their agreement). Commissioners are an aggregate role: they read suppressed counts (stats, funding
 * report), never records, so a record-level export is refused (403); admins see no referral data.
 */
/** Exports are points: the same readers as the points tiles. */
export const EXPORTERS = POINT_READERS

const description =
  'Streamed from a database cursor (memory stays flat however many features leave). Leads: every located event of ' +
  "their organisation's referrals, exact; caseworkers: those of their caseload; partners: generalised cells (centre of a cell of " +
  "the agreement's fixed size, with the distinct referrals perturbed by the cell-key method — docs/disclosure.md — and cells " +
  'published as 0 left out) under their agreement: the fields and filters it lists, and a fixed period of observation (from = the ' +
  'first day and to = the last day of one month, a calendar quarter or a financial year). Restricted referrals are never exported. Every export is audited (exports.download) with its row count.'

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const querystring = exportQuery(app.config.referralsPage)
  const D = app.config.borderZoneM

  app.get(
    '/referrals.geojson',
    {
      config: { access: EXPORTERS, exact: true, auditsPartnerReads: true },
      schema: {
        tags: ['exports'],
        summary: 'Referral locations as an RFC 7946 FeatureCollection (lon/lat, 6 decimals, attribution as a foreign member)',
        description,
        querystring,
        response: { 200: mediaResponse(GEOJSON, 'An RFC 7946 FeatureCollection'), ...errorResponses },
      },
    },
    (req, reply) => sendExport(req, reply, req.query, 'geojson', D),
  )

  app.get(
    '/referrals.csv',
    {
      config: { access: EXPORTERS, exact: true, auditsPartnerReads: true },
      schema: {
        tags: ['exports'],
        summary: 'Referral locations as CSV (id, lon, lat with 6 decimals, then the fields the caller may see)',
        description,
        querystring,
        response: { 200: mediaResponse('text/csv', 'A CSV table with a header row'), ...errorResponses },
      },
    },
    (req, reply) => sendExport(req, reply, req.query, 'csv', D),
  )
}
export default routes
