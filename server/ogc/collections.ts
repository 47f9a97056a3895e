import type { Kysely } from 'kysely'
import { COUNTING } from '../auth/access.js'
import type { Actor } from '../auth/actor.js'
import type { AreaKind, DB } from '../db/types.js'
import { AREA_FILTERS, areaItem, areaItems } from './areas.source.js'
import { COUNT_FILTERS, countItems, type CountGeography } from './counts.source.js'
import type { ShapePolicy } from './cql2/sql.js'
import type { FilterSpec } from './queryables.js'
import { EXACT_FILTERS, GENERALISED_FILTERS, exactItem, exactItems, generalisedItems, mayReadGeneralised } from './referrals.source.js'
import type { ItemRequest, ItemsPage, ItemsRequest } from './source.js'
import { agreementInForce } from '../auth/agreements.js'
import { EXACT_COLUMNS } from '../exports/exact.repository.js'

/** What a collection needs to answer: the request's transaction (or the public pool) and the caller. */
export interface SourceContext {
  db: Kysely<DB>
  actor: Actor | null
  k: number
  borderZoneM: number
  /** The query as sent, for the audit log. */
  query: Record<string, unknown>
}

/**
 * One layer of the OGC API: who may see it, and how to read its items. Boundaries are public;
 * the rest need a signed-in caller (session cookie or partner token) of the right role.
 */
export interface Collection {
  id: string
  title: string
  description: string
  /** Public: readable with the public pool, no actor needed. */
  public: boolean
  /** Reading its items writes an audit row, so it is read on the primary, never a read replica. */
  audited: boolean
  /** Whether this actor may see the layer (listed, readable); called inside their scoped transaction. */
  visibleTo(db: Kysely<DB>, actor: Actor): Promise<boolean>
  /** Paging: by offset, or by key (the `cursor` parameter). */
  paging: 'offset' | 'key'
  /** Whether `datetime` filters it, and on what. */
  temporal: string
  /** The properties its features carry (what `properties` may select). */
  properties: readonly string[]
  /** What `filter`, `name=value` and `sortby` may name (the queryables). */
  filters: FilterSpec
  /** Whether this caller may filter the layer by an arbitrary shape (S_INTERSECTS). */
  shapes(actor: Actor | null): ShapePolicy
  items(ctx: SourceContext, r: ItemsRequest): Promise<ItemsPage>
  item(ctx: SourceContext, r: ItemRequest): Promise<string | undefined>
}

/**
 * Arbitrary shapes are free on boundaries (public, no referral in them) and for people who see exact
 * locations anyway; aggregate readers keep to the fixed geographies (docs/disclosure.md), so a shape
 * on a layer of counts or cells is refused to them like a free date range.
 */
const ANY_SHAPE: ShapePolicy = { allowed: true }
const leadsOnly = (actor: Actor | null): ShapePolicy =>
  actor?.role === 'lead'
    ? ANY_SHAPE
    : { allowed: false, reason: 'aggregate readers may not choose their own shapes: filter by area code or name, or use bbox to pick areas' }

const yes = async () => true

const boundary = (id: string, kind: AreaKind, title: string): Collection => ({
  id,
  title,
  public: true,
  audited: false,
  paging: 'offset',
  description: `${title} of London (stored in EPSG:27700, served in CRS84 or EPSG:27700), with their codes and validity.`,
  temporal: 'datetime selects the areas valid at that instant or during that interval; without it, those in force today',
  visibleTo: yes,
  properties: ['code', 'name', 'kind', 'parentCode', 'synthetic', 'validFrom', 'validTo'],
  filters: AREA_FILTERS,
  shapes: () => ANY_SHAPE,
  items: (ctx, r) => areaItems(ctx.db, kind, r),
  item: (ctx, r) => areaItem(ctx.db, kind, r),
})

const counts = (id: string, geography: CountGeography, title: string): Collection => ({
  id,
  title,
  public: false,
  audited: false,
  paging: 'offset',
  description: `${title}: distinct referrals per ${geography} over whole months, exact for leads and perturbed by the cell-key method for every other reader (never 1 to k−1; the same value as GET /api/v1/stats/counts for the same period; datetime must then cover a fixed period: a month, a calendar quarter or a financial year; without datetime, the last complete calendar quarter). Only areas in the caller's scope.`,
  temporal:
    'datetime is widened to whole months; for a lead the default is everything to this month; for everyone else it must cover a month, a calendar quarter or a financial year, default the last complete calendar quarter',
  // A partner sees a ward layer only when its agreement lists the ward field (reading it would be 403).
  visibleTo: async (db, actor) =>
    COUNTING.includes(actor.role) && (geography !== 'ward' || actor.role !== 'partner' || (await agreementInForce(db)).fields.includes('ward')),
  properties: ['code', 'name', 'referrals', 'suppressed', 'from', 'to', 'k'],
  filters: COUNT_FILTERS,
  shapes: leadsOnly,
  items: (ctx, r) => countItems(ctx.db, ctx.actor!, geography, r, ctx.k),
  item: async (ctx, r) => (await countItems(ctx.db, ctx.actor!, geography, r, ctx.k)).features[0],
})

/** The layers, in the order /collections lists them. */
export const COLLECTIONS: readonly Collection[] = [
  boundary('boroughs', 'borough', 'London boroughs'),
  boundary('wards', 'ward', 'Wards'),
  boundary('lsoas', 'lsoa', 'Lower layer super output areas (2021)'),
  boundary('estates', 'estate', 'Estates'),
  counts('borough-counts', 'borough', 'Referrals per borough'),
  counts('ward-counts', 'ward', 'Referrals per ward'),
  {
    id: 'referrals-generalised',
    title: 'Referral locations, generalised',
    public: false,
    audited: false,
    paging: 'offset',
    description:
      "Located events snapped to the centre of a fixed cell of the British National Grid (250 m; a partner: its agreement's cell size), with the distinct referrals in it: exact for a lead (cells under k dropped), perturbed by the cell-key method for everyone else (cells published as 0 dropped; docs/disclosure.md). Partners under a generalised data-sharing agreement (its boroughs, no victims unless it says so) and the organisation's staff.",
    temporal:
      "datetime is widened to whole months of the events' dates; for a lead the default is everything to this month; for everyone else it must cover a month, a calendar quarter or a financial year, default the last complete calendar quarter",
    visibleTo: (db, actor) => mayReadGeneralised(db, actor),
    properties: ['cellM', 'referrals'],
    filters: GENERALISED_FILTERS,
    shapes: leadsOnly,
    items: (ctx, r) => generalisedItems(ctx.db, ctx.actor!, r),
    item: async (ctx, r) => (await generalisedItems(ctx.db, ctx.actor!, r)).features[0],
  },
  {
    id: 'referral-locations',
    title: 'Referral locations, exact',
    public: false,
    audited: true,
    paging: 'key',
    description: "Exact located events of the organisation's referrals (leads) or of a caseworker's caseload, never restricted ones. Every read is audited.",
    temporal: 'datetime selects events observed at that date or during that interval',
    visibleTo: async (_db, actor) => actor.role === 'lead' || actor.role === 'caseworker',
    properties: EXACT_COLUMNS,
    filters: EXACT_FILTERS,
    // Whoever may read this layer sees these exact points already; a shape only narrows them.
    shapes: () => ANY_SHAPE,
    items: (ctx, r) => exactItems(ctx.db, ctx.actor!, r, ctx.borderZoneM, ctx.query),
    item: (ctx, r) => exactItem(ctx.db, ctx.actor!, r, ctx.borderZoneM),
  },
]

export const collectionById = (id: string) => COLLECTIONS.find((c) => c.id === id)
