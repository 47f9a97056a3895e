/** Typed calls to the crossborough REST API used by the page. */
import { begin } from './activity.js'

// The response types live in a module without browser code, so rules shared with the server's
// tests (caseworker/classify.ts) typecheck under Node too.
export type { ApiJson, Limits, Lookup, Meta, NamedArea } from './api-types.js'
import type { Lookup, Meta } from './api-types.js'

/** An RFC 9457 problem answered by the API, or a network failure phrased like one. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail || title)
  }
}

/** Absolute base of the API on the origin that served the page. */
export const API_BASE = new URL('/api/v1', location.href).href

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  const end = begin(path)
  try {
    response = await fetch(`${API_BASE}${path}`, { headers: { accept: 'application/json, application/problem+json' }, signal })
  } catch (e) {
    end()
    if ((e as Error).name === 'AbortError') throw e
    throw new ProblemError(0, 'Network error', `The service could not be reached (${(e as Error).message}).`)
  }
  const body: unknown = await response.json().catch(() => null)
  end()
  if (!response.ok) {
    const p = (body ?? {}) as { title?: string; detail?: string }
    throw new ProblemError(response.status, p.title ?? response.statusText, p.detail ?? `HTTP ${response.status}`)
  }
  return body as T
}

export const fetchMeta = () => getJson<Meta>('/meta')

export const lookupPoint = (lon: number, lat: number, signal?: AbortSignal) => getJson<Lookup>(`/lookup?lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}`, signal)

/** The shared border of two boroughs, as one MultiLineString feature. */
export const fetchBorder = (codeA: string, codeB: string, signal?: AbortSignal) =>
  getJson<GeoJSON.Feature<GeoJSON.MultiLineString, { between: [string, string]; names: [string, string]; lengthM: number }>>(
    `/borders?between=${encodeURIComponent(codeA)},${encodeURIComponent(codeB)}`,
    signal,
  )
