import type { InjectOptions } from 'fastify'
import { TEST_PASSWORD, WESTMINSTER, type Who } from '../helpers/world.js'

/**
 * "Who sees what" as data: every route under /api, /tiles and /ogc, as Fastify registers it
 * (`METHOD /url/:param`), with the outcome each kind of caller must get (docs/product-rules.md "Users and roles",
 * "Privacy and disclosure control"; each route's `config.access`). tests/access/matrix.test.ts sends
 * every request for real and fails for a route without an entry, or an entry without a route.
 */

/** The callers: the seeded people (tests/helpers/world.ts), the partner's API token, and nobody. */
export const VARIANTS = [
  'anonymous',
  'leadA',
  'caseworkerA',
  'caseworkerA2',
  'commissionerA',
  'partner',
  'partnerToken',
  'adminA',
  'adminB',
  'leadB',
  'caseworkerB',
] as const
export type Variant = (typeof VARIANTS)[number]
export type PersonVariant = Exclude<Variant, 'anonymous' | 'partnerToken'> & Who

/**
 * ok: 2xx · invalid: 400 (the request cannot apply to this kind of caller) · unauthenticated: 401 ·
 * forbidden: 403 (the role may not) · hidden: 404 (it exists, but is not theirs: indistinguishable
 * from a row that does not exist).
 */
export type Outcome = 'ok' | 'invalid' | 'unauthenticated' | 'forbidden' | 'hidden'
export const OUTCOME_STATUS: Record<Exclude<Outcome, 'ok'>, number> = { invalid: 400, unauthenticated: 401, forbidden: 403, hidden: 404 }
export const outcomeOf = (status: number): Outcome | `status ${number}` =>
  status >= 200 && status < 300 ? 'ok' : ((Object.entries(OUTCOME_STATUS).find(([, s]) => s === status)?.[0] as Outcome | undefined) ?? `status ${status}`)

/**
 * Things whose appearance in an answer would be a leak, and who may see each. Referral A is org A's,
 * on caseworkerA's caseload (the target of every /referrals/:id request); A2 is org A's on
 * caseworkerA2's; B is org B's. The agreement is one org A made (the target of /agreements/:id).
 */
export type Canary = 'referralA' | 'referralA2' | 'referralB' | 'agreementA'
export const CANARY_READERS: Record<Canary, readonly Variant[]> = {
  referralA: ['leadA', 'caseworkerA'],
  referralA2: ['leadA', 'caseworkerA2'],
  referralB: ['leadB', 'caseworkerB'],
  agreementA: ['adminA'],
}
/** An organisation's admin reads its audit log, which names (only) the ids of its referrals. */
export const AUDIT_READERS: Record<Canary, readonly Variant[]> = {
  // Denied attempts are audited (access.denied) with the ids they named, in the log of the caller's
  // organisation: org B's admin reads that its own users asked for org A's referral and agreement ids.
  referralA: ['adminA', 'adminB'],
  referralA2: ['adminA'],
  referralB: ['adminB'],
  agreementA: ['adminA', 'adminB'],
}

/** Targets the test prepares (beforeAll) and makes afresh for requests that consume them. */
export interface MatrixContext {
  /** Org A's referral on caseworkerA's caseload, with a location and an exclusion zone. */
  referral: { id: string; externalId: string; locationId: string; zoneId: string }
  /** An import job of org A (finished). */
  importJobId: string
  /** An agreement org A made with a partner other than the seeded one. */
  agreementId: string
  /** A user of org A nobody signs in as (its display name is changed). */
  userId: string
  /** The seeded partner's agreement (in force; the only one of its organisation). */
  partnerAgreementId: string
  /** A pending approval request of org A, made by adminA. */
  approvalId: string
  /** A number unique within the run (emails, external ids). */
  seq(): number
  /** Fresh targets of org A, for DELETE: one per request. */
  fresh: {
    referral(): Promise<string>
    location(): Promise<string>
    zone(): Promise<string>
    token(): Promise<string>
    /** A pending approval request (a token for the agreement) of org A, made by adminA or by a second admin of org A. */
    request(by: 'adminA' | 'adminA2'): Promise<string>
    /** An approval request of adminA's for a token, approved by the second admin, its secret not yet fetched. */
    approvedToken(): Promise<string>
  }
}

export type MatrixRequest = Pick<InjectOptions, 'method' | 'url' | 'payload' | 'headers'> & { method: string; url: string }

export interface MatrixEntry {
  /** `METHOD /url/pattern`, as Fastify registers it. */
  route: string
  request(ctx: MatrixContext, caller: Variant): MatrixRequest | Promise<MatrixRequest>
  expect: Record<Variant, Outcome>
  /** Every caller needs a session of their own (the request ends it). */
  freshSession?: boolean
  /** The answer is the audit log: an organisation's admin sees the ids of its own rows (AUDIT_READERS). */
  auditLog?: boolean
  /** Answers (when ok) that must name these canaries: proves the leak checks look at real data. */
  mustContain?: Partial<Record<Variant, Canary[]>>
}

// --- who gets what ---------------------------------------------------------------------------

const all = (o: Outcome): Record<Variant, Outcome> => Object.fromEntries(VARIANTS.map((v) => [v, o])) as Record<Variant, Outcome>
const signedIn = (o: Partial<Record<Variant, Outcome>> = {}): Record<Variant, Outcome> => ({ ...all('ok'), anonymous: 'unauthenticated', ...o })
const only = (ok: Partial<Record<Variant, Outcome>>): Record<Variant, Outcome> => ({ ...all('forbidden'), anonymous: 'unauthenticated', ...ok })

/** Public boundary data and service metadata: everyone, a partner token included. */
const PUBLIC = all('ok')
/** GET /me, DELETE /session and the like: anyone signed in. */
const SIGNED_IN = signedIn()
/** Counts: every role but admins, under the disclosure rules (a partner under its agreement in force). Admins count nothing. */
const STATS = signedIn({ adminA: 'forbidden', adminB: 'forbidden' })
/** Generalised points: the organisation's staff and partners whose agreement allows them. */
const POINTS = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'ok', leadB: 'ok', caseworkerB: 'ok', partner: 'ok', partnerToken: 'ok' })
/** Hex-grid analysis counts: every counting role under the disclosure rules (admins count nothing). */
const ANALYSIS_COUNTS = only({
  leadA: 'ok',
  caseworkerA: 'ok',
  caseworkerA2: 'ok',
  commissionerA: 'ok',
  partner: 'ok',
  partnerToken: 'ok',
  leadB: 'ok',
  caseworkerB: 'ok',
})
/**
 * Border activity is a side × month table: a partner needs "month" among its agreement's fields, and
 * the test agreement lists programme and ageBand only (403 outside-agreement).
 */
const BORDER_COUNTS = only({
  leadA: 'ok',
  caseworkerA: 'ok',
  caseworkerA2: 'ok',
  commissionerA: 'ok',
  partner: 'forbidden',
  partnerToken: 'forbidden',
  leadB: 'ok',
  caseworkerB: 'ok',
})
/** Hotspots: Gi* on exact counts, leads only. */
const ANALYSIS_LEADS = only({ leadA: 'ok', leadB: 'ok' })
/** The funding report: leads, commissioners and partners (under their agreement); not caseworkers or admins. */
const FUNDING = only({ leadA: 'ok', leadB: 'ok', commissionerA: 'ok', partner: 'ok', partnerToken: 'ok' })
/** Referral collections (list, create): casework roles, each within their own scope. */
const CASEWORK_COLLECTION = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'ok', leadB: 'ok', caseworkerB: 'ok' })
/** Org A's referral on caseworkerA's caseload: its lead and its caseworker; other casework roles are told nothing. */
const CASEWORK_TARGET = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'hidden', leadB: 'hidden', caseworkerB: 'hidden' })
/** Imports: leads only. */
const LEADS_COLLECTION = only({ leadA: 'ok', leadB: 'ok' })
const LEADS_TARGET = only({ leadA: 'ok', leadB: 'hidden' })
/** Users, agreements, tokens, audit, approvals: admins, of their own organisation. */
const ADMIN_COLLECTION = only({ adminA: 'ok', adminB: 'ok' })
const ADMIN_TARGET = only({ adminA: 'ok', adminB: 'hidden' })
/** A partner session chooses its agreement; a partner token is bound to its own (400). */
const PARTNER_SESSION = only({ partner: 'ok', partnerToken: 'invalid' })
/** Record exports: casework roles (exact, their own scope) and partners (generalised under the agreement); never commissioners or admins. */
/** Exports: casework roles; a partner must name a fixed observation period (from/to), which this request does not: 400. */
const EXPORTS = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'ok', leadB: 'ok', caseworkerB: 'ok', partner: 'invalid', partnerToken: 'invalid' })
/** OGC exact referral locations: casework roles, each within their own scope; one location of referral A is theirs or hidden. */
const OGC_EXACT = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'ok', leadB: 'ok', caseworkerB: 'ok' })
const OGC_EXACT_TARGET = only({ leadA: 'ok', caseworkerA: 'ok', caseworkerA2: 'hidden', leadB: 'hidden', caseworkerB: 'hidden' })
const EXPORT_CANARIES = {
  leadA: ['referralA', 'referralA2'],
  caseworkerA: ['referralA'],
  caseworkerA2: ['referralA2'],
  leadB: ['referralB'],
  caseworkerB: ['referralB'],
} satisfies Partial<Record<Variant, Canary[]>>

// --- request bodies ----------------------------------------------------------------------------

export const MAIDA_VALE = { lon: -0.178, lat: 51.523 }
export const SOUTH_KILBURN = { lon: -0.195, lat: 51.534 }
/** z/x/y of the zoom-14 tile holding South Kilburn (web mercator). */
const SK_TILE = ((z: number) => {
  const n = 2 ** z
  const r = (SOUTH_KILBURN.lat * Math.PI) / 180
  return `${z}/${Math.floor(((SOUTH_KILBURN.lon + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)}`
})(14)
const square = (lon: number, lat: number, d = 0.001) => [
  [
    [lon - d, lat - d],
    [lon + d, lat - d],
    [lon + d, lat + d],
    [lon - d, lat + d],
    [lon - d, lat - d],
  ],
]

export const newReferral = (externalId: string) => ({
  externalId,
  programme: 'mentoring',
  subjectRole: 'at_risk',
  ageBand: '16-17',
  fundingBorough: WESTMINSTER,
  openedOn: '2026-03-01',
  locations: [{ kind: 'home', ...SOUTH_KILBURN, observedOn: '2026-03-01', precision: 'exact' }],
})
export const newLocation = () => ({ kind: 'incident', ...MAIDA_VALE, observedOn: '2026-03-12', precision: 'street' })
export const newZone = (name: string) => ({ name, geometry: { type: 'Polygon', coordinates: square(MAIDA_VALE.lon, MAIDA_VALE.lat) } })

/** A multipart/form-data body with one CSV file, as a browser or curl -F sends it. */
export function importUpload(prefix: string) {
  const boundary = '----crossborough-matrix-boundary'
  const content =
    'external_id,programme,subject_role,age_band,funding_borough,opened_on,location_kind,lon,lat,observed_on,precision\n' +
    `${prefix},mentoring,at_risk,14-15,${WESTMINSTER},2026-03-01,home,${MAIDA_VALE.lon},${MAIDA_VALE.lat},2026-03-02,street\n`
  return {
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${prefix}.csv"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

/** Codes of the patches leadA and leadB drew in the POST /api/v1/areas entry (PATCH and DELETE target them). */
const drawnCodes: { leadA?: string; leadB?: string } = {}

const emailOf = (caller: Variant) => `${(caller === 'anonymous' || caller === 'partnerToken' ? 'leadA' : caller).toLowerCase()}@test.test`
/** A fixed period (a calendar quarter), which every counting role may ask for (docs/disclosure.md). */
const months = 'from=2026-01&to=2026-03'

// --- the matrix ------------------------------------------------------------------------------------

export const MATRIX: MatrixEntry[] = [
  // service and public boundary data
  { route: 'GET /api/v1/meta', expect: PUBLIC, request: () => ({ method: 'GET', url: '/api/v1/meta' }) },
  { route: 'GET /api/v1/areas', expect: PUBLIC, request: () => ({ method: 'GET', url: '/api/v1/areas?kind=borough&bbox=-0.19,51.52,-0.17,51.53' }) },
  { route: 'GET /api/v1/areas/overview.svg', expect: PUBLIC, request: () => ({ method: 'GET', url: '/api/v1/areas/overview.svg' }) },
  { route: 'GET /api/v1/areas/:code', expect: PUBLIC, request: () => ({ method: 'GET', url: `/api/v1/areas/${WESTMINSTER}` }) },
  // Drawn estates and patches (leads; changed only by the drawing organisation). POST records the code each
  // lead drew; PATCH targets leadA's (leadB: another organisation's, 403); DELETE has each lead delete their own.
  { route: 'GET /api/v1/areas/drawn', expect: LEADS_COLLECTION, request: () => ({ method: 'GET', url: '/api/v1/areas/drawn' }) },
  {
    route: 'POST /api/v1/areas',
    expect: LEADS_COLLECTION,
    request: (ctx, caller) => {
      const code = `MTX-${caller}-${ctx.seq()}`
      if (caller === 'leadA' || caller === 'leadB') drawnCodes[caller] = code
      return {
        method: 'POST',
        url: '/api/v1/areas',
        payload: { kind: 'patch', name: `Matrix patch ${code}`, code, geometry: { type: 'Polygon', coordinates: square(MAIDA_VALE.lon, MAIDA_VALE.lat) } },
      }
    },
  },
  {
    route: 'PATCH /api/v1/areas/:code',
    expect: only({ leadA: 'ok' }),
    request: (ctx) => ({ method: 'PATCH', url: `/api/v1/areas/${drawnCodes.leadA}`, payload: { name: `Renamed ${ctx.seq()}` } }),
  },
  {
    route: 'DELETE /api/v1/areas/:code',
    expect: LEADS_COLLECTION,
    request: (_ctx, caller) => ({ method: 'DELETE', url: `/api/v1/areas/${caller === 'leadB' ? drawnCodes.leadB : drawnCodes.leadA}` }),
  },
  { route: 'GET /api/v1/lookup', expect: PUBLIC, request: () => ({ method: 'GET', url: `/api/v1/lookup?lon=${MAIDA_VALE.lon}&lat=${MAIDA_VALE.lat}` }) },
  { route: 'GET /api/v1/borders', expect: PUBLIC, request: () => ({ method: 'GET', url: '/api/v1/borders?between=E09000005,E09000033' }) },
  {
    route: 'GET /api/v1/borders/zone',
    expect: PUBLIC,
    request: () => ({ method: 'GET', url: '/api/v1/borders/zone?between=E09000005,E09000033&distance=200' }),
  },

  // session
  {
    route: 'POST /api/v1/session',
    expect: PUBLIC,
    request: (_ctx, caller) => ({ method: 'POST', url: '/api/v1/session', payload: { email: emailOf(caller), password: TEST_PASSWORD } }),
  },
  { route: 'GET /api/v1/me', expect: SIGNED_IN, request: () => ({ method: 'GET', url: '/api/v1/me' }) },
  {
    route: 'POST /api/v1/session/agreement',
    expect: PARTNER_SESSION,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/session/agreement', payload: { agreementId: ctx.partnerAgreementId } }),
  },
  {
    // A partner token is not a session: it is revoked by the data owner, not signed out.
    route: 'DELETE /api/v1/session',
    expect: { ...SIGNED_IN, partnerToken: 'invalid' },
    freshSession: true,
    request: () => ({ method: 'DELETE', url: '/api/v1/session' }),
  },

  // aggregates
  { route: 'GET /api/v1/stats/counts', expect: STATS, request: () => ({ method: 'GET', url: `/api/v1/stats/counts?geography=borough&${months}` }) },
  { route: 'GET /api/v1/stats/points', expect: POINTS, request: () => ({ method: 'GET', url: `/api/v1/stats/points?${months}` }) },
  { route: 'GET /api/v1/analysis/hexbins', expect: ANALYSIS_COUNTS, request: () => ({ method: 'GET', url: `/api/v1/analysis/hexbins?size=250&${months}` }) },
  {
    route: 'GET /api/v1/analysis/border-activity',
    expect: BORDER_COUNTS,
    request: () => ({ method: 'GET', url: `/api/v1/analysis/border-activity?between=E09000005,E09000033&distance=400&${months}` }),
  },
  {
    route: 'GET /api/v1/analysis/hotspots',
    expect: ANALYSIS_LEADS,
    request: () => ({ method: 'GET', url: `/api/v1/analysis/hotspots?size=1000&band=1&${months}` }),
  },

  // vector tiles (the z14 tile holding South Kilburn, where every canary referral is located)
  { route: 'GET /tiles/areas/:z/:x/:y.mvt', expect: PUBLIC, request: () => ({ method: 'GET', url: `/tiles/areas/${SK_TILE}.mvt` }) },
  { route: 'GET /tiles/hexbins/:z/:x/:y.mvt', expect: ANALYSIS_COUNTS, request: () => ({ method: 'GET', url: `/tiles/hexbins/${SK_TILE}.mvt?${months}` }) },
  {
    // Exact points for the organisation's staff (a caseworker: their caseload), generalised for the partner, none for commissioners.
    route: 'GET /tiles/points/:z/:x/:y.mvt',
    expect: POINTS,
    request: () => ({ method: 'GET', url: `/tiles/points/${SK_TILE}.mvt?${months}` }),
    mustContain: {
      leadA: ['referralA', 'referralA2'],
      caseworkerA: ['referralA'],
      caseworkerA2: ['referralA2'],
      leadB: ['referralB'],
      caseworkerB: ['referralB'],
    },
  },
  { route: 'GET /tiles/:layer/:z/:x/:y.mvt', expect: all('invalid'), request: () => ({ method: 'GET', url: `/tiles/no-such-layer/${SK_TILE}.mvt` }) },
  // TileJSON and the boundary style: the same readers as the tiles they describe.
  { route: 'GET /tiles/areas.json', expect: PUBLIC, request: () => ({ method: 'GET', url: '/tiles/areas.json' }) },
  { route: 'GET /tiles/areas/style.json', expect: PUBLIC, request: () => ({ method: 'GET', url: '/tiles/areas/style.json' }) },
  { route: 'GET /tiles/hexbins.json', expect: ANALYSIS_COUNTS, request: () => ({ method: 'GET', url: `/tiles/hexbins.json?${months}` }) },
  { route: 'GET /tiles/points.json', expect: POINTS, request: () => ({ method: 'GET', url: `/tiles/points.json?${months}` }) },
  { route: 'GET /api/v1/analysis/flows', expect: ANALYSIS_COUNTS, request: () => ({ method: 'GET', url: `/api/v1/analysis/flows?${months}` }) },
  {
    route: 'GET /api/v1/analysis/clusters',
    expect: ANALYSIS_LEADS,
    request: () => ({ method: 'GET', url: `/api/v1/analysis/clusters?eps=200&minPoints=3&${months}` }),
  },
  {
    route: 'GET /api/v1/analysis/evaluate',
    expect: ANALYSIS_LEADS,
    request: () => ({ method: 'GET', url: '/api/v1/analysis/evaluate?trainFrom=2026-01&trainTo=2026-03&testFrom=2026-04&testTo=2026-06&share=0.05&size=1000' }),
  },
  { route: 'GET /api/v1/analysis/emerging', expect: ANALYSIS_LEADS, request: () => ({ method: 'GET', url: `/api/v1/analysis/emerging?size=1000&${months}` }) },
  // The working boroughs (default study area): leads read them, admins read and set them.
  {
    route: 'GET /api/v1/analysis/study-area',
    expect: only({ leadA: 'ok', leadB: 'ok', adminA: 'ok', adminB: 'ok' }),
    request: () => ({ method: 'GET', url: '/api/v1/analysis/study-area' }),
  },
  {
    route: 'PUT /api/v1/analysis/study-area',
    expect: only({ adminA: 'ok', adminB: 'ok' }),
    request: () => ({ method: 'PUT', url: '/api/v1/analysis/study-area', payload: { boroughs: [] } }),
  },
  {
    route: 'GET /api/v1/analysis/density',
    expect: ANALYSIS_LEADS,
    request: () => ({ method: 'GET', url: `/api/v1/analysis/density?cellSize=250&bandwidth=500&${months}` }),
  },

  // reports
  { route: 'GET /api/v1/reports/funding', expect: FUNDING, request: () => ({ method: 'GET', url: `/api/v1/reports/funding?basis=blend&${months}` }) },

  // referrals, their locations and exclusion zones
  {
    route: 'GET /api/v1/referrals',
    expect: CASEWORK_COLLECTION,
    request: () => ({ method: 'GET', url: '/api/v1/referrals?limit=500' }),
    mustContain: {
      leadA: ['referralA', 'referralA2'],
      caseworkerA: ['referralA'],
      caseworkerA2: ['referralA2'],
      leadB: ['referralB'],
      caseworkerB: ['referralB'],
    },
  },
  {
    route: 'POST /api/v1/referrals',
    expect: CASEWORK_COLLECTION,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/referrals', payload: newReferral(`MATRIX-NEW-${ctx.seq()}`) }),
  },
  {
    route: 'GET /api/v1/referrals/:id',
    expect: CASEWORK_TARGET,
    mustContain: { leadA: ['referralA'], caseworkerA: ['referralA'] },
    request: (ctx) => ({ method: 'GET', url: `/api/v1/referrals/${ctx.referral.id}` }),
  },
  {
    route: 'PATCH /api/v1/referrals/:id',
    expect: CASEWORK_TARGET,
    request: (ctx) => ({ method: 'PATCH', url: `/api/v1/referrals/${ctx.referral.id}`, payload: { riskLevel: 'medium' } }),
  },
  {
    route: 'DELETE /api/v1/referrals/:id',
    expect: CASEWORK_TARGET,
    request: async (ctx) => ({ method: 'DELETE', url: `/api/v1/referrals/${await ctx.fresh.referral()}` }),
  },
  {
    route: 'POST /api/v1/referrals/:id/locations',
    expect: CASEWORK_TARGET,
    request: (ctx) => ({ method: 'POST', url: `/api/v1/referrals/${ctx.referral.id}/locations`, payload: newLocation() }),
  },
  {
    route: 'PATCH /api/v1/referrals/:id/locations/:locationId',
    expect: CASEWORK_TARGET,
    request: (ctx) => ({ method: 'PATCH', url: `/api/v1/referrals/${ctx.referral.id}/locations/${ctx.referral.locationId}`, payload: { precision: 'exact' } }),
  },
  {
    route: 'DELETE /api/v1/referrals/:id/locations/:locationId',
    expect: CASEWORK_TARGET,
    request: async (ctx) => ({ method: 'DELETE', url: `/api/v1/referrals/${ctx.referral.id}/locations/${await ctx.fresh.location()}` }),
  },
  {
    route: 'GET /api/v1/referrals/:id/exclusion-zones',
    expect: CASEWORK_TARGET,
    request: (ctx) => ({ method: 'GET', url: `/api/v1/referrals/${ctx.referral.id}/exclusion-zones` }),
  },
  {
    route: 'POST /api/v1/referrals/:id/exclusion-zones',
    expect: CASEWORK_TARGET,
    request: (ctx) => ({ method: 'POST', url: `/api/v1/referrals/${ctx.referral.id}/exclusion-zones`, payload: newZone(`Matrix zone ${ctx.seq()}`) }),
  },
  {
    route: 'DELETE /api/v1/referrals/:id/exclusion-zones/:zoneId',
    expect: CASEWORK_TARGET,
    request: async (ctx) => ({ method: 'DELETE', url: `/api/v1/referrals/${ctx.referral.id}/exclusion-zones/${await ctx.fresh.zone()}` }),
  },
  {
    route: 'POST /api/v1/relocation-check',
    expect: CASEWORK_TARGET,
    mustContain: { leadA: ['referralA'], caseworkerA: ['referralA'] },
    request: (ctx) => ({ method: 'POST', url: '/api/v1/relocation-check', payload: { referralId: ctx.referral.id, destination: MAIDA_VALE } }),
  },

  // exports and OGC API – Features (boundaries public; referral layers by role, checked per collection)
  {
    route: 'GET /api/v1/exports/referrals.geojson',
    expect: EXPORTS,
    mustContain: EXPORT_CANARIES,
    request: () => ({ method: 'GET', url: '/api/v1/exports/referrals.geojson' }),
  },
  {
    route: 'GET /api/v1/exports/referrals.csv',
    expect: EXPORTS,
    mustContain: EXPORT_CANARIES,
    request: () => ({ method: 'GET', url: '/api/v1/exports/referrals.csv' }),
  },
  { route: 'GET /ogc', expect: PUBLIC, request: () => ({ method: 'GET', url: '/ogc' }) },
  { route: 'GET /ogc/conformance', expect: PUBLIC, request: () => ({ method: 'GET', url: '/ogc/conformance' }) },
  { route: 'GET /ogc/collections', expect: PUBLIC, request: () => ({ method: 'GET', url: '/ogc/collections' }) },
  { route: 'GET /ogc/api', expect: PUBLIC, request: () => ({ method: 'GET', url: '/ogc/api' }) },
  { route: 'GET /ogc/collections/:collectionId', expect: OGC_EXACT, request: () => ({ method: 'GET', url: '/ogc/collections/referral-locations' }) },
  {
    route: 'GET /ogc/collections/:collectionId/queryables',
    expect: OGC_EXACT,
    request: () => ({ method: 'GET', url: '/ogc/collections/referral-locations/queryables' }),
  },
  {
    route: 'GET /ogc/collections/:collectionId/items',
    expect: OGC_EXACT,
    mustContain: EXPORT_CANARIES,
    request: () => ({ method: 'GET', url: '/ogc/collections/referral-locations/items?limit=10000' }),
  },
  {
    route: 'GET /ogc/collections/:collectionId/items/:featureId',
    expect: OGC_EXACT_TARGET,
    mustContain: { leadA: ['referralA'], caseworkerA: ['referralA'] },
    request: (ctx) => ({ method: 'GET', url: `/ogc/collections/referral-locations/items/${ctx.referral.locationId}` }),
  },

  // imports
  {
    route: 'POST /api/v1/imports',
    expect: LEADS_COLLECTION,
    request: (ctx) => ({ method: 'POST', url: '/api/v1/imports', ...importUpload(`MATRIX-IMPORT-${ctx.seq()}`) }),
  },
  { route: 'GET /api/v1/imports/:id', expect: LEADS_TARGET, request: (ctx) => ({ method: 'GET', url: `/api/v1/imports/${ctx.importJobId}` }) },

  // administration
  { route: 'GET /api/v1/users', expect: ADMIN_COLLECTION, request: () => ({ method: 'GET', url: '/api/v1/users' }) },
  {
    route: 'POST /api/v1/users',
    expect: ADMIN_COLLECTION,
    request: (ctx) => ({
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: `matrix-${ctx.seq()}@test.test`, displayName: 'Matrix', role: 'caseworker', password: 'a long enough password' },
    }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    expect: ADMIN_TARGET,
    request: (ctx) => ({ method: 'PATCH', url: `/api/v1/users/${ctx.userId}`, payload: { displayName: `Renamed ${ctx.seq()}` } }),
  },
  {
    route: 'GET /api/v1/agreements',
    expect: ADMIN_COLLECTION,
    mustContain: { adminA: ['agreementA'] },
    request: () => ({ method: 'GET', url: '/api/v1/agreements' }),
  },
  {
    route: 'POST /api/v1/agreements',
    expect: ADMIN_COLLECTION,
    request: (ctx) => ({
      method: 'POST',
      url: '/api/v1/agreements',
      payload: {
        name: `Matrix agreement ${ctx.seq()}`,
        partnerOrganisation: 'Matrix partner (test)',
        boroughs: [WESTMINSTER],
        level: 'aggregate',
        validFrom: '2026-01-01',
        validUntil: '2099-12-31',
      },
    }),
  },
  { route: 'GET /api/v1/agreements/:id', expect: ADMIN_TARGET, request: (ctx) => ({ method: 'GET', url: `/api/v1/agreements/${ctx.agreementId}` }) },
  {
    route: 'PATCH /api/v1/agreements/:id',
    expect: ADMIN_TARGET,
    request: (ctx) => ({ method: 'PATCH', url: `/api/v1/agreements/${ctx.agreementId}`, payload: { k: 6 } }),
  },
  {
    route: 'GET /api/v1/agreements/:id/tokens',
    expect: ADMIN_TARGET,
    request: (ctx) => ({ method: 'GET', url: `/api/v1/agreements/${ctx.agreementId}/tokens` }),
  },
  {
    route: 'POST /api/v1/agreements/:id/tokens',
    expect: ADMIN_TARGET,
    request: (ctx) => ({ method: 'POST', url: `/api/v1/agreements/${ctx.agreementId}/tokens`, payload: { name: `matrix ${ctx.seq()}`, days: 1 } }),
  },
  {
    route: 'DELETE /api/v1/agreements/:id/tokens/:tokenId',
    expect: ADMIN_TARGET,
    request: async (ctx) => ({ method: 'DELETE', url: `/api/v1/agreements/${ctx.agreementId}/tokens/${await ctx.fresh.token()}` }),
  },
  // Second-person approval: adminA decides requests of org A's second admin, withdraws and fetches its own.
  { route: 'GET /api/v1/approvals', expect: ADMIN_COLLECTION, request: () => ({ method: 'GET', url: '/api/v1/approvals' }) },
  { route: 'GET /api/v1/approvals/:id', expect: ADMIN_TARGET, request: (ctx) => ({ method: 'GET', url: `/api/v1/approvals/${ctx.approvalId}` }) },
  {
    route: 'POST /api/v1/approvals/:id/approve',
    expect: ADMIN_TARGET,
    request: async (ctx) => ({ method: 'POST', url: `/api/v1/approvals/${await ctx.fresh.request('adminA2')}/approve` }),
  },
  {
    route: 'POST /api/v1/approvals/:id/reject',
    expect: ADMIN_TARGET,
    request: async (ctx) => ({ method: 'POST', url: `/api/v1/approvals/${await ctx.fresh.request('adminA2')}/reject`, payload: { reason: 'matrix' } }),
  },
  {
    route: 'POST /api/v1/approvals/:id/withdraw',
    expect: ADMIN_TARGET,
    request: async (ctx) => ({ method: 'POST', url: `/api/v1/approvals/${await ctx.fresh.request('adminA')}/withdraw` }),
  },
  {
    route: 'POST /api/v1/approvals/:id/token',
    expect: ADMIN_TARGET,
    request: async (ctx) => ({ method: 'POST', url: `/api/v1/approvals/${await ctx.fresh.approvedToken()}/token` }),
  },
  // Last, so the log holds what every request above left in it.
  {
    route: 'GET /api/v1/audit',
    expect: ADMIN_COLLECTION,
    auditLog: true,
    mustContain: { adminA: ['referralA', 'referralA2'], adminB: ['referralB'] },
    request: () => ({ method: 'GET', url: '/api/v1/audit?limit=500' }),
  },
  { route: 'GET /api/v1/audit/verify', expect: ADMIN_COLLECTION, auditLog: true, request: () => ({ method: 'GET', url: '/api/v1/audit/verify' }) },
]
