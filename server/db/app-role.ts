import { sql, type Kysely } from 'kysely'
import type { DB } from './types.js'

/** Sets crossborough_app's password (as the owner), so the request pool can log in on a password-checked server. */
export async function setAppRolePassword(system: Kysely<DB>, password: string): Promise<void> {
  const { rows } = await sql<{ stmt: string }>`select format('alter role crossborough_app password %L', ${password}::text) as stmt`.execute(system)
  await sql.raw(rows[0]!.stmt).execute(system)
}

/**
 * Refuses a request connection that could leave row-level security: a superuser, a role that
 * bypasses RLS, or the owner of the referral tables could `SET ROLE` or read around the policies.
 */
export async function assertRequestRoleIsSafe(db: Kysely<DB>): Promise<void> {
  const { rows } = await sql<{ who: string; unsafe: boolean }>`
    select session_user::text as who,
           r.rolsuper or r.rolbypassrls or pg_has_role(session_user, (select tableowner from pg_tables where tablename = 'referrals' limit 1)::name, 'MEMBER') as unsafe
    from pg_roles r where r.rolname = session_user`.execute(db)
  const r = rows[0]
  if (!r || r.unsafe) {
    throw new Error(
      `the request connection logs in as ${r?.who ?? 'an unknown role'}, which could bypass row-level security; ` +
        'let it log in as crossborough_app (APP_DATABASE_PASSWORD) or give APP_DATABASE_URL a login that is only a member of crossborough_app',
    )
  }
}
