import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import { audit } from '../audit/audit.js'
import type { DB } from '../db/types.js'
import { exactCount, exactFeatureRows } from '../exports/exact.repository.js'
import { generalisedFeature } from '../exports/export.service.js'
import { generalisedRows, type GeneralisedRow } from '../exports/generalised.repository.js'
import { LOCATION_KINDS, LOCATION_PRECISIONS, AGE_BANDS, REFERRAL_STATUSES, RISK_LEVELS, SUBJECT_ROLES } from '../db/types.js'
import { boxGeometry, layerPeriod, monthAfter, type BoxFilter, type Period } from './params.js'
import type { FilterSpec } from './queryables.js'
import type { ItemRequest, ItemsPage, ItemsRequest } from './source.js'

/** Generalised cells are 250 m, as GET /api/v1/stats/points by default; a partner's are its agreement's size. */
export const OGC_CELL_M = 250

/** Whether the actor may read generalised referral points: their staff, and partners under a generalised agreement. */
export async function mayReadGeneralised(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  if (actor.role === 'lead' || actor.role === 'caseworker') return true
  if (actor.role !== 'partner') return false
  return (await agreementInForce(db)).level === 'generalised'
}

/** The cell centre as an EPSG:27700 point (alias `g` = export_generalised's rows). */
const cellCentre = sql`ST_SetSRID(ST_MakePoint(g.x, g.y), 27700)`

/**
 * Generalised cells may be filtered and sorted on their published count only: a filter on the value
 * the reader was already given selects among published cells and counts nothing anew.
 */
export const GENERALISED_FILTERS: FilterSpec = {
  properties: {
    referrals: { type: 'integer', title: 'Distinct referrals in the cell, as published to you', sql: sql`g.referrals` },
  },
  geometry: cellCentre,
}

/** A generalised cell as a feature: CRS84 as the exports write it, or the cell centre in metres. */
function cellFeature(row: GeneralisedRow, cellM: number, srid: 4326 | 27700): string {
  if (srid === 4326) return generalisedFeature(row, cellM, [])
  return `{"type":"Feature","id":${JSON.stringify(row.id)},"geometry":{"type":"Point","coordinates":[${Number(row.x)},${Number(row.y)}]},"properties":${JSON.stringify({ cellM, referrals: row.referrals })}}`
}

/**
 * Generalised cells (centre and distinct referrals, as the database publishes them for the reader) of
 * located events observed in the datetime's whole months (layerPeriod: a fixed period for partners).
 */
export async function generalisedItems(db: Kysely<DB>, actor: Actor, r: ItemsRequest | (ItemRequest & { period?: Period | undefined })): Promise<ItemsPage> {
  const m = layerPeriod(actor, r.period)
  const cellM = actor.role === 'partner' ? (await agreementInForce(db)).cellM : OGC_CELL_M
  const args = { cell: cellM, by: [], observedFrom: `${m.from}-01`, observedUntil: monthAfter(m.to) }
  const extra: RawBuilder<unknown>[] = []
  if ('id' in r) extra.push(sql`'G' || ${cellM}::int || ':' || g.x::bigint || ':' || g.y::bigint = ${r.id}`)
  else {
    extra.push(...r.where)
    if (r.bbox) {
      const box = boxGeometry(r.bbox)
      if (!box) return { features: [], numberMatched: 0, next: null }
      extra.push(sql`ST_Intersects(${cellCentre}, ${box})`)
    }
  }
  const {
    rows: [count],
  } = await sql<{ n: number }>`select count(*)::int as n from (${generalisedRows(args, extra)}) s`.execute(db)
  const page = 'id' in r ? sql`limit 1` : sql`order by ${sql.join([...r.order, sql`g.x`, sql`g.y`])} limit ${r.limit} offset ${r.offset}`
  const { rows } = await generalisedRows(args, extra, page).execute(db)
  const matched = count?.n ?? 0
  const offset = 'id' in r ? 0 : r.offset
  return {
    features: rows.map((row) => cellFeature(row, cellM, r.srid)),
    numberMatched: matched,
    next: offset + rows.length < matched ? { offset: offset + rows.length } : null,
  }
}

/** What exact located events may be filtered on (aliases of exactFeatureRows: r referrals, l locations, p programmes). */
export const EXACT_FILTERS: FilterSpec = {
  properties: {
    kind: { type: 'string', title: 'Kind of located event', sql: sql`l.kind::text`, enum: LOCATION_KINDS },
    observedOn: { type: 'date', title: 'Observed on', sql: sql`l.observed_on` },
    precision: { type: 'string', title: 'Precision of the location', sql: sql`l.precision::text`, enum: LOCATION_PRECISIONS },
    borough: { type: 'string', title: 'Borough code', sql: sql`l.borough_code` },
    ward: { type: 'string', title: 'Ward code', sql: sql`l.ward_code` },
    lsoa: { type: 'string', title: 'LSOA code', sql: sql`l.lsoa_code` },
    estate: { type: 'string', title: 'Estate code', sql: sql`l.estate_code` },
    referralId: { type: 'string', title: 'Referral id', sql: sql`r.id::text` },
    externalId: { type: 'string', title: 'External id of the referral', sql: sql`r.external_id` },
    programme: { type: 'string', title: 'Programme', sql: sql`p.slug` },
    subjectRole: { type: 'string', title: 'Subject role', sql: sql`r.subject_role::text`, enum: SUBJECT_ROLES },
    ageBand: { type: 'string', title: 'Age band', sql: sql`r.age_band::text`, enum: AGE_BANDS },
    status: { type: 'string', title: 'Referral status', sql: sql`r.status::text`, enum: REFERRAL_STATUSES },
    riskLevel: { type: 'string', title: 'Risk level', sql: sql`r.risk_level::text`, enum: RISK_LEVELS },
    fundingBorough: { type: 'string', title: 'Funding borough code', sql: sql`r.funding_borough` },
    openedOn: { type: 'date', title: 'Referral opened on', sql: sql`r.opened_on` },
    closedOn: { type: 'date', title: 'Referral closed on', sql: sql`r.closed_on` },
  },
  geometry: sql`l.geom`,
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: string) => UUID.test(s)

/**
 * Conditions on the located event. The box first narrows to the ids casework_location_ids_in_box
 * finds through the spatial index (migration 0018: under row-level security `&&` cannot use it).
 */
function locationConditions(r: { bbox?: BoxFilter | undefined; period?: Period | undefined; where: RawBuilder<unknown>[] }): RawBuilder<unknown>[] | null {
  const c: RawBuilder<unknown>[] = [...r.where]
  if (r.bbox) {
    const box = boxGeometry(r.bbox)
    if (!box) return null
    c.push(sql`l.id in (select casework_location_ids_in_box(ST_XMin(b.g), ST_YMin(b.g), ST_XMax(b.g), ST_YMax(b.g)) from (select ${box} as g) b)`)
    c.push(sql`ST_Intersects(l.geom, ${box})`)
  }
  if (r.period?.from) c.push(sql`l.observed_on >= ${r.period.from}::date`)
  if (r.period?.to) c.push(sql`l.observed_on <= ${r.period.to}::date`)
  return c
}

/**
 * Exact located events the actor may see (a lead: the organisation's, a caseworker: their caseload;
 * never restricted ones), keyset-paged on the event id. Every page read is audited with its count.
 */
export async function exactItems(db: Kysely<DB>, actor: Actor, r: ItemsRequest, borderZoneM: number, query: Record<string, unknown>): Promise<ItemsPage> {
  const c = locationConditions(r)
  if (!c) return { features: [], numberMatched: 0, next: null }
  const {
    rows: [count],
  } = await exactCount(actor, {}, borderZoneM, c).execute(db)
  const keyed = r.after ? [...c, sql`l.id > ${r.after}::uuid`] : c
  const { rows } = await exactFeatureRows(actor, {}, borderZoneM, keyed, sql`order by l.id limit ${r.limit + 1}`, r.srid).execute(db)
  const page = rows.slice(0, r.limit)
  await audit(db, 'referrals.list', { ogc: 'referral-locations', query }, page.length)
  const last = page[page.length - 1]
  return { features: page.map((x) => x.f), numberMatched: count?.n ?? 0, next: rows.length > r.limit && last ? { after: last.id } : null }
}

export async function exactItem(db: Kysely<DB>, actor: Actor, r: ItemRequest, borderZoneM: number): Promise<string | undefined> {
  if (!isUuid(r.id)) return undefined
  const { rows } = await exactFeatureRows(actor, {}, borderZoneM, [sql`l.id = ${r.id}::uuid`], sql``, r.srid).execute(db)
  if (rows[0]) await audit(db, 'referrals.read', { ogc: 'referral-locations', locationId: r.id }, 1)
  return rows[0]?.f
}
