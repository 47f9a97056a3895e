import type { BBox } from '../db/spatial.js'
import type { Period } from './params.js'

/** What /items asks of a collection, checked (server/ogc/params.ts). */
export interface ItemsRequest {
  bbox?: BBox | undefined
  period?: Period | undefined
  limit: number
  offset: number
  /** Keyset position (collections paged by key rather than offset). */
  after?: string | undefined
}

/** One page: features as GeoJSON text, how many match in all, and where the next page starts. */
export interface ItemsPage {
  features: string[]
  numberMatched: number
  next: { offset: number } | { after: string } | null
}
