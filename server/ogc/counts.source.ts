import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { agreementInForce } from '../auth/agreements.js'
import { asGeoJson, currentlyValid } from '../db/spatial.js'
import type { DB } from '../db/types.js'
import { counts } from '../stats/counts.service.js'
import { boxGeometry, layerPeriod } from './params.js'
import type { FilterSpec } from './queryables.js'
import type { ItemRequest, ItemsPage, ItemsRequest } from './source.js'

export type CountGeography = 'borough' | 'ward'

/**
 * What counting layers may be filtered and sorted on: the area's code and name only (alias `a`).
 * Such a filter picks which published cells are listed; it never changes which referrals a cell
 * counts, so it cannot build a set the fixed rules do not allow (docs/ogc.md).
 */
export const COUNT_FILTERS: FilterSpec = {
  properties: {
    code: { type: 'string', title: 'GSS code of the area', sql: sql`a.code` },
    name: { type: 'string', title: 'Name of the area', sql: sql`a.name` },
  },
  geometry: sql`a.geom`,
}

/** Boroughs the actor's counts cover: a commissioner's scope, a partner's agreement, else all. */
async function scope(db: Kysely<DB>, actor: Actor): Promise<string[] | null> {
  if (actor.role === 'partner') return (await agreementInForce(db)).boroughs
  if (actor.role === 'commissioner') return actor.boroughs
  return null
}

/**
 * Distinct referrals per borough or ward over whole months (the datetime asked, widened to whole
 * months), by the same path as GET /api/v1/stats/counts, so the same published value (exact for a
 * lead, perturbed by the database for every other reader; fixed periods only for them). Each area's
 * polygon carries its count; only areas inside the caller's scope are listed.
 */
export async function countItems(
  db: Kysely<DB>,
  actor: Actor,
  geography: CountGeography,
  r: ItemsRequest | (ItemRequest & { period?: undefined }),
  k: number,
): Promise<ItemsPage> {
  const months = layerPeriod(actor, r.period)
  const table = await counts(db, actor, { geography, from: months.from, to: months.to }, k)
  const byArea = new Map(table.cells.map((c) => [c.area, c]))
  const boroughs = await scope(db, actor)
  const conds = [sql`a.kind = ${geography}`, currentlyValid('a')]
  if (boroughs) conds.push(geography === 'borough' ? sql`a.code = any (${boroughs}::text[])` : sql`a.parent_code = any (${boroughs}::text[])`)
  if ('id' in r) conds.push(sql`a.code = ${r.id}`)
  else {
    conds.push(...r.where)
    if (r.bbox) {
      const box = boxGeometry(r.bbox)
      if (!box) return { features: [], numberMatched: 0, next: null }
      conds.push(sql`ST_Intersects(a.geom, ${box})`)
    }
  }
  const where = sql.join(conds, sql` and `)
  const {
    rows: [count],
  } = await sql<{ n: number }>`select count(*)::int as n from areas a where ${where}`.execute(db)
  const page = 'id' in r ? sql`order by a.code limit 1` : sql`order by ${sql.join([...r.order, sql`a.code`])} limit ${r.limit} offset ${r.offset}`
  const { rows } = await sql<{ code: string; name: string; g: string }>`
    select a.code, a.name, ${asGeoJson(sql.ref('a.geom'), r.srid)} as g from areas a where ${where} ${page}`.execute(db)
  const features = rows.map((a) => {
    const c = byArea.get(a.code)
    const props = { code: a.code, name: a.name, referrals: c ? c.count : 0, suppressed: c?.suppressed ?? false, from: months.from, to: months.to, k: table.k }
    return `{"type":"Feature","id":${JSON.stringify(a.code)},"geometry":${a.g},"properties":${JSON.stringify(props)}}`
  })
  const matched = count?.n ?? 0
  const offset = 'id' in r ? 0 : r.offset
  return { features, numberMatched: matched, next: offset + rows.length < matched ? { offset: offset + rows.length } : null }
}
