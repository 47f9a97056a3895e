import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { newSecret, secretHash, TOKEN_PREFIX } from '../auth/tokens.js'
import type { DB } from '../db/types.js'
import { notFound, Problem } from '../errors/problem.js'
import type { ApprovalKind, ApprovalRequest } from './admin.schemas.js'

/**
 * Second-person approval of the four grants (migration 0022): a casework or admin role, a wider
 * borough scope, a new or wider data-sharing agreement, a partner token. One admin requests; another
 * admin of the same organisation approves (the database applies the change in the same
 * transaction) or rejects; the requester may withdraw. Nobody decides their own request — the
 * database function refuses it, and a constraint refuses such a row even to the owner.
 */

interface Row {
  id: string
  kind: ApprovalKind
  status: ApprovalRequest['status']
  summary: string
  target_id: string | null
  payload: unknown
  requested_by: string
  requester_name: string | null
  requested_at: Date
  decided_by: string | null
  decider_name: string | null
  decided_at: Date | null
  reason: string | null
  result_id: string | null
  token_revealed_at: Date | null
}

const toRequest = (r: Row, actor: Actor): ApprovalRequest => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  summary: r.summary,
  targetId: r.target_id,
  change: r.payload,
  requestedBy: { id: r.requested_by, displayName: r.requester_name ?? '(deleted user)' },
  requestedAt: r.requested_at.toISOString(),
  decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decider_name ?? '(deleted user)' } : null,
  decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  reason: r.reason,
  resultId: r.result_id,
  mine: r.requested_by === actor.userId,
  tokenRevealed: r.kind === 'token.create' && r.status === 'approved' ? r.token_revealed_at !== null : null,
})

async function rows(db: Kysely<DB>, actor: Actor, where: { id?: string; status?: string | undefined; limit?: number }): Promise<Row[]> {
  const { rows: found } = await sql<Row>`
    select r.id, r.kind, r.status, r.summary, r.target_id, r.payload, r.requested_by, q.display_name as requester_name, r.requested_at,
           r.decided_by, d.display_name as decider_name, r.decided_at, r.reason, r.result_id, r.token_revealed_at
    from approval_requests r
    left join users q on q.id = r.requested_by
    left join users d on d.id = r.decided_by
    where r.organisation_id = ${actor.organisationId}
      ${where.id ? sql`and r.id = ${where.id}` : sql``}
      ${where.status ? sql`and r.status = ${where.status}` : sql``}
    order by (r.status = 'pending') desc, r.requested_at desc
    limit ${where.limit ?? 100}`.execute(db)
  return found
}

export async function listApprovals(db: Kysely<DB>, actor: Actor, q: { status?: string | undefined; limit?: number | undefined }): Promise<ApprovalRequest[]> {
  return (await rows(db, actor, { status: q.status, limit: q.limit ?? 100 })).map((r) => toRequest(r, actor))
}

export async function getApproval(db: Kysely<DB>, actor: Actor, id: string): Promise<ApprovalRequest> {
  const [r] = await rows(db, actor, { id })
  if (!r) throw notFound(`Approval request ${id}`)
  return toRequest(r, actor)
}

export interface NewRequest {
  kind: ApprovalKind
  targetId: string | null
  /** The change as it will be applied; never a secret. */
  change: Record<string, unknown>
  summary: string
  /** user.create only: the argon2id hash of the initial password (never shown, never listed). */
  passwordHash?: string
}

/** Records a pending request of the acting admin (row-level security checks who and where). */
export async function requestApproval(db: Kysely<DB>, actor: Actor, req: NewRequest): Promise<ApprovalRequest> {
  if (!actor.userId) throw new Problem(403, 'forbidden', 'Only a signed-in admin makes requests.')
  const {
    rows: [made],
  } = await sql<{ id: string }>`
    insert into approval_requests (organisation_id, kind, target_id, payload, summary, password_hash, requested_by)
    values (${actor.organisationId}::uuid, ${req.kind}, ${req.targetId}::uuid, ${JSON.stringify(req.change)}::jsonb, ${req.summary.slice(0, 1000)},
            ${req.passwordHash ?? null}, ${actor.userId}::uuid)
    returning id`.execute(db)
  return getApproval(db, actor, made!.id)
}

/** The database's refusals, as problems. */
function decisionProblem(err: unknown, id: string): unknown {
  const e = err as { code?: string; message?: string }
  if (e.code === '42501') {
    const own = /own request|only the requester/.test(e.message ?? '')
    return new Problem(
      403,
      own ? 'own-request' : 'forbidden',
      own
        ? /only the requester/.test(e.message ?? '')
          ? 'Only the admin who made this request may do that.'
          : 'Nobody approves or rejects their own request: another admin of your organisation must decide it.'
        : 'Your role may not decide approval requests.',
    )
  }
  if (e.code === 'P0002') return notFound(`Approval request ${id}`)
  if (e.code === '55000') return new Problem(409, 'not-pending', `The request cannot be decided: ${e.message ?? 'it is not pending'}.`)
  if (e.code === '23505') return new Problem(409, 'conflict', 'Approving would create a duplicate (an account with that email exists now).')
  return err
}

/** Approves a pending request of another admin: the database applies the change in this transaction. */
export async function approve(db: Kysely<DB>, actor: Actor, id: string): Promise<ApprovalRequest> {
  await sql`select approval_decide(${id}::uuid, true, null)`.execute(db).catch((err: unknown) => {
    throw decisionProblem(err, id)
  })
  return getApproval(db, actor, id)
}

export async function reject(db: Kysely<DB>, actor: Actor, id: string, reason: string | null): Promise<ApprovalRequest> {
  await sql`select approval_decide(${id}::uuid, false, ${reason})`.execute(db).catch((err: unknown) => {
    throw decisionProblem(err, id)
  })
  return getApproval(db, actor, id)
}

export async function withdraw(db: Kysely<DB>, actor: Actor, id: string): Promise<ApprovalRequest> {
  await sql`select approval_withdraw(${id}::uuid)`.execute(db).catch((err: unknown) => {
    throw decisionProblem(err, id)
  })
  return getApproval(db, actor, id)
}

/**
 * The secret of an approved token, once, to the admin who requested it: generated now, only its
 * SHA-256 stored. Until this call the token holds a placeholder that no secret matches.
 */
export async function revealToken(db: Kysely<DB>, id: string) {
  const token = newSecret(TOKEN_PREFIX)
  const {
    rows: [t],
  } = await sql<{ token_id: string; agreement_id: string; name: string; created_at: Date; expires_at: Date }>`
    select * from approval_reveal_token(${id}::uuid, ${secretHash(token)})`
    .execute(db)
    .catch((err: unknown) => {
      throw decisionProblem(err, id)
    })
  if (!t) throw new Problem(409, 'not-pending', 'The token of this request has been revoked.')
  return {
    id: t.token_id,
    agreementId: t.agreement_id,
    name: t.name,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at.toISOString(),
    revokedAt: null,
    token,
  }
}
