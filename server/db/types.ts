import type { ColumnType, Generated } from 'kysely'

/** Geometry columns are only ever read through SQL helpers (ST_AsGeoJSON…), never as raw values. */
export type Geometry = ColumnType<unknown, never, never>

export const AREA_KINDS = ['borough', 'ward', 'lsoa', 'estate', 'patch'] as const
export type AreaKind = (typeof AREA_KINDS)[number]

export interface AreasTable {
  id: Generated<number>
  kind: AreaKind
  code: string
  name: string
  parent_code: string | null
  geom: Geometry
  valid_from: string | null
  valid_to: string | null
  source: string
  licence: string
  synthetic: Generated<boolean>
  imported_at: Generated<Date>
}

export interface AreaPartsTable {
  area_id: number
  kind: AreaKind
  code: string
  geom: Geometry
}

export interface BoroughBordersTable {
  borough_a: string
  borough_b: string
  geom: Geometry
  length_m: number
}

export const SUBJECT_ROLES = ['at_risk', 'victim', 'both'] as const
export const AGE_BANDS = ['10-13', '14-15', '16-17', '18-20', '21-24'] as const
export const REFERRAL_STATUSES = ['open', 'paused', 'closed'] as const
export const RISK_LEVELS = ['low', 'medium', 'high'] as const
export const REFERRAL_SOURCES = ['school', 'police', 'youth_offending_team', 'social_care', 'health', 'self', 'family', 'community', 'other'] as const
export const LOCATION_KINDS = ['home', 'incident', 'school', 'hangout', 'relocation_from', 'relocation_to'] as const
export const LOCATION_PRECISIONS = ['exact', 'postcode', 'street', 'area'] as const
/** Location kinds that say where a young person lives, and where things happen. */
export const RESIDENCE_KINDS = ['home'] as const
export const ACTIVITY_KINDS = ['incident', 'school', 'hangout'] as const

export interface OrganisationsTable {
  id: Generated<string>
  name: string
  synthetic: Generated<boolean>
  created_at: Generated<Date>
}

export interface ProgrammesTable {
  id: Generated<number>
  slug: string
  name: string
}

export interface ReferralsTable {
  id: Generated<string>
  organisation_id: string
  programme_id: number
  external_id: string
  subject_role: (typeof SUBJECT_ROLES)[number]
  age_band: (typeof AGE_BANDS)[number]
  referral_source: (typeof REFERRAL_SOURCES)[number] | null
  funding_borough: string
  status: Generated<(typeof REFERRAL_STATUSES)[number]>
  opened_on: string
  closed_on: string | null
  risk_level: (typeof RISK_LEVELS)[number] | null
  restricted: Generated<boolean>
  caseworker_id: string | null
  synthetic: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** Area codes and the border distance are written by the database (trigger), never by the app. */
export interface ReferralLocationsTable {
  id: Generated<string>
  referral_id: string
  kind: (typeof LOCATION_KINDS)[number]
  geom: Geometry
  observed_on: string
  precision: (typeof LOCATION_PRECISIONS)[number]
  borough_code: ColumnType<string | null, never, never>
  ward_code: ColumnType<string | null, never, never>
  lsoa_code: ColumnType<string | null, never, never>
  estate_code: ColumnType<string | null, never, never>
  patch_code: ColumnType<string | null, never, never>
  border_code: ColumnType<string | null, never, never>
  border_distance_m: ColumnType<number | null, never, never>
  created_at: Generated<Date>
}

export interface ExclusionZonesTable {
  id: Generated<string>
  referral_id: string
  name: string
  geom: Geometry
  created_at: Generated<Date>
}

export interface UsersTable {
  id: Generated<string>
  organisation_id: string
  email: string
  display_name: string
  role: 'caseworker' | 'lead' | 'commissioner' | 'partner' | 'admin'
  boroughs: string[] | null
  password_hash: string
  failed_logins: Generated<number>
  locked_until: Date | null
  disabled: Generated<boolean>
  synthetic: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface AgreementsTable {
  id: Generated<string>
  organisation_id: string
  partner_organisation_id: string
  name: string
  boroughs: string[]
  level: 'aggregate' | 'generalised'
  fields: string[]
  k: number
  include_victims: boolean
  valid_from: string
  valid_until: string
  /** The fixed cell size (metres) of every cell the partner reads (migration 0021). */
  cell_m: Generated<number>
  created_at: Generated<Date>
}

export interface ApiTokensTable {
  id: Generated<string>
  token_hash: Buffer
  agreement_id: string
  name: string
  created_at: Generated<Date>
  expires_at: Date
  revoked_at: Date | null
}

export interface AuditLogTable {
  id: number
  at: Date
  user_id: string | null
  organisation_id: string | null
  role: string | null
  action: string
  detail: unknown
  row_count: number | null
  prev_hash: string
  hash: string
}

/** The database as Kysely sees it. */
export interface DB {
  users: UsersTable
  agreements: AgreementsTable
  api_tokens: ApiTokensTable
  audit_log: AuditLogTable
  areas: AreasTable
  area_parts: AreaPartsTable
  borough_borders: BoroughBordersTable
  organisations: OrganisationsTable
  programmes: ProgrammesTable
  referrals: ReferralsTable
  referral_locations: ReferralLocationsTable
  exclusion_zones: ExclusionZonesTable
}
