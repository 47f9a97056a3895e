import { invalid } from '../errors/problem.js'

/**
 * OGC API – Features, Part 2 (CRS by reference): the coordinate reference systems every collection
 * offers. CRS84 (lon/lat, the GeoJSON default) and the British National Grid the data is stored in,
 * so analysts get metres without a client-side (approximate) transform.
 */
export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
export const EPSG_27700 = 'http://www.opengis.net/def/crs/EPSG/0/27700'

/** The SRIDs the SQL helpers write geometry in (server/db/spatial.ts asGeoJson). */
export type Srid = 4326 | 27700

/** Every collection's `crs` list; the first is the default. */
export const OFFERED_CRS: readonly string[] = [CRS84, EPSG_27700]
/** Where the data lives (`storageCrs` of every collection). */
export const STORAGE_CRS = EPSG_27700

const BY_URI: Record<string, Srid> = {
  [CRS84]: 4326,
  [EPSG_27700]: 27700,
  // The safe-CURIE forms Part 2 also allows.
  '[OGC:CRS84]': 4326,
  '[EPSG:27700]': 27700,
}

export const crsUri = (srid: Srid) => (srid === 4326 ? CRS84 : EPSG_27700)

/** A `crs`, `bbox-crs` or `filter-crs` parameter as an SRID (CRS84 when absent); anything else 400 naming the parameter. */
export function parseCrs(param: string, raw: string | undefined): Srid {
  if (raw === undefined) return 4326
  const srid = BY_URI[raw.trim()]
  if (srid === undefined) throw invalid(param, `must be one of ${OFFERED_CRS.join(', ')}`)
  return srid
}

/**
 * The legacy GeoJSON `crs` member (GeoJSON 2008) for a 27700 answer: RFC 7946 has none because its
 * coordinates are always CRS84, but a 27700 document is not RFC 7946, and GDAL's GeoJSON reader and
 * older QGIS use this member to label the layer. The Content-Crs header says the same for OGC clients.
 */
export const legacyCrsMember = (srid: Srid) => (srid === 27700 ? `"crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::27700"}},` : '')
