import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { boroughSources, boundarySets } from '../../areas/areas.repository.js'
import { GEODATA_FILES } from '../../geodata/sources.js'
import { MAX_HEX_SIZE, MIN_HEX_SIZE } from '../../analysis/hexgrid.js'
import { OGL_ATTRIBUTION } from '../../geodata/attribution.js'
import { BUNDLED_SOURCE } from '../../geodata/bundled.js'
import { FIXED_RULES } from '../../privacy/disclosure.js'
import { errorResponses } from '../../schemas/common.js'
import { basemapInfo } from '../../basemap/pmtiles.js'

const Meta = Type.Object({
  demo: Type.Boolean({ description: 'Embedded database with synthetic demo data' }),
  backend: Type.String(),
  attribution: Type.String(),
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  basemap: Type.Union(
    [
      Type.Object({
        tiles: Type.String({ description: 'Tile URL template on this service' }),
        minzoom: Type.Integer(),
        maxzoom: Type.Integer(),
        bounds: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
      }),
      Type.Null(),
    ],
    { description: 'The street basemap this service serves from its PMTiles file (BASEMAP_PMTILES); null without one' },
  ),
  boundaries: Type.Object({
    sources: Type.Array(Type.String()),
    simplified: Type.Boolean({ description: 'True when running on the bundled simplified borough set' }),
    sets: Type.Array(
      Type.Object({
        kind: Type.String(),
        source: Type.String({ description: 'The file the set was loaded from' }),
        count: Type.Integer(),
        validFrom: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'First day in force' }),
        validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'First day no longer in force (null: current)' }),
        supersededOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
          description: 'For a set the service ships: the day newer boundaries replaced it, though it is still the one loaded',
        }),
        note: Type.Union([Type.String(), Type.Null()], { description: 'What a user should know about the set, in words' }),
      }),
      { description: 'The boundary sets loaded, by kind' },
    ),
  }),
  limits: Type.Object(
    {
      borderZoneM: Type.Number({ description: 'D of border-zone activity (BORDER_ZONE_M): a location within this many metres of another borough' }),
      hexSizeM: Type.Object(
        { min: Type.Integer(), max: Type.Integer() },
        { description: 'Hex sizes a lead may choose (aggregate readers: disclosure.hexSizesM)' },
      ),
    },
    { description: 'Values the page shares with the service, so the two never disagree' },
  ),
  demoData: Type.Object(
    {
      state: Type.Union(['none', 'loading', 'loaded', 'failed'].map((s) => Type.Literal(s))),
      stage: Type.Union([Type.Literal('boundaries'), Type.Literal('referrals'), Type.Null()], {
        description: 'While loading: wards and LSOAs first, then referrals',
      }),
      loaded: Type.Integer(),
      of: Type.Integer(),
    },
    { description: 'At first start the embedded demo serves the borough map at once and loads wards, LSOAs and its synthetic referrals behind it' },
  ),
  disclosure: Type.Object(
    {
      k: Type.Integer({ description: "No aggregate reader sees a count from 1 to k−1 (a partner's agreement may raise it)" }),
      noise: Type.Integer({ description: 'Bound D of the zero-mean noise on published counts of k and more' }),
      hexSizesM: Type.Array(Type.Integer(), { description: 'Hex sizes aggregate readers may use' }),
      borderBandsM: Type.Array(Type.Integer(), { description: 'Border bands aggregate readers may use' }),
      periods: Type.Array(Type.String(), {
        description: 'Periods aggregate readers may use: one calendar month, a calendar quarter, a financial year (April–March)',
      }),
    },
    { description: 'The disclosure rules of this instance (docs/disclosure.md)' },
  ),
})

/** What the web page needs to know about this instance. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/meta',
    { config: { access: PUBLIC }, schema: { tags: ['service'], summary: 'Service metadata for the web app', response: { 200: Meta, ...errorResponses } } },
    async () => {
      const [sources, sets] = await Promise.all([boroughSources(app.db), boundarySets(app.db)])
      return {
        demo: app.config.demo,
        backend: app.backend,
        attribution: OGL_ATTRIBUTION,
        basemapStyleUrl: app.config.basemapStyleUrl ?? null,
        basemap: await basemapInfo(app.config.basemapPmtiles),
        boundaries: {
          sources,
          simplified: sources.includes(BUNDLED_SOURCE),
          sets: sets.map((set) => {
            const shipped = GEODATA_FILES.find((f) => f.file === set.source)
            return { ...set, supersededOn: shipped?.supersededOn ?? null, note: shipped?.note ?? null }
          }),
        },
        demoData: { ...app.demoLoad },
        limits: { borderZoneM: app.config.borderZoneM, hexSizeM: { min: MIN_HEX_SIZE, max: MAX_HEX_SIZE } },
        disclosure: { k: app.config.kAnonymity, noise: app.config.disclosureNoise, ...FIXED_RULES },
      }
    },
  )
}
export default routes
