import { EARLIEST_DATE, ENUMS, POSITION_FIELDS, REQUIRED_FIELDS, type ImportError, type SourceRecord, type StagedRow } from './columns.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Today as YYYY-MM-DD (UTC), the latest date an import accepts. */
export const today = () => new Date().toISOString().slice(0, 10)

function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined
  return s === '' ? undefined : s
}

function dateError(s: string, latest: string): string | undefined {
  const m = DATE.exec(s)
  if (!m) return 'must be a date YYYY-MM-DD'
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  if (d.toISOString().slice(0, 10) !== s) return 'is not a calendar date'
  if (s < EARLIEST_DATE) return `must not be before ${EARLIEST_DATE}`
  if (s > latest) return 'must not be in the future'
  return undefined
}

function number(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  const s = text(v)
  if (s === undefined || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined
  return Number(s)
}

/**
 * Per-row syntax checks (required fields, enums, dates, numbers, coordinate ranges). Checks that
 * need the database or other rows (programme, borough, service area, agreement) run in SQL later.
 */
export function validateRecord(rec: SourceRecord, latest = today()): { row?: StagedRow; errors: ImportError[] } {
  const errors: ImportError[] = [...(rec.problems ?? [])]
  const err = (field: string, message: string) => errors.push({ row: rec.row, field, message })
  const v: Record<string, string> = {}
  for (const f of REQUIRED_FIELDS) {
    const s = text(rec.values[f])
    if (s === undefined) {
      err(f, 'is required')
      continue
    }
    // PostgreSQL text cannot hold NUL: staging such a value would fail the whole COPY with an encoding error.
    if (s.includes('\u0000')) {
      err(f, 'contains a NUL character')
      continue
    }
    const allowed = ENUMS[f]
    if (allowed && !allowed.includes(s)) err(f, `must be one of ${allowed.join(', ')}`)
    else if (f === 'opened_on' || f === 'observed_on') {
      const e = dateError(s, latest)
      if (e) err(f, e)
    } else if (f === 'external_id' && s.length > 64) err(f, 'must be at most 64 characters')
    v[f] = s
  }

  let srid: 4326 | 27700 = 4326
  let x: number | undefined
  let y: number | undefined
  if (!rec.problems?.length) {
    const hasLonLat = POSITION_FIELDS.lonLat.some((f) => text(rec.values[f]) !== undefined)
    const hasGrid = POSITION_FIELDS.grid.some((f) => text(rec.values[f]) !== undefined)
    if (hasLonLat && hasGrid) err('lon', 'give either lon/lat or easting/northing, not both')
    else if (!hasLonLat && !hasGrid) err('lon', 'a position is required: lon/lat or easting/northing')
    else {
      const [fx, fy] = hasLonLat ? POSITION_FIELDS.lonLat : POSITION_FIELDS.grid
      srid = hasLonLat ? 4326 : 27700
      x = number(rec.values[fx])
      y = number(rec.values[fy])
      const [maxX, maxY, minX, minY] = hasLonLat ? [180, 90, -180, -90] : [700_000, 1_300_000, 0, 0]
      if (x === undefined) err(fx, 'must be a number')
      else if (x < minX || x > maxX) err(fx, `must be between ${minX} and ${maxX}`)
      if (y === undefined) err(fy, 'must be a number')
      else if (y < minY || y > maxY) err(fy, `must be between ${minY} and ${maxY}`)
    }
  }
  if (errors.length) return { errors }
  return {
    errors,
    row: {
      row: rec.row,
      externalId: v.external_id!,
      programme: v.programme!,
      subjectRole: v.subject_role!,
      ageBand: v.age_band!,
      fundingBorough: v.funding_borough!,
      openedOn: v.opened_on!,
      kind: v.location_kind!,
      srid,
      x: x!,
      y: y!,
      observedOn: v.observed_on!,
      precision: v.precision!,
    },
  }
}
