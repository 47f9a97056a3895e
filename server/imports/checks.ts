import { MAX_REPORTED_ERRORS, SERVICE_AREA_MARGIN_M, type ImportError } from './columns.js'
import type { RawConnection } from './session.js'

const CURRENT_BOROUGHS = `select code, geom from areas where kind = 'borough' and (valid_to is null or valid_to > current_date)`

/**
 * Set-based checks of the staged rows, each as SQL returning (row, field, message, total): the
 * programme exists, the funding borough is a loaded borough, the point lies in the service area
 * (the loaded boroughs' extent plus a margin), and rows of one external_id agree on the referral.
 */
const CHECKS: string[] = [
  `select s.row, 'programme' as field, 'is not a known programme: ' || s.programme as message, count(*) over () as total
   from import_stage s where not exists (select 1 from programmes p where p.slug = s.programme)`,
  `select s.row, 'funding_borough' as field, 'is not the code of a loaded borough: ' || s.funding_borough as message, count(*) over () as total
   from import_stage s where s.funding_borough not in (select code from (${CURRENT_BOROUGHS}) b)`,
  `select r.row, case r.srid when 27700 then 'easting' else 'lon' end as field,
          'is outside the service area (the loaded boroughs'' extent plus ${SERVICE_AREA_MARGIN_M / 1000} km)' as message, count(*) over () as total
   from import_rows r, (select ST_Expand(ST_Extent(geom), ${SERVICE_AREA_MARGIN_M})::geometry as box from (${CURRENT_BOROUGHS}) b) a
   where a.box is null or not (r.geom && ST_SetSRID(a.box, 27700))`,
  `select s.row,
          case when s.programme <> f.programme then 'programme' when s.subject_role <> f.subject_role then 'subject_role'
               when s.age_band <> f.age_band then 'age_band' when s.funding_borough <> f.funding_borough then 'funding_borough'
               else 'opened_on' end as field,
          'differs from row ' || f.row || ', the first row of external_id ' || s.external_id || ' (rows of one referral must agree)' as message,
          count(*) over () as total
   from import_stage s join import_refs f on f.external_id = s.external_id
   where s.row <> f.row and (s.programme, s.subject_role, s.age_band, s.funding_borough, s.opened_on)
                         <> (f.programme, f.subject_role, f.age_band, f.funding_borough, f.opened_on)`,
]

/** Runs every check; returns the first errors of each (by row) and how many there were in all. */
export async function checkStaged(c: RawConnection): Promise<{ errors: ImportError[]; total: number }> {
  const errors: ImportError[] = []
  let total = 0
  for (const check of CHECKS) {
    const rows = await c.query<{ row: number; field: string; message: string; total: number | string }>(
      `select * from (${check}) e order by row limit ${MAX_REPORTED_ERRORS}`,
    )
    total += Number(rows[0]?.total ?? 0)
    errors.push(...rows.map(({ row, field, message }) => ({ row, field, message })))
  }
  return { errors, total }
}
