import type { FillLayerSpecification, GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { legendRow } from '../../layers/overlay.js'

/** Sequential blues (ColorBrewer, colour-blind safe), four classes of the largest count. */
export const RAMP = ['#deebf7', '#9ecae1', '#4292c6', '#08519c'] as const
/** "Fewer than k": a hatch, so a withheld count never looks like an area with no data or a light class. */
export const HATCH = { id: 'hatch-fewer-than-k', ink: '#4a4843' } as const

/** The class of a count: band i holds the counts n with ⌊4n / max⌋ = i (the last band also max itself). */
export const band = (n: number, max: number) => Math.min(3, Math.floor((n / max) * 4))

/** Legend rows with each class's range of counts ("13 to 25"), then the hatch when some are withheld. */
export function classRows(max: number, fewerThan?: string): HTMLElement[] {
  const lo = (i: number) => Math.ceil((i * max) / 4)
  const rows = RAMP.flatMap((c, i) => {
    const from = Math.max(i === 0 ? 0 : 1, lo(i)),
      to = i === 3 ? max : lo(i + 1) - 1
    return from > to ? [] : [legendRow('fill', c, from === to ? `${from}` : `${from} to ${to}`)]
  })
  if (fewerThan) rows.push(legendRow('hatch', HATCH.ink, fewerThan))
  return rows
}

/** An 8 × 8 diagonal hatch, drawn once into the map's images. */
function addHatch(map: MapLibreMap): void {
  if (map.hasImage(HATCH.id)) return
  const size = 8
  const data = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const on = (x + y) % size < 2
      const i = (y * size + x) * 4
      data.set(on ? [0x4a, 0x48, 0x43, 255] : [255, 255, 255, 235], i)
    }
  map.addImage(HATCH.id, { width: size, height: size, data })
}

/** The choropleth's class colours (areas not withheld). */
export function choroplethFillSpec(source: string): FillLayerSpecification {
  return {
    id: `${source}-fill`,
    type: 'fill',
    source,
    filter: ['!=', ['get', 'suppressed'], true],
    paint: {
      'fill-color': ['match', ['get', 'band'], 0, RAMP[0], 1, RAMP[1], 2, RAMP[2], 3, RAMP[3], '#ffffff'],
      'fill-opacity': 0.75,
    },
  }
}

/**
 * The counts per area as a choropleth: class colours, the hatch on withheld areas (property
 * `suppressed`), slid under the shared borders and every label so names stay readable.
 */
export function showChoropleth(map: MapLibreMap, source: string, data: GeoJSON.FeatureCollection): void {
  const src = map.getSource<GeoJSONSource>(source)
  if (src) return void src.setData(data)
  addHatch(map)
  const before = map.getLayer('borders-casing') ? 'borders-casing' : undefined
  map.addSource(source, { type: 'geojson', data })
  map.addLayer(choroplethFillSpec(source), before)
  map.addLayer({ id: `${source}-hatch`, type: 'fill', source, filter: ['==', ['get', 'suppressed'], true], paint: { 'fill-pattern': HATCH.id } }, before)
}

export function removeChoropleth(map: MapLibreMap, source: string): void {
  for (const id of [`${source}-hatch`, `${source}-line`, `${source}-fill`]) if (map.getLayer(id)) map.removeLayer(id)
  if (map.getSource(source)) map.removeSource(source)
}
