import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { AreaKind, DB } from '../db/types.js'
import { bboxTo27700, clampToGrid, currentlyValid } from '../db/spatial.js'
import type { ItemsPage, ItemsRequest } from './source.js'

/** Boundaries as OGC features: id = GSS (or estate) code; valid in the period asked, else in force today. */
function conditions(kind: AreaKind, r: Pick<ItemsRequest, 'bbox' | 'period'>): RawBuilder<unknown>[] | null {
  const c: RawBuilder<unknown>[] = [sql`a.kind = ${kind}`]
  if (r.bbox) {
    const box = clampToGrid(r.bbox)
    if (!box) return null
    c.push(sql`ST_Intersects(a.geom, ${bboxTo27700(box)})`)
  }
  if (r.period) {
    if (r.period.to) c.push(sql`(a.valid_from is null or a.valid_from <= ${r.period.to}::date)`)
    if (r.period.from) c.push(sql`(a.valid_to is null or a.valid_to > ${r.period.from}::date)`)
  } else {
    c.push(currentlyValid('a'))
  }
  return c
}

const feature = sql<string>`'{"type":"Feature","id":' || to_json(a.code)::text || ',"geometry":' || ST_AsGeoJSON(ST_Transform(a.geom, 4326), 6, 0)
  || ',"properties":' || json_build_object('code', a.code, 'name', a.name, 'kind', a.kind, 'parentCode', a.parent_code,
       'synthetic', a.synthetic, 'validFrom', a.valid_from, 'validTo', a.valid_to)::text || '}'`

export async function areaItems(db: Kysely<DB>, kind: AreaKind, r: ItemsRequest): Promise<ItemsPage> {
  const c = conditions(kind, r)
  if (!c) return { features: [], numberMatched: 0, next: null }
  const where = sql.join(c, sql` and `)
  const { rows: [count] } = await sql<{ n: number }>`select count(*)::int as n from areas a where ${where}`.execute(db)
  const { rows } = await sql<{ f: string }>`
    select ${feature} as f from areas a where ${where}
    order by a.code, a.valid_from nulls first limit ${r.limit} offset ${r.offset}`.execute(db)
  const matched = count?.n ?? 0
  return { features: rows.map((x) => x.f), numberMatched: matched, next: r.offset + rows.length < matched ? { offset: r.offset + rows.length } : null }
}

export async function areaItem(db: Kysely<DB>, kind: AreaKind, id: string): Promise<string | undefined> {
  const { rows } = await sql<{ f: string }>`
    select ${feature} as f from areas a where a.kind = ${kind} and a.code = ${id}
    order by ${currentlyValid('a')} desc, a.valid_from desc nulls last limit 1`.execute(db)
  return rows[0]?.f
}
