import { existsSync, readFileSync } from 'node:fs'
import { brotliDecompressSync } from 'node:zlib'
import { join } from 'node:path'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'

/**
 * The boundary files as the project ships them in `geodata/`: each GeoJSON file as a TopoJSON
 * topology without quantisation (shared edges stored once, coordinates exactly as published),
 * compressed with Brotli. `scripts/geodata-pack.ts` writes them; this reads either form.
 */
export const PACKED_SUFFIX = '.topojson.br'
/** The topology's one object, holding every feature of the file. */
export const PACKED_OBJECT = 'areas'

export const packedName = (geojsonFile: string) => geojsonFile.replace(/\.geojson$/, PACKED_SUFFIX)

export interface BoundaryCollection {
  type: 'FeatureCollection'
  features: Array<{ type: 'Feature'; properties: Record<string, unknown> | null; geometry: unknown }>
}

/** The path of `file` in `dir` as GeoJSON, else packed, else undefined. */
export function boundaryPath(dir: string, file: string): string | undefined {
  for (const path of [join(dir, file), join(dir, packedName(file))]) if (existsSync(path)) return path
  return undefined
}

/** Reads a boundary file, GeoJSON or packed, as a GeoJSON FeatureCollection. */
export function readBoundaryCollection(path: string): BoundaryCollection {
  if (!path.endsWith(PACKED_SUFFIX)) return JSON.parse(readFileSync(path, 'utf8')) as BoundaryCollection
  const topology = JSON.parse(brotliDecompressSync(readFileSync(path)).toString('utf8')) as Topology<Record<string, GeometryCollection>>
  const object = topology.objects[PACKED_OBJECT]
  if (!object) throw new Error(`${path}: no "${PACKED_OBJECT}" object in the topology`)
  return feature(topology, object) as unknown as BoundaryCollection
}
