import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { Problem } from '../../errors/problem.js'
import { PACKED_SUFFIX, readBoundaryCollection } from '../../geodata/packed.js'
import { crsMemberName, sridFromCrsName } from './crs.js'
import { DEFAULT_FIELDS, featuresToAreas, type AreaInput, type FieldMapping } from './features.js'
import { readGeoPackage } from './geopackage.js'
import { readShapefile, readZippedShapefile, type ShapefileContents } from './shapefile.js'

export interface ParsedAreaFile {
  areas: AreaInput[]
  srid: number
  /** Where the CRS came from, for the import report. */
  crsFrom: 'option' | 'file' | 'default'
}

/**
 * Parses a GeoJSON FeatureCollection of boundaries. The CRS is the `crs` option if given, else the
 * file's `crs` member, else CRS84 (RFC 7946). Throws a 400 Problem listing every bad feature.
 */
export function parseAreaCollection(collection: unknown, opts: { crs?: string; fields?: Partial<FieldMapping> } = {}): ParsedAreaFile {
  const fields = { ...DEFAULT_FIELDS, ...opts.fields }
  const fileCrs = collection && typeof collection === 'object' ? crsMemberName(collection as { crs?: unknown }) : undefined
  const srid = opts.crs ? sridFromCrsName(opts.crs) : fileCrs ? sridFromCrsName(fileCrs) : 4326
  const { areas, errors } = featuresToAreas(collection, fields)
  if (errors.length) throw new Problem(400, 'validation-failed', `${errors.length} problem(s) in the boundary file; nothing was imported`, errors)
  return { areas, srid, crsFrom: opts.crs ? 'option' : fileCrs ? 'file' : 'default' }
}

/**
 * Reads a boundary file by its extension: `.gpkg` (GeoPackage: one feature layer, or the one `layer` names;
 * the CRS from the file unless the `crs` option overrides it; required when the file's is not an EPSG one), `.shp` (with its .dbf, and .prj for the CRS, beside it), `.zip`
 * holding one shapefile, else GeoJSON. A shapefile's CRS is the `crs` option if given, else the one its .prj
 * names (British National Grid, WGS84, ETRS89 or Web Mercator are recognised); otherwise the option is required.
 */
export async function readAreaFile(path: string, opts: { crs?: string; fields?: Partial<FieldMapping>; layer?: string } = {}): Promise<ParsedAreaFile> {
  const ext = extname(path).toLowerCase()
  if (ext === '.shp') return parseShapefile(path, await readShapefile(path), opts)
  if (ext === '.zip') return parseShapefile(path, await readZippedShapefile(path), opts)
  if (ext === '.gpkg') return parseGeoPackage(path, opts)
  // The project's own packed form (geodata/*.topojson.br), so a shipped set can be re-imported as it is.
  if (path.endsWith(PACKED_SUFFIX)) return parseAreaCollection(readBoundaryCollection(path), opts)
  let collection: unknown
  try {
    collection = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new Problem(400, 'validation-failed', `${path}: not readable JSON (${(err as Error).message})`, [{ field: 'file', message: 'not JSON' }])
  }
  return parseAreaCollection(collection, opts)
}

function parseShapefile(path: string, shp: ShapefileContents, opts: { crs?: string; fields?: Partial<FieldMapping> }): ParsedAreaFile {
  let srid: number
  let crsFrom: ParsedAreaFile['crsFrom']
  if (opts.crs) [srid, crsFrom] = [sridFromCrsName(opts.crs), 'option']
  else if (shp.srid) [srid, crsFrom] = [shp.srid, 'file']
  else {
    const why = shp.prj ? `its .prj names a CRS this importer does not recognise (${shp.prj.trim().slice(0, 80)}…)` : 'it has no .prj'
    throw new Problem(400, 'validation-failed', `${path}: ${why}; give the CRS with --crs EPSG:NNNN`, [{ field: 'crs', message: 'CRS unknown' }])
  }
  const { areas, errors } = featuresToAreas(shp.collection, { ...DEFAULT_FIELDS, ...opts.fields })
  if (errors.length) throw new Problem(400, 'validation-failed', `${errors.length} problem(s) in the boundary file; nothing was imported`, errors)
  return { areas, srid, crsFrom }
}

async function parseGeoPackage(path: string, opts: { crs?: string; fields?: Partial<FieldMapping>; layer?: string }): Promise<ParsedAreaFile> {
  const gpkg = await readGeoPackage(path, { ...DEFAULT_FIELDS, ...opts.fields }, opts.layer)
  if (opts.crs) return { areas: gpkg.areas, srid: sridFromCrsName(opts.crs), crsFrom: 'option' }
  if (gpkg.srid === undefined) {
    throw new Problem(400, 'validation-failed', `${path}: layer "${gpkg.layer}" is in ${gpkg.crsName}, not an EPSG CRS; give the CRS with --crs EPSG:NNNN`, [
      { field: 'crs', message: 'CRS not EPSG' },
    ])
  }
  return { areas: gpkg.areas, srid: gpkg.srid, crsFrom: 'file' }
}
