import type { Kysely, RawBuilder } from 'kysely'
import type { DB } from '../db/types.js'

/**
 * The rows of a query in batches, read through a database cursor: pg-cursor on a PostGIS server,
 * DECLARE … CURSOR / FETCH on PGlite (server/db/pglite-dialect.ts) — one interface, Kysely's
 * executor stream. Inside a request's scoped transaction the cursor lives in that transaction, so
 * row-level security applies to every batch; breaking out of the loop closes the cursor.
 */
export async function* streamRows<R>(db: Kysely<DB>, query: RawBuilder<R>, batchSize: number): AsyncGenerator<R[]> {
  for await (const result of db.getExecutor().stream(query.compile(db), batchSize)) {
    if (result.rows.length) yield result.rows as R[]
  }
}
