import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { PGlite } from '@electric-sql/pglite'
import type { DB } from './types.js'
import { PGliteDialect } from './pglite-dialect.js'
import { acquireDataDirLock } from './data-dir-lock.js'

export type Backend = 'pglite' | 'postgres'

export interface Database {
  readonly db: Kysely<DB>
  readonly backend: Backend
  /** The driver underneath, for bulk paths Kysely cannot express (COPY): the pool on pg, the instance on PGlite. */
  readonly pool?: pg.Pool
  readonly pglite?: PGlite
  close(): Promise<void>
}

/** Dates stay 'YYYY-MM-DD' strings and int8 becomes a number on both backends. */
const DATE_OID = 1082
const INT8_OID = 20
const parseInt8 = (v: string) => Number(v)
const keepString = (v: string) => v

/** Opens a pg pool against a PostGIS server. */
export function openPostgres(url: string, poolMax = 10): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE_OID) return keepString
        if (oid === INT8_OID) return parseInt8
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return { db, backend: 'postgres', pool, close: () => db.destroy() }
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
      pglite,
      backend: 'pglite',
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
export async function openDatabase(cfg: { databaseUrl?: string | undefined; dataDir: string; dbPoolMax?: number }): Promise<Database> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl, cfg.dbPoolMax) : openPGlite({ dataDir: cfg.dataDir })
}
