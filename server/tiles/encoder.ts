import { sql, type Kysely, type RawBuilder } from 'kysely'
import geojsonvt from 'geojson-vt'
import vtpbf from 'vt-pbf'
import type { DB } from '../db/types.js'
import { BUFFER, EXTENT, type TileAddress } from './tile.js'

/**
 * One MVT layer to encode: `query` selects a `geom` column in EPSG:3857 (unclipped; the encoder clips
 * to the tile and its buffer) and the named property columns (null properties are left out).
 * Property names come from code, never from a request.
 */
export interface LayerQuery {
  name: string
  properties: readonly string[]
  query: RawBuilder<unknown>
}

export interface EncodedTile {
  /** The MVT (protobuf); empty when no layer has a feature. */
  data: Buffer
  /** Features written per layer, in the order given. */
  features: number[]
}

/**
 * Encodes MVT tiles from layer queries. Two implementations, one contract (tests/tiles run both):
 * PostGIS's ST_AsMVT/ST_AsMVTGeom where the database has an MVT encoder, otherwise geojson-vt +
 * vt-pbf in JavaScript (embedded PGlite's PostGIS is built without protobuf-c).
 */
export interface TileEncoder {
  readonly kind: 'postgis' | 'js'
  encode(db: Kysely<DB>, tile: TileAddress, layers: readonly LayerQuery[]): Promise<EncodedTile>
}

const envelope = (t: TileAddress) => sql`ST_TileEnvelope(${t.z}::integer, ${t.x}::integer, ${t.y}::integer)`

/** ST_AsMVT: the database encodes; one statement for every layer. */
export class PostgisEncoder implements TileEncoder {
  readonly kind = 'postgis' as const

  async encode(db: Kysely<DB>, tile: TileAddress, layers: readonly LayerQuery[]): Promise<EncodedTile> {
    if (layers.length === 0) return { data: Buffer.alloc(0), features: [] }
    const parts = layers.map(
      (l, i) => sql`
      select ${i}::integer as i, coalesce(ST_AsMVT(t, ${l.name}, ${EXTENT}::integer, 'geom'), ''::bytea) as mvt, count(t.geom)::integer as n
      from (
        select ST_AsMVTGeom(f.geom, ${envelope(tile)}, ${EXTENT}::integer, ${BUFFER}::integer, true) as geom
               ${sql.join(
                 l.properties.map((p) => sql`, f.${sql.ref(p)}`),
                 sql``,
               )}
        from (${l.query}) f
      ) t where t.geom is not null`,
    )
    const { rows } = await sql<{ i: number; mvt: Uint8Array; n: number }>`${sql.join(parts, sql` union all `)} order by 1`.execute(db)
    const features = layers.map(() => 0)
    const chunks: Buffer[] = []
    for (const r of rows) {
      features[r.i] = Number(r.n)
      if (Number(r.n) > 0) chunks.push(Buffer.from(r.mvt))
    }
    return { data: Buffer.concat(chunks), features }
  }
}

interface GeoJsonRow {
  i: number
  g: string
  p: Record<string, unknown> | string
}

/** geojson-vt + vt-pbf: the database sends GeoJSON (EPSG:4326), JavaScript clips and encodes. */
export class JsEncoder implements TileEncoder {
  readonly kind = 'js' as const

  async encode(db: Kysely<DB>, tile: TileAddress, layers: readonly LayerQuery[]): Promise<EncodedTile> {
    if (layers.length === 0) return { data: Buffer.alloc(0), features: [] }
    const parts = layers.map(
      (l, i) => sql`
      select ${i}::integer as i, ST_AsGeoJSON(ST_Transform(f.geom, 4326), 7) as g,
             jsonb_build_object(${sql.join(l.properties.map((p) => sql`${p}::text, f.${sql.ref(p)}`))}) as p
      from (${l.query}) f where f.geom is not null`,
    )
    const { rows } = await sql<GeoJsonRow>`${sql.join(parts, sql` union all `)}`.execute(db)
    const byLayer = layers.map(() => [] as GeoJSON.Feature[])
    for (const r of rows) {
      const props = typeof r.p === 'string' ? (JSON.parse(r.p) as Record<string, unknown>) : r.p
      for (const k of Object.keys(props)) if (props[k] === null) delete props[k]
      byLayer[r.i]!.push({ type: 'Feature', geometry: JSON.parse(r.g) as GeoJSON.Geometry, properties: props })
    }
    const features = layers.map(() => 0)
    const out: Record<string, unknown> = {}
    layers.forEach((l, i) => {
      if (byLayer[i]!.length === 0) return
      const index = new geojsonvt(
        { type: 'FeatureCollection', features: byLayer[i]! },
        {
          maxZoom: tile.z,
          indexMaxZoom: 0,
          indexMaxPoints: 0,
          extent: EXTENT,
          buffer: BUFFER,
          tolerance: 3,
        },
      )
      const t = index.getTile(tile.z, tile.x, tile.y)
      if (t && t.features.length > 0) {
        out[l.name] = t
        features[i] = t.features.length
      }
    })
    if (Object.keys(out).length === 0) return { data: Buffer.alloc(0), features }
    return { data: Buffer.from(vtpbf.fromGeojsonVt(out, { version: 2, extent: EXTENT })), features }
  }
}

/** The encoder this database supports: ST_AsMVT if it works (tried once), else JavaScript. */
export async function detectEncoder(db: Kysely<DB>): Promise<TileEncoder> {
  try {
    await sql`select ST_AsMVT(t, 'probe') from (select ST_AsMVTGeom(ST_MakePoint(1, 1), ST_MakeEnvelope(0, 0, 4, 4)::box2d) as geom) t`.execute(db)
    return new PostgisEncoder()
  } catch {
    return new JsEncoder()
  }
}
