import type { Ajv, ErrorObject, ValidateFunction } from 'ajv'

/**
 * Rules every request input obeys, whatever its route's schema says, applied once after the
 * schema has passed (path, query, body and headers alike):
 *
 * - numbers are finite: Ajv coerces the query text `1e309` to Infinity and then skips `minimum`
 *   and `maximum` for it (they only run on finite numbers), and JSON reads `1e309` as Infinity too,
 *   so a bound on a schema alone does not keep Infinity out of SQL;
 * - text has no NUL character: PostgreSQL cannot store or compare one (`%00` in a code once ended
 *   as a 500).
 *
 * Dates and months are real calendar days within the service's years by their shared schemas
 * (server/schemas/common.ts).
 */

type Fault = ErrorObject<string, Record<string, unknown>>

const pointer = (path: readonly (string | number)[]) => path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')

/** Every non-finite number and NUL-bearing string in `data`, as Ajv-shaped errors (field by its path). */
export function inputFaults(data: unknown, path: (string | number)[] = [], out: Fault[] = [], depth = 0): Fault[] {
  if (out.length >= 10 || depth > 64) return out
  if (typeof data === 'number') {
    if (!Number.isFinite(data))
      out.push({ instancePath: pointer(path), schemaPath: '#/finite', keyword: 'finite', params: {}, message: 'must be a finite number' })
  } else if (typeof data === 'string') {
    if (data.includes('\u0000'))
      out.push({ instancePath: pointer(path), schemaPath: '#/noNul', keyword: 'noNul', params: {}, message: 'must not contain a NUL character' })
  } else if (Array.isArray(data)) {
    for (const [i, v] of data.entries()) inputFaults(v, [...path, i], out, depth + 1)
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      if (k.includes('\u0000'))
        out.push({
          instancePath: pointer(path),
          schemaPath: '#/noNul',
          keyword: 'noNul',
          params: { additionalProperty: k },
          message: 'must not contain a NUL character',
        })
      inputFaults(v, [...path, k], out, depth + 1)
    }
  }
  return out
}

/**
 * An Ajv plugin (Fastify's `ajv.plugins`): every validator the app compiles also applies
 * `inputFaults` once the schema itself has passed, so the rule lives here and not in each schema.
 */
export function inputRulesPlugin(ajv: Ajv): Ajv {
  const compile = ajv.compile.bind(ajv) as (...args: unknown[]) => ValidateFunction
  ;(ajv as { compile: unknown }).compile = (...args: unknown[]) => {
    const inner = compile(...args)
    const validate = ((data: unknown, ctx?: unknown) => {
      const ok = (inner as (d: unknown, c?: unknown) => boolean)(data, ctx)
      if (!ok) {
        validate.errors = inner.errors ?? null
        return false
      }
      const faults = inputFaults(data)
      validate.errors = faults.length ? faults : null
      return faults.length === 0
    }) as ValidateFunction
    validate.schema = inner.schema
    validate.errors = null
    return validate
  }
  return ajv
}
