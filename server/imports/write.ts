import type { RawConnection } from './session.js'

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
 * Decides per referral (inside the write transaction): `new` (no referral of the organisation has
 * this external_id), `unchanged` (same referral fields and the same locations), or `update`.
 */
export async function classify(c: RawConnection, organisationId: string): Promise<void> {
  await c.query(`
    update import_refs i
       set id = r.id,
           action = case when (r.programme_id, r.subject_role, r.age_band, r.funding_borough, r.opened_on)
                            = (p.id, i.subject_role, i.age_band, i.funding_borough, i.opened_on) then 'check' else 'update' end
      from referrals r, programmes p
     where r.organisation_id = $1 and r.external_id = i.external_id and p.slug = i.programme`, [organisationId])
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
  await c.query(`
    insert into referrals (id, organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on)
    select i.id, $1, p.id, i.external_id, i.subject_role, i.age_band, i.funding_borough, i.opened_on
    from import_refs i join programmes p on p.slug = i.programme where i.action = 'new'`, [organisationId])
  await c.query(`
    update referrals r
       set programme_id = p.id, subject_role = i.subject_role, age_band = i.age_band,
           funding_borough = i.funding_borough, opened_on = i.opened_on, updated_at = now()
      from import_refs i join programmes p on p.slug = i.programme
     where i.action = 'update' and r.id = i.id`)
  await c.query(`delete from referral_locations l using import_refs i where i.action = 'update' and l.referral_id = i.id`)
}

/** The areas of every location to write, set-based, with the same function the trigger uses. */
export async function assignAreas(c: RawConnection): Promise<void> {
  await c.query(`
    create temp table import_assigned as
    select s.row, i.id as referral_id, s.kind, s.geom, s.observed_on, s.precision, a.*
    from import_rows s join import_refs i on i.external_id = s.external_id and i.action in ('new', 'update')
    cross join lateral location_areas(s.geom) a`)
}

/** Inserts the located events with their areas (the trigger is deferred for this transaction). */
export async function writeLocations(c: RawConnection): Promise<number> {
  await c.query(`select set_config('crossborough.defer_assignment', 'on', true)`)
  const [r] = await c.query<{ n: number | string }>(`
    with ins as (
      insert into referral_locations (referral_id, kind, geom, observed_on, precision,
                                      borough_code, ward_code, lsoa_code, estate_code, patch_code, border_code, border_distance_m)
      select referral_id, kind, geom, observed_on, precision,
             borough_code, ward_code, lsoa_code, estate_code, patch_code, border_code, border_distance_m
      from import_assigned
      returning 1)
    select count(*) as n from ins`)
  return Number(r?.n ?? 0)
}

export async function countActions(c: RawConnection): Promise<Omit<WriteCounts, 'locations'>> {
  const rows = await c.query<{ action: string; n: number | string }>(`select action, count(*) as n from import_refs group by action`)
  const n = (a: string) => Number(rows.find((r) => r.action === a)?.n ?? 0)
  return { inserted: n('new'), updated: n('update'), unchanged: n('unchanged') }
}
