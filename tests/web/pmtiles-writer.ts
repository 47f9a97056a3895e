import geojsonvt from 'geojson-vt'
import { zxyToTileId } from 'pmtiles'
import vtpbf from 'vt-pbf'

/**
 * A minimal PMTiles v3 writer for tests (the `pmtiles` package only reads): the 127-byte header,
 * one root directory (no leaves, no internal compression), the JSON metadata and the tiles,
 * uncompressed. Enough for a handful of tiles; real basemaps come from the Protomaps build.
 */
export function writePmtiles(tiles: { z: number; x: number; y: number; data: Uint8Array }[], bounds: [number, number, number, number]): Buffer {
  const sorted = tiles.map((t) => ({ ...t, id: zxyToTileId(t.z, t.x, t.y) })).sort((a, b) => a.id - b.id)
  const varints: number[] = []
  const varint = (n: number) => {
    while (n >= 0x80) {
      varints.push((n % 0x80) | 0x80)
      n = Math.floor(n / 0x80)
    }
    varints.push(n)
  }
  varint(sorted.length)
  let last = 0
  for (const t of sorted) {
    varint(t.id - last)
    last = t.id
  }
  for (const _ of sorted) varint(1) // run lengths
  for (const t of sorted) varint(t.data.length)
  let offset = 0
  for (const t of sorted) {
    varint(offset + 1)
    offset += t.data.length
  }
  const dir = Buffer.from(varints)
  const meta = Buffer.from(
    JSON.stringify({
      name: 'test streets',
      vector_layers: [
        { id: 'roads', fields: {} },
        { id: 'earth', fields: {} },
      ],
    }),
  )
  const data = Buffer.concat(sorted.map((t) => Buffer.from(t.data)))

  const h = Buffer.alloc(127)
  h.write('PMTiles', 0, 'latin1')
  h.writeUInt8(3, 7)
  const u64 = (pos: number, v: number) => h.writeBigUInt64LE(BigInt(v), pos)
  const dirOffset = 127,
    metaOffset = dirOffset + dir.length,
    dataOffset = metaOffset + meta.length
  u64(8, dirOffset)
  u64(16, dir.length)
  u64(24, metaOffset)
  u64(32, meta.length)
  u64(40, dataOffset)
  u64(48, 0) // no leaf directories
  u64(56, dataOffset)
  u64(64, data.length)
  u64(72, sorted.length)
  u64(80, sorted.length)
  u64(88, sorted.length)
  h.writeUInt8(1, 96) // clustered
  h.writeUInt8(1, 97) // internal compression: none
  h.writeUInt8(1, 98) // tile compression: none
  h.writeUInt8(1, 99) // tile type: MVT
  const zooms = sorted.map((t) => t.z)
  h.writeUInt8(Math.min(...zooms), 100)
  h.writeUInt8(Math.max(...zooms), 101)
  const e7 = (v: number) => Math.round(v * 1e7)
  h.writeInt32LE(e7(bounds[0]), 102)
  h.writeInt32LE(e7(bounds[1]), 106)
  h.writeInt32LE(e7(bounds[2]), 110)
  h.writeInt32LE(e7(bounds[3]), 114)
  h.writeUInt8(Math.max(...zooms), 118)
  h.writeInt32LE(e7((bounds[0] + bounds[2]) / 2), 119)
  h.writeInt32LE(e7((bounds[1] + bounds[3]) / 2), 123)
  return Buffer.concat([h, dir, meta, data])
}

/** The tile at zoom z holding a point. */
export function tileAt(z: number, lon: number, lat: number): { z: number; x: number; y: number } {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { z, x, y }
}

/**
 * Vector tiles in the layers of the Protomaps basemap schema (earth, roads) around Kilburn: a land
 * polygon and Kilburn High Road, at zooms `zooms`.
 */
export function kilburnTiles(zooms: number[]): { z: number; x: number; y: number; data: Uint8Array }[] {
  const earth: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { kind: 'earth' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [-0.3, 51.45],
              [0.1, 51.45],
              [0.1, 51.6],
              [-0.3, 51.6],
              [-0.3, 51.45],
            ],
          ],
        },
      },
    ],
  }
  const roads: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { kind: 'major_road', kind_detail: 'primary', name: 'Kilburn High Road' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [-0.2005, 51.5455],
            [-0.1962, 51.5405],
            [-0.1915, 51.5353],
            [-0.187, 51.531],
          ],
        },
      },
    ],
  }
  const ie = new geojsonvt(earth, { maxZoom: 16, indexMaxZoom: 16 })
  const ir = new geojsonvt(roads, { maxZoom: 16, indexMaxZoom: 16 })
  return zooms.map((z) => {
    const t = tileAt(z, -0.194, 51.538)
    const layers: Record<string, unknown> = {}
    const e = ie.getTile(t.z, t.x, t.y)
    const r = ir.getTile(t.z, t.x, t.y)
    if (e) layers.earth = e
    if (r) layers.roads = r
    return { ...t, data: vtpbf.fromGeojsonVt(layers as never, { version: 2 }) }
  })
}
