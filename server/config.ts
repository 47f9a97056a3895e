import { isIP } from 'node:net'
import { join, resolve } from 'node:path'
import { getHeapStatistics } from 'node:v8'
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

/** Environment variables the service reads, with their defaults. Validated once at start-up. */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  APP_DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  APP_DATABASE_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  // One or more read replicas of DATABASE_URL's database, comma-separated.
  DATABASE_READ_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://[^,\\s]+(\\s*,\\s*postgres(ql)?://[^,\\s]+)*$' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  GEODATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  BASEMAP_STYLE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  BASEMAP_PMTILES: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  BORDER_ZONE_M: Type.Number({ minimum: 1, maximum: 5000, default: 400 }),
  // auto: one readable line per event when stdout is a terminal (pino-pretty), JSON lines otherwise.
  LOG_FORMAT: Type.Union([Type.Literal('auto'), Type.Literal('pretty'), Type.Literal('json')], { default: 'auto' }),
  DEMO_REFERRALS: Type.Integer({ minimum: 0, maximum: 100000, default: 5000 }),
  DEMO_SEED: Type.Integer({ default: 20261127 }),
  REFERRALS_PAGE_DEFAULT: Type.Integer({ minimum: 1, default: 50 }),
  REFERRALS_PAGE_MAX: Type.Integer({ minimum: 1, default: 500 }),
  K_ANONYMITY: Type.Integer({ minimum: 3, maximum: 100, default: 5 }),
  DISCLOSURE_NOISE: Type.Integer({ minimum: 1, maximum: 12, default: 8 }),
  SESSION_TTL_MINUTES: Type.Integer({ minimum: 5, maximum: 43200, default: 480 }),
  LOGIN_MAX_FAILURES: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  LOGIN_LOCK_MINUTES: Type.Integer({ minimum: 1, maximum: 1440, default: 15 }),
  LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 10000, default: 20 }),
  RETENTION_MONTHS: Type.Integer({ minimum: 1, maximum: 600, default: 24 }),
  ANSWER_REFRESH_PARALLEL: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
  DEMO_PASSWORD: Type.String({ minLength: 8, default: 'crossborough-demo' }),
  IMPORT_MAX_MB: Type.Integer({ minimum: 1, maximum: 16384, default: 1024 }),
  RELOCATION_WARN_M: Type.Number({ minimum: 0, maximum: 10000, default: 500 }),
  DB_CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600000, default: 3000 }),
  DB_IDLE_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3600000, default: 30000 }),
  STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3600000, default: 30000 }),
  PRESSURE_MAX_EVENT_LOOP_DELAY_MS: Type.Optional(Type.Integer({ minimum: 0, maximum: 600000 })),
  PRESSURE_MAX_HEAP_MB: Type.Optional(Type.Integer({ minimum: 0, maximum: 1048576 })),
  PRESSURE_MAX_RSS_MB: Type.Integer({ minimum: 0, maximum: 1048576, default: 0 }),
  PRESSURE_SAMPLE_MS: Type.Integer({ minimum: 10, maximum: 60000, default: 1000 }),
  RETRY_AFTER_S: Type.Integer({ minimum: 1, maximum: 3600, default: 5 }),
  SHUTDOWN_GRACE_MS: Type.Integer({ minimum: 100, maximum: 600000, default: 10000 }),
  AUDIT_CHECKPOINT_KEY: Type.Optional(Type.String({ minLength: 32, maxLength: 1024 })),
  AUDIT_CHECKPOINT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AUDIT_CHECKPOINT_INTERVAL_S: Type.Integer({ minimum: 1, maximum: 86400, default: 300 }),
  CURSOR_SECRET: Type.Optional(Type.String({ minLength: 32, maxLength: 1024 })),
  TRUST_PROXY: Type.String({ pattern: '^(true|false|[0-9]{1,3}|[0-9A-Fa-f.:/]+(, *[0-9A-Fa-f.:/]+)*)$', default: 'false' }),
  COOKIE_SECURE: Type.Boolean({ default: false }),
  ALLOW_BASIC_PASSWORD: Type.Boolean({ default: false }),
  CORS_ORIGINS: Type.String({ default: '' }),
})
type Env = Static<typeof EnvSchema>

export interface Config {
  readonly port: number
  readonly host: string
  /** Server PostGIS when set; otherwise the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined
  /** Optional separate login for requests (a member of crossborough_app); default: DATABASE_URL as crossborough_app. */
  readonly appDatabaseUrl: string | undefined
  /** Password the service sets on, and logs in with as, crossborough_app (when APP_DATABASE_URL is not given). */
  readonly appDatabasePassword: string | undefined
  /**
   * Streaming replicas of the database (DATABASE_READ_URL, comma-separated), given like DATABASE_URL.
   * Routes that only read (counts, analyses, hex bins, aggregate tiles, the funding report, OGC count
   * layers) run on one of them when it has the primary's data version; see server/db/read-routing.ts.
   */
  readonly readDatabaseUrls: readonly string[]
  readonly dataDir: string
  readonly geodataDir: string | undefined
  readonly basemapStyleUrl: string | undefined
  /** A PMTiles file of street vector tiles the service serves itself at /basemap/tiles. */
  readonly basemapPmtiles: string | undefined
  readonly logLevel: string
  /** 'pretty' or 'json', with 'auto' resolved against the terminal. */
  readonly logFormat: 'pretty' | 'json'
  readonly dbPoolMax: number
  /** D of "border-zone activity": a location within this many metres of another borough. */
  readonly borderZoneM: number
  /** Synthetic referrals generated into a new demo database, and the generator's seed. */
  readonly demoReferrals: number
  readonly demoSeed: number
  readonly referralsPage: { readonly default: number; readonly max: number }
  /** Demo mode: the embedded database, seeded with demo data, bound to loopback. */
  readonly demo: boolean
  /** k of the cell-key method: no aggregate reader is ever shown a count from 1 to k−1 (never below 3; docs/disclosure.md). */
  readonly kAnonymity: number
  /** D of the cell-key method: the bound of the zero-mean noise on published counts of k and more (docs/disclosure.md). */
  readonly disclosureNoise: number
  readonly sessionTtlMinutes: number
  /**
   * Sign-in throttling (server/auth/session.service.ts): N failed sign-ins for one email from one
   * address within the window (LOGIN_LOCK_MINUTES) refuse that pair; 2N for the email from anywhere
   * refuse every address that has failed for it; 4N from one address refuse that address. No account is locked.
   */
  readonly loginMaxFailures: number
  readonly loginLockMinutes: number
  /** Sign-in attempts per client address per minute. */
  readonly loginRateLimit: number
  /** Closed referrals are deleted this many months after closing. */
  readonly retentionMonths: number
  /** On a PostGIS server, how many recently asked questions the answer refresh computes at once after a write (server/cache/refresh.ts). */
  readonly answerRefreshParallel: number
  /** Password of the demo accounts (demo mode only). */
  readonly demoPassword: string
  /** Largest file POST /api/v1/imports accepts, MiB. */
  readonly importMaxMb: number
  /** The relocation check warns when a destination is inside, or closer than this many metres to, an exclusion zone or a current hotspot. */
  readonly relocationWarnM: number
  /** pg pools (server mode): connect timeout, idle-connection lifetime, and the requests' statement_timeout (0 = none), ms. */
  readonly dbConnectTimeoutMs: number
  readonly dbIdleTimeoutMs: number
  readonly statementTimeoutMs: number
  /** Overload thresholds (@fastify/under-pressure; 0 = not checked) and the Retry-After of every 503, seconds. */
  readonly pressure: {
    readonly maxEventLoopDelayMs: number
    readonly maxHeapMb: number
    readonly maxRssMb: number
    readonly sampleMs: number
  }
  readonly retryAfterS: number
  /** On SIGTERM, how long requests in flight may take before the process exits anyway, ms. */
  readonly shutdownGraceMs: number
  /** Signed checkpoints of the audit chain's head, outside the database (server/audit/checkpoint.ts). */
  readonly auditCheckpoint: {
    /** HMAC key from AUDIT_CHECKPOINT_KEY; unset = a key file in DATA_DIR (see server/audit/secrets.ts). */
    readonly key: string | undefined
    readonly file: string
    readonly intervalS: number
  }
  /** HMAC secret of list cursors; unset = derived from the checkpoint key. */
  readonly cursorSecret: string | undefined
  /** Fastify's trustProxy: false, true, a hop count or a list of addresses/CIDRs. */
  readonly trustProxy: boolean | number | string[]
  /** Always mark the session cookie Secure (otherwise only when the request came over https). */
  readonly cookieSecure: boolean
  /**
   * HTTP Basic with a person's email and account password (for GIS clients that can send nothing
   * else). Off unless the operator turns it on; Basic with a partner token as the password always works.
   */
  readonly basicPasswordSignIn: boolean
  /** Origins (scheme://host[:port]) whose pages may call the API from a browser (CORS); empty = none. */
  readonly corsOrigins: readonly string[]
}

/** DATABASE_READ_URL as a list; a replica without a primary (no DATABASE_URL) stops the start. */
function parseReadUrls(v: string | undefined, primary: string | undefined): string[] {
  if (v && !primary) throw new Error('DATABASE_READ_URL: read replicas need DATABASE_URL, the primary they replicate (the embedded database has none)')
  return (v ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
}

/** CORS_ORIGINS as a list of exact origins; anything else stops the start, named. */
function parseOrigins(v: string): string[] {
  const list = v
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
  for (const o of list) {
    let ok = false
    try {
      const u = new URL(o)
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o
    } catch {
      /* not a URL */
    }
    if (!ok) throw new Error(`CORS_ORIGINS: "${o}" is not an origin like https://maps.example.org (scheme, host and port only, no path or trailing slash)`)
  }
  return list
}

/** TRUST_PROXY as Fastify's trustProxy option. */
function parseTrustProxy(v: string): boolean | number | string[] {
  if (v === 'true') return true
  if (v === 'false') return false
  if (/^[0-9]{1,3}$/.test(v)) return Number(v)
  const list = v.split(',').map((a) => a.trim())
  for (const a of list) {
    const [ip, bits, more] = a.split('/')
    if (more !== undefined || isIP(ip!) === 0 || (bits !== undefined && !(/^[0-9]{1,3}$/.test(bits) && Number(bits) <= (isIP(ip!) === 4 ? 32 : 128)))) {
      throw new Error(`TRUST_PROXY: "${a}" is not an IP address or CIDR range (use true, false, a hop count or a comma-separated list)`)
    }
  }
  return list
}

/** Reads and validates the environment; throws naming the offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = envSchema<Env>({ schema: EnvSchema, data: env, dotenv: false })
  // The refresh round holds one pool connection per question it answers at once; at least one is left for requests.
  if (e.DATABASE_URL && e.ANSWER_REFRESH_PARALLEL >= e.DB_POOL_MAX) {
    throw new Error(
      `ANSWER_REFRESH_PARALLEL (${e.ANSWER_REFRESH_PARALLEL}) must be below DB_POOL_MAX (${e.DB_POOL_MAX}): the refresh would hold every connection`,
    )
  }
  return Object.freeze({
    port: e.PORT,
    // Demo mode (synthetic data, well-known passwords) is never reachable from another machine.
    host: e.DATABASE_URL ? e.HOST : '127.0.0.1',
    databaseUrl: e.DATABASE_URL || undefined,
    appDatabaseUrl: e.APP_DATABASE_URL || undefined,
    appDatabasePassword: e.APP_DATABASE_PASSWORD || undefined,
    readDatabaseUrls: parseReadUrls(e.DATABASE_READ_URL, e.DATABASE_URL),
    dataDir: resolve(e.DATA_DIR),
    geodataDir: e.GEODATA_DIR ? resolve(e.GEODATA_DIR) : undefined,
    basemapStyleUrl: e.BASEMAP_STYLE_URL || undefined,
    basemapPmtiles: e.BASEMAP_PMTILES ? resolve(e.BASEMAP_PMTILES) : undefined,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT === 'auto' ? (process.stdout.isTTY ? 'pretty' : 'json') : e.LOG_FORMAT,
    dbPoolMax: e.DB_POOL_MAX,
    borderZoneM: e.BORDER_ZONE_M,
    demoReferrals: e.DEMO_REFERRALS,
    demoSeed: e.DEMO_SEED,
    referralsPage: Object.freeze({ default: e.REFERRALS_PAGE_DEFAULT, max: e.REFERRALS_PAGE_MAX }),
    demo: !e.DATABASE_URL,
    kAnonymity: e.K_ANONYMITY,
    disclosureNoise: e.DISCLOSURE_NOISE,
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginLockMinutes: e.LOGIN_LOCK_MINUTES,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    retentionMonths: e.RETENTION_MONTHS,
    answerRefreshParallel: e.ANSWER_REFRESH_PARALLEL,
    demoPassword: e.DEMO_PASSWORD,
    importMaxMb: e.IMPORT_MAX_MB,
    relocationWarnM: e.RELOCATION_WARN_M,
    dbConnectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS,
    dbIdleTimeoutMs: e.DB_IDLE_TIMEOUT_MS,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    pressure: Object.freeze({
      // Off unless set (1000 is a good production value): one CPU-bound request (a 50 MB body, a big
      // analysis) or a starved machine holds the loop past any fixed threshold, and then every request
      // for the next sample would be refused. Embedded PGlite runs its queries on the loop too.
      maxEventLoopDelayMs: e.PRESSURE_MAX_EVENT_LOOP_DELAY_MS ?? 0,
      // Default: 90% of V8's heap limit (past it, garbage collection takes over the process).
      maxHeapMb: e.PRESSURE_MAX_HEAP_MB ?? Math.floor((getHeapStatistics().heap_size_limit * 0.9) / 2 ** 20),
      maxRssMb: e.PRESSURE_MAX_RSS_MB,
      sampleMs: e.PRESSURE_SAMPLE_MS,
    }),
    retryAfterS: e.RETRY_AFTER_S,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    auditCheckpoint: Object.freeze({
      key: e.AUDIT_CHECKPOINT_KEY || undefined,
      file: resolve(e.AUDIT_CHECKPOINT_FILE || join(e.DATA_DIR, 'audit-checkpoints.jsonl')),
      intervalS: e.AUDIT_CHECKPOINT_INTERVAL_S,
    }),
    cursorSecret: e.CURSOR_SECRET || undefined,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    cookieSecure: e.COOKIE_SECURE,
    basicPasswordSignIn: e.ALLOW_BASIC_PASSWORD,
    corsOrigins: Object.freeze(parseOrigins(e.CORS_ORIGINS)),
  })
}
