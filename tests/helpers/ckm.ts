import { sql, type Kysely, type RawBuilder } from 'kysely'

/**
 * The cell-key method's published-value rule (docs/disclosure.md, migration 0021), written again
 * independently in TypeScript so that tests can check what the database publishes, and helpers that
 * read, with the owner's connection (the only one that may read referral_record_keys), the true
 * count and cell key of a set of referrals given by SQL.
 *
 * A test asserts, for any cell of any route: `published === publish(n, key, k, d)` where
 * `{ n, key } = await trueCell(system, sql\`select referral_id from … where …\`)`.
 */

/** Record and cell keys are integers in [0, KEY_RANGE). */
export const KEY_RANGE = 2 ** 20

/** DISCLOSURE_NOISE's default: the bound D of the noise. */
export const DEFAULT_NOISE = 8

/** ⌊log2 x⌋ of a positive integer below 2^31. */
const floorLog2 = (x: number) => 31 - Math.clz32(x)

/**
 * The noise of a cell key when it may reach ±m: j in −m..m with weights 2^(m−|j|), out of
 * W = 3·2^m − 2; t = ⌊key·W / KEY_RANGE⌋; j = ⌊log2(t+1)⌋ − m while t < 2^(m+1) − 1, else
 * m − ⌊log2(W − t)⌋ (the same buckets mirrored).
 */
export function noise(key: number, m: number): number {
  if (m <= 0) return 0
  const w = 3 * 2 ** m - 2
  const t = Math.floor((key * w) / KEY_RANGE)
  return t < 2 ** (m + 1) - 1 ? floorLog2(t + 1) - m : m - floorLog2(w - t)
}

/**
 * The published value of a true count `n` whose cell key is `key` (u = key / KEY_RANGE):
 * - n = 0 → 0;
 * - 1 ≤ n < k → k when u < n/k, else 0 (never 1..k−1, mean n);
 * - n ≥ k → n + noise(key, m), m = min(d, n − k) (symmetric, mostly 0 or ±1, |j| ≤ d, never below k).
 * Integer arithmetic only (exact for every n < 2^32 and key < 2^20).
 */
export function publish(n: number, key: number, k: number, d: number): number {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(k) || !Number.isSafeInteger(d))
    throw new Error(`publish: n, k and d must be integers (${n}, ${k}, ${d})`)
  if (!Number.isSafeInteger(key) || key < 0 || key >= KEY_RANGE) throw new Error(`publish: key ${key} is not an integer in 0..${KEY_RANGE - 1}`)
  if (n <= 0) return 0
  if (n < k) return key * k < n * KEY_RANGE ? k : 0
  return n + noise(key, Math.min(d, n - k))
}

/** The true size of a set of referrals and its cell key (sum of their record keys mod KEY_RANGE). */
export interface TrueCell {
  n: number
  key: number
}

/**
 * The true count and cell key of the set of distinct referrals that `referrals` selects: any SQL
 * whose result has a `referral_id` column (duplicates are fine: each referral counts once). Run with
 * the owner's connection (`t.database.system`).
 */
export async function trueCell(system: Kysely<any>, referrals: RawBuilder<unknown>): Promise<TrueCell> {
  const { rows } = await sql<{ n: string | number; key: string | number }>`
    select count(*) as n, coalesce(sum(k.record_key), 0) % ${KEY_RANGE}::bigint as key
    from (select distinct s.referral_id from (${referrals}) s) d
    join referral_record_keys k on k.referral_id = d.referral_id`.execute(system)
  return { n: Number(rows[0]!.n), key: Number(rows[0]!.key) }
}

/**
 * The same for many cells at once: `cells` is SQL whose result has a text `cell` column naming the
 * cell and a `referral_id` column; every distinct referral of a cell counts once in that cell.
 * Cells with no referral are absent from the map (their true count is 0, key 0).
 */
export async function trueCells(system: Kysely<any>, cells: RawBuilder<unknown>): Promise<Map<string, TrueCell>> {
  const { rows } = await sql<{ cell: string; n: string | number; key: string | number }>`
    select d.cell, count(*) as n, coalesce(sum(k.record_key), 0) % ${KEY_RANGE}::bigint as key
    from (select distinct s.cell::text as cell, s.referral_id from (${cells}) s) d
    join referral_record_keys k on k.referral_id = d.referral_id
    group by d.cell`.execute(system)
  return new Map(rows.map((r) => [r.cell, { n: Number(r.n), key: Number(r.key) }]))
}

/** What an aggregate reader must be shown for a set: publish(true n, true key, k, d). */
export async function expectedPublished(system: Kysely<any>, referrals: RawBuilder<unknown>, k: number, d: number): Promise<number> {
  const c = await trueCell(system, referrals)
  return publish(c.n, c.key, k, d)
}

/** Published values of many cells (see trueCells); a cell absent from the truth publishes 0. */
export async function expectedPublishedCells(system: Kysely<any>, cells: RawBuilder<unknown>, k: number, d: number): Promise<Map<string, number>> {
  const truth = await trueCells(system, cells)
  return new Map([...truth].map(([cell, c]) => [cell, publish(c.n, c.key, k, d)]))
}

/** The published value of a cell from a map of truths (0 for a cell with no referral). */
export const publishedOf = (truth: Map<string, TrueCell>, cell: string, k: number, d: number): number => {
  const c = truth.get(cell)
  return c ? publish(c.n, c.key, k, d) : 0
}

/** Whose referrals a reader counts (docs/disclosure.md), written out again for the owner's connection. */
export interface CountingScope {
  /** The organisation whose referrals are counted (a partner: the agreement's owner). */
  org: string
  /** Only locations in these boroughs (a commissioner's or agreement's); null or absent: all. */
  boroughs?: readonly string[] | null
  /** Whether victims count (false for an agreement that excludes them). */
  victims?: boolean
}

/**
 * The located events a reader of `scope` counts, observed in [from, until): columns referral_id,
 * kind, geom, observed_on, borough_code, ward_code, lsoa_code, border_code, border_distance_m,
 * programme (slug), subject_role, age_band. Never restricted referrals. Owner's connection only.
 */
export function scopedLocations(scope: CountingScope, from: string, until: string): RawBuilder<unknown> {
  const boroughs = scope.boroughs?.length ? sql`l.borough_code in (${sql.join(scope.boroughs.map((b) => sql`${b}`))})` : sql`true`
  const victims = scope.victims === false ? sql`r.subject_role = 'at_risk'` : sql`true`
  return sql`
    select l.referral_id, l.kind, l.geom, l.observed_on, l.borough_code, l.ward_code, l.lsoa_code, l.border_code,
           l.border_distance_m, p.slug as programme, r.subject_role, r.age_band
    from referral_locations l
    join referrals r on r.id = l.referral_id
    join programmes p on p.id = r.programme_id
    where r.organisation_id = ${scope.org}::uuid and not r.restricted
      and l.observed_on >= ${from}::date and l.observed_on < ${until}::date
      and ${boroughs} and ${victims}`
}

/** The first day after the month `ym` (YYYY-MM). */
export function monthAfter(ym: string): string {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

/** A problem+json answer with this status and code whose errors (or detail) name `field`. */
export function problemOf(res: { statusCode: number; headers: Record<string, unknown>; body: string }): {
  status: number
  code: string
  fields: string[]
  detail: string
} {
  const type = String(res.headers['content-type'] ?? '')
  if (!type.startsWith('application/problem+json'))
    return { status: res.statusCode, code: `(not a problem: ${type})`, fields: [], detail: res.body.slice(0, 200) }
  const p = JSON.parse(res.body) as { code?: string; detail?: string; errors?: Array<{ field: string }> }
  return { status: res.statusCode, code: p.code ?? '', fields: (p.errors ?? []).map((e) => e.field), detail: p.detail ?? '' }
}
