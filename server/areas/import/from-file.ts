import { readFile } from 'node:fs/promises'
import { Problem } from '../../errors/problem.js'
import { crsMemberName, sridFromCrsName } from './crs.js'
import { DEFAULT_FIELDS, featuresToAreas, type AreaInput, type FieldMapping } from './features.js'

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

export async function readAreaFile(path: string, opts: { crs?: string; fields?: Partial<FieldMapping> } = {}): Promise<ParsedAreaFile> {
  let collection: unknown
  try {
    collection = JSON.parse(await readFile(path, 'utf8'))
  } catch (err) {
    throw new Problem(400, 'validation-failed', `${path}: not readable JSON (${(err as Error).message})`, [{ field: 'file', message: 'not JSON' }])
  }
  return parseAreaCollection(collection, opts)
}
