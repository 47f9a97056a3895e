import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { boroughsInForce, setWorkingBoroughs, workingBoroughs } from '../../analysis-data/study-area.js'
import { audit } from '../../audit/audit.js'
import { ADMINS } from '../../auth/access.js'
import type { Role } from '../../auth/actor.js'
import { errorResponses } from '../../schemas/common.js'

/** Leads read the setting (it is the default study area of their analyses, shown on the map); admins set it. */
const READERS: readonly Role[] = ['lead', 'admin']

const Setting = Type.Object({
  workingBoroughs: Type.Union([Type.Array(Type.Object({ code: Type.String(), name: Type.String() })), Type.Null()], {
    description: "The organisation's working boroughs: the default study area of hot spots, emerging hot spots and evaluation (null: every borough in force)",
  }),
})

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const read = async (db: Parameters<typeof workingBoroughs>[0]) => {
    const codes = await workingBoroughs(db)
    if (codes === null) return { workingBoroughs: null }
    const names = await boroughsInForce(db)
    return { workingBoroughs: codes.map((code) => ({ code, name: names.get(code) ?? code })) }
  }

  app.get(
    '/study-area',
    {
      config: { access: READERS },
      schema: {
        tags: ['analysis'],
        summary: "The organisation's working boroughs, the default study area of the hot-spot analyses",
        response: { 200: Setting, ...errorResponses },
      },
    },
    async (req) => req.scoped((db) => read(db)),
  )

  app.put(
    '/study-area',
    {
      config: { access: ADMINS },
      schema: {
        tags: ['admin'],
        summary: "Set the organisation's working boroughs (administrators; an empty list means every borough)",
        body: Type.Object({ boroughs: Type.Array(Type.String({ pattern: '^[A-Z][0-9]{8}$' }), { maxItems: 100 }) }, { additionalProperties: false }),
        response: { 200: Setting, ...errorResponses },
      },
    },
    async (req) =>
      req.scoped(async (db) => {
        const codes = await setWorkingBoroughs(db, req.body.boroughs)
        await audit(db, 'organisation.working-boroughs', { boroughs: codes })
        return read(db)
      }),
  )
}
export default routes
