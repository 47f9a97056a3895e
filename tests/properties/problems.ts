import { expect } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'

/**
 * What every refused input must look like: a 4xx (never 5xx) application/problem+json with a
 * stable code, and for a 400 the offending fields named.
 */
export function expectNamedProblem(res: LightMyRequestResponse, context: string): void {
  expect(res.statusCode, `${context}: ${res.body.slice(0, 300)}`).toBeGreaterThanOrEqual(400)
  expect(res.statusCode, `${context}: ${res.body.slice(0, 300)}`).toBeLessThan(500)
  expect(String(res.headers['content-type']), context).toContain('application/problem+json')
  const body = res.json() as { code?: string; detail?: string; errors?: Array<{ field: string; message: string }> }
  expect(typeof body.code, context).toBe('string')
  expect(body.detail, context).toBeTruthy()
  if (res.statusCode === 400 && body.code === 'validation-failed') {
    expect(body.errors?.length, `${context}: no field named in ${res.body}`).toBeGreaterThan(0)
    for (const e of body.errors!) expect(e.field, context).toBeTruthy()
  }
}

/** Runs of each property: enough to find the classes of bad input, bounded so a suite stays under a minute. */
export const RUNS = Number(process.env.PROPERTY_RUNS ?? 40)
