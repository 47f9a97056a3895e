import { Type } from 'typebox'
import { invalid } from '../errors/problem.js'

/**
 * A numeric request parameter's range and default, written once for the route's schema (what the
 * OpenAPI document and validation say) and the service's own check (for callers without a route).
 */
export interface Bounded {
  readonly min: number
  readonly max: number
  readonly default: number
  /** Whole numbers only. */
  readonly integer?: boolean
  /** The unit the 400 message names, e.g. 'metres'. */
  readonly unit?: string
}

/** The query-string schema of a bounded parameter. */
export const boundedSchema = (b: Bounded, description: string) =>
  (b.integer ? Type.Integer : Type.Number)({ minimum: b.min, maximum: b.max, default: b.default, description })

/** The value, or the default when absent; a 400 naming `field` when it is out of bounds. */
export function boundedValue(field: string, value: number | undefined, b: Bounded): number {
  const v = value ?? b.default
  if (b.integer && !(Number.isInteger(v) && v >= b.min && v <= b.max)) throw invalid(field, `must be a whole number from ${b.min} to ${b.max}`)
  if (!(v >= b.min && v <= b.max)) throw invalid(field, `must be ${b.min} to ${b.max}${b.unit ? ` ${b.unit}` : ''}`)
  return v
}
