import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAreaFile } from '../../server/areas/import/from-file.js'
import { downloadGeodata, GeodataDownloadError, londonBoroughOfLsoa } from '../../server/geodata/download.js'
import { publisherUrls } from '../../server/geodata/publishers.js'
import { GEODATA_FILES, downloadedGeodataDir, resolveGeodataDir } from '../../server/geodata/sources.js'
import { REPO_ROOT, testGeodataDir } from '../helpers/backend.js'
import { boundaryPath, readBoundaryCollection } from '../../server/geodata/packed.js'
import { hasOgr2ogr, toShapefile } from './ogr.js'

const geodata = testGeodataDir()
const tmp = mkdtempSync(join(tmpdir(), 'crossborough-download-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const BOROUGHS = ['E09000001', 'E09000005', 'E09000033']
type Fc = { type: 'FeatureCollection'; features: Array<{ type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }> }
const readFc = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Fc
/** A shipped boundary file as plain GeoJSON (the project packs them), for ogr2ogr and the fake publishers. */
const source = (file: string) => {
  const path = join(tmp, 'source', file)
  if (!existsSync(path)) {
    mkdirSync(join(tmp, 'source'), { recursive: true })
    writeFileSync(path, JSON.stringify(readBoundaryCollection(boundaryPath(geodata!, file)!)))
  }
  return path
}

describe('londonBoroughOfLsoa', () => {
  it('goes by a LAD code when there is one, else by the authority name the LSOA name starts with', () => {
    expect(londonBoroughOfLsoa({ LSOA21CD: 'E01000500', LSOA21NM: 'Brent 026A' })).toBe('E09000005')
    expect(londonBoroughOfLsoa({ id: 'E01000001', name: 'City of London 001A' })).toBe('E09000001')
    expect(londonBoroughOfLsoa({ LSOA21NM: 'Kingston upon Thames 019B' })).toBe('E09000021')
    expect(londonBoroughOfLsoa({ LSOA21NM: 'Brentwood 001A' })).toBeUndefined()
    expect(londonBoroughOfLsoa({ LSOA21NM: 'Richmondshire 001A' })).toBeUndefined()
    expect(londonBoroughOfLsoa({ LSOA21NM: 'Brent 026A', LAD22CD: 'E07000068' })).toBeUndefined()
    expect(londonBoroughOfLsoa({ LSOA21NM: 'Somewhere 001A', LAD21CD: 'E09000033' })).toBe('E09000033')
  })

  it('takes URLs from a flag, else the environment, else the publishers', () => {
    const urls = publisherUrls({ GEODATA_LSOA_URL: 'http://env/lsoa' }, { boroughs: 'http://flag/zip' })
    expect(urls.boroughs).toBe('http://flag/zip')
    expect(urls.lsoa).toBe('http://env/lsoa')
    expect(urls.wards).toMatch(/^https:\/\/data\.london\.gov\.uk\//)
  })
})

describe.skipIf(!hasOgr2ogr)('geodata:download against a local server', () => {
  const routes = new Map<string, { status?: number; type?: string; body: Buffer | string }>()
  const requests: string[] = []
  let lsoaPages: Fc[] = []
  let server: Server
  let base = ''
  let lsoaCodes: string[] = []

  beforeAll(async () => {
    // The GLA zip: a few boroughs and Brent's wards, as shapefiles in British National Grid, in the same folders.
    const shp = join(tmp, 'shp')
    mkdirSync(shp)
    const where = (field: string, codes: string[]) => ['-where', `${field} IN (${codes.map((c) => `'${c}'`).join(',')})`]
    toShapefile(source('london_boroughs.geojson'), join(shp, 'London_Borough_Excluding_MHW.shp'), ['-t_srs', 'EPSG:27700', ...where('GSS_CODE', BOROUGHS)])
    toShapefile(source('london_wards_2014.geojson'), join(shp, 'London_Ward_CityMerged.shp'), ['-t_srs', 'EPSG:27700', ...where('LB_GSS_CD', ['E09000005'])])
    const entries: Record<string, Uint8Array> = { 'statistical-gis-boundaries-london/MapInfo/README.txt': Buffer.from('not used') }
    for (const f of readdirSync(shp)) entries[`statistical-gis-boundaries-london/ESRI/${f}`] = readFileSync(join(shp, f))
    routes.set('/gla.zip', { type: 'application/zip', body: Buffer.from(zipSync(entries)) })
    routes.set('/broken.zip', { type: 'application/zip', body: Buffer.from('PK\u0003\u0004 this is not really a zip') })

    // ONS LSOAs: a handful of London ones (Brent, Westminster) and two outside London, with the ONS field names.
    const lsoa = readFc(source('london_lsoa_2021.geojson'))
    const pick = lsoa.features.filter((f) => /^(Brent|Westminster) 00[1-2]/.test(String(f.properties.name)))
    lsoaCodes = pick.map((f) => String(f.properties.id)).sort()
    const ons = (f: Fc['features'][number], code: string, name: string) => ({
      ...f,
      properties: { FID: 1, LSOA21CD: code, LSOA21NM: name, LSOA21NMW: ' ', BNG_E: 0 },
    })
    const features = [
      ...pick.map((f) => ons(f, String(f.properties.id), String(f.properties.name))),
      ons(pick[0]!, 'E01021500', 'Brentwood 001A'),
      ons(pick[1]!, 'E01023800', 'Hertsmere 001A'),
    ]
    routes.set('/lsoa.geojson', { type: 'application/geo+json', body: JSON.stringify({ type: 'FeatureCollection', features }) })
    // The same as an ArcGIS feature layer that pages three features at a time.
    lsoaPages = []
    for (let i = 0; i < features.length; i += 3) lsoaPages.push({ type: 'FeatureCollection', features: features.slice(i, i + 3) })

    server = createServer((req, res) => {
      const url = new URL(req.url!, 'http://x')
      requests.push(req.url!)
      if (url.pathname === '/never') return // holds the request open: the client must time out
      if (url.pathname === '/arcgis/rest/services/LSOA/FeatureServer/0/query') {
        const offset = Number(url.searchParams.get('resultOffset') ?? 0)
        const ok =
          url.searchParams.get('f') === 'geojson' &&
          url.searchParams.get('outSR') === '4326' &&
          /LSOA21NM LIKE 'Brent %'/.test(url.searchParams.get('where') ?? '')
        const page = lsoaPages[offset / 3]
        const body = !ok
          ? { error: { code: 400, message: 'bad query' } }
          : { ...(page ?? { type: 'FeatureCollection', features: [] }), properties: { exceededTransferLimit: offset / 3 < lsoaPages.length - 1 } }
        res.writeHead(200, { 'content-type': 'application/geo+json' })
        return void res.end(JSON.stringify(body))
      }
      const r = routes.get(url.pathname)
      if (!r) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'application/octet-stream', 'content-length': Buffer.byteLength(r.body) })
      res.end(r.body)
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server?.closeAllConnections()
    await new Promise((ok) => server?.close(ok))
  })

  const dataDir = () => join(tmp, 'data')
  const files = () => Object.fromEntries(GEODATA_FILES.map((f) => [f.file, join(downloadedGeodataDir(dataDir()), f.file)]))
  const snapshot = () =>
    Object.fromEntries(Object.entries(files()).map(([f, p]) => [f, existsSync(p) ? `${statSync(p).mtimeMs}:${readFileSync(p, 'utf8').length}` : null]))
  const leftovers = () => readdirSync(downloadedGeodataDir(dataDir())).filter((f) => f.startsWith('.download-'))

  it('writes the three files as GeoJSON the importer reads, boroughs and wards in British National Grid', async () => {
    const before = requests.length
    const report = await downloadGeodata({
      dataDir: dataDir(),
      urls: { boroughs: `${base}/gla.zip`, wards: `${base}/gla.zip`, lsoa: `${base}/lsoa.geojson` },
      env: {},
    })
    expect(report.dir).toBe(join(dataDir(), 'geodata'))
    expect(report.files.map((f) => [f.file, f.features])).toEqual([
      ['london_boroughs.geojson', 3],
      ['london_wards_2014.geojson', expect.any(Number)],
      ['london_lsoa_2021.geojson', lsoaCodes.length],
    ])
    expect(requests.length - before).toBe(2) // the zip once for boroughs and wards, and the LSOAs

    const f = files()
    const boroughs = await readAreaFile(f['london_boroughs.geojson']!)
    expect([boroughs.srid, boroughs.crsFrom]).toEqual([27700, 'file'])
    expect(boroughs.areas.map((a) => a.code).sort()).toEqual(BOROUGHS)
    expect(boroughs.areas.find((a) => a.code === 'E09000005')!.name).toBe('Brent')
    const x = (boroughs.areas[0]!.geometry as { coordinates: number[][][][] | number[][][] }).coordinates.flat(3)[0] as number
    expect(x).toBeGreaterThan(500_000) // eastings, not longitudes

    const wards = await readAreaFile(f['london_wards_2014.geojson']!)
    const brentWards = readFc(source('london_wards_2014.geojson')).features.filter((w) => w.properties.LB_GSS_CD === 'E09000005')
    expect(wards.srid).toBe(27700)
    expect(wards.areas.map((a) => a.code).sort()).toEqual(brentWards.map((w) => w.properties.GSS_CODE).sort())
    expect(new Set(wards.areas.map((a) => a.parentCode))).toEqual(new Set(['E09000005']))

    const lsoa = await readAreaFile(f['london_lsoa_2021.geojson']!)
    expect([lsoa.srid, lsoa.crsFrom]).toEqual([4326, 'default'])
    expect(lsoa.areas.map((a) => a.code).sort()).toEqual(lsoaCodes)
    expect(lsoa.areas.every((a) => a.parentCode === (a.name.startsWith('Brent ') ? 'E09000005' : 'E09000033'))).toBe(true)

    const sources = JSON.parse(readFileSync(join(report.dir, 'SOURCES.json'), 'utf8')) as {
      files: Array<{ file: string; licence: string; attribution: string }>
    }
    expect(sources.files.map((s) => s.file)).toEqual(GEODATA_FILES.map((g) => g.file))
    expect(sources.files.every((s) => s.licence === 'OGL-UK-3.0' && /Crown copyright/.test(s.attribution))).toBe(true)
    expect(leftovers()).toEqual([])
    // npm start now loads from the download when GEODATA_DIR is unset.
    expect(resolveGeodataDir({ dataDir: dataDir() })).toBe(report.dir)
  })

  it('pages through an ArcGIS feature layer, asking for London GeoJSON in WGS84', async () => {
    const before = requests.length
    const report = await downloadGeodata({
      dataDir: join(tmp, 'arcgis'),
      only: ['lsoa'],
      urls: { lsoa: `${base}/arcgis/rest/services/LSOA/FeatureServer/0` },
      env: {},
    })
    expect(requests.length - before).toBe(lsoaPages.length)
    expect(report.files.map((f) => [f.file, f.features])).toEqual([['london_lsoa_2021.geojson', lsoaCodes.length]])
    expect((await readAreaFile(report.files[0]!.path)).areas.map((a) => a.code).sort()).toEqual(lsoaCodes)
  })

  it('on a 404 fails plainly and leaves the earlier download intact', async () => {
    const before = snapshot()
    const err = await downloadGeodata({
      dataDir: dataDir(),
      urls: { boroughs: `${base}/gla.zip`, wards: `${base}/gla.zip`, lsoa: `${base}/missing.geojson` },
      env: {},
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GeodataDownloadError)
    expect((err as Error).message).toMatch(/missing\.geojson answered HTTP 404/)
    expect(snapshot()).toEqual(before)
    expect(leftovers()).toEqual([])
  })

  it('on a broken zip fails plainly and leaves the earlier download intact', async () => {
    const before = snapshot()
    const err = await downloadGeodata({
      dataDir: dataDir(),
      urls: { boroughs: `${base}/broken.zip`, wards: `${base}/broken.zip`, lsoa: `${base}/lsoa.geojson` },
      env: {},
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GeodataDownloadError)
    expect((err as Error).message).toMatch(/broken\.zip: not a readable zip/)
    expect(snapshot()).toEqual(before)
    expect(leftovers()).toEqual([])
  })

  it('gives up on a server that sends nothing', async () => {
    const err = await downloadGeodata({ dataDir: dataDir(), only: ['lsoa'], urls: { lsoa: `${base}/never` }, timeoutMs: 300, env: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GeodataDownloadError)
    expect((err as Error).message).toMatch(/sent nothing for 0 s|timed out/)
  })

  it('the CLI exits non-zero with the reason, and 0 once it has written the files', async () => {
    const run = promisify(execFile)
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: join(tmp, 'cli'),
      LOG_LEVEL: 'silent',
      GEODATA_BOROUGHS_URL: `${base}/gla.zip`,
      GEODATA_WARDS_URL: `${base}/gla.zip`,
    }
    delete env.GEODATA_DIR
    const cli = ['--import', 'tsx', join(REPO_ROOT, 'server/cli/geodata-download.ts')]
    const failed = await run(process.execPath, [...cli, '--lsoa-url', `${base}/missing.geojson`], { env, timeout: 60_000 }).catch(
      (e: { code: number; stderr: string }) => e,
    )
    expect((failed as { code: number }).code).toBe(1)
    expect((failed as { stderr: string }).stderr).toMatch(/geodata:download failed: .*HTTP 404[\s\S]*nothing in .* was changed/)
    const ok = await run(process.execPath, [...cli, '--lsoa-url', `${base}/lsoa.geojson`], { env, timeout: 60_000 })
    expect(ok.stdout).toMatch(/wrote london_boroughs\.geojson \(3\), london_wards_2014\.geojson \(\d+\), london_lsoa_2021\.geojson \(\d+\)/)
    expect(existsSync(join(tmp, 'cli', 'geodata', 'london_lsoa_2021.geojson'))).toBe(true)
  })
})
