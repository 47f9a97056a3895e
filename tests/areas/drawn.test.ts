import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { BRENT, WESTMINSTER, type Client } from '../helpers/world.js'

/** South Kilburn (Brent), 136 m from Westminster; a square around it crosses the border. */
const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
const square = (lon: number, lat: number, d: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon - d, lat - d],
      [lon + d, lat - d],
      [lon + d, lat + d],
      [lon - d, lat + d],
      [lon - d, lat - d],
    ],
  ],
})

let t: TestApp
let leadA: Client
let leadB: Client
const patchOf = async (referralId: string) => {
  const { rows } = await sql<{ patch_code: string | null; estate_code: string | null }>`
    select patch_code, estate_code from referral_locations where referral_id = ${referralId}`.execute(t.database.system)
  return rows[0]!
}
async function referralAt(by: Client, externalId: string, at = SOUTH_KILBURN): Promise<string> {
  const res = await by.post('/api/v1/referrals', {
    externalId,
    programme: 'mentoring',
    subjectRole: 'at_risk',
    ageBand: '16-17',
    fundingBorough: WESTMINSTER,
    openedOn: '2026-03-01',
    locations: [{ kind: 'home', ...at, observedOn: '2026-03-01', precision: 'exact' }],
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<{ id: string }>().id
}

beforeAll(async () => {
  t = await createTestApp()
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring') on conflict (slug) do nothing`.execute(t.database.system)
  leadA = await t.world.as('leadA')
  leadB = await t.world.as('leadB')
})
afterAll(() => t?.close())

describe('drawing estates and patches', () => {
  it('stores a drawn patch in EPSG:27700 with its parts, reassigns the locations inside it, and counts only your own', async () => {
    const mine = await referralAt(leadA, 'DRAW-A-1')
    const theirs = await referralAt(leadB, 'DRAW-B-1')
    expect((await patchOf(mine)).patch_code).toBeNull()

    const res = await leadA.post('/api/v1/areas', {
      kind: 'patch',
      name: 'South Kilburn patch',
      code: 'PAT-SK-TEST',
      geometry: square(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 0.0025),
    })
    expect(res.statusCode, res.body).toBe(201)
    const f = res.json()
    expect(f.properties).toMatchObject({
      code: 'PAT-SK-TEST',
      name: 'South Kilburn patch',
      kind: 'patch',
      drawn: true,
      synthetic: false,
      locationsReassigned: 1,
    })
    expect(f.properties.parentCode).toBe(BRENT)
    // 0.005° × 0.005° at 51.5° N: about 347 m × 556 m
    expect(f.properties.areaM2).toBeGreaterThan(170_000)
    expect(f.properties.areaM2).toBeLessThan(220_000)
    expect(f.properties.boroughs).toEqual([BRENT, WESTMINSTER])
    expect(f.geometry.type).toBe('MultiPolygon')

    const { rows } = await sql<{ srid: number; parts: number; org: string }>`
      select ST_SRID(a.geom) as srid, (select count(*)::int from area_parts p where p.area_id = a.id) as parts, a.organisation_id as org
      from areas a where a.code = 'PAT-SK-TEST'`.execute(t.database.system)
    expect(rows[0]).toEqual({ srid: 27700, parts: expect.any(Number), org: t.world.orgs.A })
    expect(rows[0]!.parts).toBeGreaterThanOrEqual(1)
    // Every organisation's location inside it carries the code (shared geography); leadA was told about one.
    expect((await patchOf(mine)).patch_code).toBe('PAT-SK-TEST')
    expect((await patchOf(theirs)).patch_code).toBe('PAT-SK-TEST')

    // A new location inside it is assigned by the ordinary trigger.
    const later = await referralAt(leadA, 'DRAW-A-2', { lon: SOUTH_KILBURN.lon + 0.001, lat: SOUTH_KILBURN.lat })
    expect((await patchOf(later)).patch_code).toBe('PAT-SK-TEST')
    const r = await leadA.get(`/api/v1/referrals/${mine}`)
    expect(r.json().crossBoundary.straddlingAreas).toEqual(['PAT-SK-TEST'])
  })

  it('is shown to everyone in GET /areas, and to its organisation only in GET /areas/drawn', async () => {
    const pub = await t.world.anonymous.get('/api/v1/areas?kind=patch')
    expect(pub.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('PAT-SK-TEST')
    const a = await leadA.get('/api/v1/areas/drawn')
    expect(a.statusCode).toBe(200)
    expect(a.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toContain('PAT-SK-TEST')
    const b = await leadB.get('/api/v1/areas/drawn')
    expect(b.json().features).toEqual([])
  })

  it('refuses an invalid polygon with the reason PostGIS gives, and other bad geometry naming the field', async () => {
    const { lon, lat } = SOUTH_KILBURN
    const bowtie = {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.002, lat + 0.002],
          [lon + 0.002, lat],
          [lon, lat + 0.002],
          [lon, lat],
        ],
      ],
    }
    let res = await leadA.post('/api/v1/areas', { kind: 'patch', name: 'Bow tie', geometry: bowtie })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().errors[0]).toMatchObject({ field: 'geometry', message: expect.stringMatching(/^is not a valid polygon: Self-intersection/) })

    res = await leadA.post('/api/v1/areas', { kind: 'estate', name: 'Manchester', geometry: square(-2.24, 53.48, 0.002) })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ field: 'geometry', message: 'does not meet any loaded borough' }])

    res = await leadA.post('/api/v1/areas', { kind: 'patch', name: 'Too big', geometry: square(-0.12, 51.5, 0.1) })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].message).toMatch(/larger than 50 km²/)

    res = await leadA.post('/api/v1/areas', { kind: 'patch', name: 'Too small', geometry: square(lon, lat, 0.00005) })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].message).toMatch(/smaller than 100 m²/)

    res = await leadA.post('/api/v1/areas', { kind: 'borough', name: 'New borough', geometry: square(lon, lat, 0.002) })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].field).toBe('kind')

    res = await leadA.post('/api/v1/areas', { kind: 'patch', name: 'Clash', code: 'PAT-SK-TEST', geometry: square(lon, lat, 0.001) })
    expect(res.statusCode).toBe(409)
    res = await leadA.post('/api/v1/areas', { kind: 'patch', name: 'GSS', code: BRENT, geometry: square(lon, lat, 0.001) })
    expect(res.statusCode).toBe(400)
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from areas where kind in ('estate', 'patch') and organisation_id is not null`.execute(
      t.database.system,
    )
    expect(rows[0]!.n).toBe(1)
  })

  it('lets only leads draw, and only the drawing organisation change or delete', async () => {
    for (const who of ['caseworkerA', 'commissionerA', 'partner', 'adminA'] as const) {
      const c = await t.world.as(who)
      const res = await c.post('/api/v1/areas', { kind: 'patch', name: 'Not mine to draw', geometry: square(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 0.001) })
      expect(res.statusCode, who).toBe(403)
    }
    let res = await leadB.patch('/api/v1/areas/PAT-SK-TEST', { name: 'Hijacked' })
    expect(res.statusCode).toBe(403)
    expect(res.json().detail).toMatch(/another organisation/)
    res = await leadB.del('/api/v1/areas/PAT-SK-TEST')
    expect(res.statusCode).toBe(403)
    res = await leadA.patch(`/api/v1/areas/${BRENT}`, { name: 'Brentish' })
    expect(res.statusCode).toBe(403)
    expect(res.json().detail).toMatch(/borough/)
    res = await leadA.del(`/api/v1/areas/${WESTMINSTER}`)
    expect(res.statusCode).toBe(403)
    res = await leadA.del('/api/v1/areas/NO-SUCH-AREA')
    expect(res.statusCode).toBe(404)
    const { rows } = await sql<{ name: string }>`select name from areas where code = 'PAT-SK-TEST'`.execute(t.database.system)
    expect(rows[0]!.name).toBe('South Kilburn patch')
  })

  it('renames, redraws (moving locations out) and deletes, set-based, audited', async () => {
    const { rows: ids } = await sql<{ id: string }>`select id from referrals where external_id = 'DRAW-A-1'`.execute(t.database.system)
    const mine = ids[0]!.id
    let res = await leadA.patch('/api/v1/areas/PAT-SK-TEST', { name: 'Kilburn Park patch' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().properties).toMatchObject({ name: 'Kilburn Park patch', locationsReassigned: 0 })

    // Redrawn 1 km east: the two org A locations (and org B's) leave it.
    res = await leadA.patch('/api/v1/areas/PAT-SK-TEST', { geometry: square(SOUTH_KILBURN.lon + 0.015, SOUTH_KILBURN.lat, 0.002) })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().properties.locationsReassigned).toBe(2)
    expect((await patchOf(mine)).patch_code).toBeNull()

    // And back: they are in it again.
    res = await leadA.patch('/api/v1/areas/PAT-SK-TEST', { geometry: square(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 0.003) })
    expect(res.json().properties.locationsReassigned).toBe(2)
    expect((await patchOf(mine)).patch_code).toBe('PAT-SK-TEST')

    res = await leadA.patch('/api/v1/areas/PAT-SK-TEST', {
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [1, 0],
            [0, 1],
            [0, 0],
          ],
        ],
      },
    })
    expect(res.statusCode).toBe(400)

    res = await leadA.del('/api/v1/areas/PAT-SK-TEST')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ code: 'PAT-SK-TEST', locationsReassigned: 2 })
    expect((await patchOf(mine)).patch_code).toBeNull()
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from area_parts where code = 'PAT-SK-TEST'`.execute(t.database.system)
    expect(rows[0]!.n).toBe(0)
    expect((await t.app.inject('/api/v1/areas/PAT-SK-TEST')).statusCode).toBe(404)

    const audit = await sql<{ action: string; user_id: string; row_count: string | null }>`
      select action, user_id, row_count from audit_log where action like 'areas.%' order by id`.execute(t.database.system)
    expect(audit.rows.map((r) => r.action)).toEqual(['areas.create', 'areas.update', 'areas.update', 'areas.update', 'areas.delete'])
    expect(new Set(audit.rows.map((r) => r.user_id))).toEqual(new Set([t.world.users.leadA]))
    expect(audit.rows.map((r) => Number(r.row_count))).toEqual([1, 0, 2, 2, 2])
  })

  it('generates a code when none is given, and an estate lands in estate_code', async () => {
    const res = await leadA.post('/api/v1/areas', { kind: 'estate', name: 'Drawn estate', geometry: square(SOUTH_KILBURN.lon, SOUTH_KILBURN.lat, 0.001) })
    expect(res.statusCode, res.body).toBe(201)
    const code = res.json().properties.code as string
    expect(code).toMatch(/^EST-[0-9A-F]{8}$/)
    const { rows: ids } = await sql<{ id: string }>`select id from referrals where external_id = 'DRAW-A-1'`.execute(t.database.system)
    expect((await patchOf(ids[0]!.id)).estate_code).toBe(code)
    const look = await t.app.inject(`/api/v1/lookup?lon=${SOUTH_KILBURN.lon}&lat=${SOUTH_KILBURN.lat}`)
    expect(look.json().estate).toEqual({ code, name: 'Drawn estate' })
  })
})
