import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAreaFile } from '../../server/areas/import/from-file.js'
import { readShapefile, sridFromPrj } from '../../server/areas/import/shapefile.js'
import { Problem } from '../../server/errors/problem.js'
import { hasOgr2ogr, toShapefile } from './ogr.js'

const tmp = mkdtempSync(join(tmpdir(), 'crossborough-shp-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const CRS_27700 = { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } }
const ring = (x: number, y: number, s: number) => [
  [x, y],
  [x, y + s],
  [x + s, y + s],
  [x + s, y],
  [x, y],
]

/** Two boroughs-to-be in British National Grid: a square with a hole, and a two-part multipolygon. */
const BNG = {
  type: 'FeatureCollection',
  crs: CRS_27700,
  features: [
    {
      type: 'Feature',
      properties: { GSS_CODE: 'E05000001', NAME: 'Queen’s Park Ward', LB_GSS_CD: 'E09000005', HECTARES: 12.5 },
      geometry: { type: 'Polygon', coordinates: [ring(524000, 182000, 1000), ring(524200, 182200, 100).reverse()] },
    },
    {
      type: 'Feature',
      properties: { GSS_CODE: 'E05000002', NAME: 'Maida Vale', LB_GSS_CD: 'E09000033', HECTARES: 7 },
      geometry: { type: 'MultiPolygon', coordinates: [[ring(526000, 182000, 500)], [ring(527000, 182000, 250)]] },
    },
  ],
}

async function problemOf(p: Promise<unknown>): Promise<Problem> {
  try {
    await p
  } catch (err) {
    if (err instanceof Problem) return err
    throw err
  }
  throw new Error('expected a Problem')
}

const zipOf = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([name, path]) => [name, readFileSync(path)])))
const parts = (shp: string) => ['.shp', '.shx', '.dbf', '.prj', '.cpg'].map((e) => shp.replace(/\.shp$/, e))

describe('.prj recognition', () => {
  it('knows British National Grid, WGS84, ETRS89 and Web Mercator in ESRI and OGC WKT, and an explicit EPSG authority', () => {
    expect(
      sridFromPrj(
        'PROJCS["British_National_Grid",GEOGCS["GCS_OSGB_1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",400000.0],PARAMETER["False_Northing",-100000.0],PARAMETER["Central_Meridian",-2.0],PARAMETER["Scale_Factor",0.9996012717],PARAMETER["Latitude_Of_Origin",49.0],UNIT["Meter",1.0]]',
      ),
    ).toBe(27700)
    expect(
      sridFromPrj(
        'PROJCS["OSGB36 / British National Grid",GEOGCS["OSGB36",DATUM["Ordnance_Survey_of_Great_Britain_1936",SPHEROID["Airy 1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["metre",1],AUTHORITY["EPSG","27700"]]',
      ),
    ).toBe(27700)
    expect(
      sridFromPrj(
        'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe(4326)
    expect(
      sridFromPrj(
        'GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]',
      ),
    ).toBe(4258)
    expect(
      sridFromPrj(
        'PROJCS["WGS_1984_Web_Mercator_Auxiliary_Sphere",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Mercator_Auxiliary_Sphere"]]',
      ),
    ).toBe(3857)
    expect(
      sridFromPrj(
        'PROJCS["WGS_1984_UTM_Zone_30N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0]]',
      ),
    ).toBeUndefined()
    expect(sridFromPrj('')).toBeUndefined()
  })
})

describe.skipIf(!hasOgr2ogr)('shapefiles made by ogr2ogr', () => {
  let bngShp = ''
  let wgsShp = ''
  let utmShp = ''
  beforeAll(() => {
    const src = join(tmp, 'wards-27700.geojson')
    writeFileSync(src, JSON.stringify(BNG))
    mkdirSync(join(tmp, 'bng'))
    mkdirSync(join(tmp, 'wgs'))
    mkdirSync(join(tmp, 'utm'))
    bngShp = join(tmp, 'bng', 'wards.shp')
    wgsShp = join(tmp, 'wgs', 'wards_wgs84.shp')
    utmShp = join(tmp, 'utm', 'wards_utm.shp')
    toShapefile(src, bngShp)
    toShapefile(src, wgsShp, ['-t_srs', 'EPSG:4326'])
    toShapefile(src, utmShp, ['-t_srs', 'EPSG:32630'])
  })

  it('reads a British National Grid shapefile: features, properties (UTF-8 via .cpg), holes, multipolygons, CRS from the .prj', async () => {
    const parsed = await readAreaFile(bngShp)
    expect(parsed.srid).toBe(27700)
    expect(parsed.crsFrom).toBe('file')
    expect(parsed.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
      ['E05000001', 'Queen’s Park Ward', 'E09000005'],
      ['E05000002', 'Maida Vale', 'E09000033'],
    ])
    const [a, b] = parsed.areas as unknown as [
      { geometry: { type: string; coordinates: number[][][] } },
      { geometry: { type: string; coordinates: number[][][][] } },
    ]
    expect(a.geometry.type).toBe('Polygon')
    expect(a.geometry.coordinates).toHaveLength(2)
    const xs = a.geometry.coordinates[0]!.map((p) => p[0]!)
    expect(Math.min(...xs)).toBe(524000)
    expect(Math.max(...xs)).toBe(525000)
    expect(b.geometry.type).toBe('MultiPolygon')
    expect(b.geometry.coordinates).toHaveLength(2)

    const raw = await readShapefile(bngShp)
    expect(raw.collection.features[0]!.properties).toMatchObject({ HECTARES: 12.5 })
  })

  it('reads a WGS84 shapefile as lon/lat (EPSG:4326)', async () => {
    const parsed = await readAreaFile(wgsShp)
    expect(parsed.srid).toBe(4326)
    expect(parsed.crsFrom).toBe('file')
    expect(parsed.areas.map((a) => a.code)).toEqual(['E05000001', 'E05000002'])
    const [lon, lat] = (parsed.areas[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]!
    expect(lon).toBeGreaterThan(-0.3)
    expect(lon).toBeLessThan(-0.1)
    expect(lat).toBeGreaterThan(51.4)
    expect(lat).toBeLessThan(51.6)
  })

  it('requires --crs when the .prj is missing or not recognised, and takes it when given', async () => {
    const noPrj = join(tmp, 'noprj')
    mkdirSync(noPrj)
    for (const p of parts(bngShp)) if (!p.endsWith('.prj')) copyFileSync(p, join(noPrj, basename(p)))
    const missing = await problemOf(readAreaFile(join(noPrj, 'wards.shp')))
    expect(missing.detail).toMatch(/no \.prj.*--crs/)
    const given = await readAreaFile(join(noPrj, 'wards.shp'), { crs: 'EPSG:27700' })
    expect([given.srid, given.crsFrom, given.areas.length]).toEqual([27700, 'option', 2])

    const utm = await problemOf(readAreaFile(utmShp))
    expect(utm.detail).toMatch(/does not recognise.*UTM.*--crs/)
    expect((await readAreaFile(utmShp, { crs: 'EPSG:32630' })).srid).toBe(32630)
  })

  it('says plainly when the .dbf is missing', async () => {
    const noDbf = join(tmp, 'nodbf')
    mkdirSync(noDbf)
    for (const p of parts(bngShp)) if (!p.endsWith('.dbf')) copyFileSync(p, join(noDbf, basename(p)))
    expect((await problemOf(readAreaFile(join(noDbf, 'wards.shp')))).detail).toMatch(/no \.dbf/)
  })

  it('reads a zip holding one shapefile (in a folder), and refuses zips with none or several', async () => {
    const files = Object.fromEntries(parts(bngShp).map((p) => [`export/ESRI/${basename(p)}`, p]))
    const one = join(tmp, 'one.zip')
    writeFileSync(one, zipOf({ ...files, 'export/README.txt': src() }))
    const parsed = await readAreaFile(one)
    expect([parsed.srid, parsed.crsFrom]).toEqual([27700, 'file'])
    expect(parsed.areas.map((a) => a.code)).toEqual(['E05000001', 'E05000002'])
    expect(parsed.areas[0]!.name).toBe('Queen’s Park Ward')

    const two = join(tmp, 'two.zip')
    writeFileSync(two, zipOf({ ...files, ...Object.fromEntries(parts(wgsShp).map((p) => [basename(p), p])) }))
    expect((await problemOf(readAreaFile(two))).detail).toMatch(/holds 2 shapefiles/)

    const none = join(tmp, 'none.zip')
    writeFileSync(none, zipOf({ 'README.txt': src() }))
    expect((await problemOf(readAreaFile(none))).detail).toMatch(/holds no shapefile/)

    const broken = join(tmp, 'broken.zip')
    writeFileSync(broken, 'this is not a zip file at all')
    expect((await problemOf(readAreaFile(broken))).detail).toMatch(/not a readable zip/)
  })

  function src() {
    return join(tmp, 'wards-27700.geojson')
  }
})
