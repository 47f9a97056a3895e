import { Problem } from '../../errors/problem.js'

/**
 * The EPSG code named by a GeoJSON `crs` member or a `--crs` option: `EPSG:27700`,
 * `urn:ogc:def:crs:EPSG::27700`, `CRS84`, `urn:ogc:def:crs:OGC:1.3:CRS84` (= 4326, lon/lat).
 */
export function sridFromCrsName(name: string): number {
  const s = name.trim()
  if (/^(urn:ogc:def:crs:OGC:(1\.3)?:)?CRS84$/i.test(s) || /^OGC:CRS84$/i.test(s)) return 4326
  const m = /^(?:EPSG:|urn:ogc:def:crs:EPSG:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/0\/)(\d{4,6})$/i.exec(s)
  if (m) return Number(m[1])
  throw new Problem(400, 'validation-failed', `crs: "${name}" is not a CRS name this importer understands (use EPSG:NNNN or CRS84).`, [
    { field: 'crs', message: `unrecognised CRS name "${name}"` },
  ])
}

/** Reads a legacy GeoJSON (2008) `crs` member; undefined when there is none. */
export function crsMemberName(collection: { crs?: unknown }): string | undefined {
  const crs = collection.crs as { type?: string; properties?: { name?: unknown } } | undefined
  if (!crs) return undefined
  if (crs.type === 'name' && typeof crs.properties?.name === 'string') return crs.properties.name
  throw new Problem(400, 'validation-failed', 'crs: only named CRS members ({"type":"name",…}) are supported.', [
    { field: 'crs', message: 'unsupported crs member' },
  ])
}
