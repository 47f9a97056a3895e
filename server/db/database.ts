import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import Cursor from 'pg-cursor'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import type { DB } from './types.js'
import { PGliteDialect } from './pglite-dialect.js'
import { acquireDataDirLock } from './data-dir-lock.js'
import { cancellers } from './request-signal.js'

export type Backend = 'pglite' | 'postgres'

export interface Database {
  /**
   * What requests use. On a server it connects as `crossborough_app`, which owns nothing; every
   * request's transaction then becomes the actor's database role (server/db/scoped.ts).
   */
  readonly db: Kysely<DB>
  /**
   * The owner's connection, for what the service does as itself: migrations, boundary loading, demo
   * seeding, bulk imports and their job records. On PGlite (one connection) the same as `db`.
   */
  readonly system: Kysely<DB>
  readonly backend: Backend
  /** The driver underneath, for bulk paths Kysely cannot express (COPY): the pool on pg, the instance on PGlite. */
  readonly pool?: pg.Pool
  readonly pglite?: PGlite
  /**
   * Read replicas (DATABASE_READ_URL): request connections, as `crossborough_app`, to streaming
   * replicas of the primary. Only server/db/read-routing.ts uses them; empty on PGlite.
   */
  readonly replicas: readonly Replica[]
  close(): Promise<void>
}

export interface Replica {
  /** host:port/database, for logs (no credentials). */
  readonly name: string
  readonly db: Kysely<DB>
}

/** Dates stay 'YYYY-MM-DD' strings and int8 becomes a number on both backends. */
const DATE_OID = 1082
const INT8_OID = 20
const parseInt8 = (v: string) => Number(v)
const keepString = (v: string) => v

export interface PostgresOpenOptions {
  /** Requests log in as the non-owner `crossborough_app` role (the service); off for CLIs. */
  appRole?: boolean
  /** Connect requests with this URL instead (a non-superuser login that is a member of crossborough_app). */
  appUrl?: string | undefined
  /** Password of crossborough_app when logging in as it on DATABASE_URL's host. */
  appPassword?: string | undefined
  /** Give up connecting (or waiting for a free connection) after this long, ms; a down server then fails fast. */
  connectTimeoutMs?: number
  /** Close connections idle this long, ms (0 = never). */
  idleTimeoutMs?: number
  /** statement_timeout of the request pool, ms (0 = none); a runaway query ends with SQLSTATE 57014. The owner's pool (migrations, imports) has none. */
  statementTimeoutMs?: number
  /** Errors of idle connections (the server restarted); without a listener they would end the process. */
  onIdleError?: (err: Error) => void
  /** Read replicas of `url`'s database, each given like `url` (its owner login); requests connect to them as crossborough_app. */
  readUrls?: readonly string[]
}

/** DATABASE_URL with its user replaced by crossborough_app: same server and database. */
export function appRoleUrl(url: string, password?: string): string {
  const u = new URL(url)
  u.username = 'crossborough_app'
  u.password = password ? encodeURIComponent(password) : ''
  return u.toString()
}

const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return keepString
    if (oid === INT8_OID) return parseInt8
    return pg.types.getTypeParser(oid, format)
  }) as typeof pg.types.getTypeParser,
}

/**
 * Settings of every request connection, sent at connection start. JIT compilation is off: the
 * service's heavy questions run 0.1–5 s, and PostgreSQL starts JIT from a plan's estimated cost,
 * which the analyses' grouping sets and set-returning functions overestimate by orders of magnitude:
 * at 1M locations a year's flows spent 1.0 s of 5.1 s compiling (psql, auto_explain) for no gain.
 */
export const REQUEST_SESSION_OPTIONS = '-c jit=off'

/**
 * A request pool's connection string and startup `options`: REQUEST_SESSION_OPTIONS after whatever
 * options the URL (`?options=…`) or PGOPTIONS already gave, which node-postgres would otherwise let
 * override or be overridden by it. (A pooler such as PgBouncer must pass `options` through, or list
 * it in `ignore_startup_parameters`.)
 */
export function withSessionOptions(connectionString: string): { connectionString: string; options: string } {
  let given = process.env.PGOPTIONS ?? ''
  try {
    const u = new URL(connectionString)
    const inUrl = u.searchParams.get('options')
    if (inUrl !== null) {
      given = inUrl
      u.searchParams.delete('options')
      connectionString = u.toString()
    }
  } catch {
    // Not a URL (a keyword/value string): passed as given.
  }
  return { connectionString, options: `${given} ${REQUEST_SESSION_OPTIONS}`.trim() }
}

/** Opens pg pools against a PostGIS server: the owner's, and with `appRole` a separate one for requests. */
export function openPostgres(url: string, poolMax = 10, opts: PostgresOpenOptions = {}): Database {
  const separate = opts.appRole || opts.appUrl
  const common = {
    types: typeParsers,
    keepAlive: true,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 0,
    idleTimeoutMillis: opts.idleTimeoutMs ?? 10_000,
  }
  const onIdleError = opts.onIdleError ?? (() => {})
  // A connection the server ends (restart, admin shutdown) emits 'error'; pg-pool listens only while
  // it is idle, so one checked out between two queries would throw it as an uncaught exception and
  // end the process. Every connection gets a listener for its whole life: the query in hand still
  // fails (503), the broken connection is dropped on release, the next request reconnects.
  const guard = (p: pg.Pool) => {
    p.on('error', onIdleError)
    p.on('connect', (client) => client.on('error', onIdleError))
    return p
  }
  // Without a separate request pool this one serves the requests too.
  const pool = guard(
    new pg.Pool({
      ...common,
      max: separate ? Math.min(3, poolMax) : poolMax,
      ...(separate ? { connectionString: url } : withSessionOptions(url)),
    }),
  )
  const system = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) })
  if (!separate) return { db: system, system, backend: 'postgres', pool, replicas: [], close: () => system.destroy() }
  const requestPool = (connectionString: string) =>
    new Kysely<DB>({
      dialect: new PostgresDialect({
        pool: guard(
          new pg.Pool({
            ...common,
            ...withSessionOptions(connectionString),
            max: poolMax,
            ...(opts.statementTimeoutMs ? { statement_timeout: opts.statementTimeoutMs } : {}),
          }),
        ),
        cursor: Cursor,
      }),
    })
  const db = requestPool(opts.appUrl ?? appRoleUrl(url, opts.appPassword))
  // Requests whose client went away are cancelled from the owner's pool (server/db/request-signal.ts).
  cancellers.set(db, async (pid) => {
    await sql`select pg_cancel_backend(${pid}::integer)`.execute(system)
  })
  // Each replica: the requests' pool as crossborough_app (with APP_DATABASE_URL's separate login the
  // read URL is used as given: it must then log in as a member of crossborough_app), and a
  // one-connection owner pool that cancels a statement there whose client went away.
  const replicas: Array<Replica & { owner: Kysely<DB> }> = (opts.readUrls ?? []).map((readUrl) => {
    const replica = requestPool(opts.appUrl ? readUrl : appRoleUrl(readUrl, opts.appPassword))
    const owner = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guard(new pg.Pool({ ...common, connectionString: readUrl, max: 1 })) }) })
    cancellers.set(replica, async (pid) => {
      await sql`select pg_cancel_backend(${pid}::integer)`.execute(owner)
    })
    const u = new URL(readUrl)
    return { name: `${u.hostname}:${u.port || '5432'}${u.pathname}`, db: replica, owner }
  })
  return {
    db,
    system,
    backend: 'postgres',
    pool,
    replicas: replicas.map(({ name, db }) => ({ name, db })),
    close: async () => {
      for (const r of replicas) {
        await r.db.destroy()
        await r.owner.destroy()
      }
      await db.destroy()
      await system.destroy()
    },
  }
}

export interface PGliteOpenOptions {
  /** Folder for the database files; omitted = in memory. */
  dataDir?: string
  /** A tarball from `dumpDataDir` to start from (tests clone a prepared template this way). */
  loadDataDir?: Blob
}

/** Opens embedded PGlite with PostGIS. A folder is locked against a second process. */
export async function openPGlite(opts: PGliteOpenOptions = {}): Promise<Database & { pglite: PGlite }> {
  const { PGlite, types } = await import('@electric-sql/pglite')
  const { postgis } = await import('@electric-sql/pglite-postgis')
  let unlock = () => {}
  let dir: string | undefined
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true })
    unlock = acquireDataDirLock(opts.dataDir)
    dir = join(opts.dataDir, 'pglite')
  }
  try {
    const pglite = await PGlite.create({
      ...(dir ? { dataDir: dir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: { postgis },
      parsers: { [types.DATE]: keepString, [types.INT8]: parseInt8 },
    })
    await pglite.exec('create extension if not exists postgis')
    const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) })
    return {
      db,
      system: db,
      pglite,
      backend: 'pglite',
      replicas: [],
      close: async () => {
        await db.destroy()
        await pglite.close()
        unlock()
      },
    }
  } catch (err) {
    unlock()
    throw err
  }
}

/** The configured database: `DATABASE_URL` when set, else embedded PGlite in `DATA_DIR`. */
export async function openDatabase(
  cfg: {
    databaseUrl?: string | undefined
    appDatabaseUrl?: string | undefined
    appDatabasePassword?: string | undefined
    readDatabaseUrls?: readonly string[]
    dataDir: string
    dbPoolMax?: number
    dbConnectTimeoutMs?: number
    dbIdleTimeoutMs?: number
    statementTimeoutMs?: number
  },
  opts: { appRole?: boolean; onIdleError?: (err: Error) => void } = {},
): Promise<Database> {
  return cfg.databaseUrl
    ? openPostgres(cfg.databaseUrl, cfg.dbPoolMax, {
        appRole: opts.appRole ?? false,
        appUrl: opts.appRole ? cfg.appDatabaseUrl : undefined,
        appPassword: cfg.appDatabasePassword,
        readUrls: opts.appRole ? (cfg.readDatabaseUrls ?? []) : [],
        ...(cfg.dbConnectTimeoutMs !== undefined ? { connectTimeoutMs: cfg.dbConnectTimeoutMs } : {}),
        ...(cfg.dbIdleTimeoutMs !== undefined ? { idleTimeoutMs: cfg.dbIdleTimeoutMs } : {}),
        ...(cfg.statementTimeoutMs !== undefined ? { statementTimeoutMs: cfg.statementTimeoutMs } : {}),
        ...(opts.onIdleError ? { onIdleError: opts.onIdleError } : {}),
      })
    : openPGlite({ dataDir: cfg.dataDir })
}
