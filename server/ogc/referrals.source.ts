import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import { audit } from '../audit/audit.js'
import { bboxTo27700, clampToGrid, type BBox } from '../db/spatial.js'
import type { DB } from '../db/types.js'
import { exactCount, exactFeatureRows } from '../exports/exact.repository.js'
import { generalisedFeature } from '../exports/export.service.js'
import { generalisedRows } from '../exports/generalised.repository.js'
import { layerPeriod, monthAfter, type Period } from './params.js'
import type { ItemsPage, ItemsRequest } from './source.js'

/** Generalised cells are 250 m, as GET /api/v1/stats/points by default; a partner's are its agreement's size. */
export const OGC_CELL_M = 250

/** Whether the actor may read generalised referral points: their staff, and partners under a generalised agreement. */
export async function mayReadGeneralised(db: Kysely<DB>, actor: Actor): Promise<boolean> {
  if (actor.role === 'lead' || actor.role === 'caseworker') return true
  if (actor.role !== 'partner') return false
  return (await agreementInForce(db)).level === 'generalised'
}

const inBox4326 = (b: BBox) => sql`ST_Intersects(c.p, ST_MakeEnvelope(${b[0]}::float8, ${b[1]}::float8, ${b[2]}::float8, ${b[3]}::float8, 4326))`

/**
 * Generalised cells (centre and distinct referrals, as the database publishes them for the reader) of
 * located events observed in the datetime's whole months (layerPeriod: a fixed period for partners).
 */
export async function generalisedItems(db: Kysely<DB>, actor: Actor, r: ItemsRequest | { id: string; period?: Period | undefined }): Promise<ItemsPage> {
  const m = layerPeriod(actor, r.period)
  const cellM = actor.role === 'partner' ? (await agreementInForce(db)).cellM : OGC_CELL_M
  const args = { cell: cellM, by: [], observedFrom: `${m.from}-01`, observedUntil: monthAfter(m.to) }
  const extra: RawBuilder<unknown>[] = []
  if ('id' in r) extra.push(sql`'G' || ${cellM}::int || ':' || g.x::bigint || ':' || g.y::bigint = ${r.id}`)
  else if (r.bbox) extra.push(inBox4326(r.bbox))
  const { rows: [count] } = await sql<{ n: number }>`select count(*)::int as n from (${generalisedRows(args, extra)}) s`.execute(db)
  const page = 'id' in r ? sql`limit 1` : sql`order by g.x, g.y limit ${r.limit} offset ${r.offset}`
  const { rows } = await generalisedRows(args, extra, page).execute(db)
  const matched = count?.n ?? 0
  const offset = 'id' in r ? 0 : r.offset
  return {
    features: rows.map((row) => generalisedFeature(row, cellM, [])),
    numberMatched: matched,
    next: offset + rows.length < matched ? { offset: offset + rows.length } : null,
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export const isUuid = (s: string) => UUID.test(s)

/**
 * Conditions on the located event. The box first narrows to the ids casework_location_ids_in_box
 * finds through the spatial index (migration 0018: under row-level security `&&` cannot use it).
 */
function locationConditions(r: { bbox?: BBox | undefined; period?: Period | undefined }): RawBuilder<unknown>[] | null {
  const c: RawBuilder<unknown>[] = []
  if (r.bbox) {
    const box = clampToGrid(r.bbox)
    if (!box) return null
    c.push(sql`l.id in (select casework_location_ids_in_box(ST_XMin(b.g), ST_YMin(b.g), ST_XMax(b.g), ST_YMax(b.g)) from (select ${bboxTo27700(box)} as g) b)`)
    c.push(sql`ST_Intersects(l.geom, ${bboxTo27700(box)})`)
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
  if (r.after !== undefined && !isUuid(r.after)) return { features: [], numberMatched: 0, next: null }
  const { rows: [count] } = await exactCount(actor, {}, borderZoneM, c).execute(db)
  const keyed = r.after ? [...c, sql`l.id > ${r.after}::uuid`] : c
  const { rows } = await exactFeatureRows(actor, {}, borderZoneM, keyed, sql`order by l.id limit ${r.limit + 1}`).execute(db)
  const page = rows.slice(0, r.limit)
  await audit(db, 'referrals.list', { ogc: 'referral-locations', query }, page.length)
  const last = page[page.length - 1]
  return { features: page.map((x) => x.f), numberMatched: count?.n ?? 0, next: rows.length > r.limit && last ? { after: last.id } : null }
}

export async function exactItem(db: Kysely<DB>, actor: Actor, id: string, borderZoneM: number): Promise<string | undefined> {
  if (!isUuid(id)) return undefined
  const { rows } = await exactFeatureRows(actor, {}, borderZoneM, [sql`l.id = ${id}::uuid`]).execute(db)
  if (rows[0]) await audit(db, 'referrals.read', { ogc: 'referral-locations', locationId: id }, 1)
  return rows[0]?.f
}
