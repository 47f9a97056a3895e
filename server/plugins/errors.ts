import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Problem, PROBLEM_TITLES, type FieldError } from '../errors/problem.js'
import { databaseProblem, disclosureRuleProblem, untranslatableTextProblem } from '../errors/database.js'

const PROBLEM_TYPE_BASE = 'urn:crossborough:problem:'

/** Fastify's own 4xx errors, by code, as stable problem codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad-request',
}

export function sendProblem(reply: FastifyReply, req: FastifyRequest, status: number, code: string, detail: string, errors?: FieldError[]) {
  // Every 503 is temporary (database down or restarting, a query stopped, overload): say when to come back.
  if (status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', String(req.server.config?.retryAfterS ?? 5))
  return reply
    .code(status)
    .type('application/problem+json')
    .send({
      type: PROBLEM_TYPE_BASE + code,
      title: PROBLEM_TITLES[code] ?? 'Error',
      status,
      detail,
      instance: req.url,
      code,
      ...(errors?.length ? { errors } : {}),
    })
}

/** `/locations/0/lon` → `locations[0].lon` */
function fieldName(instancePath: string, missing?: string): string {
  const parts = instancePath.split('/').filter(Boolean)
  if (missing) parts.push(missing)
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '')
}

function validationErrors(err: FastifyError): FieldError[] {
  return (err.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>
    const extra = params.additionalProperty as string | undefined
    const field = fieldName(v.instancePath, (params.missingProperty as string | undefined) ?? extra) || (err.validationContext ?? 'request')
    let message = v.message ?? 'is invalid'
    if (extra) message = 'is not a known field'
    if (Array.isArray(params.allowedValues)) message += `: ${params.allowedValues.join(', ')}`
    return { field, message }
  })
}

/** One error handler: every error leaves as application/problem+json, never with a stack or SQL. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof Problem) return sendProblem(reply, req, err.status, err.code, err.detail, err.errors)
    if (err.validation) {
      const errors = validationErrors(err)
      const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ')
      return sendProblem(reply, req, 400, 'validation-failed', detail, errors)
    }
    const code = (err as { code?: string }).code
    const down = databaseProblem(err)
    if (down) {
      req.log.warn({ err: { message: err.message, code } }, down.code === 'query-timeout' ? 'query stopped by statement_timeout' : 'database unavailable')
      return sendProblem(reply, req, down.status, down.code, down.detail)
    }
    if (code === '42501') {
      // Row-level security or a missing privilege: the database refused, whatever the route thought.
      req.log.warn({ err: { message: err.message } }, 'database refused access')
      return sendProblem(reply, req, 403, 'forbidden', 'You may not see or change this data.')
    }
    // OGC API – Features names the period `datetime`; the rest of the API `from` and `to`.
    const rule = disclosureRuleProblem(err, req.url.startsWith('/ogc') ? { from: 'datetime' } : {}) ?? untranslatableTextProblem(err)
    if (rule) return sendProblem(reply, req, rule.status, rule.code, rule.detail, rule.errors)
    if (err.statusCode === 429) return sendProblem(reply, req, 429, 'rate-limited', err.message)
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, req, err.statusCode, FASTIFY_CODES[code ?? ''] ?? 'bad-request', err.message)
    }
    req.log.error({ err }, 'unhandled error')
    return sendProblem(reply, req, 500, 'internal-error', 'Something went wrong on our side; it has been logged.')
  })
  app.setNotFoundHandler((req, reply) => sendProblem(reply, req, 404, 'route-not-found', `No route ${req.method} ${req.url.split('?')[0]}.`))
}
