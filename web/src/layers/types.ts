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

/**
 * An overlay drawn from the service's vector tiles instead of fetched GeoJSON: the map asks for the
 * tiles it needs as it moves; the summary describes what is rendered in view.
 */
export interface TileOverlayDef {
  kind: 'tiles'
  id: string
  label: string
  source: string
  minzoom: number
  beforeId: string
  layers(): LayerSpecification[]
  legend(): HTMLElement
  /** The tile URL template ({z}/{x}/{y}) for the filters; absolute, as MapLibre's workers fetch it. */
  tileUrl(q: OverlayQuery): string
  /** A sentence on what is drawn in view now. */
  summary(map: MapLibreMap): string
}

export type AnyOverlayDef = OverlayDef | TileOverlayDef
export const isTileOverlay = (def: AnyOverlayDef): def is TileOverlayDef => 'kind' in def && def.kind === 'tiles'

export const layerIds = (def: AnyOverlayDef): string[] => def.layers().map((l) => l.id)

export const fmt = (n: number) => n.toLocaleString('en-GB')
