import { createWriteStream } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import { parseAreaCollection } from '../areas/import/from-file.js'
import { readShapefileFromZip } from '../areas/import/shapefile.js'
import { Problem } from '../errors/problem.js'
import { LONDON_BOROUGH_CODES } from './bundled.js'
import { GLA_SHAPEFILES, PUBLISHERS, publisherUrls, type GeodataUrls, type PublisherKey } from './publishers.js'
import { GEODATA_FILES, downloadedGeodataDir } from './sources.js'

/** Receives download progress; the CLI draws a bar, tests pass nothing. */
export interface DownloadProgress {
  start(label: string, totalBytes: number | undefined): void
  advance(bytes: number): void
  stop(): void
  info(message: string): void
}

export interface DownloadGeodataOptions {
  /** DATA_DIR: the files go to DATA_DIR/geodata. */
  dataDir: string
  /** Overrides of the publishers' URLs (else env GEODATA_*_URL, else publishers.ts). */
  urls?: Partial<GeodataUrls>
  /** Which files to fetch (default all three). */
  only?: readonly PublisherKey[]
  /** A request with no response, or no data for this long, fails (default 60 s). */
  timeoutMs?: number
  progress?: DownloadProgress
  env?: NodeJS.ProcessEnv
}

export interface DownloadedFile {
  key: PublisherKey
  file: string
  path: string
  url: string
  features: number
  srid: number
}

export interface DownloadReport {
  dir: string
  files: DownloadedFile[]
}

/** A download that failed; the earlier download (if any) is left as it was. */
export class GeodataDownloadError extends Error {
  override name = 'GeodataDownloadError'
}

const FILE_OF: Record<PublisherKey, string> = {
  boroughs: GEODATA_FILES.find((f) => f.kind === 'borough')!.file,
  wards: GEODATA_FILES.find((f) => f.kind === 'ward')!.file,
  lsoa: GEODATA_FILES.find((f) => f.kind === 'lsoa')!.file,
}
const CODE_PATTERN: Record<PublisherKey, RegExp> = { boroughs: /^E09\d{6}$/, wards: /^E0[59]\d{6}$/, lsoa: /^E01\d{6}$/ }
const ALL: readonly PublisherKey[] = ['boroughs', 'wards', 'lsoa']
const ARCGIS_PAGE = 2000
const ARCGIS_MAX_PAGES = 50

const silent: DownloadProgress = { start() {}, advance() {}, stop() {}, info() {} }

/**
 * Fetches the official boundary files and writes them as GeoJSON, with the file names of GEODATA_FILES, into
 * DATA_DIR/geodata, where the next `npm start` finds them. Everything is fetched and converted in a staging
 * folder beside the target first and checked with the importer's parser; only when all succeeded are the
 * files renamed into place (each rename atomic). On any failure nothing in DATA_DIR/geodata changes.
 */
export async function downloadGeodata(opts: DownloadGeodataOptions): Promise<DownloadReport> {
  const urls = publisherUrls(opts.env ?? process.env, opts.urls)
  const keys = ALL.filter((k) => !opts.only || opts.only.includes(k))
  const progress = opts.progress ?? silent
  const timeoutMs = opts.timeoutMs ?? 60_000
  const dir = downloadedGeodataDir(opts.dataDir)
  await mkdir(dir, { recursive: true })
  const staging = await mkdtemp(join(dir, '.download-'))
  try {
    const zips = new Map<string, Uint8Array>()
    const fetchZip = async (url: string, label: string) => {
      let zip = zips.get(url)
      if (!zip) {
        const raw = join(staging, `raw-${zips.size}.zip`)
        await fetchToFile(url, raw, { label, timeoutMs, progress })
        zip = await readFile(raw)
        zips.set(url, zip)
      }
      return zip
    }
    const staged: DownloadedFile[] = []
    for (const key of keys) {
      const url = urls[key]
      const collection =
        key === 'lsoa'
          ? await fetchLondonLsoas(url, staging, { timeoutMs, progress })
          : await shapefileAsGeoJson(
              await fetchZip(url, key === 'wards' && urls.wards === urls.boroughs ? 'boroughs and wards' : key),
              url,
              GLA_SHAPEFILES[key],
            )
      const file = FILE_OF[key]
      const path = join(staging, file)
      const { features, srid } = checkCollection(key, url, collection)
      await writeFile(path, JSON.stringify(collection))
      progress.info(`${file}: ${features} features (EPSG:${srid})`)
      staged.push({ key, file, path, url, features, srid })
    }
    await writeFile(join(staging, 'SOURCES.json'), JSON.stringify(await sourcesNote(dir, staged), null, 2) + '\n')
    const placed: DownloadedFile[] = []
    for (const f of staged) {
      const target = join(dir, f.file)
      await rename(f.path, target)
      placed.push({ ...f, path: target })
    }
    await rename(join(staging, 'SOURCES.json'), join(dir, 'SOURCES.json'))
    return { dir, files: placed }
  } catch (err) {
    if (err instanceof GeodataDownloadError) throw err
    if (err instanceof Problem) {
      const details = (err.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.field}: ${e.message}`)
        .join('; ')
      throw new GeodataDownloadError(`${err.detail}${details ? ` (${details})` : ''}`)
    }
    throw new GeodataDownloadError((err as Error).message)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/** Streams a URL into `dest`; fails on a non-2xx answer, a truncated body, or `timeoutMs` without data. */
export async function fetchToFile(
  url: string,
  dest: string,
  o: { label: string; timeoutMs: number; progress: DownloadProgress; shownUrl?: string },
): Promise<number> {
  const shown = o.shownUrl ?? url
  const ctrl = new AbortController()
  let timedOut = false
  let timer = setTimeout(() => {
    timedOut = true
    ctrl.abort()
  }, o.timeoutMs)
  const rearm = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timedOut = true
      ctrl.abort()
    }, o.timeoutMs)
  }
  let started = false
  let received = 0
  try {
    const res = await fetch(url, { signal: ctrl.signal, redirect: 'follow', headers: { 'user-agent': 'crossborough geodata:download' } })
    if (!res.ok) throw new GeodataDownloadError(`${o.label}: ${shown} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`)
    if (!res.body) throw new GeodataDownloadError(`${o.label}: ${shown} answered with no body`)
    const total = Number(res.headers.get('content-length')) || undefined
    o.progress.start(o.label, total)
    started = true
    const count = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        rearm()
        received += chunk.length
        o.progress.advance(chunk.length)
        cb(null, chunk)
      },
    })
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), count, createWriteStream(dest))
    if (total !== undefined && received < total && !res.headers.get('content-encoding')) {
      throw new GeodataDownloadError(`${o.label}: ${shown} ended after ${received} of ${total} bytes`)
    }
    return received
  } catch (err) {
    if (err instanceof GeodataDownloadError) throw err
    if (timedOut)
      throw new GeodataDownloadError(`${o.label}: ${shown} sent nothing for ${Math.round(o.timeoutMs / 1000)} s (timed out after ${received} bytes)`)
    const cause = (err as { cause?: { message?: string } }).cause
    throw new GeodataDownloadError(`${o.label}: fetching ${shown} failed: ${(err as Error).message}${cause?.message ? ` (${cause.message})` : ''}`)
  } finally {
    clearTimeout(timer)
    if (started) o.progress.stop()
  }
}

/** One shapefile out of the publisher's zip, as GeoJSON with a `crs` member when not in lon/lat. */
async function shapefileAsGeoJson(zip: Uint8Array, url: string, want: string): Promise<FeatureCollection & { crs?: object }> {
  const shp = await readShapefileFromZip(zip, { name: url, want })
  if (shp.prj && !shp.srid) throw new GeodataDownloadError(`${url}: ${want} has a .prj this importer does not recognise: ${shp.prj.slice(0, 80)}…`)
  // The GLA publishes in British National Grid; a missing .prj is taken to mean that.
  const srid = shp.srid ?? 27700
  const features = shp.collection.features.map((f) => ({
    type: 'Feature' as const,
    properties: f.properties,
    geometry: srid === 27700 && f.geometry ? roundGeometry(f.geometry, 3) : f.geometry,
  }))
  return {
    type: 'FeatureCollection',
    ...(srid === 4326 ? {} : { crs: { type: 'name', properties: { name: `urn:ogc:def:crs:EPSG::${srid}` } } }),
    features,
  }
}

/** Rounds coordinates (to millimetres in a metric CRS): a third of the file size, no loss that matters. */
function roundGeometry(g: Geometry, digits: number): Geometry {
  const f = 10 ** digits
  const r = (c: unknown): unknown => (typeof c === 'number' ? Math.round(c * f) / f : Array.isArray(c) ? c.map(r) : c)
  return 'coordinates' in g ? ({ ...g, coordinates: r(g.coordinates) } as Geometry) : g
}

/** Parses what was produced exactly as `npm start` will, and checks its codes look like the kind's. */
function checkCollection(key: PublisherKey, url: string, collection: object): { features: number; srid: number } {
  const parsed = parseAreaCollection(collection)
  if (parsed.areas.length === 0) throw new GeodataDownloadError(`${key}: ${url} gave no features`)
  const odd = parsed.areas.find((a) => !CODE_PATTERN[key].test(a.code))
  if (odd) throw new GeodataDownloadError(`${key}: ${url} does not look like London ${key}: a feature has code "${odd.code}"`)
  return { features: parsed.areas.length, srid: parsed.srid }
}

// ---- LSOAs (ONS) ----

const LONDON_NAMES = Object.keys(LONDON_BOROUGH_CODES)
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const LSOA_NAME = new RegExp(`^(${LONDON_NAMES.map(escapeRe).join('|')}) \\d{3}[A-Z]$`)

/**
 * The London borough an LSOA lies in, or undefined when it is outside London. A LAD code property (LADyyCD),
 * when the source has one, decides; otherwise the name does: every LSOA's name is its local authority's name
 * followed by a number and letter ("Brent 026A"), and the 33 London authority names are fixed.
 */
export function londonBoroughOfLsoa(props: Record<string, unknown>): string | undefined {
  for (const [k, v] of Object.entries(props)) {
    if (/^LAD\d{2}CD$/i.test(k) && typeof v === 'string') return /^E09\d{6}$/.test(v) ? v : undefined
  }
  const name = lsoaName(props)
  const m = name ? LSOA_NAME.exec(name) : null
  return m ? LONDON_BOROUGH_CODES[m[1]!] : undefined
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined)
const lsoaCode = (p: Record<string, unknown>) => str(p.LSOA21CD) ?? str(p.lsoa21cd) ?? str(p.id) ?? str(p.code)
const lsoaName = (p: Record<string, unknown>) => str(p.LSOA21NM) ?? str(p.lsoa21nm) ?? str(p.name)

const isArcgisLayer = (url: string) => /\/(FeatureServer|MapServer)\/\d+(\/query)?\/?$/i.test(new URL(url).pathname)

/**
 * The London LSOAs from the ONS source: an ArcGIS feature layer is queried for GeoJSON in WGS84, filtered by
 * name on the server and fetched page by page; any other URL is taken to be a GeoJSON file. Either way the
 * London ones are then picked out here (see londonBoroughOfLsoa), with their borough as `LB_GSS_CD`.
 */
async function fetchLondonLsoas(url: string, staging: string, o: { timeoutMs: number; progress: DownloadProgress }): Promise<FeatureCollection> {
  const pages: object[] = []
  if (isArcgisLayer(url)) {
    const base = new URL(url)
    base.pathname = base.pathname.replace(/\/?(query\/?)?$/i, '') + '/query'
    const where = LONDON_NAMES.map((n) => `LSOA21NM LIKE '${n.replace(/'/g, "''")} %'`).join(' OR ')
    const defaults: Record<string, string> = {
      where,
      outFields: '*',
      returnGeometry: 'true',
      outSR: '4326',
      f: 'geojson',
      resultRecordCount: String(ARCGIS_PAGE),
    }
    for (const [k, v] of Object.entries(defaults)) if (!base.searchParams.has(k)) base.searchParams.set(k, v)
    let offset = 0
    for (let page = 1; ; page++) {
      if (page > ARCGIS_MAX_PAGES) throw new GeodataDownloadError(`lsoa: ${url} still had more after ${ARCGIS_MAX_PAGES} pages`)
      const q = new URL(base)
      q.searchParams.set('resultOffset', String(offset))
      const raw = join(staging, `lsoa-${page}.json`)
      await fetchToFile(q.toString(), raw, { label: `LSOAs, page ${page}`, timeoutMs: o.timeoutMs, progress: o.progress, shownUrl: `${url} (query)` })
      const body = readJson(await readFile(raw, 'utf8'), url) as {
        features?: unknown[]
        error?: { message?: string }
        exceededTransferLimit?: boolean
        properties?: { exceededTransferLimit?: boolean }
      }
      if (body.error) throw new GeodataDownloadError(`lsoa: ${url} answered an error: ${body.error.message ?? JSON.stringify(body.error)}`)
      pages.push(body)
      const n = Array.isArray(body.features) ? body.features.length : 0
      offset += n
      if (n === 0 || !(body.exceededTransferLimit || body.properties?.exceededTransferLimit)) break
    }
  } else {
    const raw = join(staging, 'lsoa.json')
    await fetchToFile(url, raw, { label: 'LSOAs', timeoutMs: o.timeoutMs, progress: o.progress })
    pages.push(readJson(await readFile(raw, 'utf8'), url))
  }

  const features: Feature[] = []
  const seen = new Set<string>()
  let crs: object | undefined
  for (const body of pages) {
    const c = body as { type?: unknown; features?: unknown; crs?: object }
    if (c.type !== 'FeatureCollection' || !Array.isArray(c.features)) throw new GeodataDownloadError(`lsoa: ${url} did not answer a GeoJSON FeatureCollection`)
    crs ??= c.crs
    for (const f of c.features as Feature[]) {
      const props = (f?.properties ?? {}) as Record<string, unknown>
      const code = lsoaCode(props)
      const borough = londonBoroughOfLsoa(props)
      if (!code || !borough || seen.has(code)) continue
      seen.add(code)
      features.push({ type: 'Feature', properties: { LSOA21CD: code, LSOA21NM: lsoaName(props) ?? code, LB_GSS_CD: borough }, geometry: f.geometry })
    }
  }
  if (features.length === 0) throw new GeodataDownloadError(`lsoa: ${url} gave no London LSOAs`)
  const boroughs = new Set(features.map((f) => f.properties!.LB_GSS_CD))
  if (boroughs.size < LONDON_NAMES.length) o.progress.info(`note: LSOAs found in ${boroughs.size} of the ${LONDON_NAMES.length} London boroughs`)
  return { type: 'FeatureCollection', ...(crs ? { crs } : {}), features } as FeatureCollection
}

function readJson(text: string, url: string): object {
  try {
    return JSON.parse(text) as object
  } catch (err) {
    throw new GeodataDownloadError(`lsoa: ${url} did not answer JSON (${(err as Error).message})`)
  }
}

/**
 * What DATA_DIR/geodata/SOURCES.json records: where each file came from, when, and how to attribute it.
 * Entries for files not fetched this time are kept from the previous note.
 */
async function sourcesNote(dir: string, files: DownloadedFile[]) {
  let previous: Array<{ file?: unknown }> = []
  try {
    const old = JSON.parse(await readFile(join(dir, 'SOURCES.json'), 'utf8')) as { files?: unknown }
    if (Array.isArray(old.files)) previous = old.files as Array<{ file?: unknown }>
  } catch {
    // no earlier note, or an unreadable one: start afresh
  }
  const downloadedAt = new Date().toISOString()
  const fresh = files.map((f) => ({
    file: f.file,
    downloadedAt,
    features: f.features,
    crs: `EPSG:${f.srid}`,
    url: f.url,
    source: PUBLISHERS[f.key].source,
    licence: PUBLISHERS[f.key].licence,
    attribution: PUBLISHERS[f.key].attribution,
  }))
  const kept = previous.filter((p) => !files.some((f) => f.file === p.file))
  return { files: [...kept, ...fresh] }
}
