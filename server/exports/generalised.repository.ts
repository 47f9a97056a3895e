import { sql, type RawBuilder } from 'kysely'
import type { BreakdownField } from './export.schemas.js'

/** Arguments of export_generalised (migration 0013): cell size, breakdown, period and filters. */
export interface GeneralisedArgs {
  cell: number
  by: BreakdownField[]
  /** Located events observed in [observedFrom, observedUntil) — whole months (OGC datetime). */
  observedFrom?: string | undefined
  observedUntil?: string | undefined
  /** Referrals opened in [openedFrom, openedTo] — whole months for partners (export filters). */
  openedFrom?: string | undefined
  openedTo?: string | undefined
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
  kind?: string | undefined
  borough?: string | undefined
}

export interface GeneralisedRow {
  id: string
  lon: string
  lat: string
  /** The cell centre in EPSG:27700 (metres), for OGC answers in that CRS. */
  x: number
  y: number
  referrals: number
  programme: string | null
  subjectRole: string | null
  ageBand: string | null
  month: string | null
  borough: string | null
  ward: string | null
  kind: string | null
}

/**
 * Generalised cells: each cell centre (EPSG:4326, 6 decimals) with its distinct referrals and the
 * breakdown values, cells under k dropped — all decided by the database under the caller's
 * agreement. The id names the cell and its breakdown, so it is stable across requests.
 */
export function generalisedRows(a: GeneralisedArgs, extra: RawBuilder<unknown>[] = [], tail: RawBuilder<unknown> = sql``): RawBuilder<GeneralisedRow> {
  const conds = extra.length ? sql`where ${sql.join(extra, sql` and `)}` : sql``
  return sql<GeneralisedRow>`
    select 'G' || ${a.cell}::int || ':' || g.x::bigint || ':' || g.y::bigint
             || coalesce(':' || nullif(concat_ws(':', g.programme, g.subject_role, g.age_band, to_char(g.month, 'YYYY-MM'), g.borough, g.ward, g.kind), ''), '') as id,
           round(ST_X(c.p)::numeric, 6)::text as lon, round(ST_Y(c.p)::numeric, 6)::text as lat, g.x::float8 as x, g.y::float8 as y, g.referrals::int as referrals,
           g.programme, g.subject_role as "subjectRole", g.age_band as "ageBand", to_char(g.month, 'YYYY-MM') as month,
           g.borough, g.ward, g.kind
    from export_generalised(${a.cell}::int, ${a.by}::text[], ${a.observedFrom ?? null}::date, ${a.observedUntil ?? null}::date,
                            ${a.openedFrom ?? null}::date, ${a.openedTo ?? null}::date, ${a.programme ?? null}::text,
                            ${a.subjectRole ?? null}::text, ${a.ageBand ?? null}::text, ${a.kind ?? null}::text, ${a.borough ?? null}::text) g
    cross join lateral (select ST_Transform(ST_SetSRID(ST_MakePoint(g.x, g.y), 27700), 4326) as p) c
    ${conds} ${tail}`
}
