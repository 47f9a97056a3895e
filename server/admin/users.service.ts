import { sql, type Kysely } from 'kysely'
import { createUser } from '../auth/accounts.repository.js'
import type { Actor } from '../auth/actor.js'
import type { DB } from '../db/types.js'
import { invalid, notFound, Problem } from '../errors/problem.js'
import type { User, UserInput, UserPatch } from './admin.schemas.js'

const columns = ['id', 'email', 'display_name', 'role', 'boroughs', 'disabled', 'locked_until'] as const

function toUser(u: { id: string; email: string; display_name: string; role: User['role']; boroughs: string[] | null; disabled: boolean; locked_until: Date | null }): User {
  return {
    id: u.id, email: u.email, displayName: u.display_name, role: u.role, boroughs: u.boroughs, disabled: u.disabled,
    lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
  }
}

/** Users of the admin's organisation (row-level security scopes it too). */
export async function listUsers(db: Kysely<DB>, actor: Actor): Promise<User[]> {
  const rows = await db.selectFrom('users').select(columns).where('organisation_id', '=', actor.organisationId).orderBy('email').execute()
  return rows.map(toUser)
}

export async function addUser(db: Kysely<DB>, actor: Actor, input: UserInput): Promise<User> {
  const scoped = input.role === 'commissioner' || input.role === 'partner'
  if (!scoped && input.boroughs) throw invalid('boroughs', 'only commissioners and partners are scoped to boroughs')
  const id = await createUser(db, { organisationId: actor.organisationId, email: input.email, displayName: input.displayName, role: input.role, password: input.password, boroughs: input.boroughs ?? null })
    .catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505') throw new Problem(409, 'conflict', `A user with email ${input.email} exists.`, [{ field: 'email', message: 'is already used' }])
      throw err
    })
  return toUser(await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow())
}

export async function changeUser(db: Kysely<DB>, actor: Actor, id: string, patch: UserPatch): Promise<User> {
  const current = await db.selectFrom('users').select(columns).where('id', '=', id).where('organisation_id', '=', actor.organisationId).executeTakeFirst()
  if (!current) throw notFound(`User ${id}`)
  const role = patch.role ?? current.role
  const boroughs = patch.boroughs !== undefined ? patch.boroughs : current.boroughs
  const scoped = role === 'commissioner' || role === 'partner'
  if (!scoped && boroughs) throw invalid('boroughs', `a ${role} is not scoped to boroughs (send boroughs: null)`)
  if (id === actor.userId && (patch.disabled || (patch.role && patch.role !== 'admin'))) {
    throw new Problem(409, 'conflict', 'An admin cannot disable or demote themselves.')
  }
  await db.updateTable('users').set({
    ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
    role,
    boroughs: scoped ? boroughs : null,
    ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
    ...(patch.unlock ? { locked_until: null, failed_logins: 0 } : {}),
    updated_at: sql`now()`,
  }).where('id', '=', id).where('organisation_id', '=', actor.organisationId).execute()
  // A disabled or re-scoped user signs in again.
  if (patch.disabled || patch.role || patch.boroughs !== undefined) await sql`select auth_end_sessions(${id}::uuid)`.execute(db)
  return toUser(await db.selectFrom('users').select(columns).where('id', '=', id).executeTakeFirstOrThrow())
}
