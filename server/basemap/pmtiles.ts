import { open, type FileHandle } from 'node:fs/promises'
import { PMTiles, TileType, type Header, type RangeResponse, type Source } from 'pmtiles'

/** Reads byte ranges of a local PMTiles file (the `pmtiles` package reads the format itself). */
class FileRangeSource implements Source {
  constructor(
    private readonly file: FileHandle,
    private readonly path: string,
  ) {}
  getKey(): string {
    return this.path
  }
  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const buffer = Buffer.alloc(length)
    const { bytesRead } = await this.file.read(buffer, 0, length, offset)
    return { data: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + bytesRead) as ArrayBuffer }
  }
}

export interface Basemap {
  header: Header
  /** The tile's bytes as the map draws them (decompressed), or undefined outside the archive. */
  tile(z: number, x: number, y: number): Promise<Uint8Array | undefined>
  close(): Promise<void>
}

/**
 * Opens the street basemap: a PMTiles v3 archive of vector tiles (e.g. a Greater London extract of
 * the Protomaps daily build). Throws, naming the file, when it cannot be read or holds no vector
 * tiles, so a wrong path stops the start instead of failing tile by tile.
 */
export async function openBasemap(path: string): Promise<Basemap> {
  const file = await open(path, 'r').catch((e: Error) => {
    throw new Error(`BASEMAP_PMTILES: cannot open ${path} (${e.message})`)
  })
  const archive = new PMTiles(new FileRangeSource(file, path))
  const header = await archive.getHeader().catch(async (e: Error) => {
    await file.close()
    throw new Error(`BASEMAP_PMTILES: ${path} is not a PMTiles v3 archive (${e.message})`)
  })
  if (header.tileType !== TileType.Mvt) {
    await file.close()
    throw new Error(`BASEMAP_PMTILES: ${path} holds tiles of type ${header.tileType}, not vector tiles (MVT)`)
  }
  return {
    header,
    async tile(z, x, y) {
      if (z < header.minZoom || z > header.maxZoom || x >= 2 ** z || y >= 2 ** z) return undefined
      const r = await archive.getZxy(z, x, y)
      return r ? new Uint8Array(r.data) : undefined
    },
    close: () => file.close(),
  }
}

export interface BasemapInfo {
  tiles: string
  minzoom: number
  maxzoom: number
  bounds: [number, number, number, number]
}
const infos = new Map<string, Promise<BasemapInfo>>()

/** What the page needs to draw the basemap (for GET /api/v1/meta), read once per file; null without one. */
export function basemapInfo(path: string | undefined): Promise<BasemapInfo | null> {
  if (!path) return Promise.resolve(null)
  let info = infos.get(path)
  if (!info) {
    info = openBasemap(path).then(async (b) => {
      await b.close()
      const h = b.header
      return { tiles: '/basemap/tiles/{z}/{x}/{y}.mvt', minzoom: h.minZoom, maxzoom: h.maxZoom, bounds: [h.minLon, h.minLat, h.maxLon, h.maxLat] }
    })
    infos.set(path, info)
  }
  return info
}
