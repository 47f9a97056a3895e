import { sql, type Kysely } from 'kysely'
import type { AreaKind, DB } from '../db/types.js'
import { atDetail, type Detail } from './detail.js'
import { asGeoJson4326, bboxTo27700, clampToGrid, currentlyValid, pointFromLonLat, type BBox } from '../db/spatial.js'

/** An area as the API shows it; geometry is GeoJSON text in EPSG:4326. */
export interface AreaRow {
  code: string
  name: string
  kind: AreaKind
  parentCode: string | null
  synthetic: boolean
  geometry: string
}

const areaColumns = (detail: Detail = 'full') =>
  sql`a.code, a.name, a.kind, a.parent_code as "parentCode", a.synthetic, ${asGeoJson4326(atDetail(sql.ref('a.geom'), detail))} as geometry`

/** Current areas of one kind, optionally only those meeting a lon/lat box, at that detail (areas/detail.ts). */
export async function listAreas(db: Kysely<DB>, kind: AreaKind, bbox?: BBox, detail: Detail = 'full'): Promise<AreaRow[]> {
  const box = bbox ? clampToGrid(bbox) : undefined
  if (box === null) return []
  const inBox = box ? sql`and a.geom && ${bboxTo27700(box)}` : sql``
  const { rows } = await sql<AreaRow>`
    select ${areaColumns(detail)} from areas a
    where a.kind = ${kind} and ${currentlyValid('a')} ${inBox}
    order by a.code`.execute(db)
  return rows
}

/** The current area with that code (GSS codes are unique across kinds). */
export async function getArea(db: Kysely<DB>, code: string): Promise<AreaRow | undefined> {
  const { rows } = await sql<AreaRow>`
    select ${areaColumns()} from areas a
    where a.code = ${code} and ${currentlyValid('a')}
    order by a.valid_from desc nulls last limit 1`.execute(db)
  return rows[0]
}

export interface NamedCode {
  code: string
  name: string
}

export interface Lookup {
  borough: NamedCode | null
  ward: NamedCode | null
  lsoa: NamedCode | null
  estate: NamedCode | null
  nearestBorder: (NamedCode & { distanceM: number }) | null
}

/** `{ code, name }` of the area whose code is in `column` (the one in force if any, else the latest), or null. */
const namedArea = (column: string) => {
  const code = sql.ref(column)
  return sql<NamedCode | null>`case when ${code} is null then null else json_build_object('code', ${code}, 'name',
    (select a.name from areas a where a.code = ${code} order by ${currentlyValid('a')} desc, a.valid_from desc nulls last limit 1)) end`
}

/**
 * Which borough, ward, LSOA and estate hold a point, and the nearest other borough with the
 * distance to it: the same `location_areas()` that assigns a stored location its areas, so the
 * page's live answer for a point is the one its saved location gets.
 */
export async function lookupPoint(db: Kysely<DB>, lon: number, lat: number): Promise<Lookup> {
  const { rows } = await sql<Record<'borough' | 'ward' | 'lsoa' | 'estate' | 'border', NamedCode | null> & { distance: number | null }>`
    select ${namedArea('l.borough_code')} as borough, ${namedArea('l.ward_code')} as ward, ${namedArea('l.lsoa_code')} as lsoa,
           ${namedArea('l.estate_code')} as estate, ${namedArea('l.border_code')} as border,
           l.border_distance_m as distance
    from location_areas(${pointFromLonLat(lon, lat)}) l`.execute(db)
  const r = rows[0]!
  return {
    borough: r.borough,
    ward: r.ward,
    lsoa: r.lsoa,
    estate: r.estate,
    // Unrounded: the page decides the border zone from this number, and must decide it as the
    // database does for the saved location (a distance of 400.04 m is outside a 400 m zone).
    nearestBorder: r.border && r.distance !== null ? { ...r.border, distanceM: r.distance } : null,
  }
}

/** The loaded boroughs' extent in lon/lat, grown by `marginM` metres; null with no boroughs. */
export async function serviceArea(db: Kysely<DB>, marginM = 2000): Promise<BBox | null> {
  const { rows } = await sql<{ xmin: number | null; ymin: number; xmax: number; ymax: number }>`
    select ST_XMin(e) as xmin, ST_YMin(e) as ymin, ST_XMax(e) as xmax, ST_YMax(e) as ymax from (
      select ST_Transform(ST_SetSRID(ST_Expand(ST_Extent(geom)::geometry, ${marginM}::float8), 27700), 4326) as e
      from areas where kind = 'borough') x`.execute(db)
  const r = rows[0]
  return r && r.xmin !== null ? [r.xmin, r.ymin, r.xmax, r.ymax] : null
}

/** The boundary sets loaded (boroughs, wards, LSOAs): where each came from, how many, from when. */
export async function boundarySets(
  db: Kysely<DB>,
): Promise<Array<{ kind: string; source: string; count: number; validFrom: string | null; validTo: string | null }>> {
  const { rows } = await sql<{ kind: string; source: string; count: number; valid_from: string | null; valid_to: string | null }>`
    select kind, source, count(*)::int as count, min(valid_from) as valid_from, max(valid_to) as valid_to
    from areas where kind in ('borough', 'ward', 'lsoa') group by kind, source
    order by array_position(array['borough', 'ward', 'lsoa'], kind), source`.execute(db)
  return rows.map((r) => ({ kind: r.kind, source: r.source, count: r.count, validFrom: r.valid_from, validTo: r.valid_to }))
}

/** Where the current boroughs came from (e.g. the bundled simplified set). */
export async function boroughSources(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ source: string }>`select distinct source from areas where kind = 'borough' order by 1`.execute(db)
  return rows.map((r) => r.source)
}
