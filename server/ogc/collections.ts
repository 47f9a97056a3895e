import type { Kysely } from 'kysely'
import type { Actor } from '../auth/actor.js'
import type { AreaKind, DB } from '../db/types.js'
import { areaItem, areaItems } from './areas.source.js'
import { countItems, type CountGeography } from './counts.source.js'
import { exactItem, exactItems, generalisedItems, mayReadGeneralised } from './referrals.source.js'
import type { ItemsPage, ItemsRequest } from './source.js'
import { agreementInForce } from '../auth/agreements.js'

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
  /** Whether this actor may see the layer (listed, readable); called inside their scoped transaction. */
  visibleTo(db: Kysely<DB>, actor: Actor): Promise<boolean>
  /** Paging: by offset, or by key (the `cursor` parameter). */
  paging: 'offset' | 'key'
  /** Whether `datetime` filters it, and on what. */
  temporal: string
  items(ctx: SourceContext, r: ItemsRequest): Promise<ItemsPage>
  item(ctx: SourceContext, id: string): Promise<string | undefined>
}

const COUNTING = new Set(['lead', 'caseworker', 'commissioner', 'partner'])
const yes = async () => true

const boundary = (id: string, kind: AreaKind, title: string): Collection => ({
  id, title, public: true, paging: 'offset',
  description: `${title} of London (EPSG:27700 stored, served in CRS84), with their codes and validity.`,
  temporal: 'datetime selects the areas valid at that instant or during that interval; without it, those in force today',
  visibleTo: yes,
  items: (ctx, r) => areaItems(ctx.db, kind, r),
  item: (ctx, id2) => areaItem(ctx.db, kind, id2),
})

const counts = (id: string, geography: CountGeography, title: string): Collection => ({
  id, title, public: false, paging: 'offset',
  description: `${title}: distinct referrals per ${geography} over whole months, exact for leads and perturbed by the cell-key method for every other reader (never 1 to k−1; the same value as GET /api/v1/stats/counts for the same period; datetime must then cover a fixed period: a month, a calendar quarter or a financial year; without datetime, the last complete calendar quarter). Only areas in the caller's scope.`,
  temporal: 'datetime is widened to whole months; for a lead the default is everything to this month; for everyone else it must cover a month, a calendar quarter or a financial year, default the last complete calendar quarter',
  // A partner sees a ward layer only when its agreement lists the ward field (reading it would be 403).
  visibleTo: async (db, actor) => COUNTING.has(actor.role) &&
    (geography !== 'ward' || actor.role !== 'partner' || (await agreementInForce(db)).fields.includes('ward')),
  items: (ctx, r) => countItems(ctx.db, ctx.actor!, geography, r, ctx.k),
  item: async (ctx, code) => (await countItems(ctx.db, ctx.actor!, geography, { id: code }, ctx.k)).features[0],
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
    id: 'referrals-generalised', title: 'Referral locations, generalised', public: false, paging: 'offset',
    description: 'Located events snapped to the centre of a fixed cell of the British National Grid (250 m; a partner: its agreement\'s cell size), with the distinct referrals in it: exact for a lead (cells under k dropped), perturbed by the cell-key method for everyone else (cells published as 0 dropped; docs/disclosure.md). Partners under a generalised data-sharing agreement (its boroughs, no victims unless it says so) and the organisation\'s staff.',
    temporal: 'datetime is widened to whole months of the events\' dates; for a lead the default is everything to this month; for everyone else it must cover a month, a calendar quarter or a financial year, default the last complete calendar quarter',
    visibleTo: (db, actor) => mayReadGeneralised(db, actor),
    items: (ctx, r) => generalisedItems(ctx.db, ctx.actor!, r),
    item: async (ctx, id) => (await generalisedItems(ctx.db, ctx.actor!, { id })).features[0],
  },
  {
    id: 'referral-locations', title: 'Referral locations, exact', public: false, paging: 'key',
    description: 'Exact located events of the organisation\'s referrals (leads) or of a caseworker\'s caseload, never restricted ones. Every read is audited.',
    temporal: 'datetime selects events observed at that date or during that interval',
    visibleTo: async (_db, actor) => actor.role === 'lead' || actor.role === 'caseworker',
    items: (ctx, r) => exactItems(ctx.db, ctx.actor!, r, ctx.borderZoneM, ctx.query),
    item: (ctx, id) => exactItem(ctx.db, ctx.actor!, id, ctx.borderZoneM),
  },
]

export const collectionById = (id: string) => COLLECTIONS.find((c) => c.id === id)
