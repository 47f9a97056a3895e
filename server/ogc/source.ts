import type { RawBuilder } from 'kysely'
import type { Srid } from './crs.js'
import type { BoxFilter, Period } from './params.js'

/** What /items asks of a collection, checked (server/ogc/params.ts, server/ogc/query.ts). */
export interface ItemsRequest {
  bbox?: BoxFilter | undefined
  period?: Period | undefined
  limit: number
  offset: number
  /** Keyset position (collections paged by key rather than offset). */
  after?: string | undefined
  /** The CRS the geometry is written in (`crs`). */
  srid: Srid
  /** Conditions from `filter` and `name=value`, over the collection's own aliases (its FilterSpec). */
  where: RawBuilder<boolean>[]
  /** `sortby` terms, before the collection's own stable order. */
  order: RawBuilder<unknown>[]
}

/** One feature by id, in a CRS. */
export interface ItemRequest {
  id: string
  srid: Srid
}

/** One page: features as GeoJSON text, how many match in all, and where the next page starts. */
export interface ItemsPage {
  features: string[]
  numberMatched: number
  next: { offset: number } | { after: string } | null
}
