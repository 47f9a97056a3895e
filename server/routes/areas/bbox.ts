import { invalid } from '../../errors/problem.js'
import type { BBox } from '../../db/spatial.js'

/** Parses `minLon,minLat,maxLon,maxLat`, naming what is wrong with a bad one. */
export function parseBBox(text: string, field = 'bbox'): BBox {
  const parts = text.split(',')
  if (parts.length !== 4) throw invalid(field, 'must be four comma-separated numbers: minLon,minLat,maxLon,maxLat')
  const n = parts.map((p) => (p.trim() === '' ? NaN : Number(p)))
  if (n.some((x) => !Number.isFinite(x))) throw invalid(field, 'must be four comma-separated numbers: minLon,minLat,maxLon,maxLat')
  const [minLon, minLat, maxLon, maxLat] = n as BBox
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) throw invalid(field, 'longitudes must be within ±180 and latitudes within ±90')
  if (minLon > maxLon || minLat > maxLat) throw invalid(field, 'minimum must not exceed maximum')
  return [minLon, minLat, maxLon, maxLat]
}
