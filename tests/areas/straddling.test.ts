import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import type { DB } from '../../server/db/types.js'
import { createTestDatabase } from '../helpers/db.js'

/**
 * `straddling_areas` reads the overlaps table kept by migration 0017's triggers. After every kind
 * of change to `areas` it must equal the definition computed from the polygons themselves.
 */
let database: Database
let db: Kysely<DB>

/** 0002's definition, evaluated directly from the polygons. */
async function computed() {
  const { rows } = await sql<{ code: string; boroughs: string[] }>`
    select a.code, array_agg(b.code order by b.code) as boroughs
    from areas a join areas b
      on b.kind = 'borough' and ST_Intersects(a.geom, b.geom) and ST_Area(ST_Intersection(a.geom, b.geom)) > 1
    where a.kind in ('estate', 'patch') and (a.valid_to is null or a.valid_to > current_date)
      and (b.valid_to is null or b.valid_to > current_date)
    group by a.kind, a.code, a.name
    having count(*) >= 2
    order by a.code`.execute(db)
  return rows
}
async function view() {
  const { rows } = await sql<{ code: string; boroughs: string[] }>`select code, boroughs from straddling_areas order by code`.execute(db)
  return rows
}

/** A square estate of half-side `halfM` metres centred on the shared border point of two boroughs. */
async function insertEstate(code: string, halfM: number) {
  await sql`
    with pair as (
      select ST_ClosestPoint(ST_Boundary(a.geom), ST_Centroid(b.geom)) as p
      from areas a join areas b on a.kind = 'borough' and b.kind = 'borough' and a.code < b.code and ST_Touches(a.geom, b.geom)
      order by a.code, b.code limit 1)
    insert into areas (kind, code, name, geom, source, licence, synthetic)
    select 'estate', ${code}, ${`Test estate ${code}`}, ST_Multi(ST_Buffer(p, ${halfM}::float8, 'endcap=square')), 'test', 'test', true
    from pair`.execute(db)
}

beforeAll(async () => {
  database = await createTestDatabase()
  db = database.system
})
afterAll(() => database?.close())

describe('straddling areas, precomputed', () => {
  it('follows inserts, geometry updates, lapses and deletes of estates exactly as the polygon definition does', async () => {
    expect(await view()).toEqual(await computed())

    await insertEstate('EST-STRADDLE-1', 200)
    const afterInsert = await view()
    expect(afterInsert.map((r) => r.code)).toContain('EST-STRADDLE-1')
    expect(afterInsert.find((r) => r.code === 'EST-STRADDLE-1')!.boroughs.length).toBeGreaterThanOrEqual(2)
    expect(afterInsert).toEqual(await computed())

    // Shrunk to a 1 m² sliver around a point well inside one borough: no longer straddling.
    await sql`
      update areas e set geom = ST_Multi(ST_Buffer(ST_PointOnSurface(b.geom), 0.5, 'endcap=square'))
      from areas b where e.code = 'EST-STRADDLE-1' and b.kind = 'borough'
        and b.code = (select min(code) from areas where kind = 'borough')`.execute(db)
    expect((await view()).map((r) => r.code)).not.toContain('EST-STRADDLE-1')
    expect(await view()).toEqual(await computed())

    // A second straddling estate that lapsed yesterday does not straddle today.
    await insertEstate('EST-STRADDLE-2', 150)
    expect((await view()).map((r) => r.code)).toContain('EST-STRADDLE-2')
    await sql`update areas set valid_to = current_date - 1 where code = 'EST-STRADDLE-2'`.execute(db)
    expect((await view()).map((r) => r.code)).not.toContain('EST-STRADDLE-2')
    expect(await view()).toEqual(await computed())

    await sql`update areas set valid_to = null where code = 'EST-STRADDLE-2'`.execute(db)
    expect((await view()).map((r) => r.code)).toContain('EST-STRADDLE-2')
    await sql`delete from areas where code in ('EST-STRADDLE-1', 'EST-STRADDLE-2')`.execute(db)
    expect((await view()).map((r) => r.code)).not.toContain('EST-STRADDLE-2')
    expect(await view()).toEqual(await computed())
  })

  it('is read from the table, not recomputed from polygons, when a referral is classified', async () => {
    const { rows } = await sql<{ plan: string }>`explain select * from straddling_areas`.execute(db)
    const plan = rows.map((r) => Object.values(r)[0]).join('\n')
    expect(plan).toContain('area_borough_overlaps')
    expect(plan).not.toMatch(/on areas/)
  })
})
