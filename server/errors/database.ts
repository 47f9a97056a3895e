import { Problem } from './problem.js'

/**
 * SQLSTATEs and socket errors that mean "the database cannot be reached or is restarting", not
 * "the request is wrong": admin shutdown, crash shutdown, cannot connect now, connection failures,
 * too many connections.
 */
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '08P01',
  '53300',
])

/** Driver errors without a code (node-postgres and pg-pool), recognised by their fixed texts. */
const DATABASE_DOWN_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool',
  'connect ECONNREFUSED',
]

/** SQLSTATE 57014: statement_timeout (or a cancel) stopped the query. */
export const QUERY_CANCELED = '57014'

/**
 * The problem a database failure stands for, or undefined when it is not one of these:
 * unreachable/restarting → 503 `database-unavailable`; a query stopped by statement_timeout → 503 `query-timeout`.
 * Both are temporary, so the handler adds Retry-After.
 */
export function databaseProblem(err: unknown): Problem | undefined {
  if (!err || typeof err !== 'object') return undefined
  const code = (err as { code?: unknown }).code
  if (code === QUERY_CANCELED) {
    return new Problem(503, 'query-timeout', 'The query took longer than the service allows and was stopped; narrow the request or try again later.')
  }
  const message = (err as { message?: unknown }).message
  if ((typeof code === 'string' && DATABASE_DOWN_CODES.has(code)) || (typeof message === 'string' && DATABASE_DOWN_MESSAGES.some((m) => message.includes(m)))) {
    return new Problem(503, 'database-unavailable', 'The database is not answering; try again shortly.')
  }
  // AggregateError (several addresses refused) carries its causes in `errors`.
  const inner = (err as { errors?: unknown }).errors
  if (Array.isArray(inner) && inner.length) return databaseProblem(inner[0])
  return undefined
}

/**
 * Text the database cannot store: a NUL character (22021) or one outside its encoding (22P05). It can
 * only come from the request, so it is the request's fault: 400, not 500.
 */
export function untranslatableTextProblem(err: unknown): Problem | undefined {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined
  if (code !== '22021' && code !== '22P05') return undefined
  return new Problem(400, 'validation-failed', 'request: text must not contain the NUL character or characters outside UTF-8', [
    { field: 'request', message: 'must not contain the NUL character or characters outside UTF-8' },
  ])
}

/**
 * The disclosure rules the database enforces (migration 0021): SQLSTATE CB400 — a fixed period, cell
 * size or border band an aggregate reader must keep to (400) — and CB403 — a field, level or cell size
 * outside a partner's data-sharing agreement (403). The error's DETAIL names the request parameter.
 */
export function disclosureRuleProblem(err: unknown, rename: Readonly<Record<string, string>> = {}): Problem | undefined {
  if (!err || typeof err !== 'object') return undefined
  const { code, message, detail } = err as { code?: unknown; message?: unknown; detail?: unknown }
  if (code !== 'CB400' && code !== 'CB403') return undefined
  const named = typeof detail === 'string' && /^[A-Za-z]{1,40}$/.test(detail) ? detail : 'request'
  const field = rename[named] ?? named
  const text = typeof message === 'string' ? message : 'a disclosure rule'
  return code === 'CB400'
    ? new Problem(400, 'disclosure-rule', `${field}: ${text}`, [{ field, message: text }])
    : new Problem(403, 'outside-agreement', `${field}: ${text}`, [{ field, message: text }])
}
