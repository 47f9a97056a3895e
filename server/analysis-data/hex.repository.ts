import { sql, type Kysely } from 'kysely'
import { Lru } from '../cache/lru.js'
import type { DB } from '../db/types.js'
import { transact } from '../db/scoped.js'
import { asGeoJson4326 } from '../db/spatial.js'

/**
 * SQL access for the hex-grid analyses. Counting happens in the database's disclosure
 * function `analysis_hex_counts` (migrations 0008, 0021): it decides whose referrals the actor may
 * count and publishes each count — exact for a lead, perturbed by the cell-key method for the rest. Geometry, borough shares and the study area come from
 * the public boundary tables.
 */

export interface HexFilter {
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
}

export interface HexCountRow {
  line: 'cell' | 'total'
  q: number | null
  r: number | null
  /** As published: exact for a lead, perturbed for every other reader. */
  n: number | null
  suppressed: boolean
}

export interface Axial {
  q: number
  r: number
}

export interface HexShape {
  q: number
  r: number
  /** RFC 7946 geometry text (lon/lat, 6 decimals), when asked for. */
  geometry: string | null
  /** Share of the hexagon's area in each borough in force, largest first (empty outside every borough). */
  boroughs: { code: string; share: number }[]
}

/**
 * Hex sizes whose distinct-referral counts are precomputed per organisation and month (migration
 * 0012's tile_hex_counts, kept current by statement-level triggers). A lead's exact counts at these
 * sizes are read from there instead of binning every location (1M locations: seconds → milliseconds);
 * every other role, and every other size, counts through analysis_hex_counts.
 */
export const PRECOMPUTED_HEX_SIZES: ReadonlySet<number> = new Set([250, 500, 1000])

/** Distinct referrals per hex of `size` metres over whole months (first days of `from`, `to`), and the total. */
export async function hexCounts(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter): Promise<HexCountRow[]> {
  if (PRECOMPUTED_HEX_SIZES.has(size)) {
    const {
      rows: [who],
    } = await sql<{ role: string | null }>`select app_role() as role`.execute(db)
    if (who?.role === 'lead') return precomputedLeadCounts(db, size, from, to, f)
  }
  const { rows } = await sql<{ line: 'cell' | 'total'; q: number | null; r: number | null; n: string | number | null; suppressed: boolean }>`
    select line, cell_q as q, cell_r as r, n, suppressed
    from analysis_hex_counts(${size}::integer, ${from}::date, ${to}::date,
                             ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(db)
  return rows.map((row) => ({ ...row, n: row.n === null ? null : Number(row.n) }))
}

/**
 * A lead's exact distinct-referral counts per cell of a PRECOMPUTED_HEX_SIZES size over whole months
 * (first days of `from`, `to`), read from the counts kept at write time (tile_hex_cells) — the same
 * numbers as binning the organisation's located events (every cell with at least one referral).
 * Exact counts are for leads only: refused in any other role's transaction (tile_hex_cells would
 * publish a suppressed count there, not an exact one).
 */
export async function precomputedLeadCells(
  db: Kysely<DB>,
  size: number,
  from: string,
  to: string,
  f: HexFilter,
): Promise<Array<{ q: number; r: number; n: number }>> {
  if (!PRECOMPUTED_HEX_SIZES.has(size)) throw new RangeError(`no counts are kept for ${size} m cells`)
  const {
    rows: [who],
  } = await sql<{ role: string | null }>`select app_role() as role`.execute(db)
  if (who?.role !== 'lead') throw new Error('exact counts are for leads only')
  return keptCells(db, size, from, to, f)
}

/** The kept counts of tile_hex_cells, for a caller that has checked the transaction is a lead's. */
async function keptCells(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter): Promise<Array<{ q: number; r: number; n: number }>> {
  const { rows } = await sql<{ q: number; r: number; n: string | number }>`
    select cell_q as q, cell_r as r, n
    from tile_hex_cells(${size}::integer, ${from}::date, ${to}::date, null, null, null, null,
                        ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)
    where line = 'cell'
    order by cell_q, cell_r`.execute(db)
  return rows.map((row) => ({ q: row.q, r: row.r, n: Number(row.n) }))
}

/**
 * A lead's exact counts from the precomputed table (tile_hex_cells over the whole grid), and the total
 * line: the distinct referrals with a located event in the period (every event lies in some hex), as
 * analysis_hex_counts counts it — not the sum of the cells, which counts a referral once per hex.
 */
async function precomputedLeadCounts(db: Kysely<DB>, size: number, from: string, to: string, f: HexFilter): Promise<HexCountRow[]> {
  // hexCounts has read the role already.
  const cells: HexCountRow[] = (await keptCells(db, size, from, to, f)).map((c) => ({ line: 'cell', ...c, suppressed: false }))
  const {
    rows: [total],
  } = await sql<{ n: string | number }>`
    select count(distinct referral_id) as n
    from analysis_exact_locations(${from}::date, ${to}::date, ${f.programme ?? null}::text, ${f.subjectRole ?? null}::text, ${f.ageBand ?? null}::text)`.execute(
    db,
  )
  return [...cells, { line: 'total', q: null, r: null, n: Number(total?.n ?? 0), suppressed: false }]
}

/**
 * Geometry and borough shares of the given cells. The share is exact, not approximated: the area of
 * ST_Intersection of the hexagon (hex_cell_geom) with each borough's subdivided parts (area_parts,
 * which do not overlap; a hexagon covered by one part skips the intersection), summed per borough,
 * over the hexagon's area. Cells are sent as one JSON
 * parameter, so any number of them is one statement.
 */
async function queryHexShapes(
  db: Kysely<DB>,
  size: number,
  cells: readonly Axial[],
  { geometry: withGeometry, shares: withShares }: { geometry: boolean; shares: boolean },
): Promise<Map<string, HexShape>> {
  const out = new Map<string, HexShape>()
  const { rows } = await sql<{ q: number; r: number; geometry: string | null; boroughs: Array<{ code: string; share: number }> | string | null }>`
    with h as (
      select (e->>0)::integer as q, (e->>1)::integer as r, hex_cell_geom(${size}::double precision, (e->>0)::integer, (e->>1)::integer) as g
      from jsonb_array_elements(${JSON.stringify(cells.map((c) => [c.q, c.r]))}::jsonb) e
    )
    select h.q, h.r,
           case when ${withGeometry}::boolean then ${asGeoJson4326(sql.ref('h.g'))} end as geometry,
           case when ${withShares}::boolean then (
             select coalesce(jsonb_agg(jsonb_build_object('code', s.code, 'share', s.share) order by s.share desc, s.code), '[]'::jsonb)
             from (
               select p.code, sum(case when ST_CoveredBy(h.g, p.geom) then ST_Area(h.g) else ST_Area(ST_Intersection(h.g, p.geom)) end) / ST_Area(h.g) as share
               from area_parts p
               join areas a on a.id = p.area_id and a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
               where p.kind = 'borough' and ST_Intersects(p.geom, h.g)
               group by p.code
             ) s where s.share > 0
           ) end as boroughs
    from h`.execute(db)
  for (const row of rows) {
    const boroughs = typeof row.boroughs === 'string' ? (JSON.parse(row.boroughs) as Array<{ code: string; share: number }>) : (row.boroughs ?? [])
    out.set(`${row.q}:${row.r}`, {
      q: row.q,
      r: row.r,
      geometry: row.geometry,
      boroughs: boroughs.map((b) => ({ code: b.code, share: Math.round(Number(b.share) * 1e6) / 1e6 })),
    })
  }
  return out
}

/**
 * Hexagons and boroughs change only when boundaries do, so shapes and study areas are kept per
 * process, keyed by the boundaries' data version (tile_data_versions 'areas', bumped by a trigger on
 * every change to areas, with its timestamp so two databases cannot share a key) and the hex size;
 * the most recently used few are kept.
 */
const CACHE_ENTRIES = 8
const shapeCache = new Lru<Map<string, { geometry?: string | null; boroughs?: HexShape['boroughs'] }>>(CACHE_ENTRIES)
const areaCache = new Lru<Array<Axial & { borough: string }>>(CACHE_ENTRIES)

async function boundariesVersion(db: Kysely<DB>): Promise<string> {
  const {
    rows: [v],
  } = await sql<{ v: string | null }>`
    select (select version::text || '@' || extract(epoch from changed_at)::text from tile_data_versions where layer = 'areas') ||
           '@' || current_database() as v`.execute(db)
  return v?.v ?? 'none'
}

/** hexShapes with the per-process cache: only cells (or parts) not seen for these boundaries are computed. */
export async function hexShapes(
  db: Kysely<DB>,
  size: number,
  cells: readonly Axial[],
  opts: { geometry?: boolean; shares?: boolean } = {},
): Promise<Map<string, HexShape>> {
  const out = new Map<string, HexShape>()
  if (cells.length === 0) return out
  const geometry = opts.geometry ?? true
  const shares = opts.shares ?? true
  const cache = shapeCache.remember(
    `${await boundariesVersion(db)}:${size}`,
    () => new Map<string, { geometry?: string | null; boroughs?: HexShape['boroughs'] }>(),
  )
  const missing = cells.filter((c) => {
    const hit = cache.get(`${c.q}:${c.r}`)
    return !hit || (geometry && hit.geometry === undefined) || (shares && hit.boroughs === undefined)
  })
  if (missing.length > 0) {
    const fresh = await queryHexShapes(db, size, missing, { geometry, shares })
    for (const [k, v] of fresh) {
      const entry = cache.get(k) ?? {}
      if (geometry) entry.geometry = v.geometry
      if (shares) entry.boroughs = v.boroughs
      cache.set(k, entry)
    }
  }
  for (const c of cells) {
    const k = `${c.q}:${c.r}`
    const hit = cache.get(k)!
    out.set(k, { q: c.q, r: c.r, geometry: geometry ? (hit.geometry ?? null) : null, boroughs: shares ? (hit.boroughs ?? []) : [] })
  }
  return out
}

/**
 * Every cell of `size` whose centre lies in a borough in force (of `boroughs`; all when null), with that
 * borough (the lowest code on a shared edge). The same cells as the database's `analysis_study_area`
 * (migration 0008), written here so PostgreSQL plans it with the actual size and borough list: inside
 * that SQL function the generic plan took the borough list to hold one row and probed area_parts'
 * index once per candidate cell per borough (33 times over; 40 s at 250 m on a loaded server instead
 * of 0.6 s). Candidate cells are materialised with their centre so each probes the spatial index of
 * area_parts once; the boroughs in force are an array filter; JIT is off for this statement (the
 * estimates of generate_series make it compile a query that runs in milliseconds).
 */
export async function studyArea(db: Kysely<DB>, size: number, boroughs: readonly string[] | null): Promise<Array<Axial & { borough: string }>> {
  const key = `${await boundariesVersion(db)}:${size}:${boroughs?.join(',') ?? '*'}`
  return areaCache.get(key) ?? areaCache.set(key, await queryStudyArea(db, size, boroughs))
}

async function queryStudyArea(db: Kysely<DB>, size: number, boroughs: readonly string[] | null): Promise<Array<Axial & { borough: string }>> {
  const run = async (trx: Kysely<DB>) => {
    const {
      rows: [prev],
    } = await sql<{ jit: string }>`select current_setting('jit') as jit, set_config('jit', 'off', true)`.execute(trx)
    const { rows } = await sql<{ q: number; r: number; borough: string }>`
      with b as materialized (
        select a.id, a.geom from areas a
        where a.kind = 'borough' and (a.valid_to is null or a.valid_to > current_date)
          and (${boroughs === null ? null : `{${boroughs.join(',')}}`}::text[] is null or a.code = any (${boroughs === null ? null : `{${boroughs.join(',')}}`}::text[]))
      ), e as materialized (
        select ST_Extent(b.geom)::box2d as e from b
      ), qs as materialized (
        select q, e.e from e, generate_series(floor(ST_XMin(e.e) / (1.5 * ${size}::float8))::integer - 1,
                                         ceil(ST_XMax(e.e) / (1.5 * ${size}::float8))::integer + 1) as q
        where e.e is not null
      ), c as materialized (
        select qs.q, r, ST_SetSRID(ST_MakePoint(1.5 * ${size}::float8 * qs.q, sqrt(3.0) * ${size}::float8 * (r + qs.q / 2.0::float8)), 27700) as pt
        from qs, generate_series(floor(ST_YMin(qs.e) / (sqrt(3.0) * ${size}::float8) - qs.q / 2.0::float8)::integer - 1,
                                 ceil(ST_YMax(qs.e) / (sqrt(3.0) * ${size}::float8) - qs.q / 2.0::float8)::integer + 1) as r
      )
      select distinct on (c.q, c.r) c.q, c.r, p.code as borough
      from c
      join area_parts p on p.kind = 'borough' and ST_Intersects(p.geom, c.pt)
      where p.area_id = any (array(select b.id from b))
      order by c.q, c.r, p.code`.execute(trx)
    await sql`select set_config('jit', ${prev!.jit}, true)`.execute(trx)
    return rows
  }
  return transact(db, run)
}
