import { sql, type Expression, type RawBuilder } from 'kysely'

/** Reusable spatial SQL: the SRIDs are written here once. Storage is EPSG:27700, output EPSG:4326. */
export const STORAGE_SRID = 27700

/** A WGS84 lon/lat point as a British National Grid geometry. */
export function pointFromLonLat(lon: number, lat: number): RawBuilder<unknown> {
  return sql`ST_Transform(ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326), 27700)`
}

/**
 * RFC 7946 geometry text: EPSG:4326, lon/lat order, 6 decimals, no `crs` member, polygons with
 * counter-clockwise outer rings and clockwise holes (RFC 7946 §3.1.6; imported boundaries are
 * mostly the other way round). The one place GeoJSON geometry is written for every route.
 */
export function asGeoJson4326(geom: Expression<unknown>): RawBuilder<string> {
  return sql<string>`ST_AsGeoJSON(ST_ForcePolygonCCW(ST_Transform(${geom}, 4326)), 6, 0)`
}

/**
 * GeoJSON geometry text in one of the CRSs the service offers: 4326 as asGeoJson4326; 27700 (the
 * stored grid) untransformed, in metres to the centimetre, with the same ring orientation.
 */
export function asGeoJson(geom: Expression<unknown>, srid: 4326 | 27700): RawBuilder<string> {
  return srid === 4326 ? asGeoJson4326(geom) : sql<string>`ST_AsGeoJSON(ST_ForcePolygonCCW(${geom}), 2, 0)`
}

/** Where EPSG:27700 is defined (its area of use), in lon/lat. */
export const GRID_AREA_OF_USE: BBox = [-9, 49.75, 2.01, 61.01]

/** The part of a lon/lat box inside the grid's area of use, or null when they do not meet. */
export function clampToGrid(b: BBox): BBox | null {
  const [x0, y0, x1, y1] = GRID_AREA_OF_USE
  const c: BBox = [Math.max(b[0], x0), Math.max(b[1], y0), Math.min(b[2], x1), Math.min(b[3], y1)]
  return c[0] <= c[2] && c[1] <= c[3] ? c : null
}

/** A lon/lat bounding box as a 27700 polygon (densified so its edges follow the projection). */
export function bboxTo27700(b: BBox): RawBuilder<unknown> {
  return sql`ST_Transform(ST_Segmentize(ST_MakeEnvelope(${b[0]}::float8, ${b[1]}::float8, ${b[2]}::float8, ${b[3]}::float8, 4326), 0.01), 27700)`
}

/** Only boundaries in force today. */
export function currentlyValid(alias: string): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.valid_to`)} is null or ${sql.ref(`${alias}.valid_to`)} > current_date)`
}

/** minLon, minLat, maxLon, maxLat */
export type BBox = [number, number, number, number]
