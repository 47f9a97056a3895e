import type { RawConnection } from './session.js'
import { DEFER_KEPT_COUNTS, REFRESH_KEPT_COUNTS } from '../db/kept-counts.js'

/** What an import did to the referrals it names. */
export interface WriteCounts {
  inserted: number
  updated: number
  unchanged: number
  locations: number
}

/** One text per location, to compare a referral's locations in the file with those stored. */
const fingerprint = (t: string) =>
  `string_agg(concat_ws('|', ${t}.kind, ${t}.observed_on, ${t}.precision, encode(ST_AsBinary(${t}.geom), 'hex')), ';'
     order by concat_ws('|', ${t}.kind, ${t}.observed_on, ${t}.precision, encode(ST_AsBinary(${t}.geom), 'hex')))`

/**
 * Settings for the write transaction only: memory enough that the big joins, sorts and
 * aggregates of a million-row import stay in memory, and no JIT (the work is in PostGIS calls,
 * which JIT cannot speed up, while compiling the large plans costs up to a second each).
 */
export async function tuneTransaction(c: RawConnection): Promise<void> {
  // The kept counts are refreshed once for the touched referrals by refreshHexCounts instead of by
  // the triggers at every statement (server/db/kept-counts.ts).
  await c.query(`select set_config('work_mem', '128MB', true), set_config('jit', 'off', true), ${DEFER_KEPT_COUNTS}`)
}

/** The kept counts of every referral the import touched, set-based, before the write transaction commits. */
export async function refreshHexCounts(c: RawConnection): Promise<void> {
  await c.query(REFRESH_KEPT_COUNTS)
}

/**
 * Decides per referral (inside the write transaction): `new` (no referral of the organisation has
 * this external_id), `unchanged` (same referral fields and the same locations), or `update`.
 */
export async function classify(c: RawConnection, organisationId: string): Promise<void> {
  await c.query(
    `
    update import_refs i
       set id = r.id,
           action = case when (r.programme_id, r.subject_role, r.age_band, r.funding_borough, r.opened_on)
                            = (p.id, i.subject_role, i.age_band, i.funding_borough, i.opened_on) then 'check' else 'update' end
      from referrals r, programmes p
     where r.organisation_id = $1 and r.external_id = i.external_id and p.slug = i.programme`,
    [organisationId],
  )
  // Fresh statistics, so the comparison below is planned as hash joins (not nested loops).
  await c.query('analyze import_refs')
  await c.query(`
    create temp table import_fp_file as
    select s.external_id, ${fingerprint('s')} as fp
    from import_rows s join import_refs i on i.external_id = s.external_id and i.action = 'check' group by 1`)
  await c.query(`
    create temp table import_fp_stored as
    select i.external_id, ${fingerprint('l')} as fp
    from import_refs i join referral_locations l on l.referral_id = i.id where i.action = 'check' group by 1`)
  await c.query('analyze import_fp_file')
  await c.query('analyze import_fp_stored')
  await c.query(`
    update import_refs i set action = case when f.fp = s.fp then 'unchanged' else 'update' end
      from import_fp_file f left join import_fp_stored s on s.external_id = f.external_id
     where i.external_id = f.external_id`)
}

/** Inserts new referrals, updates changed ones and drops their old locations. */
export async function writeReferrals(c: RawConnection, organisationId: string): Promise<void> {
  await c.query(
    `
    insert into referrals (id, organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
    select i.id, $1, p.id, i.external_id, i.subject_role, i.age_band, i.funding_borough, i.opened_on
    from import_refs i join programmes p on p.slug = i.programme where i.action = 'new'`,
    [organisationId],
  )
  await c.query(`
    update referrals r
       set programme_id = p.id, subject_role = i.subject_role, age_band = i.age_band,
           funding_borough = i.funding_borough, opened_on = i.opened_on, updated_at = now()
      from import_refs i join programmes p on p.slug = i.programme
     where i.action = 'update' and r.id = i.id`)
  await c.query(`delete from referral_locations l using import_refs i where i.action = 'update' and l.referral_id = i.id`)
}

/**
 * Side (metres) of the grid squares that share one list of candidate borders. Smaller squares mean
 * fewer candidates per point but more squares to prepare; 200 m measured best at 100k–1M rows.
 */
export const BORDER_SQUARE_M = 200

/**
 * The areas of every location to write, set-based, with the same answers as the trigger's
 * `location_areas()` (tests/imports/assignment.test.ts compares them on the real boundaries, and
 * tests/golden/rules/location-areas.json holds hand-worked cases both run). Calling
 * `location_areas()` per row instead took about 19 times as long (50,000 points: 482.8 s against
 * 25.1 s on a loaded machine), hence this second, set-based form of the same rule:
 *
 * 1. point in polygon the other way round: each subdivided area part probes a GiST index of the
 *    new points (one probe per part instead of one per point, and the part, repeated across its
 *    points, is prepared once by PostGIS);
 * 2. a point another borough's polygon also holds is 0 m from it;
 * 3. otherwise the nearest other borough is the nearest `borough_edges` line of another borough.
 *    Points are grouped by grid square and borough; per group one KNN from the square's centre
 *    gives d, and only edges within d + half the square's diagonal of the square can be nearest
 *    for any point in it. Each point then measures its distance to those few candidates.
 */
export async function assignAreas(c: RawConnection): Promise<void> {
  const S = BORDER_SQUARE_M
  await c.query(`
    create temp table import_loc as
    select s.row, i.id as referral_id, s.kind, s.geom, s.observed_on, s.precision,
           floor(ST_X(s.geom) / ${S})::int as gx, floor(ST_Y(s.geom) / ${S})::int as gy
    from import_rows s join import_refs i on i.external_id = s.external_id and i.action in ('new', 'update')`)
  await c.query('create index on import_loc using gist (geom)')
  await c.query('analyze import_loc')
  await c.query(`
    create temp table import_pip as
    select row, borough_code, ward_code, lsoa_code, estate_code, patch_code,
           (select min(b) from unnest(boroughs) b where b is distinct from borough_code) as inside_code
    from (
      select l.row,
             min(p.code) filter (where p.kind = 'borough' and p.current) as borough_code,
             min(p.code) filter (where p.kind = 'ward' and p.current) as ward_code,
             min(p.code) filter (where p.kind = 'lsoa' and p.current) as lsoa_code,
             min(p.code) filter (where p.kind = 'estate' and p.current) as estate_code,
             min(p.code) filter (where p.kind = 'patch' and p.current) as patch_code,
             array_agg(p.code) filter (where p.kind = 'borough') as boroughs
      from (select p.geom, a.kind, a.code, (a.valid_to is null or a.valid_to > current_date) as current
            from area_parts p join areas a on a.id = p.area_id) p
      join import_loc l on ST_Intersects(p.geom, l.geom)
      group by l.row
    ) h`)
  await c.query('create index on import_pip (row)')
  await c.query('analyze import_pip')
  await c.query(`
    create temp table import_todo as
    select l.row, l.geom, l.gx, l.gy, coalesce(p.borough_code, '') as borough
    from import_loc l left join import_pip p on p.row = l.row
    where p.inside_code is null`)
  await c.query('analyze import_todo')
  await c.query(`
    create temp table import_cand as
    select g.gx, g.gy, g.borough, e.code, e.geom
    from (select distinct gx, gy, borough from import_todo) g
    cross join lateral (
      select ST_Distance(e.geom, ST_SetSRID(ST_MakePoint((g.gx + 0.5) * ${S}, (g.gy + 0.5) * ${S}), 27700)) as d
      from borough_edges e where e.code <> g.borough
      order by e.geom <-> ST_SetSRID(ST_MakePoint((g.gx + 0.5) * ${S}, (g.gy + 0.5) * ${S}), 27700) limit 1) n
    join borough_edges e on e.code <> g.borough
     and ST_DWithin(e.geom, ST_MakeEnvelope(g.gx * ${S}, g.gy * ${S}, (g.gx + 1) * ${S}, (g.gy + 1) * ${S}, 27700),
                    n.d + ${(S * Math.SQRT1_2).toFixed(3)} + 0.001)`)
  await c.query('analyze import_cand')
  await c.query(`
    create temp table import_near as
    select distinct on (t.row) t.row, c.code, ST_Distance(c.geom, t.geom) as distance
    from import_todo t join import_cand c on c.gx = t.gx and c.gy = t.gy and c.borough = t.borough
    order by t.row, 3, c.code`)
  await c.query('create index on import_near (row)')
  await c.query('analyze import_near')
}

/** Inserts the located events with their areas (the trigger is deferred for this transaction). */
export async function writeLocations(c: RawConnection): Promise<number> {
  await c.query(`select set_config('crossborough.defer_assignment', 'on', true)`)
  const [r] = await c.query<{ n: number | string }>(`
    with ins as (
      insert into referral_locations (referral_id, kind, geom, observed_on, precision,
                                      borough_code, ward_code, lsoa_code, estate_code, patch_code, border_code, border_distance_m)
      select l.referral_id, l.kind, l.geom, l.observed_on, l.precision,
             p.borough_code, p.ward_code, p.lsoa_code, p.estate_code, p.patch_code,
             coalesce(p.inside_code, n.code), case when p.inside_code is not null then 0::float8 else n.distance end
      from import_loc l left join import_pip p on p.row = l.row left join import_near n on n.row = l.row
      returning 1)
    select count(*) as n from ins`)
  return Number(r?.n ?? 0)
}

export async function countActions(c: RawConnection): Promise<Omit<WriteCounts, 'locations'>> {
  const rows = await c.query<{ action: string; n: number | string }>(`select action, count(*) as n from import_refs group by action`)
  const n = (a: string) => Number(rows.find((r) => r.action === a)?.n ?? 0)
  return { inserted: n('new'), updated: n('update'), unchanged: n('unchanged') }
}
