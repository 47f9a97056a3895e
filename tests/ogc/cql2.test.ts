import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CqlError } from '../../server/ogc/cql2/ast.js'
import { CQL_MAX_DEPTH, parseCql2 } from '../../server/ogc/cql2/parser.js'
import { CQL_PIECES } from './cql-pieces.js'

/** The CQL2 text parser on its own: the tree it builds, operator precedence, and what it refuses. */
describe('CQL2 text parser', () => {
  it('comparisons with every literal type, property on the left', () => {
    expect(parseCql2("name = 'O''Brien'")).toEqual({ op: 'compare', cmp: '=', prop: 'name', value: { kind: 'string', value: "O'Brien" } })
    expect(parseCql2('referrals >= -5.5e1')).toEqual({ op: 'compare', cmp: '>=', prop: 'referrals', value: { kind: 'number', value: -55 } })
    expect(parseCql2('synthetic <> TRUE')).toMatchObject({ cmp: '<>', value: { kind: 'boolean', value: true } })
    expect(parseCql2("observedOn < DATE('2026-03-01')")).toMatchObject({ value: { kind: 'date', value: '2026-03-01' } })
    expect(parseCql2("observedOn < TIMESTAMP('2026-03-01T23:30:00-02:00')")).toMatchObject({ value: { kind: 'date', value: '2026-03-02' } })
    expect(parseCql2('"odd name" = 1')).toMatchObject({ prop: 'odd name' })
  })

  it('AND binds tighter than OR; NOT, parentheses; keywords in any case', () => {
    expect(parseCql2('a = 1 or b = 2 AND c = 3')).toEqual({
      op: 'or',
      args: [
        { op: 'compare', cmp: '=', prop: 'a', value: { kind: 'number', value: 1 } },
        {
          op: 'and',
          args: [
            { op: 'compare', cmp: '=', prop: 'b', value: { kind: 'number', value: 2 } },
            { op: 'compare', cmp: '=', prop: 'c', value: { kind: 'number', value: 3 } },
          ],
        },
      ],
    })
    expect(parseCql2('not (a = 1 Or b = 2)')).toMatchObject({ op: 'not', arg: { op: 'or' } })
  })

  it('LIKE, BETWEEN (its AND is its own), IN, IS [NOT] NULL, negated forms', () => {
    expect(parseCql2("name NOT LIKE 'W%'")).toEqual({ op: 'like', prop: 'name', pattern: 'W%', negated: true })
    expect(parseCql2('n BETWEEN 1 AND 5 AND m = 2')).toMatchObject({
      op: 'and',
      args: [{ op: 'between', low: { value: 1 }, high: { value: 5 } }, { op: 'compare' }],
    })
    expect(parseCql2("kind IN ('home', 'school')")).toMatchObject({ op: 'in', values: [{ value: 'home' }, { value: 'school' }], negated: false })
    expect(parseCql2('closedOn IS NOT NULL')).toEqual({ op: 'isNull', prop: 'closedOn', negated: true })
  })

  it('S_INTERSECTS with POINT, BBOX and POLYGON (holes too), either argument order', () => {
    expect(parseCql2('S_INTERSECTS(geometry, POINT(-0.1 51.5))')).toEqual({ op: 's_intersects', prop: 'geometry', shape: { kind: 'point', at: [-0.1, 51.5] } })
    expect(parseCql2('s_intersects(BBOX(0, 1, 2, 3), geometry)')).toMatchObject({
      shape: {
        kind: 'bbox',
        rings: [
          [
            [0, 1],
            [2, 1],
            [2, 3],
            [0, 3],
            [0, 1],
          ],
        ],
      },
    })
    const p = parseCql2('S_INTERSECTS(geometry, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 2 2)))') as { shape: { rings: unknown[] } }
    expect(p.shape.rings).toHaveLength(2)
  })

  it('refuses what it cannot read, saying where', () => {
    for (const bad of [
      '',
      'name',
      "name = 'open",
      'name == 1',
      'name = ',
      '= 1',
      'name LIKE 1',
      'a IN ()',
      'a BETWEEN 1',
      'a = 1 AND',
      "d = DATE('2026-02-31')",
      "d = TIMESTAMP('2026-02-01')",
      'S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))',
      'S_INTERSECTS(geometry, BBOX(1, 1, 0, 0))',
      'a = 1e999',
      'a = 1 ; drop',
      'and = 1',
      `${'('.repeat(CQL_MAX_DEPTH + 2)}a = 1${')'.repeat(CQL_MAX_DEPTH + 2)}`,
    ]) {
      expect(() => parseCql2(bad), bad).toThrow(CqlError)
    }
    expect(() => parseCql2('a = 1 b = 2')).toThrow(/unexpected text at character 7/)
  })
})

describe('CQL2 text parser, any input', () => {
  it('returns a tree or throws CqlError — never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(fc.constantFrom(...CQL_PIECES), { maxLength: 30 }).map((a) => a.join(' ')),
        ),
        (text) => {
          try {
            parseCql2(text)
          } catch (err) {
            if (!(err instanceof CqlError)) throw err
          }
        },
      ),
      { numRuns: 2000 },
    )
  })
})
