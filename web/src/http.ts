/**
 * Authenticated calls to the API from the page: the session cookie travels by itself (same origin,
 * SameSite=Strict); state-changing requests carry the CSRF token the session endpoints returned.
 */
import { begin } from './activity.js'
import { API_BASE, ProblemError } from './api.js'

let csrfToken: string | null = null

/** Set from `POST /session` or `GET /me`; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  /** Extra query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | boolean | undefined | null>
  accept?: string
  signal?: AbortSignal
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const url = new URL(`${API_BASE}${path}`)
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v))
  return url.href
}

/**
 * One request at a time for a given purpose: each call aborts the signal it handed out before and
 * returns a fresh one, so a superseded request is cancelled in the browser (and the server stops).
 */
export function supersede(): () => AbortSignal {
  let current: AbortController | undefined
  return () => {
    current?.abort()
    current = new AbortController()
    return current.signal
  }
}

/** True for the rejection of a request that was aborted on purpose. */
export const aborted = (e: unknown) => (e as Error)?.name === 'AbortError'

/** Raw response (for CSV, downloads); throws ProblemError on a non-2xx answer. */
export async function apiResponse(path: string, opts: RequestOptions = {}): Promise<Response> {
  const method = opts.method ?? 'GET'
  const headers: Record<string, string> = { accept: opts.accept ?? 'application/json, application/problem+json' }
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  const end = begin(path)
  // Ends when the body has been read or the request failed; a streamed download ends at its headers.
  opts.signal?.addEventListener('abort', end, { once: true })
  try {
    response = await fetch(apiUrl(path, opts.query), {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    })
  } catch (e) {
    end()
    if ((e as Error).name === 'AbortError') throw e
    throw new ProblemError(0, 'Network error', `The service could not be reached (${(e as Error).message}).`)
  }
  if (!response.ok) {
    const p = ((await response.json().catch(() => null)) ?? {}) as { title?: string; detail?: string }
    end()
    throw new ProblemError(response.status, p.title ?? response.statusText, p.detail ?? `HTTP ${response.status}`)
  }
  end()
  return response
}

/** JSON answer (204 → undefined). */
export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, opts)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}
