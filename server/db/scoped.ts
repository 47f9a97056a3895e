import { sql, type Kysely } from 'kysely'
import type { Actor, Role } from '../auth/actor.js'
import type { DB } from './types.js'
import { cancellers, requestSignal } from './request-signal.js'

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
 * request_scope's arguments for `actor` (migration 0023): database role, user, organisation, role,
 * boroughs, agreement, k, noise — also used by statements that set the scope themselves
 * (tile_points_exact_request, migration 0025).
 */
export function scopeValues(actor: Actor, opts: ScopeOptions = {}) {
  return [
    DB_ROLES[actor.role],
    actor.userId ?? '',
    actor.organisationId,
    actor.role,
    textArray(actor.boroughs),
    actor.agreementId ?? '',
    String(opts.k ?? 5),
    String(opts.noise ?? 8),
  ] as const
}

/**
 * Runs `fn` in one transaction as `actor`: switches to the actor's database role and sets the user,
 * organisation, role, borough scope and agreement for row-level security — all local to the
 * transaction, all bound parameters. Everything a request reads or writes goes through here.
 */
export function withActor<T>(db: Kysely<DB>, actor: Actor, fn: (trx: Kysely<DB>) => Promise<T>, opts: ScopeOptions = {}): Promise<T> {
  return db.transaction().execute(async (trx) => {
    // request_scope (migration 0023): the settings and the data versions in one round trip.
    // select *: pid came with a later revision of request_scope, a database may have the first.
    const { rows } = await sql<{ referrals_version: number | string; areas_version: number | string; pid?: number }>`
      select * from request_scope(${sql.join(scopeValues(actor, opts))})`.execute(trx)
    const v = rows[0]
    if (v) versions.set(trx, { referrals: String(v.referrals_version ?? 0), areas: String(v.areas_version ?? 0) })
    // A client that goes away mid-statement: cancel the statement (SQLSTATE 57014, the transaction
    // rolls back) so the connection serves others instead of a page nobody will read.
    const signal = requestSignal()
    const cancel = cancellers.get(db)
    if (!signal || !cancel || v?.pid === undefined) return fn(trx)
    let running = true
    const onAbort = () => {
      if (running) void cancel(Number(v.pid)).catch(() => {})
    }
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      return await fn(trx)
    } finally {
      running = false
      signal.removeEventListener('abort', onAbort)
    }
  })
}

/**
 * Data versions read as a scoped transaction began, by the transaction. Read before any of the
 * request's data, so a tile's ETag never names a version newer than what the tile holds.
 */
const versions = new WeakMap<Kysely<DB>, { referrals: string; areas: string }>()

/** The data version of `layer` read when `db`'s scoped transaction began; undefined outside one. */
export function scopedVersion(db: Kysely<DB>, layer: 'referrals' | 'areas'): string | undefined {
  return versions.get(db)?.[layer]
}

/** Runs `fn` in a transaction, or directly when `db` already is one (a request's scoped transaction). */
export function transact<T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn)
}
