import { sql, type Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import { CASEWORK } from '../auth/access.js'
import { agreementInForce } from '../auth/agreements.js'
import { recordRead, type AuditAction } from '../audit/audit.js'
import { scopeValues, type ScopeOptions } from '../db/scoped.js'
import type { DB } from '../db/types.js'
import { forbidden, invalid } from '../errors/problem.js'
import { effectiveK } from '../privacy/disclosure.js'
import { areaLayers } from './areas.repository.js'
import type { TileEncoder } from './encoder.js'
import { dataVersion, matchesIfNoneMatch, tileEtag } from './etag.js'
import type { HexTableCache } from './hex-tables.js'
import { hexbinsLayer, hexCells } from './hexbins.repository.js'
import { exactPointsLayer, exactPointsTileStatement, generalisedPointsLayer, type TileFilter } from './points.repository.js'
import { GENERALISED_CELL_M, hexSizeForZoom, POINTS_MIN_ZOOM, type HexTileSize, type TileAddress } from './tile.js'
import { tileBox27700 } from './tile.sql.js'

/**
 * The three tile layers end to end, below HTTP: the ETag first (data version, address, scope, query)
 * so a matching If-None-Match costs no tile; then the layer queries, encoded by the database or in
 * JavaScript (server/tiles/encoder.ts).
 */

export interface TileQuery {
  from: string
  to: string
  programme?: string | undefined
  subjectRole?: string | undefined
  ageBand?: string | undefined
}

export type TileResult = { notModified: true; etag: string } | { notModified: false; etag: string; data: Buffer; features: number }

export interface TileContext {
  encoder: TileEncoder
  ifNoneMatch: string | undefined
}

const firstOfMonth = (ym: string) => `${ym}-01`
const monthAfter = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

function tileFilter(q: TileQuery): TileFilter & { to: string } {
  if (q.to < q.from) throw invalid('to', `must not be before from (${q.from})`)
  return { from: firstOfMonth(q.from), to: firstOfMonth(q.to), until: monthAfter(q.to), programme: q.programme, subjectRole: q.subjectRole, ageBand: q.ageBand }
}

const queryKey = (q: TileQuery) => [q.from, q.to, q.programme ?? null, q.subjectRole ?? null, q.ageBand ?? null]

/** Public boundaries: boroughs, wards (z10+), LSOAs (z12+), estates and patches (z11+). */
export async function areasTile(db: Kysely<DB>, t: TileAddress, ctx: TileContext): Promise<TileResult> {
  const etag = tileEtag(['areas', await dataVersion(db, 'areas'), t, ctx.encoder.kind])
  if (matchesIfNoneMatch(ctx.ifNoneMatch, etag)) return { notModified: true, etag }
  const box = await tileBox27700(db, t)
  const out = await ctx.encoder.encode(db, t, areaLayers(t, box))
  return { notModified: false, etag, data: out.data, features: out.features.reduce((a, b) => a + b, 0) }
}

interface Scope {
  organisation_id: string
  boroughs: string[] | null
  k: number
  include_victims: boolean
  suppress: boolean
  noise: number
  fields: string[] | null
  level: string | null
  cell: number | null
}

/** Everything that decides what a reader's counts are: a cached table is shared only by readers equal in all of it. */
async function disclosureScope(db: Kysely<DB>): Promise<Scope> {
  const { rows } = await sql<Scope>`
    select organisation_id, boroughs, k, include_victims, suppress, noise, fields, level, cell from disclosure_scope()`.execute(db)
  return rows[0]!
}

/** The largest hex an aggregate reader may see: the fixed grids stop at 1000 m (lower zooms show 1000 m hexes). */
const AGGREGATE_MAX_HEX: HexTileSize = 1000

/**
 * Distinct referrals per hex of the zoom band's size: the whole grid's table for the caller's
 * disclosure scope, cached per data version, then sliced to the tile. Leads: exact counts. Every
 * other counting role: the same published cells as GET /api/v1/analysis/hexbins (the database's
 * tile_hex_cells reads analysis_hex_counts for them), at most 1000 m, fixed periods only.
 */
export async function hexbinsTile(
  db: Kysely<DB>,
  actor: Actor,
  t: TileAddress,
  q: TileQuery,
  serviceK: number,
  cache: HexTableCache,
  ctx: TileContext,
): Promise<TileResult> {
  const f = tileFilter(q)
  if (actor.role === 'partner') await agreementInForce(db)
  const scope = await disclosureScope(db)
  // A partner sees exactly its agreement's cell size at every zoom.
  const size = (scope.suppress ? (scope.cell ?? Math.min(hexSizeForZoom(t.z), AGGREGATE_MAX_HEX)) : hexSizeForZoom(t.z)) as HexTileSize
  const k = effectiveK(serviceK, scope.k)
  const version = await dataVersion(db, 'referrals')
  const scopeKey = [scope.organisation_id, scope.boroughs, k, scope.include_victims, scope.suppress, scope.noise, scope.fields, scope.level, scope.cell]
  const etag = tileEtag(['hexbins', version, t, scopeKey, queryKey(q), ctx.encoder.kind])
  if (matchesIfNoneMatch(ctx.ifNoneMatch, etag)) return { notModified: true, etag }
  const box = await tileBox27700(db, t)

  // The whole grid's table once per data version, scope, size and query, then every tile sliced
  // from it (the database publishes each cell: exact for leads, perturbed for everyone else).
  const table = await cache.get(JSON.stringify([version, scopeKey, size, queryKey(q)]), async () => {
    const rows = await hexCells(db, size, f)
    return new Map(rows.filter((r) => r.line === 'cell' && (r.n ?? 0) > 0).map((c) => [`${c.q}:${c.r}`, { q: c.q!, r: c.r!, count: c.n, suppressed: false }]))
  })
  const qmin = Math.floor(box.xmin / (1.5 * size)) - 1
  const qmax = Math.ceil(box.xmax / (1.5 * size)) + 1
  const h = Math.sqrt(3) * size
  const cells = [...table.values()].filter(
    (c) => c.q >= qmin && c.q <= qmax && c.r >= Math.floor((box.ymin - size) / h - c.q / 2) - 1 && c.r <= Math.ceil((box.ymax + size) / h - c.q / 2) + 1,
  )
  const out = await ctx.encoder.encode(db, t, [hexbinsLayer(t, size, cells)])
  return { notModified: false, etag, data: out.data, features: out.features[0] ?? 0 }
}

/** Who reads exact points (the route admits partners too, for generalised ones). */
const isExactReader = (actor: Actor) => CASEWORK.includes(actor.role)
const EXACT_READ = 'referrals.read' satisfies AuditAction
const exactReadDetail = (t: TileAddress, q: TileQuery) => ({ via: 'tiles', layer: 'points', tile: `${t.z}/${t.x}/${t.y}`, ...q })
const exactEtag = (version: string, actor: Actor, t: TileAddress, q: TileQuery, encoder: TileEncoder['kind']) =>
  tileEtag(['points', version, t, [actor.role, actor.organisationId, actor.role === 'caseworker' ? actor.userId : null], queryKey(q), encoder])

/**
 * Points: exact located events for leads (the organisation's) and caseworkers (their caseload), each
 * read audited with its row count; for partners whose agreement is "generalised" the centres of the
 * agreement's fixed cells with their perturbed counts (cells published as 0 dropped); nothing for anyone else (the route admits no other role).
 */
export async function pointsTile(db: Kysely<DB>, actor: Actor, t: TileAddress, q: TileQuery, ctx: TileContext): Promise<TileResult> {
  if (t.z < POINTS_MIN_ZOOM) throw invalid('z', `points start at zoom ${POINTS_MIN_ZOOM}; use the hexbins layer below it`)
  const f = tileFilter(q)
  const version = await dataVersion(db, 'referrals')
  if (isExactReader(actor)) {
    const etag = exactEtag(version, actor, t, q, ctx.encoder.kind)
    if (matchesIfNoneMatch(ctx.ifNoneMatch, etag)) return { notModified: true, etag }
    const box = await tileBox27700(db, t)
    const out = await ctx.encoder.encode(db, t, [exactPointsLayer(t, box, f)])
    const features = out.features[0] ?? 0
    // Recorded in this transaction without the chain's lock (server/audit/fold.ts chains it within seconds).
    await recordRead(db, EXACT_READ, exactReadDetail(t, q), features)
    return { notModified: false, etag, data: out.data, features }
  }
  if (actor.role !== 'partner') throw forbidden("Points are for the organisation's staff and partners under a generalised agreement.")
  const agreement = await agreementInForce(db)
  if (agreement.level !== 'generalised') throw forbidden(`The agreement "${agreement.name}" allows aggregate counts only, not generalised points.`)
  const scope = await disclosureScope(db)
  const etag = tileEtag([
    'points',
    version,
    t,
    [scope.organisation_id, scope.boroughs, scope.k, scope.noise, scope.include_victims, agreement.id, agreement.level, scope.cell],
    queryKey(q),
    ctx.encoder.kind,
  ])
  if (matchesIfNoneMatch(ctx.ifNoneMatch, etag)) return { notModified: true, etag }
  const box = await tileBox27700(db, t)
  const out = await ctx.encoder.encode(db, t, [generalisedPointsLayer(t, box, f, scope.cell ?? GENERALISED_CELL_M)])
  return { notModified: false, etag, data: out.data, features: out.features[0] ?? 0 }
}

/** What `exactPointsTileInOneStatement` needs besides the tile: the session to check and the scope's values. */
export interface OneStatementContext {
  /** The session's hash when the route has not checked it yet (server/auth/recent-sessions.ts), else null. */
  session: Buffer | null
  sessionTtlMinutes: number
  scope: ScopeOptions
}

/**
 * A lead's or caseworker's exact points tile in one database statement (PostGIS encoder only;
 * tile_points_exact_request, migration 0025): the same tile, ETag and audit record as `pointsTile`,
 * without the round trips of a transaction. `db` is the pool (the statement is its own
 * transaction). Null when the actor does not read exact points or the request revalidates an ETag
 * (`pointsTile` answers those); 'gone' or 'changed' when the session checked in the statement is no
 * longer what the route assumed (nothing was read).
 */
export async function exactPointsTileInOneStatement(
  db: Kysely<DB>,
  actor: Actor,
  t: TileAddress,
  q: TileQuery,
  ctx: TileContext,
  one: OneStatementContext,
): Promise<TileResult | 'gone' | 'changed' | null> {
  // A request `pointsTile` refuses goes its way too: its session is checked before the 400.
  if (ctx.encoder.kind !== 'postgis' || ctx.ifNoneMatch || !isExactReader(actor) || t.z < POINTS_MIN_ZOOM || q.to < q.from) return null
  const f = tileFilter(q)
  const box = await tileBox27700(db, t)
  const row = await exactPointsTileStatement(db, {
    session: one.session,
    ttlMinutes: one.sessionTtlMinutes,
    scope: scopeValues(actor, one.scope),
    t,
    box,
    f,
    action: EXACT_READ,
    detail: exactReadDetail(t, q),
  })
  if (row.session_state !== 'ok') return row.session_state
  const features = Number(row.features ?? 0)
  const data = features > 0 && row.mvt ? Buffer.from(row.mvt) : Buffer.alloc(0)
  return { notModified: false, etag: exactEtag(String(row.referrals_version ?? 0), actor, t, q, ctx.encoder.kind), data, features }
}
