import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '../../server/auth/actor.js'
import { withActor } from '../../server/db/scoped.js'
import type { DB } from '../../server/db/types.js'
import { createJob } from '../../server/imports/jobs.repository.js'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { testDbInfo } from '../helpers/db.js'
import { BRENT, WESTMINSTER, type Who } from '../helpers/world.js'
import { newReferral, newZone } from './matrix.data.js'

/**
 * Issue "Who sees what", done when #2: row-level security holds in SQL itself, whatever a route
 * does. Raw statements run on the request connection (`t.app.db`: on a server the non-owner
 * crossborough_app; on PGlite the one superuser session, which withActor switches to the actor's
 * role for the transaction) inside `withActor`, and see or change nothing they may not; the owner's
 * connection (`t.database.system`) proves the rows exist.
 */

/** A PostgreSQL server (not embedded PGlite): known before beforeAll, for runIf. */
const SERVER = testDbInfo().backend !== 'pglite'

let t: TestApp
let db: Kysely<DB>
let system: Kysely<DB>
const A = { referrals: [] as string[], locations: [] as string[], zones: [] as string[], importJob: '' }
/** Locations and zones of caseworkerA's caseload (one referral) and of caseworkerA2's. */
const caseload = { A: { referral: '', locations: [] as string[], zones: [] as string[] }, A2: { referral: '', locations: [] as string[] } }

const ACTORS: Record<Who, { org: 'A' | 'B' | 'P'; role: Actor['role']; boroughs?: string[] }> = {
  leadA: { org: 'A', role: 'lead' },
  caseworkerA: { org: 'A', role: 'caseworker' },
  caseworkerA2: { org: 'A', role: 'caseworker' },
  commissionerA: { org: 'A', role: 'commissioner', boroughs: [BRENT, WESTMINSTER] },
  adminA: { org: 'A', role: 'admin' },
  leadB: { org: 'B', role: 'lead' },
  caseworkerB: { org: 'B', role: 'caseworker' },
  adminB: { org: 'B', role: 'admin' },
  partner: { org: 'P', role: 'partner', boroughs: [BRENT, WESTMINSTER] },
}
const actor = (who: Who): Actor => {
  const p = ACTORS[who]
  return { userId: t.world.users[who], organisationId: t.world.orgs[p.org], role: p.role, boroughs: p.boroughs ?? null, agreementId: null }
}
/** The partner as its API token acts: no user, bound to the agreement. */
const partnerToken = (): Actor => ({
  userId: null,
  organisationId: t.world.orgs.P,
  role: 'partner',
  boroughs: [BRENT, WESTMINSTER],
  agreementId: t.world.agreementId,
})

/** The SQLSTATE a statement fails with, or undefined when it succeeds. */
async function sqlState(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p
  } catch (err) {
    return (err as { code?: string }).code ?? `no code: ${String(err)}`
  }
  return undefined
}

type Row = Record<string, unknown>
const rowsAs = (who: Actor, query: string) => withActor(db, who, async (trx) => (await sql<Row>`${sql.raw(query)}`.execute(trx)).rows)
const ids = (rows: Row[], column = 'id') => rows.map((r) => String(r[column]))

beforeAll(async () => {
  t = await createTestApp()
  db = t.app.db
  system = t.database.system
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('relocation', 'Relocation') on conflict (slug) do nothing`.execute(system)
  const leadA = await t.world.as('leadA')
  const leadB = await t.world.as('leadB')
  for (const [who, caseworker] of [
    ['A', 'caseworkerA'],
    ['A2', 'caseworkerA2'],
  ] as const) {
    const res = await leadA.post('/api/v1/referrals', newReferral(`RLS-${who}`))
    expect(res.statusCode).toBe(201)
    const r = res.json() as { id: string; locations: Array<{ id: string }> }
    const zone = await leadA.post(`/api/v1/referrals/${r.id}/exclusion-zones`, newZone(`Zone ${who}`))
    expect(zone.statusCode).toBe(201)
    await sql`update referrals set caseworker_id = ${t.world.users[caseworker]} where id = ${r.id}`.execute(system)
    A.referrals.push(r.id)
    A.locations.push(...r.locations.map((l) => l.id))
    A.zones.push(zone.json().id)
    if (who === 'A') caseload.A = { referral: r.id, locations: r.locations.map((l) => l.id), zones: [zone.json().id] }
    else caseload.A2 = { referral: r.id, locations: r.locations.map((l) => l.id) }
  }
  // Org B has rows of its own, so "no org A rows" is not "no rows at all".
  expect((await leadB.post('/api/v1/referrals', newReferral('RLS-B'))).statusCode).toBe(201)
  A.importJob = await createJob(system, t.world.orgs.A, 'rls.csv', 'csv')
  await createJob(system, t.world.orgs.B, 'rls-b.csv', 'csv')
})
afterAll(() => t?.close())

describe('row-level security in SQL (the request connection, as each actor)', () => {
  it('org A has rows in every table (the owner sees them)', async () => {
    const { orgs } = t.world
    const count = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(system)).rows[0]!.n)
    expect(await count(`select count(*) as n from referrals where organisation_id = '${orgs.A}'`)).toBe(2)
    expect(await count(`select count(*) as n from referral_locations l join referrals r on r.id = l.referral_id where r.organisation_id = '${orgs.A}'`)).toBe(
      A.locations.length,
    )
    expect(await count(`select count(*) as n from exclusion_zones z join referrals r on r.id = z.referral_id where r.organisation_id = '${orgs.A}'`)).toBe(2)
    expect(await count(`select count(*) as n from import_jobs where organisation_id = '${orgs.A}'`)).toBeGreaterThanOrEqual(1)
    expect(await count(`select count(*) as n from users where organisation_id = '${orgs.A}'`)).toBeGreaterThanOrEqual(5)
    expect(await count(`select count(*) as n from audit_log where organisation_id = '${orgs.A}'`)).toBeGreaterThanOrEqual(4)
    // …and a lead of org A sees its referrals, locations and zones through the same policies.
    expect(ids(await rowsAs(actor('leadA'), 'select id from referrals')).sort()).toEqual([...A.referrals].sort())
    expect(ids(await rowsAs(actor('leadA'), 'select id from referral_locations')).sort()).toEqual([...A.locations].sort())
    expect(ids(await rowsAs(actor('leadA'), 'select id from exclusion_zones')).sort()).toEqual([...A.zones].sort())
  })

  it('a lead of org B sees no referral, location, zone or import job of org A; its admin no user or audit entry of org A', async () => {
    const leadB = actor('leadB')
    const referrals = await rowsAs(leadB, 'select * from referrals')
    expect(referrals.length).toBeGreaterThan(0)
    expect(referrals.filter((r) => r.organisation_id !== t.world.orgs.B)).toEqual([])
    expect(ids(referrals).filter((id) => A.referrals.includes(id))).toEqual([])
    const locations = await rowsAs(leadB, 'select * from referral_locations')
    expect(locations.length).toBeGreaterThan(0)
    expect(ids(locations, 'referral_id').filter((id) => A.referrals.includes(id))).toEqual([])
    expect(ids(locations).filter((id) => A.locations.includes(id))).toEqual([])
    expect(ids(await rowsAs(leadB, 'select * from exclusion_zones')).filter((id) => A.zones.includes(id))).toEqual([])
    expect((await rowsAs(leadB, 'select * from import_jobs')).filter((j) => j.organisation_id !== t.world.orgs.B)).toEqual([])

    const adminB = actor('adminB')
    const users = await rowsAs(adminB, 'select id, organisation_id, email from users')
    expect(users.length).toBeGreaterThanOrEqual(3)
    expect(users.filter((u) => u.organisation_id !== t.world.orgs.B)).toEqual([])
    expect((await rowsAs(adminB, 'select * from audit_log')).filter((e) => e.organisation_id !== t.world.orgs.B)).toEqual([])
    // A caseworker of org B: nothing of org A either.
    expect(ids(await rowsAs(actor('caseworkerB'), 'select * from referrals')).filter((id) => A.referrals.includes(id))).toEqual([])
  })

  it('a caseworker sees only their own caseload: caseworkerA2 gets no referral, location or zone of caseworkerA', async () => {
    const cw2 = actor('caseworkerA2')
    expect(ids(await rowsAs(cw2, 'select * from referrals'))).toEqual([caseload.A2.referral])
    const locations = await rowsAs(cw2, 'select * from referral_locations')
    expect(ids(locations).sort()).toEqual([...caseload.A2.locations].sort())
    expect(ids(locations).filter((id) => caseload.A.locations.includes(id))).toEqual([])
    expect(ids(await rowsAs(cw2, 'select * from exclusion_zones')).filter((id) => caseload.A.zones.includes(id))).toEqual([])
    // Nor through a join that names the referral.
    expect(await rowsAs(cw2, `select l.id from referral_locations l where l.referral_id = '${caseload.A.referral}'`)).toEqual([])
    // Caseworkers see no import jobs (leads' business).
    expect(await rowsAs(cw2, 'select * from import_jobs')).toEqual([])
  })

  it('commissioners and partners (crossborough_aggregate) may not read point tables at all (42501), but may count', async () => {
    for (const [name, who] of [
      ['commissionerA', actor('commissionerA')],
      ['partner', actor('partner')],
      ['partner token', partnerToken()],
    ] as const) {
      for (const table of ['referrals', 'referral_locations', 'exclusion_zones', 'import_jobs']) {
        expect(await sqlState(rowsAs(who, `select * from ${table}`)), `${name}: ${table}`).toBe('42501')
      }
      expect(await sqlState(rowsAs(who, 'select count(*) from referral_locations')), `${name}: count(*)`).toBe('42501')
      const counts = await rowsAs(who, `select * from stats_counts('borough', '2026-04-01', '2026-06-01', false)`)
      expect(
        counts.some((r) => r.line === 'total'),
        name,
      ).toBe(true)
      // No count from 1 to k−1 comes back, cell or total.
      expect(
        counts.filter((r) => r.n !== null && Number(r.n) > 0 && Number(r.n) < 5),
        name,
      ).toEqual([])
      // Not a fixed period (two months): refused by the database itself.
      expect(await sqlState(rowsAs(who, `select * from stats_counts('borough', '2026-01-01', '2026-02-01', false)`)), `${name}: free range`).toBe('CB400')
    }
  })

  it('a lead of org B updates and deletes 0 rows of org A, and cannot insert a referral into org A (42501)', async () => {
    const leadB = actor('leadB')
    const [a, locationA, zoneA] = [caseload.A.referral, caseload.A.locations[0]!, caseload.A.zones[0]!]
    const changed = await withActor(db, leadB, async (trx) => [
      (await sql`update referrals set risk_level = 'high', organisation_id = ${t.world.orgs.B} where id = ${a}`.execute(trx)).numAffectedRows,
      (await sql`update referral_locations set precision = 'area' where id = ${locationA}`.execute(trx)).numAffectedRows,
      (await sql`delete from exclusion_zones where id = ${zoneA}`.execute(trx)).numAffectedRows,
      (await sql`delete from referral_locations where referral_id = ${a}`.execute(trx)).numAffectedRows,
      (await sql`delete from referrals where id = ${a}`.execute(trx)).numAffectedRows,
      (await sql`update import_jobs set status = 'failed' where id = ${A.importJob}`.execute(trx)).numAffectedRows,
    ])
    expect(changed.map(Number)).toEqual([0, 0, 0, 0, 0, 0])
    const still = await sql<{ organisation_id: string; risk_level: string | null; n: number; z: number }>`
      select r.organisation_id, r.risk_level,
             (select count(*) from referral_locations where referral_id = r.id)::int as n,
             (select count(*) from exclusion_zones where referral_id = r.id)::int as z
      from referrals r where r.id = ${a}`.execute(system)
    expect(still.rows).toEqual([{ organisation_id: t.world.orgs.A, risk_level: null, n: caseload.A.locations.length, z: 1 }])

    expect(
      await sqlState(
        withActor(db, leadB, (trx) =>
          sql`
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
      select ${t.world.orgs.A}, id, 'RLS-INTRUDER', 'at_risk', '16-17', ${WESTMINSTER}, '2026-03-01' from programmes where slug = 'mentoring'`.execute(trx),
        ),
      ),
    ).toBe('42501')
    // Nor hang a location on org A's referral, nor move its own referral into org A.
    expect(
      await sqlState(
        withActor(db, leadB, (trx) =>
          sql`
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      values (${a}, 'incident', ST_Transform(ST_SetSRID(ST_MakePoint(-0.178, 51.523), 4326), 27700), '2026-03-02', 'street')`.execute(trx),
        ),
      ),
    ).toBe('42501')
    expect(
      await sqlState(withActor(db, leadB, (trx) => sql`update referrals set organisation_id = ${t.world.orgs.A} where external_id = 'RLS-B'`.execute(trx))),
    ).toBe('42501')
    // A caseworker cannot take a colleague's referral onto their caseload, nor give theirs away.
    const cw2 = actor('caseworkerA2')
    expect(
      Number(
        (await withActor(db, cw2, (trx) => sql`update referrals set caseworker_id = ${t.world.users.caseworkerA2} where id = ${a}`.execute(trx)))
          .numAffectedRows,
      ),
    ).toBe(0)
    expect(
      await sqlState(
        withActor(db, cw2, (trx) => sql`update referrals set caseworker_id = ${t.world.users.caseworkerA} where id = ${caseload.A2.referral}`.execute(trx)),
      ),
    ).toBe('42501')
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from referrals where external_id = 'RLS-INTRUDER'`.execute(system)
    expect(rows[0]!.n).toBe(0)
  })

  // On PGlite there is no separate app login: the embedded database is one superuser session (the
  // owner's), and the switch to a non-owner role happens per transaction in withActor. So "the
  // request connection without withActor" and "resetting the role" are only meaningful on a server,
  // where the request pool's sessions start as crossborough_app.
  it.runIf(SERVER)('server: crossborough_app without withActor may read no referral data (42501)', async () => {
    for (const table of ['referrals', 'referral_locations', 'exclusion_zones', 'import_jobs', 'users', 'audit_log', 'agreements', 'api_tokens', 'sessions']) {
      expect(await sqlState(sql`select * from ${sql.table(table)}`.execute(db)), table).toBe('42501')
    }
    expect((await sql<{ u: string }>`select current_user as u`.execute(db)).rows[0]!.u).toBe('crossborough_app')
  })

  it.runIf(SERVER)("server: inside withActor, `set role postgres` / `reset role` do not reach org A's rows", async () => {
    const leaks: string[] = []
    for (const attempt of [
      'set role postgres',
      'set local role postgres',
      "select set_config('role', 'postgres', true)",
      'set session authorization postgres',
      'reset role',
      'set role none',
    ]) {
      let seen: string[] = []
      let role = ''
      const state = await sqlState(
        withActor(db, actor('leadB'), async (trx) => {
          await sql.raw(attempt).execute(trx)
          role = (await sql<{ u: string }>`select current_user as u`.execute(trx)).rows[0]!.u
          seen = ids((await sql<Row>`select id from referrals`.execute(trx)).rows).filter((id) => A.referrals.includes(id))
          // Roll back: a plain SET that succeeded would otherwise outlive the transaction on the pooled connection.
          throw Object.assign(new Error('rolled back'), { code: 'rolled-back' })
        }),
      )
      // Either the escape (or the read after it) is refused, or it sees nothing of org A.
      if (seen.length) leaks.push(`"${attempt}" succeeded (current_user ${role}) and read ${seen.length} referral(s) of org A`)
      else expect(['rolled-back', '42501'], `${attempt}: ${state}`).toContain(state)
    }
    // The pool is as it was: every connection still starts as crossborough_app.
    for (let i = 0; i < 4; i++) expect((await sql<{ u: string }>`select current_user as u`.execute(db)).rows[0]!.u).toBe('crossborough_app')
    expect(leaks).toEqual([])
  })
})
