import { Problem, type FieldError } from '../../errors/problem.js'
import { pick, type AreaInput, type FieldMapping } from './features.js'

/**
 * GeoPackage (OGC 12-128r18) boundary layers, read with Node's built-in SQLite (`node:sqlite`, Node 22.5+):
 * the feature table's rows with the code and name columns, each geometry as the WKB inside its
 * GeoPackage binary header, handed to PostGIS (ST_GeomFromWKB) untouched. The CRS is the one
 * gpkg_geometry_columns names, looked up in gpkg_spatial_ref_sys.
 */

export interface GeoPackageLayer {
  areas: AreaInput[]
  /** EPSG code of the layer's coordinates, or undefined when the file's CRS is not an EPSG one. */
  srid: number | undefined
  /** What the file says its CRS is, for a message when it is not EPSG. */
  crsName: string
  layer: string
}

/** WKB geometry types (ISO codes modulo 1000 for Z/M variants; EWKB flags masked off). */
const POLYGON = 3
const MULTIPOLYGON = 6

export interface GpkgGeometry {
  srsId: number
  empty: boolean
  /** The standard WKB after the header. */
  wkb: Uint8Array
}

/**
 * Splits a GeoPackage geometry blob: magic "GP", version 0, flags (bit 0 byte order of the header,
 * bits 1–3 envelope kind: 0 none, 1 xy = 32 bytes, 2 xyz / 3 xym = 48, 4 xyzm = 64; bit 4 empty;
 * bit 5 extended type, not supported), srs_id (int32), the envelope, then WKB.
 */
export function parseGpkgGeometry(blob: Uint8Array): GpkgGeometry {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" magic)')
  if (blob[2] !== 0) throw new Error(`GeoPackage geometry version ${blob[2]} is not supported (only 0, i.e. version 1)`)
  const flags = blob[3]!
  if (flags & 0b0010_0000) throw new Error('extended GeoPackage geometry types are not supported')
  const envelope = (flags >> 1) & 0b111
  const envelopeBytes = [0, 32, 48, 48, 64][envelope]
  if (envelopeBytes === undefined) throw new Error(`invalid envelope indicator ${envelope}`)
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength)
  const srsId = view.getInt32(4, (flags & 1) === 1)
  const start = 8 + envelopeBytes
  if (blob.length < start + 5) throw new Error('GeoPackage geometry is truncated')
  return { srsId, empty: (flags & 0b1_0000) !== 0, wkb: blob.subarray(start) }
}

/** The WKB geometry type (Polygon = 3, MultiPolygon = 6, …) of a WKB byte string, Z/M variants folded in. */
export function wkbType(wkb: Uint8Array): number {
  const view = new DataView(wkb.buffer, wkb.byteOffset, wkb.byteLength)
  const raw = view.getUint32(1, wkb[0] === 1)
  return (raw & 0x0fff_ffff) % 1000
}

/** The EPSG code of a gpkg_spatial_ref_sys row, when it names one. */
function epsgOf(row: { organization?: unknown; organization_coordsys_id?: unknown } | undefined): number | undefined {
  if (!row || typeof row.organization !== 'string' || row.organization.toUpperCase() !== 'EPSG') return undefined
  const id = Number(row.organization_coordsys_id)
  return Number.isInteger(id) && id > 0 ? id : undefined
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

async function openSqlite(path: string) {
  let mod: typeof import('node:sqlite')
  try {
    mod = await import('node:sqlite')
  } catch {
    throw new Problem(
      400,
      'validation-failed',
      `${path}: reading GeoPackage needs Node 22.5 or later (node:sqlite); convert it with ogr2ogr -f GeoJSON instead`,
      [{ field: 'file', message: 'GeoPackage needs node:sqlite' }],
    )
  }
  try {
    return new mod.DatabaseSync(path, { readOnly: true })
  } catch (err) {
    throw new Problem(400, 'validation-failed', `${path}: not a readable GeoPackage (${(err as Error).message})`, [{ field: 'file', message: 'not SQLite' }])
  }
}

/**
 * Reads the boundary layer of a GeoPackage: `layer` names it, or the file must hold exactly one
 * feature table. Every bad feature is listed (400), nothing half-read.
 */
export async function readGeoPackage(path: string, fields: FieldMapping, layer?: string): Promise<GeoPackageLayer> {
  const db = await openSqlite(path)
  const bad = (message: string, field = 'file') => new Problem(400, 'validation-failed', `${path}: ${message}`, [{ field, message }])
  try {
    let tables: Array<{ table_name: string }>
    try {
      tables = db.prepare(`select table_name from gpkg_contents where data_type = 'features' order by table_name`).all() as Array<{ table_name: string }>
    } catch {
      throw bad('not a GeoPackage (no gpkg_contents table)')
    }
    const names = tables.map((t) => t.table_name)
    const table = layer ?? (names.length === 1 ? names[0] : undefined)
    if (!table || !names.includes(table)) {
      throw bad(
        layer
          ? `no feature layer "${layer}" (layers: ${names.join(', ') || 'none'})`
          : `${names.length ? `${names.length} feature layers (${names.join(', ')}): choose one with --layer` : 'no feature layer'}`,
        'layer',
      )
    }
    const geomCol = db.prepare('select column_name, srs_id from gpkg_geometry_columns where table_name = ?').get(table) as
      | { column_name: string; srs_id: number }
      | undefined
    if (!geomCol) throw bad(`layer "${table}" has no row in gpkg_geometry_columns`, 'layer')
    const srs = db.prepare('select srs_name, organization, organization_coordsys_id from gpkg_spatial_ref_sys where srs_id = ?').get(geomCol.srs_id) as
      | { srs_name?: string; organization?: string; organization_coordsys_id?: number }
      | undefined
    const srid = epsgOf(srs)
    const crsName = srs
      ? `${srs.srs_name ?? '?'} (${srs.organization ?? '?'}:${srs.organization_coordsys_id ?? '?'})`
      : `srs_id ${geomCol.srs_id}, not in gpkg_spatial_ref_sys`

    const columns = (db.prepare(`pragma table_info(${quoteIdent(table)})`).all() as Array<{ name: string }>).map((c) => c.name)
    const errors: FieldError[] = []
    const areas: AreaInput[] = []
    const seen = new Map<string, number>()
    const rows = db.prepare(`select * from ${quoteIdent(table)}`).iterate() as Iterable<Record<string, unknown>>
    let i = 0
    for (const row of rows) {
      const at = `features[${i}]`
      const props = Object.fromEntries(columns.filter((c) => c !== geomCol.column_name).map((c) => [c, row[c]]))
      const code = pick(props, fields.code)
      const name = pick(props, fields.name) ?? code
      if (!code) errors.push({ field: `${at}.properties`, message: `no code (looked for ${fields.code.join(', ')}, in any case)` })
      let wkb: Uint8Array | undefined
      const blob = row[geomCol.column_name]
      try {
        if (!(blob instanceof Uint8Array)) throw new Error('no geometry')
        const g = parseGpkgGeometry(blob)
        if (g.empty) throw new Error('the geometry is empty')
        const type = wkbType(g.wkb)
        if (type !== POLYGON && type !== MULTIPOLYGON) throw new Error(`must be a Polygon or MultiPolygon, got WKB type ${type}`)
        wkb = g.wkb
      } catch (err) {
        errors.push({ field: `${at}.geometry`, message: (err as Error).message })
      }
      if (code) {
        const prev = seen.get(code)
        if (prev !== undefined) errors.push({ field: `${at}.properties`, message: `code ${code} repeats features[${prev}]` })
        seen.set(code, i)
      }
      if (code && name && wkb) areas.push({ code, name, parentCode: pick(props, fields.parent) ?? null, wkb: Buffer.from(wkb).toString('hex') })
      i++
    }
    if (i === 0) errors.push({ field: 'features', message: `layer "${table}" has no features` })
    if (errors.length) throw new Problem(400, 'validation-failed', `${errors.length} problem(s) in the boundary file; nothing was imported`, errors)
    return { areas, srid, crsName, layer: table }
  } finally {
    db.close()
  }
}
