import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'

/** Actions written to the audit log (reads of exact locations, exports, logins, admin changes). */
export type AuditAction =
  | 'login.success'
  | 'login.failure'
  | 'login.locked'
  | 'logout'
  | 'referrals.read'
  | 'referrals.list'
  | 'referrals.create'
  | 'referrals.update'
  | 'referrals.delete'
  | 'locations.change'
  | 'exclusion-zones.change'
  | 'imports.create'
  | 'exports.download'
  | 'users.create'
  | 'users.update'
  | 'agreements.create'
  | 'agreements.update'
  | 'tokens.create'
  | 'tokens.revoke'
  | 'retention.purge'
  | 'audit.verify'
  | 'analysis.clusters'
  | 'analysis.density'
  | 'areas.create'
  | 'areas.update'
  | 'areas.delete'
  | 'approvals.request'
  | 'approvals.approve'
  | 'approvals.reject'
  | 'approvals.withdraw'
  | 'login.throttled'
  | 'access.denied'
  | 'partner.read'
  | 'session.agreement'
  | 'tokens.reveal'
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

/**
 * Records a read (an exact tile) in the request's own transaction without the chain's lock: an
 * append-only pending record (migration 0023), durable when the transaction commits, folded into the
 * chain in order by `foldAudit`. For reads many requests make at once; everything else uses `audit`.
 */
export async function recordRead(db: Kysely<DB>, action: AuditAction, detail: Record<string, unknown>, rows: number | null): Promise<void> {
  await sql`select audit_record(${action}, ${JSON.stringify(detail)}::jsonb, ${rows}::bigint)`.execute(db)
}

/** Moves committed pending records into the hash chain, oldest first; returns how many. */
export async function foldAudit(db: Kysely<DB>, max = 10_000): Promise<number> {
  const { rows } = await sql<{ n: number }>`select audit_fold(${max}::integer) as n`.execute(db)
  return Number(rows[0]?.n ?? 0)
}

export interface AuditVerification {
  ok: boolean
  rows: number
  firstBroken?: number
  /** Read records not folded into the chain yet: how many, and the first whose content no longer matches its hash. */
  pending: { rows: number; firstBroken?: number }
}

type VerifyRow = { ok: boolean; row_count: number; first_broken: number | null }

/** Recomputes every link of the chain and every pending record's hash; names the first row that is wrong. */
export async function verifyAudit(db: Kysely<DB>): Promise<AuditVerification> {
  const { rows } = await sql<VerifyRow>`select * from audit_verify()`.execute(db)
  const { rows: p } = await sql<VerifyRow>`select * from audit_pending_verify()`.execute(db)
  const r = rows[0]!
  const q = p[0]!
  return {
    ok: r.ok && q.ok,
    rows: Number(r.row_count),
    ...(r.first_broken !== null ? { firstBroken: Number(r.first_broken) } : {}),
    pending: { rows: Number(q.row_count), ...(q.first_broken !== null ? { firstBroken: Number(q.first_broken) } : {}) },
  }
}
