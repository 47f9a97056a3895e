import type { FeatureCollection } from 'geojson'
import type { LayerSpecification, Map as MapLibreMap, MapGeoJSONFeature } from 'maplibre-gl'
import type { Identified } from '../map/tools.js'
import type { Filters } from '../panels/registry.js'

export interface OverlayQuery {
  filters: Filters
  /** Hex circumradius, metres. */
  size: number
  /** The flows layer draws only this many of the largest flows (Infinity: all). */
  flowsTop: number
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
  /** What the click popup says about a feature of the layer `identify.layer`. */
  identify?: OverlayIdentify
}

export interface OverlayIdentify {
  layer: string
  describe(f: MapGeoJSONFeature, q: OverlayQuery): Identified | null
}

/** A property MapLibre handed back as JSON text (nested values are stringified in rendered features). */
export function parsed<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string') return (value as T) ?? fallback
  try {
    return JSON.parse(value) as T
  } catch {
    return fallback
  }
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
  identify?: OverlayIdentify
}

export type AnyOverlayDef = OverlayDef | TileOverlayDef
export const isTileOverlay = (def: AnyOverlayDef): def is TileOverlayDef => 'kind' in def && def.kind === 'tiles'

export const layerIds = (def: AnyOverlayDef): string[] => def.layers().map((l) => l.id)

export const fmt = (n: number) => n.toLocaleString('en-GB')
