import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPGlite, type Database } from '../../server/db/database.js'

/**
 * Embedded PGlite runs each query on the service's own thread and resolves it as a microtask, so
 * transactions queued on the dialect's one-connection lock used to run back to back without the
 * event loop polling any socket. Under `npm run soak` (50 + 50 clients) requests then waited unread
 * for 30 s and more, and an update its client had given up on was read and applied after newer,
 * acknowledged ones (13 "updates not visible" in one run). The lock now yields a macrotask turn per
 * acquisition. Runs on PGlite whatever the suite's backend: the dialect is what is tested.
 */
describe('the PGlite dialect shares the thread fairly', () => {
  let database: Database
  beforeAll(async () => {
    database = await openPGlite()
  }, 120_000)
  afterAll(() => database?.close())

  it('lets timers and I/O run between queued transactions, and keeps them in arrival order', async () => {
    let turns = 0
    let polling = true
    const tick = () => {
      turns++
      if (polling) setImmediate(tick)
    }
    setImmediate(tick)
    const finished: number[] = []
    const n = 200
    await Promise.all(
      Array.from({ length: n }, (_, i) =>
        database.db
          .transaction()
          .execute(async (trx) => {
            await sql`select ${i}::int as i`.execute(trx)
            await sql`select ${i}::int as i`.execute(trx)
          })
          .then(() => finished.push(i)),
      ),
    )
    polling = false
    expect(finished).toEqual(Array.from({ length: n }, (_, i) => i))
    // Before the fix the 200 transactions ran in one microtask chain: no turn at all in between.
    expect(turns).toBeGreaterThanOrEqual(n / 2)
  })

  it('reads a request that arrives while a long queue drains before the queue has drained', async () => {
    const order: string[] = []
    const queue = Array.from({ length: 300 }, (_, i) =>
      database.db
        .selectNoFrom(sql<number>`${i}::int`.as('i'))
        .execute()
        .then(() => {
          if (i === 299) order.push('queue drained')
        }),
    )
    // A "socket" that becomes readable just after the queue formed (a timer stands in for the poll phase).
    const arrived = new Promise<void>((r) =>
      setTimeout(() => {
        order.push('request read')
        r()
      }, 0),
    )
    await Promise.all([...queue, arrived])
    expect(order).toEqual(['request read', 'queue drained'])
  })
})
