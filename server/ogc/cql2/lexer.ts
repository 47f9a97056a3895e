import { CqlError } from './ast.js'

export type Token =
  | { t: 'ident'; v: string; at: number; quoted: boolean }
  | { t: 'string'; v: string; at: number }
  | { t: 'number'; v: number; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'eof'; at: number }

const NUMBER = /[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y
const IDENT = /[A-Za-z_][A-Za-z0-9_.:]*/y
const OPS = ['<>', '<=', '>=', '=', '<', '>', '(', ')', ',']

/** CQL2 text as tokens: identifiers (keywords are identifiers the parser recognises), 'strings', numbers, operators. */
export function tokenize(text: string): Token[] {
  const out: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
      continue
    }
    if (c === "'") {
      let v = ''
      let j = i + 1
      for (;;) {
        if (j >= text.length) throw new CqlError('a string is not closed', i)
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            v += "'"
            j += 2
            continue
          }
          break
        }
        v += text[j++]
      }
      out.push({ t: 'string', v, at: i })
      i = j + 1
      continue
    }
    if (c === '"') {
      const j = text.indexOf('"', i + 1)
      if (j < 0) throw new CqlError('a quoted property name is not closed', i)
      out.push({ t: 'ident', v: text.slice(i + 1, j), at: i, quoted: true })
      i = j + 1
      continue
    }
    // CQL2's basic classes have no arithmetic, so a sign always starts a number (POLYGON((-0.2 51.5, …))).
    if (/[0-9.+-]/.test(c)) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(text)
      if (m) {
        const v = Number(m[0])
        if (!Number.isFinite(v)) throw new CqlError(`the number ${m[0]} is out of range`, i)
        out.push({ t: 'number', v, at: i })
        i += m[0].length
        continue
      }
    }
    IDENT.lastIndex = i
    const id = IDENT.exec(text)
    if (id) {
      out.push({ t: 'ident', v: id[0], at: i, quoted: false })
      i += id[0].length
      continue
    }
    const op = OPS.find((o) => text.startsWith(o, i))
    if (op) {
      out.push({ t: 'op', v: op, at: i })
      i += op.length
      continue
    }
    throw new CqlError(`unexpected character ${JSON.stringify(c)}`, i)
  }
  out.push({ t: 'eof', at: text.length })
  return out
}
