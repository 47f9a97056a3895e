import { compose, type Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import pick from 'stream-json/filters/pick.js'
import streamArray from 'stream-json/streamers/stream-array.js'
import { POSITION_FIELDS, REQUIRED_FIELDS, type ImportError, type ImportFormat, type SourceRecord } from './columns.js'

/** A file that cannot be read at all (bad header, broken syntax): the import stops with this error. */
export class UnreadableFile extends Error {
  constructor(readonly error: ImportError) {
    super(`${error.field}: ${error.message}`)
  }
}

/** The format of an uploaded or named file, from its extension or media type; undefined if neither fits. */
export function detectFormat(fileName: string, mediaType?: string): ImportFormat | undefined {
  const name = fileName.toLowerCase()
  if (name.endsWith('.csv')) return 'csv'
  if (name.endsWith('.geojson') || name.endsWith('.json')) return 'geojson'
  const type = (mediaType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'text/csv') return 'csv'
  if (type === 'application/geo+json' || type === 'application/json') return 'geojson'
  return undefined
}

/**
 * CSV records, streamed. Row numbers are as a spreadsheet shows them: the header is row 1, so the
 * first data row is row 2.
 */
export async function* readCsv(input: Readable): AsyncGenerator<SourceRecord> {
  let header: string[] | undefined
  const parser = input.pipe(
    parse({
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim().toLowerCase())
        const missing = REQUIRED_FIELDS.filter((f) => !header!.includes(f))
        const hasPosition = Object.values(POSITION_FIELDS).some((pair) => pair.every((f) => header!.includes(f)))
        if (!hasPosition) missing.push('lon' as never, 'lat' as never)
        if (missing.length) {
          throw new UnreadableFile({
            row: 1,
            field: missing.join(', '),
            message: `column${missing.length > 1 ? 's are' : ' is'} missing (needs lon,lat or easting,northing)`,
          })
        }
        return header
      },
    }),
  )
  input.once('error', (err) => parser.destroy(err))
  let row = 1
  try {
    for await (const values of parser) yield { row: ++row, values: values as Record<string, unknown> }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err
    // Every csv-parse failure (CSV_… codes and INVALID_OPENING_QUOTE alike) is a CsvError.
    if (err instanceof CsvError || (err as { code?: string }).code?.startsWith('CSV_')) {
      throw new UnreadableFile({ row: row + 1, field: 'file', message: `is not readable CSV: ${(err as Error).message}` })
    }
    throw err
  }
  if (!header) throw new UnreadableFile({ row: 1, field: 'file', message: 'is empty (no header row)' })
}

/**
 * Point features of a GeoJSON FeatureCollection, streamed (never parsed whole). Row numbers are
 * 1-based feature positions: `features[0]` is row 1. Properties carry the CSV fields; the point
 * gives lon/lat (RFC 7946, WGS84).
 */
export async function* readGeoJson(input: Readable): AsyncGenerator<SourceRecord> {
  const items = compose(input, pick.withParserAsStream({ filter: 'features' }), streamArray.asStream())
  let seen = false
  try {
    for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
      seen = true
      yield featureRecord(key + 1, value)
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err
    throw new UnreadableFile({ row: 0, field: 'file', message: `is not readable JSON: ${(err as Error).message}` })
  }
  if (!seen)
    throw new UnreadableFile({ row: 0, field: 'features', message: 'no features found: the file must be a GeoJSON FeatureCollection of Point features' })
}

function featureRecord(row: number, value: unknown): SourceRecord {
  const f = (value ?? {}) as { type?: unknown; properties?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null }
  const props = f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {}
  const problems: ImportError[] = []
  if (f.type !== 'Feature') problems.push({ row, field: 'type', message: 'must be "Feature"' })
  const coords = f.geometry?.coordinates
  if (f.geometry?.type !== 'Point') problems.push({ row, field: 'geometry', message: 'must be a Point' })
  else if (!Array.isArray(coords) || coords.length < 2 || typeof coords[0] !== 'number' || typeof coords[1] !== 'number') {
    problems.push({ row, field: 'geometry.coordinates', message: 'must be [lon, lat] numbers' })
  }
  const [lon, lat] = Array.isArray(coords) ? coords : []
  return { row, values: { ...props, lon, lat, easting: undefined, northing: undefined }, ...(problems.length ? { problems } : {}) }
}

/** The records of a file in the given format. */
export const readRecords = (format: ImportFormat, input: Readable) => (format === 'csv' ? readCsv(input) : readGeoJson(input))
