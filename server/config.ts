import { resolve } from 'node:path'
import { envSchema } from 'env-schema'
import { Type, type Static } from 'typebox'

/** Environment variables the service reads, with their defaults. Validated once at start-up. */
const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ minLength: 1, default: './data' }),
  GEODATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  BASEMAP_STYLE_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  BORDER_ZONE_M: Type.Number({ minimum: 1, maximum: 5000, default: 400 }),
  DEMO_REFERRALS: Type.Integer({ minimum: 0, maximum: 100000, default: 5000 }),
  DEMO_SEED: Type.Integer({ default: 20261127 }),
  REFERRALS_PAGE_DEFAULT: Type.Integer({ minimum: 1, default: 50 }),
  REFERRALS_PAGE_MAX: Type.Integer({ minimum: 1, default: 500 }),
})
type Env = Static<typeof EnvSchema>

export interface Config {
  readonly port: number
  readonly host: string
  /** Server PostGIS when set; otherwise the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly geodataDir: string | undefined
  readonly basemapStyleUrl: string | undefined
  readonly logLevel: string
  readonly dbPoolMax: number
  /** D of "border-zone activity": a location within this many metres of another borough. */
  readonly borderZoneM: number
  /** Synthetic referrals generated into a new demo database, and the generator's seed. */
  readonly demoReferrals: number
  readonly demoSeed: number
  readonly referralsPage: { readonly default: number; readonly max: number }
  /** Demo mode: the embedded database, seeded with demo data, bound to loopback. */
  readonly demo: boolean
}

/** Reads and validates the environment; throws naming the offending variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = envSchema<Env>({ schema: EnvSchema, data: env, dotenv: false })
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL || undefined,
    dataDir: resolve(e.DATA_DIR),
    geodataDir: e.GEODATA_DIR ? resolve(e.GEODATA_DIR) : undefined,
    basemapStyleUrl: e.BASEMAP_STYLE_URL || undefined,
    logLevel: e.LOG_LEVEL,
    dbPoolMax: e.DB_POOL_MAX,
    borderZoneM: e.BORDER_ZONE_M,
    demoReferrals: e.DEMO_REFERRALS,
    demoSeed: e.DEMO_SEED,
    referralsPage: Object.freeze({ default: e.REFERRALS_PAGE_DEFAULT, max: e.REFERRALS_PAGE_MAX }),
    demo: !e.DATABASE_URL,
  })
}
