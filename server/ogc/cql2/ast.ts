/**
 * CQL2 (OGC 21-065) as this service reads it: the Basic CQL2 class (comparisons, AND/OR/NOT,
 * IS NULL), the advanced comparison operators (LIKE, BETWEEN, IN) and one spatial predicate,
 * S_INTERSECTS, of the geometry against a POINT, BBOX or POLYGON literal. Property on the left, literal on
 * the right, as Basic CQL2 requires.
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: string }

/** A spatial literal: rings of [x, y] (lon/lat, or metres with filter-crs EPSG:27700); a BBOX is one ring, a POINT one position. */
export type ShapeLiteral = { kind: 'bbox' | 'polygon'; rings: Array<Array<[number, number]>> } | { kind: 'point'; at: [number, number] }

export type Comparison = '=' | '<>' | '<' | '<=' | '>' | '>='

export type Expr =
  | { op: 'and' | 'or'; args: [Expr, Expr] }
  | { op: 'not'; arg: Expr }
  | { op: 'compare'; cmp: Comparison; prop: string; value: Literal }
  | { op: 'like'; prop: string; pattern: string; negated: boolean }
  | { op: 'between'; prop: string; low: Literal; high: Literal; negated: boolean }
  | { op: 'in'; prop: string; values: Literal[]; negated: boolean }
  | { op: 'isNull'; prop: string; negated: boolean }
  | { op: 's_intersects'; prop: string; shape: ShapeLiteral }
  | { op: 'literal'; value: boolean }

/** A filter the parser refuses: `at` is the character offset, for the 400 naming `filter`. */
export class CqlError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message)
    this.name = 'CqlError'
  }
}
