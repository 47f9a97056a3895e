import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { AreaKind, DB } from '../db/types.js'
import { asGeoJson, currentlyValid } from '../db/spatial.js'
import type { Srid } from './crs.js'
import { boxGeometry } from './params.js'
import type { FilterSpec } from './queryables.js'
import type { ItemRequest, ItemsPage, ItemsRequest } from './source.js'

/** What boundaries may be filtered and sorted on (alias `a` = areas). */
export const AREA_FILTERS: FilterSpec = {
  properties: {
    code: { type: 'string', title: 'GSS (or estate) code', sql: sql`a.code` },
    name: { type: 'string', title: 'Name', sql: sql`a.name` },
    parentCode: { type: 'string', title: 'Code of the borough it lies in', sql: sql`a.parent_code` },
    synthetic: { type: 'boolean', title: 'Synthetic (demo) area', sql: sql`a.synthetic` },
    validFrom: { type: 'date', title: 'Valid from', sql: sql`a.valid_from` },
    validTo: { type: 'date', title: 'Valid until (exclusive)', sql: sql`a.valid_to` },
  },
  geometry: sql`a.geom`,
}

/** Boundaries as OGC features: id = GSS (or estate) code; valid in the period asked, else in force today. */
function conditions(kind: AreaKind, r: ItemsRequest): RawBuilder<unknown>[] | null {
  const c: RawBuilder<unknown>[] = [sql`a.kind = ${kind}`, ...r.where]
  if (r.bbox) {
    const box = boxGeometry(r.bbox)
    if (!box) return null
    c.push(sql`ST_Intersects(a.geom, ${box})`)
  }
  if (r.period) {
    if (r.period.to) c.push(sql`(a.valid_from is null or a.valid_from <= ${r.period.to}::date)`)
    if (r.period.from) c.push(sql`(a.valid_to is null or a.valid_to > ${r.period.from}::date)`)
  } else {
    c.push(currentlyValid('a'))
  }
  return c
}

const feature = (srid: Srid) => sql<string>`'{"type":"Feature","id":' || to_json(a.code)::text || ',"geometry":' || ${asGeoJson(sql.ref('a.geom'), srid)}
  || ',"properties":' || json_build_object('code', a.code, 'name', a.name, 'kind', a.kind, 'parentCode', a.parent_code,
       'synthetic', a.synthetic, 'validFrom', a.valid_from, 'validTo', a.valid_to)::text || '}'`

export async function areaItems(db: Kysely<DB>, kind: AreaKind, r: ItemsRequest): Promise<ItemsPage> {
  const c = conditions(kind, r)
  if (!c) return { features: [], numberMatched: 0, next: null }
  const where = sql.join(c, sql` and `)
  const {
    rows: [count],
  } = await sql<{ n: number }>`select count(*)::int as n from areas a where ${where}`.execute(db)
  const { rows } = await sql<{ f: string }>`
    select ${feature(r.srid)} as f from areas a where ${where}
    order by ${sql.join([...r.order, sql`a.code`, sql`a.valid_from nulls first`])} limit ${r.limit} offset ${r.offset}`.execute(db)
  const matched = count?.n ?? 0
  return { features: rows.map((x) => x.f), numberMatched: matched, next: r.offset + rows.length < matched ? { offset: r.offset + rows.length } : null }
}

export async function areaItem(db: Kysely<DB>, kind: AreaKind, r: ItemRequest): Promise<string | undefined> {
  const { rows } = await sql<{ f: string }>`
    select ${feature(r.srid)} as f from areas a where a.kind = ${kind} and a.code = ${r.id}
    order by ${currentlyValid('a')} desc, a.valid_from desc nulls last limit 1`.execute(db)
  return rows[0]?.f
}
