import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { DATA_VERSIONS } from './data-versions.js'
import { Lru } from './lru.js'
import { questionContext } from './refresh.js'

/**
 * Answers kept per process and keyed by everything that decides them, so a repeated question is
 * answered from work already done instead of from scratch:
 *
 * - the data: the versions of the referral and boundary data (tile_data_versions, bumped at commit by
 *   the triggers on referrals, locations, agreements and areas) with their timestamps and the
 *   database's name (two databases never share a key), and today's date (periods, agreements'
 *   validity and the partial month follow the calendar);
 * - who asks: the disclosure settings of the transaction itself, as the counting functions read
 *   them — database role, product role, organisation, boroughs, agreement, k, noise, and the user
 *   for every role whose scope can depend on the user (all but lead and commissioner). Reading them
 *   from the transaction rather than from the caller means an answer computed under one scope can
 *   only ever be found again under the identical scope (no sharing across roles or organisations);
 * - the question: the service's name and its normalised query.
 *
 * The published numbers are deterministic given the counted set (cell-key perturbation), so a kept
 * answer equals a recomputed one. A write bumps a version and every later key differs: nothing is
 * invalidated by hand, and each instance of the service may keep its own cache. The versions are read
 * before the answer is computed, so an entry never names a version newer than its data.
 *
 * Entries are stored as JSON text (each caller gets its own copy to shape) in a least-recently-used
 * map bounded in bytes; answers larger than a quarter of the bound are not kept. Identical questions
 * in flight at once are computed once.
 */

/** A least-recently-used map of JSON text bounded by the total length of its keys and values; an entry over a quarter of the bound is not kept. */
export class ByteLru extends Lru<string> {
  constructor(maxBytes: number) {
    super(maxBytes, (key, value) => key.length + value.length)
  }

  override set(key: string, value: string): string {
    return key.length + value.length > this.capacity / 4 ? value : super.set(key, value)
  }

  get bytes(): number {
    return this.weight
  }
}

const MAX_BYTES = Math.max(1, Number(process.env.ANSWER_CACHE_MB ?? 64)) * 1024 * 1024

/** The process's answers (exported for tests: its size and hit counts). */
export const answers = new ByteLru(MAX_BYTES)
const inFlight = new Map<string, Promise<string>>()
export const answerStats = { hits: 0, misses: 0 }

/** Roles whose disclosure scope is the organisation's (and the commissioner's boroughs), not the user's. */
const SHARED_WITHIN_ORGANISATION = new Set(['lead', 'commissioner'])

/** Object keys sorted, undefined dropped: two spellings of one query give one key. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(
    Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => [k, normalise((value as Record<string, unknown>)[k])]),
  )
}

/** The data and scope part of the key, read inside the caller's transaction in one statement. */
export async function answerContext(db: Kysely<DB>): Promise<string> {
  const {
    rows: [c],
  } = await sql<{ versions: string | null; day: string; database: string; settings: string[] }>`
    select ${DATA_VERSIONS} as versions,
           current_date::text as day, current_database() as database,
           array[current_user::text,
                 coalesce(current_setting('crossborough.role', true), ''),
                 coalesce(current_setting('crossborough.organisation_id', true), ''),
                 coalesce(current_setting('crossborough.user_id', true), ''),
                 coalesce(current_setting('crossborough.boroughs', true), ''),
                 coalesce(current_setting('crossborough.agreement_id', true), ''),
                 coalesce(current_setting('crossborough.k', true), ''),
                 coalesce(current_setting('crossborough.noise', true), '')] as settings`.execute(db)
  const [dbRole, role, organisation, user, boroughs, agreement, k, noise] = c!.settings
  const scope = { dbRole, role, organisation, user: SHARED_WITHIN_ORGANISATION.has(role ?? '') ? '' : user, boroughs, agreement, k, noise }
  return JSON.stringify([c!.database, c!.versions ?? '', c!.day, scope])
}

/** The data versions of answerContext (as dataVersions() reads them). */
function versionsPart(context: string): string {
  return (JSON.parse(context) as [string, string])[1]
}

/** answerContext without the data versions and the day: the reader's database and scope. */
function scopePart(context: string): string {
  const [database, , , scope] = JSON.parse(context) as [string, string, string, unknown]
  return JSON.stringify([database, scope])
}

/**
 * The answer of `compute` for `name` and `query` in the transaction `db`, from the cache when the same
 * question was answered under the same data versions and the same disclosure scope. `query` must hold
 * everything besides the scope that changes the answer, and `compute` must read only through the
 * transaction it is given: after a write the question may be answered again in a transaction of its
 * own (server/cache/refresh.ts).
 */
export async function versioned<T>(db: Kysely<DB>, name: string, query: unknown, compute: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const question = `${name}\u0000${JSON.stringify(normalise(query))}`
  const context = await answerContext(db)
  const ctx = questionContext.getStore()
  // Noted, once answered, under the question and the scope without the data versions: after a write
  // the same question under the same scope is answered again for the new data.
  const remember = (ms?: number) =>
    ctx?.refresher.remember(`${question}\u0000${scopePart(context)}`, ctx, (trx) => versioned(trx, name, query, compute), versionsPart(context), ms)
  const key = `${question}\u0000${context}`
  const hit = answers.get(key)
  if (hit !== undefined) {
    answerStats.hits++
    remember()
    return JSON.parse(hit) as T
  }
  // The same question already being answered: wait for it (if that request fails or is cancelled
  // because its client went away, this one computes its own answer).
  const shared = await inFlight.get(key)?.catch(() => undefined)
  if (shared !== undefined) {
    answerStats.hits++
    remember()
    return JSON.parse(shared) as T
  }
  answerStats.misses++
  const started = performance.now()
  const work = compute(db).then((v) => JSON.stringify(v))
  inFlight.set(key, work)
  try {
    const text = await work
    answers.set(key, text)
    remember(performance.now() - started)
    return JSON.parse(text) as T
  } finally {
    inFlight.delete(key)
  }
}

/**
 * Public boundary answers (the same for everyone): text kept per boundary data version, database and
 * day, never per reader. Only for data every database role may read.
 */
export async function publicVersioned(db: Kysely<DB>, name: string, query: unknown, compute: () => Promise<string>): Promise<string> {
  const {
    rows: [c],
  } = await sql<{ v: string | null }>`
    select (select version || '@' || extract(epoch from changed_at)::text from tile_data_versions where layer = 'areas')
           || '|' || current_date::text || '|' || current_database() as v`.execute(db)
  const key = `public\u0000${name}\u0000${JSON.stringify(normalise(query))}\u0000${c?.v ?? ''}`
  const hit = answers.get(key)
  if (hit !== undefined) {
    answerStats.hits++
    return hit
  }
  answerStats.misses++
  const text = await compute()
  answers.set(key, text)
  return text
}
