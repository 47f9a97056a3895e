import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { asGeoJson4326 } from '../db/spatial.js'
import { atDetail, type Detail } from './detail.js'

export interface BorderRow {
  boroughA: string
  nameA: string
  boroughB: string
  nameB: string
  lengthM: number
  geometry: string
}

const borderSelect = (detail: Detail = 'full') => sql`
  select b.borough_a as "boroughA", a1.name as "nameA", b.borough_b as "boroughB", a2.name as "nameB",
         b.length_m as "lengthM", ${asGeoJson4326(atDetail(sql.ref('b.geom'), detail))} as geometry
  from borough_borders b
  join areas a1 on a1.kind = 'borough' and a1.code = b.borough_a
  join areas a2 on a2.kind = 'borough' and a2.code = b.borough_b`

/** The shared border of two boroughs, whichever order they are given in. */
export async function getBorder(db: Kysely<DB>, codeA: string, codeB: string): Promise<BorderRow | undefined> {
  const [a, b] = codeA < codeB ? [codeA, codeB] : [codeB, codeA]
  const { rows } = await sql<BorderRow>`${borderSelect()} where b.borough_a = ${a} and b.borough_b = ${b}`.execute(db)
  return rows[0]
}

/** Every shared border, optionally only those of one borough, at that detail (areas/detail.ts; the length is always the full border's). */
export async function listBorders(db: Kysely<DB>, borough?: string, detail: Detail = 'full'): Promise<BorderRow[]> {
  const filter = borough ? sql`where ${borough} in (b.borough_a, b.borough_b)` : sql``
  const { rows } = await sql<BorderRow>`${borderSelect(detail)} ${filter} order by 1, 3`.execute(db)
  return rows
}
