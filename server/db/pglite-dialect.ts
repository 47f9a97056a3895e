import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

/**
 * Kysely dialect over embedded PGlite. PGlite is a single connection, so the driver hands it out
 * to one caller at a time (a FIFO lock): a transaction owns it from BEGIN to COMMIT.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly pg: PGlite) {}
  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pg)
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  #tail: Promise<void> = Promise.resolve()
  constructor(private readonly pg: PGlite) {}

  async init() {}

  async acquireConnection(): Promise<DatabaseConnection> {
    let release!: () => void
    const previous = this.#tail
    this.#tail = new Promise<void>((r) => (release = r))
    await previous
    // PGlite runs a query in WebAssembly on this thread and resolves it as a microtask: a queue of
    // transactions chained on this lock would run back to back without the event loop ever polling
    // sockets (requests would wait unread, and a request its client gave up on could be read and run
    // long after newer ones). One macrotask turn per acquisition lets I/O in between.
    await new Promise<void>((r) => setImmediate(r))
    return new PGliteConnection(this.pg, release)
  }

  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const iso = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : ''
    const mode = settings.accessMode ? ` ${settings.accessMode}` : ''
    await conn.executeQuery(CompiledQuery.raw(`begin${iso}${mode}`))
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(conn: DatabaseConnection) {
    ;(conn as PGliteConnection).release()
  }
  async destroy() {}
}

let cursorSeq = 0

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pg: PGlite,
    readonly release: () => void,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pg.query<R>(query.sql, [...query.parameters])
    const affected = result.affectedRows
    return {
      rows: result.rows,
      ...(affected !== undefined && !/^\s*select/i.test(query.sql) ? { numAffectedRows: BigInt(affected) } : {}),
    }
  }

  /** Streams through a server-side cursor, `chunkSize` rows per FETCH. */
  async *streamQuery<R>(query: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const name = `kysely_cursor_${++cursorSeq}`
    await this.pg.query(`declare ${name} no scroll cursor with hold for ${query.sql}`, [...query.parameters])
    try {
      for (;;) {
        const { rows } = await this.pg.query<R>(`fetch ${Math.max(1, Math.floor(chunkSize))} from ${name}`)
        if (rows.length === 0) break
        yield { rows }
      }
    } finally {
      await this.pg.query(`close ${name}`)
    }
  }
}
