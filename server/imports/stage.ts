import type { StagedRow } from './columns.js'
import type { RawConnection } from './session.js'

/** Temp tables of one import; dropped at its end (the session may outlive it). */
export const DROP_TABLES =
  'drop table if exists import_stage, import_rows, import_refs, import_loc, import_pip, import_todo, import_cand, import_near, import_fp_file, import_fp_stored'

export const CREATE_STAGE = `
  create temp table import_stage (
    row int not null, external_id text not null, programme text not null, subject_role text not null,
    age_band text not null, funding_borough text not null, opened_on date not null, kind text not null,
    srid int not null, x float8 not null, y float8 not null, observed_on date not null, precision text not null
  )`

export const COPY_STAGE = `copy import_stage (row, external_id, programme, subject_role, age_band, funding_borough, opened_on,
  kind, srid, x, y, observed_on, precision) from stdin`

/** Escapes a value for COPY's text format. */
const copyText = (s: string) => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : s)

/** One staged row as a line of COPY text. */
export function copyLine(r: StagedRow): string {
  return `${r.row}\t${copyText(r.externalId)}\t${copyText(r.programme)}\t${r.subjectRole}\t${r.ageBand}\t${copyText(r.fundingBorough)}\t${r.openedOn}\t${r.kind}\t${r.srid}\t${r.x}\t${r.y}\t${r.observedOn}\t${r.precision}\n`
}

/** After staging: points in EPSG:27700, and one line per referral (its first row's fields, a fresh id). */
export async function prepareStaged(c: RawConnection): Promise<void> {
  await c.query(`
    create temp table import_rows as
    select row, external_id, kind, observed_on, precision, srid,
           case srid when 27700 then ST_SetSRID(ST_MakePoint(x, y), 27700)
                else ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 4326), 27700) end as geom
    from import_stage`)
  await c.query(`
    create temp table import_refs as
    select distinct on (external_id) external_id, row, programme, subject_role, age_band, funding_borough, opened_on,
           gen_random_uuid() as id, 'new'::text as action
    from import_stage order by external_id, row`)
  await c.query('create index on import_refs (external_id)')
  await c.query('analyze import_rows')
  await c.query('analyze import_refs')
}
