import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { foldAudit } from '../audit/audit.js'

export interface AuditQuery {
  before?: number | undefined
  limit: number
  action?: string | undefined
}

/**
 * The organisation's audit entries, newest first, paged by id (row-level security scopes them too):
 * its own users' actions, and what partners read of its data and others' denied attempts at it
 * (rows whose detail names it as `owner`, migration 0022).
 */
export async function listAudit(db: Kysely<DB>, actor: Actor, q: AuditQuery) {
  // Reads recorded since the last fold are listed too (server/audit/fold.ts folds them every second).
  await foldAudit(db)
  let query = db
    .selectFrom('audit_log')
    .select(['id', 'at', 'user_id', 'organisation_id', 'role', 'action', 'detail', 'row_count', 'hash'])
    .where((eb) => eb.or([eb('organisation_id', '=', actor.organisationId), eb(sql<string>`detail->>'owner'`, '=', actor.organisationId)]))
  if (q.before !== undefined) query = query.where('id', '<', q.before)
  if (q.action) query = query.where('action', '=', q.action)
  const found = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute()
  const page = found.slice(0, q.limit)
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      at: r.at.toISOString(),
      userId: r.user_id,
      organisationId: r.organisation_id,
      role: r.role,
      action: r.action,
      detail: r.detail,
      rows: r.row_count === null ? null : Number(r.row_count),
      hash: r.hash,
    })),
    next: found.length > q.limit ? Number(page[page.length - 1]!.id) : null,
  }
}
