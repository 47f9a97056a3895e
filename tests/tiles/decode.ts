import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import type { TileAddress } from '../../server/tiles/tile.js'

/** A decoded feature: its properties and its geometry as GeoJSON (lon/lat). */
export interface DecodedFeature {
  properties: Record<string, unknown>
  geometry: { type: string; coordinates: any }
}

/** Decodes an MVT body with @mapbox/vector-tile: layer name → features (an absent layer: no key). */
export function decodeTile(body: Buffer, t: TileAddress): Record<string, DecodedFeature[]> {
  const tile = new VectorTile(new PbfReader(body))
  const out: Record<string, DecodedFeature[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = []
    for (let i = 0; i < layer.length; i++) {
      const f = layer.feature(i).toGeoJSON(t.x, t.y, t.z)
      out[name].push({ properties: f.properties as Record<string, unknown>, geometry: f.geometry as DecodedFeature['geometry'] })
    }
  }
  return out
}

/** The z/x/y tile holding a lon/lat point. */
export function tileAt(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return { z, x, y }
}

export const tileUrl = (layer: string, t: TileAddress, query = '') => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt${query ? `?${query}` : ''}`
