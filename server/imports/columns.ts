import { AGE_BANDS, LOCATION_KINDS, LOCATION_PRECISIONS, SUBJECT_ROLES } from '../db/types.js'

/** Fields every import record carries (CSV columns, GeoJSON feature properties), besides its position. */
export const REFERRAL_FIELDS = ['external_id', 'programme', 'subject_role', 'age_band', 'funding_borough', 'opened_on'] as const
export const LOCATION_FIELDS = ['location_kind', 'observed_on', 'precision'] as const
export const REQUIRED_FIELDS = [...REFERRAL_FIELDS, ...LOCATION_FIELDS] as const
/** A position is lon/lat (WGS84) or easting/northing (British National Grid, EPSG:27700). */
export const POSITION_FIELDS = { lonLat: ['lon', 'lat'], grid: ['easting', 'northing'] } as const

export const ENUMS: Partial<Record<string, readonly string[]>> = {
  subject_role: SUBJECT_ROLES,
  age_band: AGE_BANDS,
  location_kind: LOCATION_KINDS,
  precision: LOCATION_PRECISIONS,
}

/** The earliest date an import accepts (opened_on, observed_on). */
export const EARLIEST_DATE = '2000-01-01'
/** Margin around the loaded boroughs' extent inside which locations are accepted, in metres. */
export const SERVICE_AREA_MARGIN_M = 2000
/** The validation report stops listing errors after this many (the total is still counted). */
export const MAX_REPORTED_ERRORS = 1000
/** Rows staged per COPY. */
export const STAGE_CHUNK_ROWS = 50_000

export type ImportFormat = 'csv' | 'geojson'

/** One record as read from a file: its row number and raw field values. */
export interface SourceRecord {
  row: number
  values: Record<string, unknown>
  /** Set when the record cannot even be read as a location (GeoJSON geometry errors). */
  problems?: ImportError[]
}

/** One validated record, ready to stage: coordinates in `srid` (4326 or 27700). */
export interface StagedRow {
  row: number
  externalId: string
  programme: string
  subjectRole: string
  ageBand: string
  fundingBorough: string
  openedOn: string
  kind: string
  srid: 4326 | 27700
  x: number
  y: number
  observedOn: string
  precision: string
}

/** One entry of the validation report. `row` 0 means the file as a whole. */
export interface ImportError {
  row: number
  field: string
  message: string
}
