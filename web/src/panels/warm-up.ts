import type { LayerSpecification } from 'maplibre-gl'
import { borderZoneLayers } from '../layers/border-zone.js'
import { pointLayerSpec } from './caseworker/layers.js'
import { choroplethFillSpec } from './commissioner/choropleth.js'
import { createOverlays } from './lead/overlays.js'

/** The layers a signed-in role may add to the map, for their programs to be compiled before sign-in (map/warm-up.ts). */
export function roleLayers(): LayerSpecification[] {
  return [
    ...createOverlays().flatMap((def) => def.layers()),
    ...borderZoneLayers(),
    pointLayerSpec('caseload-points', 4),
    pointLayerSpec('placed-points', 7, true),
    choroplethFillSpec('commissioner-counts'),
  ]
}
