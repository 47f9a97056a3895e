import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { asGeoJson4326, currentlyValid } from '../db/spatial.js'

export interface BorderZoneSideRow {
  /** 0 for the first borough asked for, 1 for the second. */
  side: 0 | 1
  code: string
  name: string
  geometry: string
}

/**
 * The zone within `distance` metres of the shared border of `a` and `b`, cut into its two sides in
 * EPSG:27700: the border line's buffer intersected with each borough (polygons only). Side 0 is `a`.
 * No rows when the two do not share a border.
 */
export async function borderZoneSides(db: Kysely<DB>, a: string, b: string, distance: number): Promise<BorderZoneSideRow[]> {
  const [lo, hi] = a < b ? [a, b] : [b, a]
  const { rows } = await sql<BorderZoneSideRow>`
    with zone as (
      select ST_Buffer(geom, ${distance}::float8) as band from borough_borders where borough_a = ${lo} and borough_b = ${hi}
    )
    select p.side, p.code, p.name, ${asGeoJson4326(sql.ref('p.part'))} as geometry
    from (
      select s.side, ar.code, ar.name, ST_CollectionExtract(ST_Intersection(z.band, ar.geom), 3) as part
      from zone z
      cross join (values (0, ${a}::text), (1, ${b}::text)) as s (side, code)
      join areas ar on ar.kind = 'borough' and ar.code = s.code and ${currentlyValid('ar')}
    ) p
    where not ST_IsEmpty(p.part)
    order by p.side`.execute(db)
  return rows
}
