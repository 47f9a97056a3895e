import { sql, type Kysely } from 'kysely'
import type { Actor, Role } from '../auth/actor.js'
import type { DB } from './types.js'

/**
 * The database role each product role acts as inside its transaction (see migration 0006):
 * aggregate roles have no privilege on any point table at all.
 */
export const DB_ROLES: Record<Role, string> = {
  lead: 'crossborough_casework',
  caseworker: 'crossborough_casework',
  commissioner: 'crossborough_aggregate',
  partner: 'crossborough_aggregate',
  admin: 'crossborough_admin',
}

export interface ScopeOptions {
  /** k of the disclosure rules (never below 3; the database enforces that too). */
  k?: number
  /** Noise bound D of the cell-key perturbation (at least 1; the database enforces that too). */
  noise?: number
}

/** `{E09000005,E09000033}`: codes are checked to be plain before they reach the literal. */
function textArray(values: readonly string[] | null): string {
  if (!values) return ''
  for (const v of values) if (!/^[A-Za-z0-9_-]+$/.test(v)) throw new Error(`not a plain code: ${v}`)
  return `{${values.join(',')}}`
}

/**
 * Runs `fn` in one transaction as `actor`: switches to the actor's database role and sets the user,
 * organisation, role, borough scope and agreement for row-level security — all local to the
 * transaction, all bound parameters. Everything a request reads or writes goes through here.
 */
export function withActor<T>(db: Kysely<DB>, actor: Actor, fn: (trx: Kysely<DB>) => Promise<T>, opts: ScopeOptions = {}): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`
      select set_config('role', ${DB_ROLES[actor.role]}, true),
             set_config('crossborough.user_id', ${actor.userId ?? ''}, true),
             set_config('crossborough.organisation_id', ${actor.organisationId}, true),
             set_config('crossborough.role', ${actor.role}, true),
             set_config('crossborough.boroughs', ${textArray(actor.boroughs)}, true),
             set_config('crossborough.agreement_id', ${actor.agreementId ?? ''}, true),
             set_config('crossborough.k', ${String(opts.k ?? 5)}, true),
             set_config('crossborough.noise', ${String(opts.noise ?? 8)}, true),
             -- JIT compiles for seconds and gains nothing on PostGIS-bound request queries
             set_config('jit', 'off', true)`.execute(trx)
    return fn(trx)
  })
}

/** Runs `fn` in a transaction, or directly when `db` already is one (a request's scoped transaction). */
export function transact<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}
