import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import type { Role } from './actor.js'

/** Sign-in reads credentials only through SECURITY DEFINER functions (migration 0006). */
export interface LoginUser {
  id: string
  organisation_id: string
  role: Role
  boroughs: string[] | null
  display_name: string
  password_hash: string
  locked_until: Date | null
  disabled: boolean
}

export async function userForLogin(db: Kysely<DB>, email: string): Promise<LoginUser | undefined> {
  const { rows } = await sql<LoginUser>`select * from auth_user_for_login(${email})`.execute(db)
  return rows[0]
}

export async function createSession(db: Kysely<DB>, userId: string, tokenHash: Buffer, ttlMinutes: number): Promise<Date> {
  const { rows } = await sql<{ expires: Date }>`
    select auth_session_create(${userId}::uuid, ${tokenHash}, make_interval(mins => ${ttlMinutes}::int)) as expires`.execute(db)
  return rows[0]!.expires
}

export interface SessionUser {
  user_id: string
  organisation_id: string
  role: Role
  boroughs: string[] | null
  email: string
  display_name: string
  expires_at: Date
  /** The agreement a partner's session chose to act under (migration 0022), if any. */
  agreement_id: string | null
}

/** The signed-in user of a live session (sliding expiry), or nothing. */
export async function sessionUser(db: Kysely<DB>, tokenHash: Buffer, ttlMinutes: number): Promise<SessionUser | undefined> {
  const { rows } = await sql<SessionUser>`select * from auth_session_actor(${tokenHash}, make_interval(mins => ${ttlMinutes}::int))`.execute(db)
  return rows[0]
}

export async function deleteSession(db: Kysely<DB>, tokenHash: Buffer): Promise<void> {
  await sql`select auth_session_delete(${tokenHash})`.execute(db)
}

export interface TokenGrant {
  token_id: string
  agreement_id: string
  organisation_id: string
  boroughs: string[]
  status: 'ok' | 'revoked' | 'expired' | 'agreement-expired'
}

export async function tokenGrant(db: Kysely<DB>, tokenHash: Buffer): Promise<TokenGrant | undefined> {
  const { rows } = await sql<TokenGrant>`select * from auth_token_actor(${tokenHash})`.execute(db)
  return rows[0]
}
