import { spawn } from 'node:child_process'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { SESSION_COOKIE } from '../../server/auth/tokens.js'

/**
 * An export of a large table streams without memory growth: 20,000 located events leave
 * through a real socket, read slowly by the client, while the retained heap (measured after a full
 * GC) stays far below the size of the body; a client that goes away mid-stream leaves an audit row
 * saying so, with the rows written up to then.
 */

const ROWS = 20_000
let t: TestApp
let port: number
let cookie: string

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

beforeAll(async () => {
  t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
  // Set-based, with area assignment deferred (the bulk importer's switch): the areas are not what is tested here.
  await t.database.system.transaction().execute(async (trx) => {
    await sql`select set_config('crossborough.defer_assignment', 'on', true)`.execute(trx)
    await sql`
      with r as (
        insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, synthetic)
        select ${t.world.orgs.A}, (select id from programmes where slug = 'mentoring'), 'BIG-' || i, 'at_risk', '16-17', 'E09000033', '2026-03-01', true
        from generate_series(1, ${ROWS}::int) i returning id)
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      select r.id, 'home', ST_SetSRID(ST_MakePoint(520000 + random() * 10000, 180000 + random() * 8000), 27700), '2026-03-02', 'exact' from r`.execute(trx)
  })
  await t.app.listen({ host: '127.0.0.1', port: 0 })
  port = (t.app.server.address() as AddressInfo).port
  const { newSecret, secretHash } = await import('../../server/auth/tokens.js')
  const { createSession } = await import('../../server/auth/auth.repository.js')
  cookie = newSecret()
  await createSession(t.database.system, t.world.users.leadA, secretHash(cookie), 60)
}, 300_000)
afterAll(() => t?.close())

/** The newest export audit row once it is no longer the `started` one. */
async function lastExportAudit(): Promise<{ row_count: number | null; status: string } | undefined> {
  let last: { row_count: number | null; status: string } | undefined
  for (let i = 0; i < 200; i++) {
    const { rows } = await sql<{ row_count: number | null; status: string }>`
      select row_count::int as row_count, detail->>'status' as status from audit_log where action = 'exports.download' order by id desc limit 1`.execute(
      t.database.system,
    )
    last = rows[0]
    if (last && last.status !== 'started') break
    await new Promise((r) => setTimeout(r, 50))
  }
  return last
}

const retainedHeap = () => {
  gc()
  return process.memoryUsage().heapUsed
}

describe('a large export', () => {
  it('streams 20,000 features to a slow reader with the retained heap far below the body size', async () => {
    const before = retainedHeap()
    let peak = 0
    let bytes = 0
    const chunks: Buffer[] = []
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/v1/exports/referrals.geojson', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } }, (res) => {
        expect(res.statusCode).toBe(200)
        let n = 0
        res.on('data', (c: Buffer) => {
          bytes += c.length
          chunks.push(c)
          // Every 40 chunks: a pause (the server must wait, not buffer) and a measurement.
          if (++n % 40 === 0) {
            res.pause()
            setTimeout(() => {
              // The client's own copy of the body is not the server's: measure without it.
              const held = chunks.reduce((s, b) => s + b.length, 0)
              peak = Math.max(peak, retainedHeap() - before - held)
              res.resume()
            }, 5)
          }
        })
        res.on('end', resolve)
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end()
    })
    const fc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; features: Array<{ geometry: { coordinates: number[] } }> }
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features).toHaveLength(ROWS)
    expect(bytes).toBeGreaterThan(8_000_000)
    // A buffered export would hold the whole body (or all the rows) at once; a streamed one a few batches.
    console.log(`large export: ${bytes} bytes, peak retained heap growth ${(peak / 1e6).toFixed(1)} MB`)
    expect(peak).toBeLessThan(bytes / 4)
    // The closing audit row is written as the response ends: the client may see the end first.
    expect(await lastExportAudit()).toEqual({ row_count: ROWS, status: 'complete' })
  }, 300_000)

  it('a client that goes away mid-stream leaves an aborted audit row with the rows written so far', async () => {
    // A separate reader with a tiny receive buffer (so neither kernel can absorb the 11 MB body) that
    // reads a little, waits, and hangs up: the service is mid-stream when the connection goes.
    const reader = `
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(('127.0.0.1', int(sys.argv[1])))
s.sendall(('GET /api/v1/exports/referrals.geojson HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nCookie: ' + sys.argv[2] + '\\r\\n\\r\\n').encode())
got = 0
while got < 200000:
    got += len(s.recv(4096))
time.sleep(1)
s.close()
`
    const py = spawn('python3', ['-c', reader, String(port), `${SESSION_COOKIE}=${cookie}`], { stdio: ['ignore', 'ignore', 'inherit'] })
    const code = await new Promise((r) => py.once('close', r))
    expect(code).toBe(0)
    const last = await lastExportAudit()
    expect(last?.status).toBe('aborted')
    expect(last!.row_count!).toBeGreaterThan(0)
    expect(last!.row_count!).toBeLessThan(ROWS)
  }, 120_000)
})
