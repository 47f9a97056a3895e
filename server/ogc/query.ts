import { sql, type RawBuilder } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { invalid, Problem } from '../errors/problem.js'
import type { Collection } from './collections.js'
import { parseCrs } from './crs.js'
import { CqlError } from './cql2/ast.js'
import { parseCql2 } from './cql2/parser.js'
import { compileFilter, equalityFilter, ShapeRefused } from './cql2/sql.js'
import { clampLimit, parseBbox, parseDatetime } from './params.js'
import type { ItemsRequest } from './source.js'

/** The query parameters of /items that are not queryables (everything else must be one, or it is 400). */
export const ITEMS_PARAMS = [
  'f',
  'limit',
  'bbox',
  'bbox-crs',
  'datetime',
  'offset',
  'cursor',
  'crs',
  'filter',
  'filter-lang',
  'filter-crs',
  'sortby',
  'properties',
] as const

/** `filter-lang` values: CQL2 text, and the name drafts of Part 3 (and GDAL 3.6) gave it. */
export const FILTER_LANGS = ['cql2-text', 'cql-text'] as const

/** Longest `filter` accepted: any hand-written filter fits; a POLYGON of CQL_MAX_VERTICES does. */
export const FILTER_MAX_CHARS = 40_000

export type ItemsQuery = Partial<Record<(typeof ITEMS_PARAMS)[number], string>> & { limit?: number; offset?: number } & Record<string, unknown>

/** `filter` as SQL for this collection and caller; syntax or allowlist errors 400 naming filter, shapes refused by the fixed rules. */
function filterCondition(c: Collection, actor: Actor | null, q: ItemsQuery): RawBuilder<boolean> | undefined {
  if (q.filter === undefined) {
    if (q['filter-crs'] !== undefined) throw invalid('filter-crs', 'applies only with filter')
    return undefined
  }
  if (q.filter.length > FILTER_MAX_CHARS) throw invalid('filter', `is longer than ${FILTER_MAX_CHARS} characters`)
  const srid = parseCrs('filter-crs', q['filter-crs'])
  try {
    return compileFilter(parseCql2(q.filter), { spec: c.filters, shapes: c.shapes(actor), srid })
  } catch (err) {
    if (err instanceof CqlError) throw invalid('filter', err.message)
    if (err instanceof ShapeRefused) {
      throw new Problem(400, 'disclosure-rule', `filter: S_INTERSECTS on ${c.id}: ${err.message}.`, [{ field: 'filter', message: err.message }])
    }
    throw err
  }
}

/** `sortby=+name,-code`: queryables only; not on collections paged by key. */
function sortTerms(c: Collection, raw: string | undefined): RawBuilder<unknown>[] {
  if (raw === undefined) return []
  if (c.paging === 'key') throw invalid('sortby', `${c.id} is paged by its key and comes in that order only`)
  return raw.split(',').map((term) => {
    const m = /^\s*([+-]?)([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(term)
    const q = m ? c.filters.properties[m[2]!] : undefined
    if (!m || !q)
      throw invalid('sortby', `${JSON.stringify(term)}: sort by ${Object.keys(c.filters.properties).join(', ') || 'nothing here'}, each with + or - in front`)
    return m[1] === '-' ? sql`${q.sql} desc nulls last` : sql`${q.sql} asc nulls last`
  })
}

/** `properties=a,b`: which properties each feature keeps (checked against what the collection has). */
export function parseProperties(c: Collection, raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const unknown = names.filter((n) => !c.properties.includes(n))
  if (unknown.length) throw invalid('properties', `${unknown.join(', ')}: ${c.id} has ${c.properties.join(', ')}`)
  return names
}

/** Every /items parameter checked and turned into the collection's request; 400 naming the first bad one. */
export function itemsRequest(c: Collection, actor: Actor | null, q: ItemsQuery): ItemsRequest {
  if (q.offset !== undefined && c.paging !== 'offset') throw invalid('offset', `${c.id} is paged by cursor; follow the next link`)
  if (q.cursor !== undefined && c.paging !== 'key') throw invalid('cursor', `${c.id} is paged by offset; follow the next link`)
  if (q.cursor !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(q.cursor)) {
    throw invalid('cursor', 'is not a position this service wrote; follow the next link')
  }
  const equality: Record<string, string> = {}
  for (const [k, v] of Object.entries(q)) {
    if ((ITEMS_PARAMS as readonly string[]).includes(k)) continue
    if (!(k in c.filters.properties)) throw invalid(k, `is not a known parameter, nor a queryable of ${c.id}`)
    equality[k] = String(v)
  }
  const srid = parseCrs('crs', q.crs)
  const where: RawBuilder<boolean>[] = []
  const filter = filterCondition(c, actor, q)
  if (filter) where.push(filter)
  where.push(...equalityFilter(equality, { spec: c.filters, shapes: c.shapes(actor), srid: 4326 }))
  return {
    bbox: parseBbox(q.bbox, parseCrs('bbox-crs', q['bbox-crs'])),
    period: parseDatetime(q.datetime),
    limit: clampLimit(q.limit),
    offset: q.offset ?? 0,
    after: q.cursor,
    srid,
    where,
    order: sortTerms(c, q.sortby),
  }
}

/** A feature's text with only the chosen properties (the features are written by the database; this re-writes them). */
export function selectProperties(feature: string, names: string[] | undefined): string {
  if (!names) return feature
  const f = JSON.parse(feature) as { properties?: Record<string, unknown> }
  const props = f.properties ?? {}
  f.properties = Object.fromEntries(names.filter((n) => n in props).map((n) => [n, props[n]]))
  return JSON.stringify(f)
}
