import type { Access } from '../auth/plugin.js'

/**
 * One place that makes every operation of the OpenAPI document complete and valid OpenAPI 3.0,
 * whatever the route files say: an operationId derived from method and path, the security the
 * route's access declaration implies, no trailing-slash paths, and route schemas (written for Ajv,
 * JSON Schema draft-07) rewritten into the OpenAPI 3.0 schema dialect. Only the document changes:
 * request validation keeps the schemas as written.
 */

/** Routes whose credentials the auth plugin reads (the same test as server/auth/plugin.ts). */
const GUARDED = /^\/(api|tiles|ogc)(\/|$)/

/** `/api/v1/referrals/:id/locations` → `getReferralsByIdLocations` (the /api/v1 prefix left out). */
export function operationIdFor(method: string, url: string): string {
  const words = url
    .replace(/^\/api\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .flatMap((seg) => {
      // A segment may hold several parameters and literal text, e.g. `:y.mvt`.
      const parts = seg.split(/(?=:)|\./).filter(Boolean)
      return parts.map((p) => (p.startsWith(':') ? `by-${p.slice(1)}` : p))
    })
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/).filter(Boolean))
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('')
}

export interface SecurityOptions {
  /** HTTP Basic with a person's email and password is accepted (ALLOW_BASIC_PASSWORD). */
  basicPasswords: boolean
}

type Requirement = Record<string, string[]>

/**
 * Who may authenticate how: a session always; a bearer partner token, or Basic with the token as
 * the password, where partners may call the route; Basic with email and password where the operator
 * enabled it. Public routes that still read credentials (OGC, tiles: a partner sees more) list
 * them as optional (`{}` first); routes that never read credentials need none (`[]`).
 */
export function securityFor(url: string, access: Access | undefined, opts: SecurityOptions): Requirement[] {
  if (!GUARDED.test(url)) return []
  const partners = access === 'public' || (access?.includes('partner') ?? false)
  const schemes: Requirement[] = [{ session: [] }]
  if (partners) schemes.push({ partnerToken: [] })
  if (partners || opts.basicPasswords) schemes.push({ basic: [] })
  return access === 'public' ? [{}, ...schemes] : schemes
}

/** Fastify registers `prefix/` for a `/` route inside a prefix; the document names the path without the slash (both answer). */
export const withoutTrailingSlash = (url: string) => (url.length > 1 && url.endsWith('/') ? url.slice(0, -1) : url)

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A draft-07 schema as an OpenAPI 3.0 schema object (a copy): numeric `exclusiveMinimum`/`exclusiveMaximum`
 * become `minimum`/`maximum` with the boolean flag; `dependencies` of the property-list form becomes the
 * equivalent `anyOf` per property (absent, or present with the ones it needs), since OpenAPI 3.0 has no such keyword.
 */
export function toOas30(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOas30)
  if (!isObject(schema)) return schema
  const out: Record<string, unknown> = {}
  const together: unknown[] = []
  for (const [k, v] of Object.entries(schema)) {
    if ((k === 'exclusiveMinimum' || k === 'exclusiveMaximum') && typeof v === 'number') {
      out[k === 'exclusiveMinimum' ? 'minimum' : 'maximum'] = v
      out[k] = true
    } else if (k === 'dependencies' && isObject(v) && Object.values(v).every(Array.isArray)) {
      // "if p is present, so are these": p absent, or p and all of them present.
      const props = isObject(schema.properties) ? schema.properties : {}
      for (const [p, needs] of Object.entries(v as Record<string, string[]>)) {
        const named = [p, ...needs]
        const properties = Object.fromEntries(named.filter((n) => n in props).map((n) => [n, toOas30(props[n])]))
        together.push({ anyOf: [{ not: { required: [p], properties: { [p]: properties[p] ?? {} } } }, { required: named, properties }] })
      }
    } else if (k === 'properties' || k === 'patternProperties' || k === 'definitions' || k === '$defs') {
      // Maps of names to schemas: the names are data, not keywords.
      out[k] = isObject(v) ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, toOas30(s)])) : v
    } else if (k === 'enum' || k === 'const' || k === 'default' || k === 'examples' || k === 'example') {
      out[k] = v
    } else {
      out[k] = toOas30(v)
    }
  }
  if (together.length) out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), ...together]
  return out
}

/**
 * The finished document, tidied: an `anyOf` of one schema (what a nullable TypeBox union becomes once
 * @fastify/swagger has folded the null branch into `nullable`) is that schema.
 */
export function collapseSingleAnyOf(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(collapseSingleAnyOf)
  if (!isObject(node)) return node
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(node)) out[k] = k === 'enum' || k === 'example' || k === 'default' ? v : collapseSingleAnyOf(v)
  const one = out.anyOf
  if (Array.isArray(one) && one.length === 1 && isObject(one[0])) {
    const { anyOf: _, ...rest } = out
    const inner = one[0]
    // Only when nothing would be overwritten (a key on both sides keeps the anyOf).
    if (Object.keys(inner).every((k) => !(k in rest) || (k === 'nullable' && rest[k] === inner[k]))) return { ...inner, ...rest }
  }
  return out
}
