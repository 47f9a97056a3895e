import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { unzipSync } from 'fflate'
import { read as readShp } from 'shapefile'
import type { FeatureCollection } from 'geojson'
import { Problem } from '../../errors/problem.js'

/** A shapefile read into memory: GeoJSON features (in the file's CRS) and what its .prj says. */
export interface ShapefileContents {
  collection: FeatureCollection
  /** EPSG code recognised from the .prj; undefined when there is no .prj or it is not recognised. */
  srid: number | undefined
  /** The .prj text, when there is one. */
  prj: string | undefined
}

/** The component files of one shapefile; only .shp is strictly needed by the reader. */
export interface ShapefileParts {
  name: string
  shp: Uint8Array
  dbf?: Uint8Array | undefined
  prj?: string | undefined
  cpg?: string | undefined
}

const bad = (message: string, field = 'file'): Problem => new Problem(400, 'validation-failed', message, [{ field, message }])

/**
 * The EPSG code a .prj (WKT1, ESRI or OGC flavour, or WKT2) describes, for the CRSs London boundary files
 * come in: British National Grid (27700), WGS84 lon/lat (4326), ETRS89 lon/lat (4258), Web Mercator (3857).
 * An explicit top-level AUTHORITY["EPSG",…]/ID["EPSG",…] wins. Undefined when not recognised.
 */
export function sridFromPrj(wkt: string): number | undefined {
  const s = wkt.trim()
  if (!s) return undefined
  // The root's authority is the last one in WKT1 (AUTHORITY[...] closes the root) and WKT2 (ID[...]).
  const tail = /(?:AUTHORITY|ID)\[\s*"EPSG"\s*,\s*"?(\d{4,6})"?\s*\]\s*\]\s*$/i.exec(s)
  if (tail) return Number(tail[1])
  const compact = s.toUpperCase().replace(/[\s_]+/g, ' ')
  const projected = /^(PROJCS|PROJCRS|PROJECTEDCRS)\[/.test(compact)
  if (projected) {
    if (/BRITISH NATIONAL GRID/.test(compact)) return 27700
    if (/OSGB[ -]?1936|OSGB36|AIRY 1830/.test(compact) && /TRANSVERSE MERCATOR/.test(compact) && /400000/.test(compact) && /-100000/.test(compact)) return 27700
    if (/PSEUDO MERCATOR|POPULAR VISUALISATION|MERCATOR AUXILIARY SPHERE|WEB MERCATOR/.test(compact)) return 3857
    return undefined
  }
  if (/^(GEOGCS|GEOGCRS|GEODCRS|GEOGRAPHICCRS)\[/.test(compact)) {
    if (/WGS 1984|WGS 84|WGS84|WORLD GEODETIC SYSTEM 1984/.test(compact)) return 4326
    if (/ETRS 1989|ETRS89|EUROPEAN TERRESTRIAL REFERENCE SYSTEM 1989/.test(compact)) return 4258
  }
  return undefined
}

/** The TextDecoder label for a .cpg code page (ESRI writes e.g. `UTF-8`, `1252`, `88591`). */
function encodingFromCpg(cpg: string | undefined): string {
  const c = (cpg ?? '').trim().toUpperCase()
  if (!c) return 'windows-1252'
  if (/^UTF-?8$/.test(c)) return 'utf-8'
  if (/^(ANSI )?1252$/.test(c)) return 'windows-1252'
  if (/^8859-?1$|^88591$|^ISO[-_ ]?8859[-_ ]?1$/.test(c)) return 'iso-8859-1'
  try {
    return new TextDecoder(c.toLowerCase()).encoding
  } catch {
    return 'windows-1252'
  }
}

/** Converts the parts of one shapefile to a GeoJSON FeatureCollection. */
export async function readShapefileParts(parts: ShapefileParts): Promise<ShapefileContents> {
  if (!parts.dbf) throw bad(`${parts.name}: no .dbf beside the .shp, so the features have no properties (codes, names)`)
  let collection: FeatureCollection
  try {
    collection = await readShp(parts.shp, parts.dbf, { encoding: encodingFromCpg(parts.cpg) })
  } catch (err) {
    throw bad(`${parts.name}: not a readable shapefile (${(err as Error).message})`)
  }
  delete (collection as { bbox?: unknown }).bbox
  return { collection, srid: parts.prj ? sridFromPrj(parts.prj) : undefined, prj: parts.prj }
}

const sibling = (shpPath: string, ext: string) => shpPath.replace(/\.shp$/i, ext)

async function readIfExists(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
}

/** Reads `path` (.shp) with the .dbf, .prj and .cpg beside it (same base name, extension in either case). */
export async function readShapefile(path: string): Promise<ShapefileContents> {
  const shp = await readIfExists(path)
  if (!shp) throw bad(`${path}: no such file`)
  const side = async (ext: string) => (await readIfExists(sibling(path, ext))) ?? (await readIfExists(sibling(path, ext.toUpperCase())))
  const [dbf, prj, cpg] = await Promise.all([side('.dbf'), side('.prj'), side('.cpg')])
  const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined)
  return readShapefileParts({ name: basename(path), shp, dbf, prj: text(prj), cpg: text(cpg) })
}

/** The .shp entries of a zip (ignoring macOS resource forks), by their path in the zip. */
export function shapefilesInZip(names: string[]): string[] {
  return names.filter((n) => /\.shp$/i.test(n) && !/(^|\/)__MACOSX\//.test(n) && !basename(n).startsWith('._'))
}

/**
 * Picks one shapefile out of a zip's bytes. `want` names the .shp (matched on its file name, case-insensitive,
 * in any folder); without it the zip must hold exactly one shapefile. Only that shapefile's files are inflated.
 */
export async function readShapefileFromZip(zip: Uint8Array, opts: { name?: string; want?: string } = {}): Promise<ShapefileContents> {
  const label = opts.name ?? 'zip'
  const listed: string[] = []
  try {
    unzipSync(zip, {
      filter: (f) => {
        listed.push(f.name)
        return false
      },
    })
  } catch (err) {
    throw bad(`${label}: not a readable zip file (${(err as Error).message})`)
  }
  const shps = shapefilesInZip(listed)
  let shpName: string | undefined
  if (opts.want) {
    const want = opts.want.toLowerCase()
    shpName = shps.find((n) => basename(n).toLowerCase() === want)
    if (!shpName) throw bad(`${label}: holds no ${opts.want} (shapefiles in it: ${shps.map((n) => basename(n)).join(', ') || 'none'})`)
  } else {
    if (shps.length === 0) throw bad(`${label}: holds no shapefile (.shp)`)
    if (shps.length > 1)
      throw bad(`${label}: holds ${shps.length} shapefiles (${shps.slice(0, 5).join(', ')}${shps.length > 5 ? ', …' : ''}); unzip it and import one .shp`)
    shpName = shps[0]!
  }
  const stem = shpName.slice(0, -4).toLowerCase()
  const wanted = new Set(['.shp', '.dbf', '.prj', '.cpg'].map((e) => stem + e))
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zip, { filter: (f) => wanted.has(f.name.toLowerCase()) })
  } catch (err) {
    throw bad(`${label}: ${shpName} could not be unzipped (${(err as Error).message})`)
  }
  const get = (ext: string) => Object.entries(files).find(([n]) => n.toLowerCase() === stem + ext)?.[1]
  const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined)
  return readShapefileParts({ name: `${label}:${shpName}`, shp: get('.shp')!, dbf: get('.dbf'), prj: text(get('.prj')), cpg: text(get('.cpg')) })
}

/** Reads the one shapefile in a .zip file. */
export async function readZippedShapefile(path: string, want?: string): Promise<ShapefileContents> {
  const zip = await readIfExists(path)
  if (!zip) throw bad(`${path}: no such file`)
  return readShapefileFromZip(zip, { name: basename(path), ...(want ? { want } : {}) })
}
