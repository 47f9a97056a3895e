import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader as Pbf } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../helpers/app.js'
import { kilburnTiles, tileAt, writePmtiles } from '../web/pmtiles-writer.js'

/** The street basemap the service serves itself from a PMTiles file (BASEMAP_PMTILES). */

const dir = mkdtempSync(join(tmpdir(), 'cb-basemap-'))
const file = join(dir, 'streets.pmtiles')
let withFile: TestApp
let without: TestApp

beforeAll(async () => {
  writeFileSync(file, writePmtiles(kilburnTiles([12, 14]), [-0.3, 51.45, 0.1, 51.6]))
  withFile = await createTestApp({ BASEMAP_PMTILES: file })
  without = await createTestApp()
})
afterAll(async () => {
  await withFile?.close()
  await without?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('street basemap', () => {
  it('serves the tiles of the file, readable as vector tiles with their layers and names', async () => {
    const t = tileAt(14, -0.194, 51.538)
    const res = await withFile.app.inject(`/basemap/tiles/${t.z}/${t.x}/${t.y}.mvt`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/vnd.mapbox-vector-tile')
    const tile = new VectorTile(new Pbf(res.rawPayload))
    expect(Object.keys(tile.layers).sort()).toEqual(['earth', 'roads'])
    expect(tile.layers.roads!.feature(0).properties.name).toBe('Kilburn High Road')
  })

  it('answers 204 where the file has no tile, 400 for a bad address', async () => {
    const t = tileAt(14, -0.194, 51.538)
    expect((await withFile.app.inject(`/basemap/tiles/14/${t.x + 5}/${t.y}.mvt`)).statusCode).toBe(204)
    expect((await withFile.app.inject('/basemap/tiles/3/1/1.mvt')).statusCode).toBe(204) // below the file's zooms
    expect((await withFile.app.inject('/basemap/tiles/x/1/1.mvt')).statusCode).toBe(400)
  })

  it('names the basemap in /api/v1/meta, and null with 404 tiles without a file', async () => {
    expect((await withFile.app.inject('/api/v1/meta')).json().basemap).toEqual({
      tiles: '/basemap/tiles/{z}/{x}/{y}.mvt',
      minzoom: 12,
      maxzoom: 14,
      bounds: [-0.3, 51.45, 0.1, 51.6],
    })
    expect((await without.app.inject('/api/v1/meta')).json().basemap).toBeNull()
    const res = await without.app.inject('/basemap/tiles/14/8183/5445.mvt')
    expect(res.statusCode).toBe(404)
    expect(res.json().detail).toMatch(/BASEMAP_PMTILES/)
  })

  it('refuses to start on a file that is not a PMTiles archive, naming the setting', async () => {
    const bad = join(dir, 'not.pmtiles')
    writeFileSync(bad, 'hello')
    await expect(createTestApp({ BASEMAP_PMTILES: bad })).rejects.toThrow(/BASEMAP_PMTILES/)
  })
})
