import { CqlError, type Comparison, type Expr, type Literal, type ShapeLiteral } from './ast.js'
import { tokenize, type Token } from './lexer.js'

/** Deepest nesting of parentheses and NOTs a filter may have: enough for any hand-written filter. */
export const CQL_MAX_DEPTH = 32
/** Most vertices of a POLYGON literal. */
export const CQL_MAX_VERTICES = 1000

const COMPARISONS = new Set<string>(['=', '<>', '<', '<=', '>', '>='])
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'like',
  'between',
  'in',
  'is',
  'null',
  'true',
  'false',
  's_intersects',
  'bbox',
  'polygon',
  'point',
  'date',
  'timestamp',
])
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i

/** Parses CQL2 text into an expression tree; a CqlError names what is wrong and where. */
export function parseCql2(text: string): Expr {
  const p = new Parser(tokenize(text))
  const e = p.expr(0)
  p.expectEnd()
  return e
}

/** A real calendar day YYYY-MM-DD (2026-02-31 is not). */
export function isCalendarDay(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

class Parser {
  private i = 0
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i]!
  }
  private next(): Token {
    return this.tokens[this.i++]!
  }
  private isWord(w: string, tok = this.peek()): boolean {
    return tok.t === 'ident' && !tok.quoted && tok.v.toLowerCase() === w
  }
  private isOp(o: string, tok = this.peek()): boolean {
    return tok.t === 'op' && tok.v === o
  }

  private fail(message: string, tok = this.peek()): never {
    throw new CqlError(tok.t === 'eof' ? `${message}, but the filter ends` : `${message} at character ${tok.at + 1}`, tok.at)
  }
  private word(w: string) {
    if (!this.isWord(w)) this.fail(`expected ${w.toUpperCase()}`)
    this.i++
  }
  private op(o: string) {
    if (!this.isOp(o)) this.fail(`expected '${o}'`)
    this.i++
  }

  expectEnd() {
    if (this.peek().t !== 'eof') this.fail('unexpected text')
  }

  expr(depth: number): Expr {
    if (depth > CQL_MAX_DEPTH) this.fail(`nesting deeper than ${CQL_MAX_DEPTH}`)
    let left = this.andExpr(depth)
    while (this.isWord('or')) {
      this.i++
      left = { op: 'or', args: [left, this.andExpr(depth)] }
    }
    return left
  }

  private andExpr(depth: number): Expr {
    let left = this.notExpr(depth)
    while (this.isWord('and')) {
      this.i++
      left = { op: 'and', args: [left, this.notExpr(depth)] }
    }
    return left
  }

  private notExpr(depth: number): Expr {
    if (this.isWord('not')) {
      this.i++
      if (depth + 1 > CQL_MAX_DEPTH) this.fail(`nesting deeper than ${CQL_MAX_DEPTH}`)
      return { op: 'not', arg: this.notExpr(depth + 1) }
    }
    return this.primary(depth)
  }

  private primary(depth: number): Expr {
    if (this.isOp('(')) {
      this.i++
      const e = this.expr(depth + 1)
      this.op(')')
      return e
    }
    if (this.isWord('true') || this.isWord('false')) return { op: 'literal', value: (this.next() as { v: string }).v.toLowerCase() === 'true' }
    if (this.isWord('s_intersects')) return this.spatial()
    return this.predicate()
  }

  private property(): string {
    const tok = this.peek()
    if (tok.t !== 'ident' || (!tok.quoted && KEYWORDS.has(tok.v.toLowerCase()))) this.fail('expected a property name')
    this.i++
    return tok.v
  }

  private predicate(): Expr {
    const prop = this.property()
    const tok = this.peek()
    if (tok.t === 'op' && COMPARISONS.has(tok.v)) {
      this.i++
      return { op: 'compare', cmp: tok.v as Comparison, prop, value: this.literal() }
    }
    if (this.isWord('is')) {
      this.i++
      const negated = this.isWord('not') ? (this.i++, true) : false
      this.word('null')
      return { op: 'isNull', prop, negated }
    }
    const negated = this.isWord('not') ? (this.i++, true) : false
    if (this.isWord('like')) {
      this.i++
      const pat = this.next()
      if (pat.t !== 'string') this.fail('LIKE needs a quoted pattern', pat)
      return { op: 'like', prop, pattern: pat.v, negated }
    }
    if (this.isWord('between')) {
      this.i++
      const low = this.literal()
      this.word('and')
      return { op: 'between', prop, low, high: this.literal(), negated }
    }
    if (this.isWord('in')) {
      this.i++
      this.op('(')
      const values = [this.literal()]
      while (this.isOp(',')) {
        this.i++
        values.push(this.literal())
      }
      this.op(')')
      return { op: 'in', prop, values, negated }
    }
    return this.fail('expected a comparison, LIKE, BETWEEN, IN or IS NULL')
  }

  private literal(): Literal {
    const tok = this.next()
    if (tok.t === 'string') return { kind: 'string', value: tok.v }
    if (tok.t === 'number') return { kind: 'number', value: tok.v }
    if (tok.t === 'ident' && !tok.quoted) {
      const w = tok.v.toLowerCase()
      if (w === 'true' || w === 'false') return { kind: 'boolean', value: w === 'true' }
      if (w === 'date' || w === 'timestamp') {
        this.op('(')
        const s = this.next()
        if (s.t !== 'string') this.fail(`${w.toUpperCase()} needs a quoted value`, s)
        this.op(')')
        if (w === 'date') {
          if (!isCalendarDay(s.v)) this.fail(`${JSON.stringify(s.v)} is not a date (YYYY-MM-DD)`, s)
          return { kind: 'date', value: s.v }
        }
        const m = TIMESTAMP.exec(s.v)
        if (!m || !isCalendarDay(m[1]!) || Number.isNaN(new Date(s.v).getTime())) this.fail(`${JSON.stringify(s.v)} is not an RFC 3339 timestamp`, s)
        return { kind: 'date', value: new Date(s.v).toISOString().slice(0, 10) }
      }
    }
    return this.fail('expected a literal (a quoted string, a number, TRUE, FALSE, DATE(…) or TIMESTAMP(…))', tok)
  }

  private spatial(): Expr {
    this.i++
    this.op('(')
    let prop: string
    let shape: ShapeLiteral
    if (this.isWord('bbox') || this.isWord('polygon') || this.isWord('point')) {
      shape = this.shape()
      this.op(',')
      prop = this.property()
    } else {
      prop = this.property()
      this.op(',')
      shape = this.shape()
    }
    this.op(')')
    return { op: 's_intersects', prop, shape }
  }

  private number(): number {
    const tok = this.next()
    if (tok.t !== 'number') this.fail('expected a number', tok)
    return tok.v
  }

  private shape(): ShapeLiteral {
    const start = this.peek()
    if (this.isWord('bbox')) {
      this.i++
      this.op('(')
      const n = [this.number()]
      while (this.isOp(',')) {
        this.i++
        n.push(this.number())
      }
      this.op(')')
      if (n.length !== 4 && n.length !== 6) this.fail('BBOX needs four (or six) numbers', start)
      const [x0, y0, x1, y1] = n.length === 4 ? n : [n[0]!, n[1]!, n[3]!, n[4]!]
      if (x0! > x1! || y0! > y1!) this.fail('BBOX needs minx, miny, maxx, maxy with min ≤ max', start)
      return {
        kind: 'bbox',
        rings: [
          [
            [x0!, y0!],
            [x1!, y0!],
            [x1!, y1!],
            [x0!, y1!],
            [x0!, y0!],
          ],
        ],
      }
    }
    if (this.isWord('point')) {
      this.i++
      this.op('(')
      const at: [number, number] = [this.number(), this.number()]
      this.op(')')
      return { kind: 'point', at }
    }
    if (!this.isWord('polygon')) this.fail('expected POINT(…), BBOX(…) or POLYGON((…))')
    this.i++
    this.op('(')
    const rings: Array<Array<[number, number]>> = []
    let vertices = 0
    do {
      if (rings.length) this.i++
      this.op('(')
      const ring: Array<[number, number]> = []
      do {
        if (ring.length) this.i++
        ring.push([this.number(), this.number()])
        if (++vertices > CQL_MAX_VERTICES) this.fail(`a POLYGON may have at most ${CQL_MAX_VERTICES} vertices`, start)
      } while (this.isOp(','))
      this.op(')')
      const [a, b] = [ring[0]!, ring[ring.length - 1]!]
      if (ring.length < 4 || a[0] !== b[0] || a[1] !== b[1]) this.fail('each POLYGON ring needs at least four positions, the last equal to the first', start)
      rings.push(ring)
    } while (this.isOp(','))
    this.op(')')
    return { kind: 'polygon', rings }
  }
}
