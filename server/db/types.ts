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

/** The database as Kysely sees it. */
export interface DB {
  areas: AreasTable
  area_parts: AreaPartsTable
  borough_borders: BoroughBordersTable
}
