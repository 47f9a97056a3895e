/** One invalid field of a request, as reported in a 400 problem. */
export interface FieldError {
  field: string
  message: string
}

/**
 * An RFC 9457 problem: `code` is stable and becomes the `type` URI; `detail` is for people.
 * Thrown anywhere; the error handler turns it into `application/problem+json`.
 */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors?: FieldError[],
  ) {
    super(detail)
    this.name = 'Problem'
  }
}

/** Titles of the problems the service answers, by code (one place, as pg_featureserv does). */
export const PROBLEM_TITLES: Record<string, string> = {
  'validation-failed': 'The request is not valid',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'route-not-found': 'No such route',
  'not-acceptable': 'Not Acceptable',
  'database-in-use': 'The embedded database is in use',
  'database-unavailable': 'The database is unavailable',
  starting: 'The service is still starting',
  'payload-too-large': 'The request body is too large',
  'unsupported-media-type': 'Unsupported media type',
  'bad-request': 'Bad request',
  'internal-error': 'Internal error',
  unauthenticated: 'Sign-in required',
  'invalid-credentials': 'Wrong email or password',
  'account-locked': 'Account locked',
  'token-expired': 'The token has expired',
  forbidden: 'Not allowed',
  'csrf-failed': 'Missing or wrong CSRF token',
  'agreement-expired': 'The data-sharing agreement is not in force',
  'disclosure-rule': 'Aggregate figures come only for fixed periods, cell sizes and border bands',
  'outside-agreement': 'The data-sharing agreement does not allow this',
  'own-request': 'Another admin must decide this request',
  'not-pending': 'The request is not pending',
  'agreement-choice-needed': 'Choose the data-sharing agreement to act under',
  'sign-in-throttled': 'Too many failed sign-ins',
  'rate-limited': 'Too many requests',
  'query-timeout': 'The query took too long',
  overloaded: 'The service is overloaded',
}

export const notFound = (what: string) => new Problem(404, 'not-found', `${what} was not found.`)
export const invalid = (field: string, message: string) => new Problem(400, 'validation-failed', `${field}: ${message}`, [{ field, message }])
export const forbidden = (detail = 'Your role may not do this.') => new Problem(403, 'forbidden', detail)
export const unauthenticated = (detail = 'Sign in (POST /api/v1/session) or send a partner token.') => new Problem(401, 'unauthenticated', detail)
