import type { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Database } from '../db/database.js'

/** One SQL connection to itself: plain queries and COPY … FROM STDIN of a chunk of text-format lines. */
export interface RawConnection {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>
  copyIn(copySql: string, chunk: string): Promise<void>
}

/**
 * A session for a bulk import. Temp tables live as long as the session. `run` borrows the
 * connection for a few statements; `transaction` holds it from BEGIN to COMMIT. On PGlite (one
 * connection for the whole process) both go through Kysely's connection lock, so API requests
 * interleave between staging chunks but never inside the import's transaction.
 */
export interface ImportSession {
  run<T>(fn: (c: RawConnection) => Promise<T>): Promise<T>
  transaction<T>(fn: (c: RawConnection) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function openImportSession(database: Database): Promise<ImportSession> {
  if (database.pool) return pgSession(await database.pool.connect())
  if (database.pglite) return pgliteSession(database)
  throw new Error('the database exposes neither a pg pool nor a PGlite instance')
}

function pgSession(client: pg.PoolClient): ImportSession {
  const conn: RawConnection = {
    query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[],
    copyIn: async (copySql, chunk) => {
      const sink = client.query(copyFrom(copySql))
      await pipeline(
        async function* () {
          yield chunk
        },
        sink as unknown as Writable,
      )
    },
  }
  return {
    run: (fn) => fn(conn),
    transaction: async (fn) => {
      await client.query('begin')
      try {
        const result = await fn(conn)
        await client.query('commit')
        return result
      } catch (err) {
        await client.query('rollback').catch(() => {})
        throw err
      }
    },
    close: async () => client.release(),
  }
}

function pgliteSession(database: Database): ImportSession {
  const pglite = database.pglite!
  const conn: RawConnection = {
    query: async <R>(text: string, params: unknown[] = []) => (await pglite.query<R>(text, params)).rows,
    copyIn: async (copySql, chunk) => {
      await pglite.query(copySql.replace(/from\s+stdin/i, `from '/dev/blob'`), [], { blob: new Blob([chunk]) })
    },
  }
  // Borrowing a Kysely connection takes the driver's FIFO lock: nothing else runs meanwhile.
  const locked = <T>(fn: () => Promise<T>) => database.db.connection().execute(fn)
  return {
    run: (fn) => locked(() => fn(conn)),
    transaction: (fn) =>
      locked(async () => {
        await pglite.query('begin')
        try {
          const result = await fn(conn)
          await pglite.query('commit')
          return result
        } catch (err) {
          await pglite.query('rollback').catch(() => {})
          throw err
        }
      }),
    close: async () => {},
  }
}
