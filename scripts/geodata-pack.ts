// Packs the GeoJSON boundary files of a folder into the project's geodata/ (TopoJSON without
// quantisation, Brotli at the highest quality), then reads each back and checks every coordinate.
//   npx tsx scripts/geodata-pack.ts <folder with london_*.geojson> [out folder, default geodata]
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { topology } from 'topojson-server'
import type { GeoJsonObject } from 'geojson'
import { GEODATA_FILES } from '../server/geodata/sources.js'
import { PACKED_OBJECT, packedName, readBoundaryCollection } from '../server/geodata/packed.js'

const [from, to = 'geodata'] = process.argv.slice(2)
if (!from) {
  console.error('usage: npx tsx scripts/geodata-pack.ts <folder with the GeoJSON files> [out folder]')
  process.exit(2)
}
for (const { file } of GEODATA_FILES) {
  const source = join(resolve(from), file)
  const fc = JSON.parse(readFileSync(source, 'utf8')) as GeoJsonObject & { features: unknown[] }
  const packed = brotliCompressSync(Buffer.from(JSON.stringify(topology({ [PACKED_OBJECT]: fc }))), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 },
  })
  const out = join(resolve(to), packedName(file))
  writeFileSync(out, packed)
  // The round trip must give back every feature's properties and rings exactly (a ring may start
  // at another of its vertices: TopoJSON stitches rings from shared arcs).
  const back = readBoundaryCollection(out)
  const canonical = (features: unknown[]) =>
    JSON.stringify(
      features.map((f) => {
        const { properties, geometry } = f as { properties: unknown; geometry: { type: string; coordinates: Ring[][] | Ring[] } }
        const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][]
        return [properties, geometry.type, polygons.map((rings) => rings.map(startAtLeast))]
      }),
    )
  if (canonical(fc.features) !== canonical(back.features)) throw new Error(`${file}: the packed file does not read back identically`)
  console.log(`${file}: ${statSync(source).size} bytes → ${out}: ${packed.length} bytes (${fc.features.length} features, identical on reading back)`)
}

type Ring = Array<[number, number]>
/** A closed ring rotated to start at its smallest vertex (by x, then y), so two rotations compare equal. */
function startAtLeast(ring: Ring): Ring {
  const open = ring.slice(0, -1)
  let best = 0
  open.forEach(([x, y], i) => {
    const [bx, by] = open[best]!
    if (x < bx || (x === bx && y < by)) best = i
  })
  const rotated = [...open.slice(best), ...open.slice(0, best)]
  return [...rotated, rotated[0]!]
}
