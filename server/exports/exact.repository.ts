import { sql, type RawBuilder } from 'kysely'
import { asGeoJson } from '../db/spatial.js'
import type { Actor } from '../auth/actor.js'
import { listConditions } from '../referrals/list.repository.js'
import type { ListQuery } from '../referrals/list.schemas.js'

/**
 * Exact located events of the actor's referrals (leads: their organisation's; caseworkers: their
 * caseload — the list's conditions, and row-level security underneath), never restricted ones.
 * One row per located event; the GeoJSON text of each feature is written by PostgreSQL
 * (ST_AsGeoJSON, EPSG:4326 with 6 decimals or OGC's EPSG:27700; properties by json_build_object), so Node never parses it.
 */

/** The properties every exact feature carries (and the CSV's columns after id, lon, lat). */
export const EXACT_COLUMNS = [
  'referralId',
  'externalId',
  'programme',
  'subjectRole',
  'ageBand',
  'status',
  'fundingBorough',
  'openedOn',
  'closedOn',
  'riskLevel',
  'kind',
  'observedOn',
  'precision',
  'borough',
  'ward',
  'lsoa',
  'estate',
] as const

const PROPERTY_SQL = sql`'referralId', r.id, 'externalId', r.external_id, 'programme', p.slug, 'subjectRole', r.subject_role,
  'ageBand', r.age_band, 'status', r.status, 'fundingBorough', r.funding_borough, 'openedOn', r.opened_on, 'closedOn', r.closed_on,
  'riskLevel', r.risk_level, 'kind', l.kind, 'observedOn', l.observed_on, 'precision', l.precision, 'borough', l.borough_code,
  'ward', l.ward_code, 'lsoa', l.lsoa_code, 'estate', l.estate_code`

export type ExactFilter = Omit<ListQuery, 'limit' | 'cursor'>

/** Extra conditions on the located event (OGC: bbox, datetime, keyset). */
export interface LocationConditions {
  extra?: RawBuilder<unknown>[]
}

function where(actor: Actor, q: ExactFilter, borderZoneM: number, extra: RawBuilder<unknown>[] = []) {
  return sql.join([...listConditions(actor, q, borderZoneM), sql`not r.restricted`, ...extra], sql` and `)
}

const FROM = sql`from referrals r join referral_locations l on l.referral_id = r.id join programmes p on p.id = r.programme_id`

/** One text column `f`: a whole GeoJSON Feature, id = the located event's id. */
export function exactFeatureRows(
  actor: Actor,
  q: ExactFilter,
  borderZoneM: number,
  extra: RawBuilder<unknown>[] = [],
  tail: RawBuilder<unknown> = sql``,
  srid: 4326 | 27700 = 4326,
): RawBuilder<{ id: string; f: string }> {
  return sql<{ id: string; f: string }>`
    select l.id, '{"type":"Feature","id":"' || l.id || '","geometry":' || ${asGeoJson(sql.ref('l.geom'), srid)}
           || ',"properties":' || json_build_object(${PROPERTY_SQL})::text || '}' as f
    ${FROM}
    where ${where(actor, q, borderZoneM, extra)} ${tail}`
}

/** Flat rows for CSV: id, lon, lat (6 decimals) and the properties. */
export function exactCsvRows(actor: Actor, q: ExactFilter, borderZoneM: number): RawBuilder<Record<string, unknown>> {
  return sql<Record<string, unknown>>`
    select l.id, round(ST_X(g.p)::numeric, 6)::text as lon, round(ST_Y(g.p)::numeric, 6)::text as lat,
           r.id as "referralId", r.external_id as "externalId", p.slug as programme, r.subject_role as "subjectRole",
           r.age_band as "ageBand", r.status, r.funding_borough as "fundingBorough", r.opened_on as "openedOn",
           r.closed_on as "closedOn", r.risk_level as "riskLevel", l.kind, l.observed_on as "observedOn", l.precision,
           l.borough_code as borough, l.ward_code as ward, l.lsoa_code as lsoa, l.estate_code as estate
    ${FROM}
    cross join lateral (select ST_Transform(l.geom, 4326) as p) g
    where ${where(actor, q, borderZoneM)}`
}

/** How many located events the same filter (and extra conditions) matches. */
export function exactCount(actor: Actor, q: ExactFilter, borderZoneM: number, extra: RawBuilder<unknown>[] = []): RawBuilder<{ n: number }> {
  return sql<{ n: number }>`select count(*)::int as n ${FROM} where ${where(actor, q, borderZoneM, extra)}`
}
