import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../server/db/database.js'
import { readAreaFile } from '../../server/areas/import/from-file.js'
import { parseGpkgGeometry, wkbType } from '../../server/areas/import/geopackage.js'
import { importAreas } from '../../server/areas/import/import-areas.js'
import { Problem } from '../../server/errors/problem.js'
import { testGeodataDir } from '../helpers/backend.js'
import { boundaryPath, readBoundaryCollection } from '../../server/geodata/packed.js'
import { createTestDatabase } from '../helpers/db.js'
import { hasOgr2ogr, ogr2ogr } from '../geodata/ogr.js'

/**
 * GeoPackage boundaries read directly: GDAL's ogr2ogr writes the London boroughs as GeoPackages (in
 * WGS 84 and in British National Grid, field names in lower case), the importer reads them (CRS from
 * the file, WKB handed to PostGIS) and every borough's area equals the one the GeoJSON import gives.
 */

const dir = mkdtempSync(join(tmpdir(), 'cb-gpkg-'))
/** The shipped (packed) boroughs as plain GeoJSON, which ogr2ogr reads (its layer name: london_boroughs). */
const BOROUGHS = join(dir, 'london_boroughs.geojson')
writeFileSync(BOROUGHS, JSON.stringify(readBoundaryCollection(boundaryPath(testGeodataDir()!, 'london_boroughs.geojson')!)))
let d: Database

beforeAll(async () => {
  d = await createTestDatabase()
})
afterAll(async () => {
  await d?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function importFile(path: string, opts: { crs?: string; layer?: string } = {}) {
  const parsed = await readAreaFile(path, opts)
  const report = await importAreas(d.system, parsed.areas, { kind: 'borough', srid: parsed.srid, source: path, licence: 'OGL-UK-3.0' })
  return { parsed, report }
}

async function boroughAreas(): Promise<Map<string, { name: string; area: number }>> {
  const { rows } = await sql<{ code: string; name: string; area: number }>`select code, name, ST_Area(geom) as area from areas where kind = 'borough'`.execute(
    d.system,
  )
  return new Map(rows.map((r) => [r.code, { name: r.name, area: Number(r.area) }]))
}

const lowerCaseFields = ['-sql', 'SELECT GSS_CODE AS gss_code, NAME AS name FROM london_boroughs']

describe.skipIf(!hasOgr2ogr)('GeoPackage boundary import', () => {
  let fromGeoJson: Map<string, { name: string; area: number }>

  beforeAll(async () => {
    const { report } = await importFile(BOROUGHS)
    expect(report.imported).toBeGreaterThanOrEqual(33)
    fromGeoJson = await boroughAreas()
  }, 120_000)

  it('a WGS 84 GeoPackage with lower-case field names gives the same boroughs and areas as the GeoJSON', async () => {
    const file = join(dir, 'boroughs-4326.gpkg')
    ogr2ogr(['-f', 'GPKG', '-nln', 'boroughs', ...lowerCaseFields, file, BOROUGHS])
    const { parsed, report } = await importFile(file)
    expect(parsed).toMatchObject({ srid: 4326, crsFrom: 'file' })
    expect(report.imported).toBe(fromGeoJson.size)
    const got = await boroughAreas()
    expect([...got.keys()].sort()).toEqual([...fromGeoJson.keys()].sort())
    for (const [code, want] of fromGeoJson) {
      expect(got.get(code)!.name).toBe(want.name)
      expect(Math.abs(got.get(code)!.area - want.area) / want.area, code).toBeLessThan(1e-9)
    }
  }, 120_000)

  it('a British National Grid GeoPackage: the CRS read from the file, areas equal to within 0.01 %', async () => {
    const file = join(dir, 'boroughs-27700.gpkg')
    ogr2ogr(['-f', 'GPKG', '-nln', 'boroughs_bng', '-t_srs', 'EPSG:27700', ...lowerCaseFields, file, BOROUGHS])
    const { parsed } = await importFile(file)
    expect(parsed).toMatchObject({ srid: 27700, crsFrom: 'file' })
    const got = await boroughAreas()
    expect(got.size).toBe(fromGeoJson.size)
    for (const [code, want] of fromGeoJson) expect(Math.abs(got.get(code)!.area - want.area) / want.area, code).toBeLessThan(1e-4)
  }, 120_000)

  it('several layers: the one --layer names, else 400 listing them; an unknown field name is named', async () => {
    const file = join(dir, 'two-layers.gpkg')
    ogr2ogr(['-f', 'GPKG', '-nln', 'first', ...lowerCaseFields, file, BOROUGHS])
    ogr2ogr(['-f', 'GPKG', '-update', '-nln', 'second', '-where', "GSS_CODE = 'E09000005'", file, BOROUGHS])
    const err = await readAreaFile(file).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Problem)
    expect((err as Problem).status).toBe(400)
    expect((err as Problem).detail).toMatch(/2 feature layers \(first, second\).*--layer/)
    const second = await readAreaFile(file, { layer: 'second' })
    expect(second.areas.map((a) => a.code)).toEqual(['E09000005'])
    const noCode = await readAreaFile(file, { layer: 'first', fields: { code: ['lad_code'] } }).catch((e: unknown) => e)
    expect((noCode as Problem).errors?.[0]?.message).toMatch(/no code \(looked for lad_code/)
  })
})

describe('GeoPackage geometry header', () => {
  it('finds the WKB after each envelope size, in either byte order, and flags empty geometries', () => {
    const wkbPolygon = Buffer.from('01030000000000000000', 'hex') // byte order 1, type 3 (Polygon), then data
    for (const [indicator, bytes] of [
      [0, 0],
      [1, 32],
      [2, 48],
      [3, 48],
      [4, 64],
    ] as const) {
      for (const little of [true, false]) {
        const header = Buffer.alloc(8 + bytes)
        header.write('GP', 0, 'ascii')
        header[3] = (indicator << 1) | (little ? 1 : 0)
        if (little) header.writeInt32LE(27700, 4)
        else header.writeInt32BE(27700, 4)
        const g = parseGpkgGeometry(Buffer.concat([header, wkbPolygon]))
        expect(g.srsId).toBe(27700)
        expect(g.empty).toBe(false)
        expect(wkbType(g.wkb)).toBe(3)
      }
    }
    const empty = Buffer.concat([Buffer.from([0x47, 0x50, 0, 0b1_0001, 0, 0, 0, 0]), wkbPolygon])
    expect(parseGpkgGeometry(empty).empty).toBe(true)
    // ISO WKB PolygonZ (1003) and big-endian MultiPolygon (6) are polygons too.
    expect(wkbType(Buffer.from('01eb030000', 'hex'))).toBe(3)
    expect(wkbType(Buffer.from('0000000006', 'hex'))).toBe(6)
    expect(() => parseGpkgGeometry(Buffer.from('0101000000000000', 'hex'))).toThrow(/GP/)
  })
})
