import { sql, type Kysely } from 'kysely'
import { AGE_BANDS, LOCATION_KINDS, SUBJECT_ROLES, type DB } from '../../server/db/types.js'

/**
 * Synthetic referrals for the disclosure tests: deterministic (seeded PRNG), inserted with the
 * owner's connection in one set-based statement per organisation; the database assigns each
 * location's borough, ward and LSOA (trigger). Spread over Brent, Westminster, Camden and
 * Kensington & Chelsea, January to June 2026, with rare programmes, age bands and kinds so that
 * many cells are small (1..4) on purpose, and a few restricted referrals.
 */

export const BRENT = 'E09000005'
export const WESTMINSTER = 'E09000033'
export const CAMDEN = 'E09000007'
export const KENSINGTON = 'E09000020'
export const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06'] as const
export const PROGRAMMES = ['mentoring', 'family-support', 'relocation'] as const

/** Points well inside each borough (lon, lat); locations are jittered ~300 m around them. */
const ANCHORS: Record<string, Array<[number, number]>> = {
  [BRENT]: [
    [-0.2817, 51.556],
    [-0.237, 51.5465],
    [-0.248, 51.536],
    [-0.279, 51.585],
  ],
  [WESTMINSTER]: [
    [-0.155, 51.52],
    [-0.134, 51.513],
    [-0.14, 51.489],
    [-0.178, 51.523],
  ],
  [CAMDEN]: [
    [-0.141, 51.55],
    [-0.175, 51.556],
  ],
  [KENSINGTON]: [
    [-0.194, 51.5],
    [-0.17, 51.49],
  ],
}

/** mulberry32: a small, fast, seeded PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function weighted<T>(rand: () => number, choices: ReadonlyArray<readonly [T, number]>): T {
  const total = choices.reduce((s, [, w]) => s + w, 0)
  let x = rand() * total
  for (const [v, w] of choices) if ((x -= w) < 0) return v
  return choices[choices.length - 1]![0]
}

interface SeedLocation {
  kind: string
  lon: number
  lat: number
  observed_on: string
  precision: string
}
interface SeedReferral {
  external_id: string
  programme: string
  subject_role: string
  age_band: string
  funding_borough: string
  opened_on: string
  restricted: boolean
  locations: SeedLocation[]
}

function makeReferrals(rand: () => number, n: number, prefix: string): SeedReferral[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
  const borough = () =>
    weighted(rand, [
      [BRENT, 40],
      [WESTMINSTER, 35],
      [CAMDEN, 15],
      [KENSINGTON, 10],
    ] as const)
  const point = (b: string) => {
    const [lon, lat] = pick(ANCHORS[b]!)
    return { lon: +(lon + (rand() - 0.5) * 0.008).toFixed(6), lat: +(lat + (rand() - 0.5) * 0.005).toFixed(6) }
  }
  const day = (month: string) => `${month}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
  const out: SeedReferral[] = []
  for (let i = 0; i < n; i++) {
    const home = borough()
    const m = Math.floor(rand() * MONTHS.length)
    const locations: SeedLocation[] = [{ kind: 'home', ...point(home), observed_on: day(MONTHS[m]!), precision: 'postcode' }]
    const extra = weighted(rand, [
      [0, 45],
      [1, 40],
      [2, 15],
    ] as const)
    for (let j = 0; j < extra; j++) {
      // Mostly the same borough and month; sometimes the next borough over or a later month.
      const b = rand() < 0.7 ? home : borough()
      const mm = Math.min(MONTHS.length - 1, m + (rand() < 0.3 ? 1 : 0))
      const kind = weighted(rand, [
        ['incident', 40],
        ['school', 20],
        ['hangout', 25],
        ['relocation_from', 8],
        ['relocation_to', 7],
      ] as const)
      locations.push({ kind, ...point(b), observed_on: day(MONTHS[mm]!), precision: pick(['exact', 'street', 'area'] as const) })
    }
    out.push({
      external_id: `${prefix}-${String(i + 1).padStart(4, '0')}`,
      programme: weighted(rand, [
        ['mentoring', 60],
        ['family-support', 32],
        ['relocation', 8],
      ] as const),
      subject_role: weighted(rand, [
        [SUBJECT_ROLES[0], 60],
        [SUBJECT_ROLES[1], 25],
        [SUBJECT_ROLES[2], 15],
      ] as const),
      age_band: weighted(
        rand,
        AGE_BANDS.map((a, k) => [a, [4, 20, 35, 28, 13][k]!] as const),
      ),
      funding_borough: home,
      opened_on: locations[0]!.observed_on,
      restricted: rand() < 0.05,
      locations,
    })
  }
  return out
}

/** The programmes the referral routes and the seed use. */
export async function ensureProgrammes(system: Kysely<DB>): Promise<void> {
  await sql`insert into programmes (slug, name) values ('mentoring', 'Mentoring'), ('family-support', 'Family support'), ('relocation', 'Relocation')
            on conflict (slug) do nothing`.execute(system)
}

async function insertReferrals(system: Kysely<DB>, organisationId: string, rows: SeedReferral[]): Promise<{ referrals: number; locations: number }> {
  const {
    rows: [n],
  } = await sql<{ referrals: number; locations: number }>`
    with f as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as f(
        external_id text, programme text, subject_role text, age_band text, funding_borough text,
        opened_on date, restricted boolean, locations jsonb)
    ), r as (
      insert into referrals (organisation_id, programme_id, external_id, subject_role, age_band, funding_borough, opened_on, restricted, synthetic)
      select ${organisationId}::uuid, p.id, f.external_id, f.subject_role, f.age_band, f.funding_borough, f.opened_on, f.restricted, true
      from f join programmes p on p.slug = f.programme
      returning id, external_id
    ), l as (
      insert into referral_locations (referral_id, kind, geom, observed_on, precision)
      select r.id, x.kind, ST_Transform(ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), 27700), x.observed_on, x.precision
      from f join r using (external_id)
      cross join lateral jsonb_to_recordset(f.locations) as x(kind text, lon float8, lat float8, observed_on date, precision text)
      returning 1
    )
    select (select count(*) from r)::int as referrals, (select count(*) from l)::int as locations`.execute(system)
  if (!n || n.referrals !== rows.length) throw new Error(`seed: ${n?.referrals ?? 0} of ${rows.length} referrals inserted`)
  return n
}

export interface SeedOptions {
  seed?: number
  /** Referrals of organisation A (default 400) and B (default 30). */
  countA?: number
  countB?: number
}

/** Inserts the synthetic referrals of organisations A and B; returns how many rows went in. */
export async function seedReferrals(system: Kysely<DB>, orgs: { A: string; B: string }, opts: SeedOptions = {}) {
  const rand = prng(opts.seed ?? 20260101)
  await ensureProgrammes(system)
  const a = await insertReferrals(system, orgs.A, makeReferrals(rand, opts.countA ?? 400, 'SEED-A'))
  const b = await insertReferrals(system, orgs.B, makeReferrals(rand, opts.countB ?? 30, 'SEED-B'))
  return { A: a, B: b }
}

/** Every filter a counts request can carry, one at a time, plus none. */
export const FILTERS: ReadonlyArray<Record<string, string>> = [
  {},
  ...PROGRAMMES.map((programme) => ({ programme })),
  ...SUBJECT_ROLES.map((subjectRole) => ({ subjectRole })),
  ...AGE_BANDS.map((ageBand) => ({ ageBand })),
  ...LOCATION_KINDS.map((kind) => ({ kind })),
]
