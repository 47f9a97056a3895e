import { sql, type Kysely } from 'kysely'
import type { DB } from '../db/types.js'
import { currentlyValid } from '../db/spatial.js'
import { atDetail } from './detail.js'

/** A shape at the overview's detail (./detail.ts), in Web Mercator. */
const inMercator = (geom: ReturnType<typeof sql.ref>) => sql`ST_Transform(${atDetail(geom, 'overview')}, 3857)`
/** Text safe inside a double-quoted XML attribute. */
const attr = (text: ReturnType<typeof sql.ref>) => sql`replace(replace(replace(${text}, '&', '&amp;'), '<', '&lt;'), '"', '&quot;')`

/** The overview picture (./overview.ts): 33 borough paths and their shared borders, from the boundaries in force. */
export async function overviewSvg(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ boroughs: string | null; borders: string | null; box: string | null }>`
    with boroughs as (
      select ${attr(sql.ref('a.code'))} as code, ${inMercator(sql.ref('a.geom'))} as g from areas a where a.kind = 'borough' and ${currentlyValid('a')}
    ), borders as (
      select ${attr(sql.ref('b.borough_a'))} as borough_a, ${attr(sql.ref('b.borough_b'))} as borough_b, ${inMercator(sql.ref('b.geom'))} as g from borough_borders b
    )
    select
      (select string_agg(format('<path data-code="%s" d="%s"/>', code, ST_AsSVG(g, 1, 0)), '' order by code) from boroughs) as boroughs,
      (select string_agg(format('<path data-between="%s,%s" d="%s"/>', borough_a, borough_b, ST_AsSVG(g, 1, 0)), '' order by borough_a, borough_b) from borders) as borders,
      (select concat_ws(' ', floor(ST_XMin(e)), floor(-ST_YMax(e)), ceil(ST_XMax(e) - floor(ST_XMin(e))), ceil(-ST_YMin(e) - floor(-ST_YMax(e))))
         from (select ST_Extent(g)::geometry as e from boroughs) x where e is not null) as box`.execute(db)
  const { boroughs, borders, box } = rows[0] ?? { boroughs: null, borders: null, box: null }
  // No boroughs yet (a database before its first import): an empty picture, still valid SVG.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${box ?? '0 0 1 1'}" data-crs="EPSG:3857">` +
    `<g class="boroughs">${boroughs ?? ''}</g><g class="borders">${borders ?? ''}</g></svg>`
  )
}
