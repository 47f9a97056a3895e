import { sql, type RawBuilder } from 'kysely'
import { GRID_AREA_OF_USE } from '../../db/spatial.js'
import { invalid } from '../../errors/problem.js'
import type { Srid } from '../crs.js'
import { GEOMETRY_QUERYABLE, type FilterSpec, type Queryable } from '../queryables.js'
import { CqlError, type Expr, type Literal, type ShapeLiteral } from './ast.js'
import { isCalendarDay } from './parser.js'

/** How S_INTERSECTS is decided for this caller and collection: allowed, or refused with a reason. */
export type ShapePolicy = { allowed: true } | { allowed: false; reason: string }

/** Thrown when the caller's role may not filter this collection by shape (a disclosure rule, not a syntax error). */
export class ShapeRefused extends Error {}

export interface CompileContext {
  spec: FilterSpec
  shapes: ShapePolicy
  /** The CRS of the filter's coordinates (filter-crs). */
  srid: Srid
}

function queryable(ctx: CompileContext, name: string): Queryable {
  const q = ctx.spec.properties[name]
  if (!q) {
    const known = Object.keys(ctx.spec.properties)
    throw new CqlError(`${JSON.stringify(name)} is not a queryable of this collection${known.length ? ` (${known.join(', ')})` : ' (it has none)'}`, 0)
  }
  return q
}

/** A literal as a bound, cast parameter of the queryable's type; a literal of another type is refused. */
function value(q: Queryable, name: string, lit: Literal): RawBuilder<unknown> {
  const wrong = () => new CqlError(`${name} is a ${q.type}; ${lit.kind === 'string' ? JSON.stringify(lit.value) : String(lit.value)} is not`, 0)
  switch (q.type) {
    case 'string':
      if (lit.kind !== 'string') throw wrong()
      if (q.enum && !q.enum.includes(lit.value)) throw new CqlError(`${name} is one of ${q.enum.join(', ')}`, 0)
      return sql`${lit.value}::text`
    case 'integer':
    case 'number':
      if (lit.kind !== 'number') throw wrong()
      return sql`${lit.value}::float8`
    case 'boolean':
      if (lit.kind !== 'boolean') throw wrong()
      return sql`${lit.value}::boolean`
    case 'date': {
      // GDAL writes a date as '2026-01-01T'; a DATE or TIMESTAMP literal arrives as its day.
      const day = lit.kind === 'date' ? lit.value : lit.kind === 'string' ? lit.value.slice(0, 10) : ''
      if (!isCalendarDay(day) || (lit.kind === 'string' && !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(lit.value))) throw wrong()
      return sql`${day}::date`
    }
  }
}

/** A shape literal as an EPSG:27700 geometry: built from the parsed numbers (GeoJSON text, bound), never from the filter's text. */
function shape27700(s: ShapeLiteral, srid: Srid): RawBuilder<unknown> {
  const positions = s.kind === 'point' ? [s.at] : s.rings.flat()
  for (const [x, y] of positions) {
    if (srid === 4326 && (x < -180 || x > 180 || y < -90 || y > 90)) throw new CqlError('CRS84 coordinates must lie within -180..180, -90..90', 0)
    if (srid === 27700 && (Math.abs(x) > 1e7 || Math.abs(y) > 1e7)) throw new CqlError('EPSG:27700 coordinates are metres within ±10,000 km', 0)
  }
  const geojson = s.kind === 'point' ? { type: 'Point', coordinates: s.at } : { type: 'Polygon', coordinates: s.rings }
  const g = sql`ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geojson)}::text), ${srid}::int))`
  if (srid === 27700) return g
  // Only the part within the grid's area of use is transformed (the poles have no BNG coordinates).
  const [x0, y0, x1, y1] = GRID_AREA_OF_USE
  return sql`ST_Transform(ST_Segmentize(ST_Intersection(${g}, ST_MakeEnvelope(${x0}::float8, ${y0}::float8, ${x1}::float8, ${y1}::float8, 4326)), 0.01), 27700)`
}

/** A parsed filter as one SQL condition: every property from the allowlist, every value a parameter. */
export function compileFilter(e: Expr, ctx: CompileContext): RawBuilder<boolean> {
  switch (e.op) {
    case 'and':
      return sql<boolean>`(${compileFilter(e.args[0], ctx)} and ${compileFilter(e.args[1], ctx)})`
    case 'or':
      return sql<boolean>`(${compileFilter(e.args[0], ctx)} or ${compileFilter(e.args[1], ctx)})`
    case 'not':
      return sql<boolean>`(not coalesce(${compileFilter(e.arg, ctx)}, false))`
    case 'literal':
      return e.value ? sql<boolean>`true` : sql<boolean>`false`
    case 'compare': {
      const q = queryable(ctx, e.prop)
      return sql<boolean>`(${q.sql} ${sql.raw(e.cmp)} ${value(q, e.prop, e.value)})`
    }
    case 'like': {
      const q = queryable(ctx, e.prop)
      if (q.type !== 'string') throw new CqlError(`LIKE needs a string property; ${e.prop} is a ${q.type}`, 0)
      return sql<boolean>`(${q.sql} ${e.negated ? sql`not like` : sql`like`} ${e.pattern}::text)`
    }
    case 'between': {
      const q = queryable(ctx, e.prop)
      if (q.type === 'boolean' || q.type === 'string') throw new CqlError(`BETWEEN needs a number or date property; ${e.prop} is a ${q.type}`, 0)
      return sql<boolean>`(${q.sql} ${e.negated ? sql`not between` : sql`between`} ${value(q, e.prop, e.low)} and ${value(q, e.prop, e.high)})`
    }
    case 'in': {
      const q = queryable(ctx, e.prop)
      return sql<boolean>`(${q.sql} ${e.negated ? sql`not in` : sql`in`} (${sql.join(e.values.map((v) => value(q, e.prop, v)))}))`
    }
    case 'isNull': {
      const q = queryable(ctx, e.prop)
      return sql<boolean>`(${q.sql} ${e.negated ? sql`is not null` : sql`is null`})`
    }
    case 's_intersects': {
      if (e.prop !== GEOMETRY_QUERYABLE) throw new CqlError(`S_INTERSECTS compares the property ${GEOMETRY_QUERYABLE}, not ${JSON.stringify(e.prop)}`, 0)
      if (!ctx.shapes.allowed) throw new ShapeRefused(ctx.shapes.reason)
      return sql<boolean>`ST_Intersects(${ctx.spec.geometry}, ${shape27700(e.shape, ctx.srid)})`
    }
  }
}

/** `name=value` query parameters on queryables: equality, the value read as the queryable's type. */
export function equalityFilter(params: Record<string, string>, ctx: CompileContext): RawBuilder<boolean>[] {
  return Object.entries(params).map(([name, raw]) => {
    try {
      return equality(name, raw, ctx)
    } catch (err) {
      throw err instanceof CqlError ? invalid(name, err.message) : err
    }
  })
}

function equality(name: string, raw: string, ctx: CompileContext): RawBuilder<boolean> {
  {
    const q = queryable(ctx, name)
    const lit: Literal =
      q.type === 'integer' || q.type === 'number'
        ? { kind: 'number', value: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN }
        : q.type === 'boolean'
          ? { kind: 'boolean', value: raw === 'true' }
          : { kind: 'string', value: raw }
    if (lit.kind === 'number' && !Number.isFinite(lit.value)) throw new CqlError(`${name} is a number; ${JSON.stringify(raw)} is not`, 0)
    if (q.type === 'boolean' && raw !== 'true' && raw !== 'false') throw new CqlError(`${name} is true or false`, 0)
    return sql<boolean>`(${q.sql} = ${value(q, name, lit)})`
  }
}
