import { sql, type Kysely } from 'kysely'
import { createUser } from '../auth/accounts.repository.js'
import type { Actor, Role } from '../auth/actor.js'
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js'
import type { DB } from '../db/types.js'
import { invalid, notFound, Problem } from '../errors/problem.js'
import type { ApprovalRequest, User, UserInput, UserPatch } from './admin.schemas.js'
import { requestApproval } from './approvals.service.js'

/** Roles whose grant needs a second admin's approval: casework (reads referrals) and admin (approves grants). */
export const APPROVED_ROLES: readonly Role[] = ['lead', 'caseworker', 'admin']

/** True when `next` is a wider borough scope than `current` (null = every borough). */
export function widensBoroughs(current: string[] | null, next: string[] | null): boolean {
  if (current === null) return false
  if (next === null) return true
  return next.some((b) => !current.includes(b))
}

const scopeText = (b: string[] | null) => (b ? b.join(', ') : 'every borough')

const columns = ['id', 'email', 'display_name', 'role', 'boroughs', 'disabled', 'locked_until'] as const

function toUser(u: {
  id: string
  email: string
  display_name: string
  role: User['role']
  boroughs: string[] | null
  disabled: boolean
  locked_until: Date | null
}): User {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    boroughs: u.boroughs,
    disabled: u.disabled,
    lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
  }
}

/** Users of the admin's organisation (row-level security scopes it too). */
export async function listUsers(db: Kysely<DB>, actor: Actor): Promise<User[]> {
  const rows = await db.selectFrom('users').select(columns).where('organisation_id', '=', actor.organisationId).orderBy('email').execute()
  return rows.map(toUser)
}

const emailTaken = (email: string) => new Problem(409, 'conflict', `A user with email ${email} exists.`, [{ field: 'email', message: 'is already used' }])

/**
 * A new user: a commissioner or partner at once; a lead, caseworker or admin as a request another
 * admin approves (the password's hash waits in the request, never shown).
 */
export async function addUser(db: Kysely<DB>, actor: Actor, input: UserInput): Promise<{ user: User } | { request: ApprovalRequest }> {
  const scoped = input.role === 'commissioner' || input.role === 'partner'
  if (!scoped && input.boroughs) throw invalid('boroughs', 'only commissioners and partners are scoped to boroughs')
  const email = input.email.trim().toLowerCase()
  if (APPROVED_ROLES.includes(input.role)) {
    if (input.password.length < MIN_PASSWORD_LENGTH) throw invalid('password', `must be at least ${MIN_PASSWORD_LENGTH} characters`)
    const { rows } = await sql<{ taken: boolean }>`
      select exists (select 1 from auth_user_for_login(${email}))
          or exists (select 1 from approval_requests where organisation_id = ${actor.organisationId} and kind = 'user.create'
                       and status = 'pending' and payload->>'email' = ${email}) as taken`.execute(db)
    if (rows[0]?.taken) throw emailTaken(email)
    const request = await requestApproval(db, actor, {
      kind: 'user.create',
      targetId: null,
      change: { email, displayName: input.displayName, role: input.role, boroughs: null },
      summary: `Create ${input.displayName} (${email}) as ${input.role}`,
      passwordHash: await hashPassword(input.password),
    })
    return { request }
  }
  return { user: await createScopedUser(db, actor, input) }
}

async function createScopedUser(db: Kysely<DB>, actor: Actor, input: UserInput): Promise<User> {
  const id = await createUser(db, {
    organisationId: actor.organisationId,
    email: input.email,
    displayName: input.displayName,
    role: input.role,
    password: input.password,
    boroughs: input.boroughs ?? null,
  }).catch((err: unknown) => {
    if ((err as { code?: string }).code === '23505') throw emailTaken(input.email)
    throw err
  })
  return toUser(await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow())
}

/**
 * Changes a user. Granting a casework or admin role, or widening a borough scope, becomes a request
 * another admin approves (202); the rest of the patch (name, disabled, unlock) and every narrowing
 * apply at once.
 */
export async function changeUser(db: Kysely<DB>, actor: Actor, id: string, patch: UserPatch): Promise<{ user: User; request?: ApprovalRequest }> {
  const current = await db.selectFrom('users').select(columns).where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst()
  if (!current) throw notFound(`User ${id}`)
  const role = patch.role ?? current.role
  const boroughs = patch.boroughs !== undefined ? patch.boroughs : current.boroughs
  const scoped = role === 'commissioner' || role === 'partner'
  if (!scoped && boroughs) throw invalid('boroughs', `a ${role} is not scoped to boroughs (send boroughs: null)`)
  if (id === actor.userId && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
    throw new Problem(409, 'conflict', 'An admin cannot disable or demote themselves.')
  }
  const nextBoroughs = scoped ? boroughs : null
  const grantsRole = role !== current.role && APPROVED_ROLES.includes(role)
  const needsApproval = grantsRole || widensBoroughs(current.boroughs, nextBoroughs)
  let request: ApprovalRequest | undefined
  if (needsApproval) {
    const what = [
      grantsRole ? `the ${role} role` : '',
      widensBoroughs(current.boroughs, nextBoroughs) ? `borough scope ${scopeText(nextBoroughs)} (was ${scopeText(current.boroughs)})` : '',
    ]
      .filter(Boolean)
      .join(' and ')
    request = await requestApproval(db, actor, {
      kind: 'user.change',
      targetId: id,
      change: { role, boroughs: nextBoroughs, was: { role: current.role, boroughs: current.boroughs } },
      summary: `Give ${current.display_name} (${current.email}) ${what}`,
    })
  }
  await db
    .updateTable('users')
    .set({
      ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
      ...(needsApproval ? {} : { role, boroughs: nextBoroughs }),
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.unlock ? { locked_until: null, failed_logins: 0 } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('organisation_id', '=', actor.organisationId)
    .execute()
  if (patch.unlock) await sql`select auth_clear_throttle(${id}::uuid)`.execute(db)
  // A disabled or re-scoped user signs in again.
  if (patch.disabled || (!needsApproval && (patch.role || patch.boroughs !== undefined))) await sql`select auth_end_sessions(${id}::uuid)`.execute(db)
  const user = toUser(await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow())
  return request ? { user, request } : { user }
}
