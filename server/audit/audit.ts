import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/** Actions written to the audit log (reads of exact locations, exports, logins, admin changes). */
export type AuditAction =
  | 'login.success' | 'login.failure' | 'login.locked' | 'logout'
  | 'referrals.read' | 'referrals.list' | 'referrals.create' | 'referrals.update' | 'referrals.delete'
  | 'locations.change' | 'exclusion-zones.change' | 'imports.create' | 'exports.download'
  | 'users.create' | 'users.update' | 'agreements.create' | 'agreements.update' | 'tokens.create' | 'tokens.revoke'
  | 'retention.purge' | 'audit.verify' | 'analysis.clusters' | 'analysis.density'
  | 'areas.create' | 'areas.update' | 'areas.delete'
  | 'approvals.request' | 'approvals.approve' | 'approvals.reject' | 'approvals.withdraw'
  | 'login.throttled' | 'access.denied' | 'partner.read' | 'session.agreement' | 'tokens.reveal'
  | 'organisation.working-boroughs'

export interface AuditWho {
  userId: string | null
  organisationId: string | null
  role: string | null
}

/**
 * Appends one hash-chained row. Inside a request's scoped transaction the acting user comes from the
 * transaction's settings; `who` names them where there is none yet (sign-in).
 */
export async function audit(db: Kysely<DB>, action: AuditAction, detail: Record<string, unknown>, rows: number | null = null, who?: AuditWho): Promise<void> {
  await sql`select audit_append(${action}, ${JSON.stringify(detail)}::jsonb, ${rows}::bigint,
                                ${who?.userId ?? null}::uuid, ${who?.organisationId ?? null}::uuid, ${who?.role ?? null}::text)`.execute(db)
}

export interface AuditVerification {
  ok: boolean
  rows: number
  firstBroken?: number
}

/** Recomputes every link of the chain; names the first row that is wrong. */
export async function verifyAudit(db: Kysely<DB>): Promise<AuditVerification> {
  const { rows } = await sql<{ ok: boolean; row_count: number; first_broken: number | null }>`select * from audit_verify()`.execute(db)
  const r = rows[0]!
  return { ok: r.ok, rows: Number(r.row_count), ...(r.first_broken !== null ? { firstBroken: Number(r.first_broken) } : {}) }
}
