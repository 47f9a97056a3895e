import { sql, type Kysely } from 'kysely'
import type { DB } from '../../server/db/types.js'

export const CSV_HEADER = 'external_id,programme,subject_role,age_band,funding_borough,opened_on,location_kind,lon,lat,observed_on,precision'
export const GRID_HEADER = 'external_id,programme,subject_role,age_band,funding_borough,opened_on,location_kind,easting,northing,observed_on,precision'

/** Places inside one borough each (lon, lat), and the borough's GSS code. */
export const WEMBLEY = { lon: -0.2795, lat: 51.556, borough: 'E09000005' } // Brent
export const SOHO = { lon: -0.1357, lat: 51.5134, borough: 'E09000033' } // Westminster
export const SOHO_GRID = { easting: 529600, northing: 181000, borough: 'E09000033' }

/** n referrals of `perReferral` rows each, alternating Brent and Westminster, lon/lat. */
export function csvRows(prefix: string, n: number, perReferral = 2): string[] {
  const rows: string[] = []
  for (let i = 0; i < n; i++) {
    const place = i % 2 ? SOHO : WEMBLEY
    for (let k = 0; k < perReferral; k++) {
      const kind = k === 0 ? 'home' : 'incident'
      rows.push(
        `${prefix}-${i},mentoring,at_risk,14-15,${place.borough},2025-03-01,${kind},${(place.lon + k * 0.001).toFixed(6)},${place.lat},2025-03-0${k + 2},street`,
      )
    }
  }
  return rows
}

export const csv = (header: string, rows: string[]) => [header, ...rows].join('\n') + '\n'

export async function ensureProgrammes(db: Kysely<DB>): Promise<void> {
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('family-support', 'Family support')
            on conflict (slug) do nothing`.execute(db)
}

/** Referrals and their locations whose external id starts with `prefix`. */
export async function stored(db: Kysely<DB>, prefix: string) {
  const { rows } = await sql<{ external_id: string; kind: string; borough_code: string | null; ward_code: string | null }>`
    select r.external_id, l.kind, l.borough_code, l.ward_code from referrals r join referral_locations l on l.referral_id = r.id
    where r.external_id like ${prefix + '-%'} order by r.external_id, l.kind`.execute(db)
  const referrals = new Set(rows.map((r) => r.external_id)).size
  return { referrals, locations: rows }
}
