import { sql, type Kysely, type RawBuilder } from 'kysely'
import { Lru } from '../cache/lru.js'
import type { DB } from '../db/types.js'
import { BUFFER, EXTENT, type TileAddress } from './tile.js'

/** Spatial SQL of a tile, written once: its envelope in EPSG:3857 with the encoders' buffer, and its box in EPSG:27700. */

/** The tile's square in EPSG:3857 widened by the 64-unit buffer: what either encoder keeps. */
export const bufferedEnvelope = (t: TileAddress): RawBuilder<unknown> =>
  sql`ST_TileEnvelope(${t.z}::integer, ${t.x}::integer, ${t.y}::integer, margin => ${BUFFER / EXTENT}::float8)`

/** Web-mercator metres per tile unit at zoom z, times the scale at London's latitude: ground metres per unit. */
export const groundMetresPerUnit = (z: number) => (40075016.686 / 2 ** z / EXTENT) * Math.cos((51.5 * Math.PI) / 180)

export interface Box {
  xmin: number
  ymin: number
  xmax: number
  ymax: number
}

/**
 * The buffered tile's bounding box in EPSG:27700 (metres), with its edges densified before the
 * transform (lines of constant latitude bow in the British National Grid) and 1 % slack: a filter
 * for the spatial indexes, never the final test.
 */
export async function tileBox27700(db: Kysely<DB>, t: TileAddress): Promise<Box> {
  const key = `${t.z}/${t.x}/${t.y}`
  return boxes.get(key) ?? boxes.set(key, await computeBox27700(db, t))
}

/**
 * Boxes of recently served tiles. A box depends only on the tile's address (PostGIS's transform
 * is the same for every request), and computing one is a round trip of about 1.5 ms — more than a
 * sparse tile's query. 10,000 boxes is under 2 MB.
 */
const boxes = new Lru<Box>(10_000)

async function computeBox27700(db: Kysely<DB>, t: TileAddress): Promise<Box> {
  const { rows } = await sql<Box>`
    select ST_XMin(b) - w as xmin, ST_YMin(b) - w as ymin, ST_XMax(b) + w as xmax, ST_YMax(b) + w as ymax
    from (select b, (ST_XMax(b) - ST_XMin(b)) * 0.01 as w
          from (select ST_Transform(ST_Segmentize(e, (ST_XMax(e) - ST_XMin(e)) / 16), 27700)::box2d as b
                from (select ${bufferedEnvelope(t)} as e) e) b) b`.execute(db)
  const b = rows[0]!
  return { xmin: Number(b.xmin), ymin: Number(b.ymin), xmax: Number(b.xmax), ymax: Number(b.ymax) }
}

export const box27700 = (b: Box): RawBuilder<unknown> => sql`ST_MakeEnvelope(${b.xmin}::float8, ${b.ymin}::float8, ${b.xmax}::float8, ${b.ymax}::float8, 27700)`
