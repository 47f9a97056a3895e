import type { FeatureCollection } from 'geojson'
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { labelPoints } from '../geo/label-points.js'
import { LSOA_MINZOOM, SOURCE, WARD_MINZOOM, type LayerGroup, type SourceId } from '../style/layers.js'
import { areasUrl, type AreaKind } from '../style/style.js'

interface LazyArea {
  source: SourceId
  kind: AreaKind
  group: LayerGroup
  minzoom: number
}

/** Wards and LSOAs are fetched whole, once, the first time they are switched on and zoomed to. */
const LAZY: LazyArea[] = [
  { source: SOURCE.wards, kind: 'ward', group: 'wards', minzoom: WARD_MINZOOM },
  { source: SOURCE.lsoas, kind: 'lsoa', group: 'lsoas', minzoom: LSOA_MINZOOM },
]

const geojson = (map: MapLibreMap, id: SourceId) => map.getSource<GeoJSONSource>(id)

/**
 * Resolves with a GeoJSON source's data once the map has loaded some (a source that stays empty
 * never resolves, which is harmless: its labels or table rows simply never appear).
 */
export function loadedData(map: MapLibreMap, id: SourceId): Promise<FeatureCollection> {
  return new Promise((resolve) => {
    let asking = false
    const onData = (e: { sourceId?: string; isSourceLoaded?: boolean }) => {
      if (e.sourceId !== id || !e.isSourceLoaded || asking) return
      asking = true // getData copies the whole collection out of the worker: once at a time
      void geojson(map, id)
        ?.getData()
        .then((d) => {
          asking = false
          const collection = d as FeatureCollection
          if (!collection.features?.length) return
          map.off('sourcedata', onData)
          resolve(collection)
        })
    }
    map.on('sourcedata', onData)
    // The source may have loaded before this was asked (its event is then gone): look at once too.
    if (map.getSource(id) && map.isSourceLoaded(id)) onData({ sourceId: id, isSourceLoaded: true })
  })
}

/**
 * Keeps the `labels` source holding one point per borough and, once wards are loaded, per ward.
 * Returns a function that fetches wards or LSOAs when the view first needs them.
 */
export function lazyAreas(map: MapLibreMap, apiBase: string, boroughs: FeatureCollection) {
  const requested = new Set<AreaKind>()
  let labels = labelPoints(boroughs, 'borough').features
  geojson(map, SOURCE.labels)?.setData({ type: 'FeatureCollection', features: labels })

  return function loadIfNeeded(layers: Record<LayerGroup, boolean>): void {
    for (const area of LAZY) {
      if (requested.has(area.kind) || !layers[area.group] || map.getZoom() < area.minzoom - 0.5) continue
      requested.add(area.kind)
      const data = loadedData(map, area.source)
      geojson(map, area.source)?.setData(areasUrl(apiBase, area.kind))
      if (area.kind === 'ward') {
        void data.then((wards) => {
          labels = [...labels, ...labelPoints(wards, 'ward').features]
          geojson(map, SOURCE.labels)?.setData({ type: 'FeatureCollection', features: labels })
        })
      }
    }
  }
}
