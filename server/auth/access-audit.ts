import type { FastifyInstance, FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { audit } from '../audit/audit.js'
import { withActor } from '../db/scoped.js'
import { collectionById } from '../ogc/collections.js'

const GUARDED = /^\/(api|tiles|ogc)(\/|$)/

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route writes its own audit rows, naming the data owner for a partner (exports: they stream
     * from a transaction that holds the connection — on embedded PGlite the only one — until the last
     * byte, so a second transaction here, before the body is sent, would wait for it forever).
     */
    auditsPartnerReads?: boolean
  }
}
/** Routes a partner calls about their own session, not the owner's data. */
const NOT_DATA = new Set(['/api/v1/me', '/api/v1/session', '/api/v1/session/agreement'])

/** Ids named in the route's parameters (the target of a denied attempt). */
function targets(req: FastifyRequest): Record<string, string> {
  const params = (req.params ?? {}) as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(params)
      .filter(([, v]) => typeof v === 'string')
      .map(([k, v]) => [k, String(v).slice(0, 200)]),
  )
}

/** A successful read of the data owner's data by a partner (session or token)? */
function isPartnerRead(req: FastifyRequest, status: number): boolean {
  if (req.actor?.role !== 'partner' || status < 200 || status > 299 || req.method !== 'GET') return false
  if (req.routeOptions.config?.auditsPartnerReads) return false
  const route = req.routeOptions.url ?? ''
  if (NOT_DATA.has(route)) return false
  if (req.routeOptions.config?.access !== 'public') return true
  // OGC API routes are public for the boundary layers; the referral and count layers are the owner's data.
  const id = (req.params as { collectionId?: string } | undefined)?.collectionId
  return route.startsWith('/ogc/collections/:collectionId') && id !== undefined && collectionById(id)?.public === false
}

/**
 * The audit trail of access:
 * - every successful read or export by a partner (signed in or with a token) is audited as
 *   `partner.read` with `owner` = the organisation whose data it is (the agreement's), so the data
 *   owner's admins see it in their audit log (the audit policy of migration 0022);
 * - every 403 or 404 answered to a signed-in caller on an API, tile or OGC route is audited as
 *   `access.denied` with the route and the ids it named; a referral of another organisation also
 *   names that organisation as `owner`, so its admins see the attempt too.
 * Written before the answer is sent (onSend): a partner read that cannot be audited is not answered.
 */
export function registerAccessAudit(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    const actor = req.actor
    if (!actor || !GUARDED.test(req.url) || req.routeOptions.config?.access === undefined) return payload
    const status = reply.statusCode
    const route = req.routeOptions.url ?? ''
    const path = req.url.split('?')[0]!
    if (isPartnerRead(req, status)) {
      await withActor(app.db, actor, async (db) => {
        const {
          rows: [a],
        } = await sql<{ id: string; organisation_id: string }>`select id, organisation_id from current_agreement()`.execute(db)
        await audit(db, 'partner.read', {
          owner: a?.organisation_id ?? null,
          agreement: a?.id ?? null,
          via: req.credential?.kind ?? null,
          method: req.method,
          route,
          path,
          status,
        })
      })
      return payload
    }
    if (status === 403 || status === 404) {
      try {
        await withActor(app.db, actor, async (db) => {
          const named = targets(req)
          let owner: string | null = null
          if (route.startsWith('/api/v1/referrals/:id') && named.id && /^[0-9a-f-]{36}$/i.test(named.id)) {
            const {
              rows: [o],
            } = await sql<{ owner: string | null }>`select referral_owner(${named.id}::uuid) as owner`.execute(db)
            if (o?.owner && o.owner !== actor.organisationId) owner = o.owner
          }
          await audit(db, 'access.denied', { method: req.method, route, path, status, target: named, ...(owner ? { owner } : {}) })
        })
      } catch (err) {
        req.log.error({ err }, 'could not audit a denied request')
      }
    }
    return payload
  })
}
