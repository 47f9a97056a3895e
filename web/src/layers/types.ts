import type { FeatureCollection } from 'geojson'
import type { LayerSpecification, Map as MapLibreMap } from 'maplibre-gl'
import type { Filters } from '../panels/registry.js'

export interface OverlayQuery {
  filters: Filters
  /** Hex circumradius, metres. */
  size: number
  areaName(code: string): string
}

/** What an overlay fetched: its map data, a sentence saying what it shows, and the same as a table. */
export interface OverlayResult {
  data: FeatureCollection
  summary: string
  table?: { caption: string; head: string[]; rows: (string | number)[][] }
}

/**
 * A map overlay of the analysis panel: its source and layers (ids `${source}-${kind}`), its legend
 * and how it fetches its data from the API for the current filters.
 */
export interface OverlayDef {
  id: string
  label: string
  source: string
  beforeId: string
  layers(): LayerSpecification[]
  legend(): HTMLElement
  fetch(q: OverlayQuery, signal: AbortSignal): Promise<OverlayResult>
  /** Restyles after new data (e.g. a colour ramp scaled to the busiest cell). */
  update?(map: MapLibreMap): void
}

export const layerIds = (def: OverlayDef): string[] => def.layers().map((l) => l.id)

export const fmt = (n: number) => n.toLocaleString('en-GB')
