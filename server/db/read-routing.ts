import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { Replica } from './database.js'
import type { DB } from './types.js'
import { scopedVersion, withActor, type ScopeOptions } from './scoped.js'

/**
 * Read replicas for the requests that only read.
 *
 * A read runs on a replica only when the replica already holds the data the answer depends on: the
 * primary's data versions (`tile_data_versions`, bumped in the same transaction as every change to
 * referrals, locations, agreements and areas) are read once the request has arrived, the replica's
 * come back from `request_scope` as its transaction begins, and a replica behind the primary on
 * either is not used for that request: it runs on the primary instead. So a user never reads older
 * data than the primary held when their request arrived (read-your-writes across instances), and
 * an ETag never names a version the answer does not hold.
 *
 * Row-level security and the disclosure functions are the database's own: the same roles,
 * policies and functions replicate, and `withActor` sets the same scope on either server.
 *
 * Where the read was answered: `x-read-from` names it on the response (primary, replica, and why
 * not the replica), and `stats` counts it for the soak and the health page.
 */
export type ReadSource = 'replica' | 'primary' | 'primary; replica behind' | 'primary; replica unavailable' | 'primary; replica refused a write'

export interface ReadStats {
  replica: number
  primary: number
  /** Requests the replica was behind for: how many, and the largest version gap seen. */
  behind: number
  maxVersionGap: number
  unavailable: number
  /** A route listed as read-only tried to write (a bug): answered by the primary, logged. */
  refusedWrite: number
}

interface Versions {
  referrals: bigint
  areas: bigint
}

/** The replica is behind the primary for this request: leave it and ask the primary. */
class ReplicaBehind extends Error {
  constructor(readonly gap: number) {
    super('replica behind the primary')
  }
}

/** Connection-level failures: the replica is down or restarting (not the query's fault). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004'])
function unavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string }
  if (e?.code && UNAVAILABLE_CODES.has(e.code)) return true
  return /timeout exceeded when trying to connect|Connection terminated/i.test(e?.message ?? '')
}

export class ReadRouter {
  readonly stats: ReadStats = { replica: 0, primary: 0, behind: 0, maxVersionGap: 0, unavailable: 0, refusedWrite: 0 }
  private next = 0
  /** The primary-version read in flight, and the one queued to start after it. */
  private inFlight: Promise<Versions> | undefined
  private queued: Promise<Versions> | undefined

  constructor(
    private readonly primary: Kysely<DB>,
    private readonly replicas: readonly Replica[],
    private readonly log: { warn(obj: object, msg: string): void },
  ) {}

  get enabled(): boolean {
    return this.replicas.length > 0
  }

  /**
   * Runs `fn` as `actor` on a replica that has caught up with the primary, else on the primary.
   * `fn` must only read: a replica refuses writes (SQLSTATE 25006).
   */
  async run<T>(actor: Actor, fn: (trx: Kysely<DB>) => Promise<T>, opts: ScopeOptions, answer: (from: ReadSource) => void): Promise<T> {
    if (!this.replicas.length) return this.onPrimary(actor, fn, opts, answer, 'primary')
    const want = await this.primaryVersions()
    const replica = this.replicas[this.next++ % this.replicas.length]!
    try {
      const out = await withActor(
        replica.db,
        actor,
        async (trx) => {
          const have = { referrals: BigInt(scopedVersion(trx, 'referrals') ?? '0'), areas: BigInt(scopedVersion(trx, 'areas') ?? '0') }
          const gap = Number(want.referrals - have.referrals) + Number(want.areas - have.areas)
          if (have.referrals < want.referrals || have.areas < want.areas) throw new ReplicaBehind(gap)
          return fn(trx)
        },
        opts,
      )
      this.stats.replica++
      answer('replica')
      return out
    } catch (err) {
      if (err instanceof ReplicaBehind) {
        this.stats.behind++
        this.stats.maxVersionGap = Math.max(this.stats.maxVersionGap, err.gap)
        return this.onPrimary(actor, fn, opts, answer, 'primary; replica behind')
      }
      if ((err as { code?: string })?.code === '25006') {
        this.stats.refusedWrite++
        this.log.warn({ err: { message: (err as Error).message } }, 'a read-only route wrote: answered by the primary')
        return this.onPrimary(actor, fn, opts, answer, 'primary; replica refused a write')
      }
      if (unavailable(err)) {
        this.stats.unavailable++
        this.log.warn({ replica: replica.name, err: { message: (err as Error).message } }, 'read replica unavailable: answered by the primary')
        return this.onPrimary(actor, fn, opts, answer, 'primary; replica unavailable')
      }
      throw err
    }
  }

  private async onPrimary<T>(actor: Actor, fn: (trx: Kysely<DB>) => Promise<T>, opts: ScopeOptions, answer: (from: ReadSource) => void, from: ReadSource) {
    const out = await withActor(this.primary, actor, fn, opts)
    this.stats.primary++
    answer(from)
    return out
  }

  /**
   * The primary's data versions, from a read that began after this call: concurrent requests share
   * one read, and a request arriving while one is in flight waits for the next (which starts after
   * it arrived), so no request compares against versions older than its own arrival.
   */
  primaryVersions(): Promise<Versions> {
    if (!this.inFlight) {
      this.inFlight = this.readPrimary().finally(() => {
        this.inFlight = undefined
      })
      return this.inFlight
    }
    this.queued ??= this.inFlight
      .catch(() => {})
      .then(() => {
        this.queued = undefined
        return this.primaryVersions()
      })
    return this.queued
  }

  private async readPrimary(): Promise<Versions> {
    const { rows } = await sql<{ layer: string; version: string | number }>`select layer, version from tile_data_versions`.execute(this.primary)
    const v = { referrals: 0n, areas: 0n }
    for (const r of rows) if (r.layer === 'referrals' || r.layer === 'areas') v[r.layer] = BigInt(r.version)
    return v
  }
}
