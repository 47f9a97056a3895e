import { sql, type Kysely } from 'kysely'
import { stringify } from 'csv-stringify/sync'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid, Problem } from '../errors/problem.js'
import { OGL_ATTRIBUTION } from '../geodata/attribution.js'
import { EXACT_COLUMNS, exactCsvRows, exactFeatureRows, type ExactFilter } from './exact.repository.js'
import { breakdownOf, type BreakdownField, type ExportFormat, type ExportQuery } from './export.schemas.js'
import { generalisedRows, type GeneralisedRow } from './generalised.repository.js'
import { streamRows } from './stream-rows.js'
import { csvSafeRow } from './csv-safe.js'

/**
 * Rows fetched from the cursor at a time: enough that a round trip carries a lot, few enough that a
 * batch of decoded rows stays small (2,000 peaked 6 MB higher at 1M features, no faster).
 */
export const EXPORT_BATCH = 500

/** An export ready to stream: what it is (for the audit log) and its text, chunk by chunk. */
export interface ExportPlan {
  /** 'exact' (leads, caseworkers) or 'generalised' (partners). */
  level: 'exact' | 'generalised'
  /** Breakdown fields of a generalised export. */
  by: BreakdownField[]
  /** The body, one chunk per batch of rows; `onRows(n)` is told the running feature count. */
  chunks(onRows: (n: number) => void): AsyncGenerator<string>
}

const PARTNER_FORBIDDEN_FILTERS = ['multiBorough', 'fundingMismatch', 'borderZone', 'borderZoneM', 'straddling', 'status'] as const
const FILTER_FIELD: Partial<Record<keyof ExportQuery, BreakdownField>> = {
  programme: 'programme',
  subjectRole: 'subjectRole',
  ageBand: 'ageBand',
  borough: 'borough',
}

const dayAfter = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const lastOfMonth = (d: string) => {
  const [y, m] = d.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/**
 * Decides what the actor's export holds (docs/product-rules.md, "Privacy rules"): leads and
 * caseworkers exact points of the referrals they may see; partners generalised cells under their
 * agreement in force (level 'generalised', fields it lists, whole months), never exact points or
 * pseudonymous references — no agreement can allow those. Other roles never reach here (route access).
 * Refusals are thrown before a byte of the body is written.
 */
export async function planExport(db: Kysely<DB>, actor: Actor, q: ExportQuery, format: ExportFormat, borderZoneM: number): Promise<ExportPlan> {
  const by = breakdownOf(q.by)
  if (actor.role === 'partner') {
    const agreement = await agreementInForce(db)
    if (agreement.level !== 'generalised') throw forbidden(`The agreement "${agreement.name}" allows aggregate counts only, not generalised points.`)
    for (const f of PARTNER_FORBIDDEN_FILTERS) {
      if (q[f] !== undefined)
        throw new Problem(403, 'forbidden', `${f}: not available under a data-sharing agreement.`, [
          { field: f, message: 'is not available under a data-sharing agreement' },
        ])
    }
    for (const [param, field] of Object.entries(FILTER_FIELD) as Array<[keyof ExportQuery, BreakdownField]>) {
      if (q[param] !== undefined && !agreement.fields.includes(field)) {
        throw new Problem(403, 'forbidden', `${param}: the agreement "${agreement.name}" does not list ${field}.`, [
          { field: param, message: `the agreement does not list ${field}` },
        ])
      }
    }
    const refused = by.find((f) => !agreement.fields.includes(f))
    if (refused)
      throw new Problem(403, 'forbidden', `by: the agreement "${agreement.name}" does not list ${refused}.`, [
        { field: 'by', message: `the agreement does not list ${refused}` },
      ])
    if (!q.from || !q.to) throw invalid('from', 'partners choose a period: from (first day of a month) and to (last day of a month)')
    if (!q.from.endsWith('-01')) throw invalid('from', 'must be the first day of a month (partners see whole months only)')
    if (q.to !== lastOfMonth(q.to)) throw invalid('to', 'must be the last day of a month (partners see whole months only)')
    if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
    // The period is when the located events were observed, and must be a fixed one (a month, a
    // calendar quarter or a financial year: the database refuses others), as on every other route.
    const cell = q.cell ?? agreement.cellM
    // The database's own rules, checked before a byte is sent (the export query applies them again,
    // but only once the body is streaming, when a refusal could no longer be a 4xx).
    await sql`select disclosure_require_period(true, ${q.from}::date, date_trunc('month', ${q.to}::date)::date),
                     disclosure_require_cell(true, ${agreement.level}::text, ${agreement.cellM}::integer, ${cell}::integer, 'cell')`.execute(db)
    const rows = generalisedRows({
      cell,
      by,
      observedFrom: q.from,
      observedUntil: dayAfter(q.to),
      programme: q.programme,
      subjectRole: q.subjectRole,
      ageBand: q.ageBand,
      borough: q.borough,
    })
    return {
      level: 'generalised',
      by,
      chunks: (onRows) =>
        encode(streamRows(db, rows, EXPORT_BATCH), format, onRows, {
          header: ['id', 'lon', 'lat', 'cellM', 'referrals', ...by],
          feature: (r) => generalisedFeature(r, cell, by),
          record: (r) => [r.id, r.lon, r.lat, cell, r.referrals, ...by.map((f) => r[f])],
        }),
    }
  }
  if (q.cell !== undefined) throw invalid('cell', 'applies to generalised exports only; yours is exact')
  if (q.by !== undefined) throw invalid('by', 'applies to generalised exports only; yours is exact')
  if (q.from && q.to && q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  const filter: ExactFilter = q
  const D = q.borderZoneM ?? borderZoneM
  if (format === 'geojson') {
    return {
      level: 'exact',
      by: [],
      chunks: (onRows) => encode(streamRows(db, exactFeatureRows(actor, filter, D), EXPORT_BATCH), format, onRows, { feature: (r) => r.f }),
    }
  }
  return {
    level: 'exact',
    by: [],
    chunks: (onRows) =>
      encode(streamRows(db, exactCsvRows(actor, filter, D), EXPORT_BATCH), format, onRows, {
        header: ['id', 'lon', 'lat', ...EXACT_COLUMNS],
        record: (r) => ['id', 'lon', 'lat', ...EXACT_COLUMNS].map((c) => r[c]),
      }),
  }
}

/** A generalised cell as GeoJSON text: the centre point, its referral count and breakdown values. */
export function generalisedFeature(r: GeneralisedRow, cell: number, by: readonly BreakdownField[]): string {
  const props: Record<string, unknown> = { cellM: cell, referrals: r.referrals }
  for (const f of by) props[f] = r[f]
  return `{"type":"Feature","id":${JSON.stringify(r.id)},"geometry":{"type":"Point","coordinates":[${Number(r.lon)},${Number(r.lat)}]},"properties":${JSON.stringify(props)}}`
}

interface Encoders<R> {
  header?: string[]
  feature?: (row: R) => string
  record?: (row: R) => unknown[]
}

/**
 * Rows per text chunk of the body. A chunk stays under V8's large-object size (about 128 KB), so it
 * is born and dies in the young generation: one chunk per 2,000-row batch (about 1.2 MB of text)
 * went to large-object space, freed only by full collections, and a 1M-feature export's resident
 * set grew by about 130 MB before the first of those.
 */
export const EXPORT_CHUNK_ROWS = 100

/**
 * The body as text chunks of at most EXPORT_CHUNK_ROWS rows: a FeatureCollection (RFC 7946: no
 * `crs`, the licence attribution as a foreign member) or CSV (csv-stringify, a header row first).
 */
async function* encode<R>(batches: AsyncGenerator<R[]>, format: ExportFormat, onRows: (n: number) => void, enc: Encoders<R>): AsyncGenerator<string> {
  let n = 0
  if (format === 'geojson') {
    yield `{"type":"FeatureCollection","attribution":${JSON.stringify(OGL_ATTRIBUTION)},"features":[`
    for await (const rows of batches) {
      for (let i = 0; i < rows.length; i += EXPORT_CHUNK_ROWS) {
        const text = rows
          .slice(i, i + EXPORT_CHUNK_ROWS)
          .map(enc.feature!)
          .join(',')
        yield n === 0 && i === 0 ? `\n${text}` : `,\n${text}`
      }
      n += rows.length
      onRows(n)
    }
    yield '\n]}\n'
    return
  }
  yield stringify([enc.header!])
  for await (const rows of batches) {
    // Cells beginning = + - @ (formula injection) are prefixed with ' (csv-safe.ts).
    for (let i = 0; i < rows.length; i += EXPORT_CHUNK_ROWS) yield stringify(rows.slice(i, i + EXPORT_CHUNK_ROWS).map((r) => csvSafeRow(enc.record!(r))))
    n += rows.length
    onRows(n)
  }
}
