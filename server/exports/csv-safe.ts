/**
 * CSV (formula) injection: a spreadsheet opening a CSV runs a cell that begins with = + - @ (or a
 * tab or carriage return, which some programs strip before looking) as a formula. As OWASP
 * recommends, such a cell is prefixed with a single quote, so it is shown as text. Numbers, and text
 * that is exactly a decimal number ("-0.141234", "-12", "1e-5"), are left alone: they are no
 * formula, and a longitude must stay a number.
 *
 * Every CSV the service writes passes its cells through `csvSafe` (or its rows through
 * `csvSafeRow`) before csv-stringify quotes them.
 */
const TRIGGER = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

export function csvSafe<T>(value: T): T | string {
  if (typeof value !== 'string' || !TRIGGER.test(value) || PLAIN_NUMBER.test(value)) return value
  return `'${value}`
}

export const csvSafeRow = (row: readonly unknown[]): unknown[] => row.map(csvSafe)
