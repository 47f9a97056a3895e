import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../server/app.js'
import { loadConfig } from '../../server/config.js'
import { withDatabase } from '../../server/db/admin.js'
import { openDatabase, openPostgres, type Database } from '../../server/db/database.js'
import type { Credentials } from '../../scripts/soak.js'
import { seedReferrals } from '../access/seed.js'
import { testDbInfo } from '../helpers/db.js'
import { BRENT, seedWorld, WESTMINSTER, type World } from '../helpers/world.js'
import { clusterSkipReason, TestCluster } from './cluster.js'
import { prepareClusterDatabase } from './prepare.js'
import { listen, postReferral, sessionFor } from './service.js'

/**
 * A primary and a streaming replica (`pg_basebackup -R`) on loopback ports of the test's own, and
 * the service with DATABASE_READ_URL: the routes that only read are answered by the replica, with
 * exactly the primary's answer for every role (row-level security and the disclosure functions
 * replicate); writes and audited reads stay on the primary; a replica behind the primary's data
 * version, or down, is not used. Read replicas are a server feature: on the PGlite run it is skipped.
 */
const skip = testDbInfo().backend === 'pglite' ? 'read replicas need a PostgreSQL server (this run is on embedded PGlite)' : clusterSkipReason()

/** Reads that may go to a replica, with who asks. */
const READS: ReadonlyArray<{ who: 'lead' | 'commissioner' | 'partner'; path: string }> = [
  { who: 'lead', path: '/api/v1/analysis/hexbins?from=2026-01&to=2026-06&size=500' },
  { who: 'lead', path: '/api/v1/analysis/hotspots?from=2026-01&to=2026-06&size=1000&all=true' },
  { who: 'lead', path: '/api/v1/analysis/flows?from=2026-01&to=2026-06' },
  { who: 'lead', path: '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-06' },
  { who: 'commissioner', path: '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-03' },
  { who: 'commissioner', path: '/api/v1/stats/counts?geography=ward&from=2026-01&to=2026-03&by=month' },
  { who: 'commissioner', path: '/api/v1/reports/funding?basis=blend&from=2026-01&to=2026-03' },
  { who: 'commissioner', path: `/api/v1/analysis/border-activity?between=${BRENT},${WESTMINSTER}&distance=400&from=2026-01&to=2026-03` },
  { who: 'commissioner', path: '/tiles/hexbins/11/1022/680.mvt?from=2026-01&to=2026-03' },
  { who: 'partner', path: '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-03' },
  { who: 'partner', path: '/ogc/collections/borough-counts/items?datetime=2026-01-01/2026-03-31' },
]

describe.skipIf(!!skip)(`read replicas${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 240_000 }, () => {
  let primary: TestCluster
  let replica: TestCluster
  let withReplica: Database
  let primaryOnly: Database
  const apps: FastifyInstance[] = []
  let viaReplica: string
  let viaPrimary: string
  let world: World
  const headers: Record<string, Record<string, string>> = {}
  let leadWriter: Credentials
  let replicaOwner: Database

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp() {
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primaryOnly.system)
    const target = rows[0]!.lsn
    for (let i = 0; i < 200; i++) {
      const { rows: r } = await sql<{ ok: boolean }>`select pg_last_wal_replay_lsn() >= ${target}::pg_lsn as ok`.execute(replicaOwner.system)
      if (r[0]?.ok) return
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error('the replica did not catch up within 10 s')
  }

  const get = (base: string, who: keyof typeof headers, path: string) => fetch(`${base}${path}`, { headers: headers[who]! })

  beforeAll(async () => {
    primary = await TestCluster.create()
    replica = await TestCluster.createReplica(primary)
    const url = await prepareClusterDatabase(primary, 'crossborough_replica')
    const readUrl = withDatabase(replica.url(), 'crossborough_replica')
    const config = loadConfig({ DATABASE_URL: url, DATABASE_READ_URL: readUrl, LOG_LEVEL: 'silent', DB_CONNECT_TIMEOUT_MS: '1000', DB_POOL_MAX: '6' })
    withReplica = await openDatabase(config, { appRole: true })
    expect(withReplica.replicas.map((r) => r.name)).toEqual([`127.0.0.1:${replica.port}/crossborough_replica`])
    primaryOnly = await openDatabase({ ...config, readDatabaseUrls: [] }, { appRole: true })
    replicaOwner = openPostgres(readUrl, 1)
    for (const d of [withReplica, primaryOnly]) {
      const app = await buildApp({ config, database: d, web: false })
      await app.ready()
      apps.push(app)
    }
    world = await seedWorld(apps[0]!, withReplica.system)
    await seedReferrals(withReplica.system, world.orgs, { countA: 300, countB: 20 })
    viaReplica = await listen(apps[0]!)
    viaPrimary = await listen(apps[1]!)
    leadWriter = await sessionFor(withReplica.system, world.users.leadA)
    const commissioner = await sessionFor(withReplica.system, world.users.commissionerA)
    headers.lead = { cookie: leadWriter.cookie }
    headers.commissioner = { cookie: commissioner.cookie }
    headers.partner = { authorization: `Bearer ${world.partnerToken}` }
    await caughtUp()
  }, 240_000)

  afterAll(async () => {
    for (const app of apps) await app.close()
    await withReplica?.close()
    await primaryOnly?.close()
    await replicaOwner?.close()
    await replica?.destroy()
    await primary?.destroy()
  })

  it('answers every read-only route from the replica, exactly as the primary answers it, for each role', async () => {
    for (const { who, path } of READS) {
      const r = await get(viaReplica, who, path)
      const p = await get(viaPrimary, who, path)
      expect(r.status, `${who} ${path}`).toBe(200)
      expect(r.headers.get('x-read-from'), `${who} ${path}`).toBe('replica')
      expect(p.headers.get('x-read-from'), 'no replica configured: no header').toBeNull()
      // The same bytes, once each service's own origin in OGC links and the OGC timeStamp are set aside.
      const [rb, pb] = [Buffer.from(await r.arrayBuffer()), Buffer.from(await p.arrayBuffer())]
      if (path.startsWith('/ogc/')) {
        const norm = (b: Buffer, base: string) =>
          b
            .toString('utf8')
            .replaceAll(base, 'ORIGIN')
            .replace(/"timeStamp":"[^"]+"/, '')
        expect(norm(rb, viaReplica), `${who} ${path}`).toBe(norm(pb, viaPrimary))
      } else expect(rb.equals(pb), `${who} ${path}: same bytes`).toBe(true)
    }
    // Row-level security on the replica: organisation B's lead sees B's referrals only, as on the primary.
    const leadB = await sessionFor(withReplica.system, world.users.leadB)
    await caughtUp()
    const path = '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-06'
    const [b, a] = await Promise.all([fetch(`${viaReplica}${path}`, { headers: { cookie: leadB.cookie } }), get(viaReplica, 'lead', path)])
    expect(b.headers.get('x-read-from')).toBe('replica')
    const total = (body: unknown) => (body as { totals: { count: number } }).totals.count
    const [bBody, aBody] = [await b.json(), await a.json()]
    expect(total(bBody)).toBeLessThan(total(aBody)!)
    expect(bBody).toEqual(await (await fetch(`${viaPrimary}${path}`, { headers: { cookie: leadB.cookie } })).json())
  })

  it('keeps writes, exports and audited reads on the primary', async () => {
    const created = await postReferral(viaReplica, leadWriter, { externalId: 'REPLICA-1', fundingBorough: BRENT, on: '2026-02-10', lon: -0.2, lat: 51.55 })
    expect(created.status).toBe(201)
    expect(created.headers.get('x-read-from')).toBeNull()
    const exact = await get(viaReplica, 'lead', '/ogc/collections/referral-locations/items?limit=5')
    expect(exact.status).toBe(200)
    expect(exact.headers.get('x-read-from'), 'exact reads are audited: primary').toBeNull()
    const csv = await get(viaReplica, 'commissioner', '/api/v1/reports/funding?basis=residence&from=2026-01&to=2026-03&format=csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('x-read-from'), 'the CSV is an audited export: primary').toBeNull()
    expect(apps[0]!.reads.stats.refusedWrite, 'no read-only route tried to write on the replica').toBe(0)
  })

  it('does not use a replica that is behind the data version the answer depends on', async () => {
    await caughtUp()
    await sql`select pg_wal_replay_pause()`.execute(replicaOwner.system)
    try {
      const path = '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-06'
      const before = await (await get(viaReplica, 'lead', path)).json()
      const created = await postReferral(viaReplica, leadWriter, { externalId: 'REPLICA-2', fundingBorough: BRENT, on: '2026-03-10', lon: -0.21, lat: 51.551 })
      expect(created.status).toBe(201)
      const behind = apps[0]!.reads.stats.behind
      const after = await get(viaReplica, 'lead', path)
      expect(after.headers.get('x-read-from')).toBe('primary; replica behind')
      const body = await after.json()
      expect(body).not.toEqual(before)
      expect(body).toEqual(await (await get(viaPrimary, 'lead', path)).json())
      expect(apps[0]!.reads.stats.behind).toBe(behind + 1)
    } finally {
      await sql`select pg_wal_replay_resume()`.execute(replicaOwner.system)
    }
    await caughtUp()
    expect((await get(viaReplica, 'lead', '/api/v1/stats/counts?geography=borough&from=2026-01&to=2026-06')).headers.get('x-read-from')).toBe('replica')
  })

  it('answers from the primary while the replica is down, and goes back to it once it is up', async () => {
    await replica.stop('fast')
    try {
      for (const { who, path } of READS.slice(0, 3)) {
        const r = await get(viaReplica, who, path)
        expect(r.status, `${who} ${path}`).toBe(200)
        expect(r.headers.get('x-read-from')).toBe('primary; replica unavailable')
      }
    } finally {
      await replica.start()
    }
    await caughtUp()
    const path = READS[0]!.path
    let from: string | null = null
    for (let i = 0; i < 40 && from !== 'replica'; i++) {
      from = (await get(viaReplica, 'lead', path)).headers.get('x-read-from')
      if (from !== 'replica') await new Promise((r) => setTimeout(r, 250))
    }
    expect(from).toBe('replica')
  })
})
