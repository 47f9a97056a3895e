import { sql, type RawBuilder } from 'kysely'
import { invalid } from '../errors/problem.js'
import { bboxTo27700, clampToGrid, type BBox } from '../db/spatial.js'
import type { Srid } from './crs.js'
import { lastCompleteQuarter } from '../privacy/disclosure.js'

/** OGC API – Features, Part 1: the query parameters of /items, checked once, 400 naming the field. */
export const OGC_LIMIT_DEFAULT = 100
export const OGC_LIMIT_MAX = 10_000

/** A closed or half-open period of days; null ends are open. */
export interface Period {
  from: string | null
  to: string | null
}

const NUM = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** Furthest `offset` a client may ask for: beyond any collection's size, within PostgreSQL's bigint. */
export const OGC_OFFSET_MAX = 1_000_000_000

/** A `bbox` in the CRS `bbox-crs` named. */
export interface BoxFilter {
  srid: Srid
  box: BBox
}

/** Where EPSG:27700 coordinates may lie (metres; the grid's area of use and a margin). */
const GRID_METRES: BBox = [-200_000, -200_000, 900_000, 1_400_000]

/** `bbox=minx,miny,maxx,maxy` (or the 6-number 3-D form), in CRS84 or the `bbox-crs`. */
export function parseBbox(raw: string | undefined, srid: Srid = 4326): BoxFilter | undefined {
  if (raw === undefined) return undefined
  const parts = raw.split(',')
  const axes = srid === 4326 ? 'minLon,minLat,maxLon,maxLat' : 'minEasting,minNorthing,maxEasting,maxNorthing'
  if ((parts.length !== 4 && parts.length !== 6) || !parts.every((p) => NUM.test(p.trim()))) {
    throw invalid('bbox', `must be four (or six) comma-separated numbers: ${axes}`)
  }
  const n = parts.map(Number)
  const b: BBox = parts.length === 4 ? [n[0]!, n[1]!, n[2]!, n[3]!] : [n[0]!, n[1]!, n[3]!, n[4]!]
  if (srid === 4326) {
    if (b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) throw invalid('bbox', 'must lie within -180..180 (lon) and -90..90 (lat)')
    if (b[1] > b[3]) throw invalid('bbox', 'minLat must not exceed maxLat')
    if (b[0] > b[2]) throw invalid('bbox', 'boxes crossing the antimeridian are not supported')
  } else {
    if (b[0] < GRID_METRES[0] || b[1] < GRID_METRES[1] || b[2] > GRID_METRES[2] || b[3] > GRID_METRES[3]) {
      throw invalid('bbox', `EPSG:27700 metres must lie within ${GRID_METRES.join(', ')}`)
    }
    if (b[0] > b[2] || b[1] > b[3]) throw invalid('bbox', 'the minimum must not exceed the maximum')
  }
  return { srid, box: b }
}

/** A bbox as an EPSG:27700 polygon for ST_Intersects with stored geometry, or null when it cannot meet any. */
export function boxGeometry(f: BoxFilter): RawBuilder<unknown> | null {
  if (f.srid === 27700) return sql`ST_MakeEnvelope(${f.box[0]}::float8, ${f.box[1]}::float8, ${f.box[2]}::float8, ${f.box[3]}::float8, 27700)`
  const box = clampToGrid(f.box)
  return box ? bboxTo27700(box) : null
}

/** Years a `datetime` may name: wide enough for any boundary's validity, narrow enough to be a real question. */
export const DATETIME_YEARS = { min: 1900, max: 2100 } as const

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

/** An RFC 3339 date or date-time as its UTC day. */
function day(s: string): string {
  const year = Number(s.slice(0, 4))
  if (/^\d{4}/.test(s) && (year < DATETIME_YEARS.min || year > DATETIME_YEARS.max)) {
    throw invalid('datetime', `${JSON.stringify(s)}: years ${DATETIME_YEARS.min} to ${DATETIME_YEARS.max} only`)
  }
  if (DATE.test(s)) {
    const d = new Date(`${s}T00:00:00Z`)
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s) return s
  } else if (DATETIME.test(s)) {
    // new Date() rolls 2026-02-31T… over into March: the calendar day is checked first.
    const d = new Date(s)
    const date = s.slice(0, 10)
    if (!Number.isNaN(d.getTime()) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date) return d.toISOString().slice(0, 10)
  }
  throw invalid('datetime', `${JSON.stringify(s)} is not an RFC 3339 date or date-time`)
}

/** `datetime`: an instant, `start/end`, or a half-open interval (`../end`, `start/..`, `/end`, `start/`). */
export function parseDatetime(raw: string | undefined): Period | undefined {
  if (raw === undefined) return undefined
  const parts = raw.split('/')
  if (parts.length === 1) {
    if (parts[0] === '..' || parts[0] === '') throw invalid('datetime', 'an instant must be a date or date-time')
    const d = day(parts[0]!)
    return { from: d, to: d }
  }
  if (parts.length !== 2) throw invalid('datetime', 'must be an instant or an interval start/end')
  const open = (p: string) => p === '..' || p === ''
  const from = open(parts[0]!) ? null : day(parts[0]!)
  const to = open(parts[1]!) ? null : day(parts[1]!)
  if (from === null && to === null) throw invalid('datetime', 'an interval needs at least one end')
  if (from !== null && to !== null && to < from) throw invalid('datetime', 'the interval ends before it starts')
  return { from, to }
}

/** `limit`: larger than the maximum is not an error — the maximum applies (OGC API – Features 1.0, 7.15.3). */
export function clampLimit(limit: number | undefined): number {
  return Math.min(limit ?? OGC_LIMIT_DEFAULT, OGC_LIMIT_MAX)
}

/** A period as whole months (YYYY-MM), for the aggregate layers: open ends reach 2000-01 and this month. */
export function wholeMonths(p: Period | undefined, today = new Date()): { from: string; to: string } {
  const now = today.toISOString().slice(0, 7)
  return { from: p?.from?.slice(0, 7) ?? '2000-01', to: p?.to?.slice(0, 7) ?? now }
}

/**
 * The period of an aggregate layer for `actor`: a lead's datetime as whole months (open ends reach
 * 2000-01 and this month); an aggregate reader's as asked — the database refuses anything but a
 * month, a calendar quarter or a financial year — or, with no datetime at all, the last complete
 * calendar quarter, so a GIS client that adds the layer without a time filter still gets a map.
 */
export function layerPeriod(actor: { role: string }, p: Period | undefined, today = new Date()): { from: string; to: string } {
  if (actor.role === 'lead' || p?.from || p?.to) return wholeMonths(p, today)
  return lastCompleteQuarter(today)
}

/** The first day of the month after YYYY-MM. */
export function monthAfter(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10)
}
