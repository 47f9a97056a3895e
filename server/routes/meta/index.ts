import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { PUBLIC } from '../../auth/access.js'
import { Type } from 'typebox'
import { boroughSources } from '../../areas/areas.repository.js'
import { OGL_ATTRIBUTION } from '../../geodata/attribution.js'
import { BUNDLED_SOURCE } from '../../geodata/bundled.js'
import { FIXED_RULES } from '../../privacy/disclosure.js'
import { errorResponses } from '../../schemas/common.js'

const Meta = Type.Object({
  demo: Type.Boolean({ description: 'Embedded database with synthetic demo data' }),
  backend: Type.String(),
  attribution: Type.String(),
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  boundaries: Type.Object({
    sources: Type.Array(Type.String()),
    simplified: Type.Boolean({ description: 'True when running on the bundled simplified borough set' }),
  }),
  disclosure: Type.Object({
    k: Type.Integer({ description: 'No aggregate reader sees a count from 1 to k−1 (a partner\'s agreement may raise it)' }),
    noise: Type.Integer({ description: 'Bound D of the zero-mean noise on published counts of k and more' }),
    hexSizesM: Type.Array(Type.Integer(), { description: 'Hex sizes aggregate readers may use' }),
    borderBandsM: Type.Array(Type.Integer(), { description: 'Border bands aggregate readers may use' }),
    periods: Type.Array(Type.String(), { description: 'Periods aggregate readers may use: one calendar month, a calendar quarter, a financial year (April–March)' }),
  }, { description: 'The disclosure rules of this instance (docs/disclosure.md)' }),
})

/** What the web page needs to know about this instance. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/meta', { config: { access: PUBLIC }, schema: { tags: ['service'], summary: 'Service metadata for the web app', response: { 200: Meta, ...errorResponses } } }, async () => {
    const sources = await boroughSources(app.db)
    return {
      demo: app.config.demo,
      backend: app.backend,
      attribution: OGL_ATTRIBUTION,
      basemapStyleUrl: app.config.basemapStyleUrl ?? null,
      boundaries: { sources, simplified: sources.includes(BUNDLED_SOURCE) },
      disclosure: { k: app.config.kAnonymity, noise: app.config.disclosureNoise, ...FIXED_RULES },
    }
  })
}
export default routes
