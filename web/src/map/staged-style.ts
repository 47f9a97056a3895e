import type { LayerSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { Map as MapLibreMap } from 'maplibre-gl'

/**
 * The map starts with the part of its style the first frame draws, and is given the rest once that
 * frame is on screen. Each GeoJSON source, even an empty one, is sent to a worker and answers with an
 * event that makes MapLibre draw another frame; before the boroughs' tiles are in, the empty wards,
 * LSOAs, labels, highlight and selection sources cost five or six frames, and in software WebGL each
 * frame takes 75–290 ms of the graphics process (docs/performance.md). So those sources and their
 * layers wait until the first frame with the boroughs, or until something needs them sooner.
 */
export interface StagedStyle {
  /** The style the map is created with: every source but the deferred ones, and the layers drawing them. */
  first: StyleSpecification
  /** Adds the deferred sources and layers, each layer in its place in the full style; later calls do nothing. */
  complete(): void
  /** Settles once the full style is on the map. */
  completed: Promise<void>
}

const sourceOf = (layer: LayerSpecification): string | undefined => ('source' in layer && typeof layer.source === 'string' ? layer.source : undefined)

/**
 * Splits `full` into the first stage (without `deferred` sources) and the rest, added to `map` by
 * `complete()`. Create the map with `first` and `attach` it at once; `complete()` before the style has
 * loaded is done when it loads.
 */
export function stageStyle(full: StyleSpecification, deferred: readonly string[]): StagedStyle & { attach(map: MapLibreMap): void } {
  const later = new Set(deferred)
  const isLater = (layer: LayerSpecification) => later.has(sourceOf(layer) ?? '')
  const first: StyleSpecification = {
    ...full,
    sources: Object.fromEntries(Object.entries(full.sources).filter(([id]) => !later.has(id))),
    layers: full.layers.filter((layer) => !isLater(layer)),
  }
  let map: MapLibreMap | undefined
  let styleReady = false
  let asked = false
  let settle: () => void = () => {}
  const completed = new Promise<void>((resolve) => {
    settle = resolve
  })

  const addRest = (m: MapLibreMap) => {
    for (const id of deferred) if (!m.getSource(id) && full.sources[id]) m.addSource(id, full.sources[id])
    full.layers.forEach((layer, i) => {
      if (!isLater(layer) || m.getLayer(layer.id)) return
      // Directly above the full style's previous layer on the map, so each lands where it would have
      // been had it been there from the start: an overlay added meanwhile under `borders-label` stays
      // above the highlighted border and the looked-up point, as one added later would be.
      const previous = full.layers
        .slice(0, i)
        .reverse()
        .find((l) => m.getLayer(l.id))
      const order = m.getLayersOrder()
      const next = previous ? order[order.indexOf(previous.id) + 1] : order[0]
      m.addLayer(layer, next)
    })
    settle()
  }

  return {
    first,
    completed,
    attach(m) {
      map = m
      // Not map.isStyleLoaded(): that also waits for every source's data, which the first frame does not.
      m.once('style.load', () => {
        styleReady = true
        if (asked) addRest(m)
      })
    },
    complete() {
      if (asked) return
      asked = true
      if (styleReady && map) addRest(map)
    },
  }
}
