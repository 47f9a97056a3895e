/** Pieces CQL2 text is made of, so random filters reach deep into the grammar and not only the lexer. */
export const CQL_PIECES = ['name', 'code', 'referrals', 'validFrom', 'geometry', '"x y"', ' ', '=', '<>', '<=', '>', "'", "'W%'", "''", '(', ')', ',',
  'AND', 'OR', 'NOT', 'LIKE', 'BETWEEN', 'IN', 'IS', 'NULL', 'TRUE', 'S_INTERSECTS', 'BBOX', 'POLYGON', 'POINT', 'DATE', "'2026-02-31'",
  "'2026-01-01'", '1', '-0.1', '51.5', '1e309', '.', 'e', ';', '\\', '%']
