import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl'
import { TerraDraw, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from 'terra-draw'
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter'
import { styleLoaded, whenStyleReady } from '../caseworker/layers.js'
import type { AreaGeometry } from './api.js'

const KEYBOARD_ID_PROP = 'keyboard'

/**
 * The drawing surface: terra-draw over MapLibre with a polygon mode (click the corners, click the
 * first one or double-click to close) and a select mode (drag corners, add them at the midpoints,
 * delete one with a right-click). Also corners added from the keyboard at the map centre.
 */
export class DrawTool {
  readonly draw: TerraDraw
  private keyboardCorners: [number, number][] = []
  private keyboardFeature: string | number | null = null
  private started = false

  constructor(
    private readonly map: MapLibreMap,
    onFinish: () => void,
  ) {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td-draw' }),
      modes: [
        new TerraDrawPolygonMode({
          styles: { fillColor: '#0072b2', fillOpacity: 0.2, outlineColor: '#0072b2', outlineWidth: 3, closingPointColor: '#d55e00', closingPointWidth: 6 },
        }),
        new TerraDrawSelectMode({
          flags: { polygon: { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } } },
          styles: { selectedPolygonColor: '#d55e00', selectedPolygonOutlineColor: '#d55e00', selectedPolygonOutlineWidth: 3, selectionPointColor: '#d55e00' },
        }),
      ],
    })
    this.draw.on('finish', (_id, context) => {
      if (context.action === 'draw') onFinish()
    })
  }

  /**
   * Starts terra-draw on first use, not when the panel mounts: it adds three sources and their layers
   * to the map, which a lead's sign-in would otherwise load, tile and draw for nothing. True once it
   * runs; false while the map's style is still loading (the caller says so and the user tries again).
   */
  begin(): boolean {
    if (this.started) return true
    if (!styleLoaded(this.map)) return false
    this.started = true
    this.draw.start()
    return true
  }

  stop(): void {
    if (this.started) this.draw.stop()
    this.started = false
  }

  /** Clears what is drawn and lets the user click a new polygon. */
  drawNew(): void {
    this.reset()
    this.draw.setMode('polygon')
  }

  /** Loads an existing outline for editing (each polygon of a MultiPolygon separately). */
  edit(geometry: AreaGeometry): void {
    this.reset()
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
    const results = this.draw.addFeatures(
      polygons.map(
        (coordinates) =>
          ({
            type: 'Feature',
            geometry: { type: 'Polygon', coordinates },
            properties: { mode: 'polygon' },
          }) as GeoJSONStoreFeatures,
      ),
    )
    this.draw.setMode('select')
    const first = results.find((r) => r.valid)
    if (first) this.draw.selectFeature(first.id as string)
  }

  /** After a polygon is finished: switch to editing it. */
  selectLast(): void {
    const last = this.polygons().at(-1)
    this.draw.setMode('select')
    if (last?.id !== undefined) this.draw.selectFeature(last.id)
  }

  /** Adds a corner at [lon, lat] from the keyboard; from the third on, the polygon is shown. */
  addCorner(lon: number, lat: number): number {
    this.keyboardCorners.push([lon, lat])
    if (this.keyboardCorners.length >= 3) {
      if (this.keyboardFeature !== null) this.draw.removeFeatures([this.keyboardFeature])
      const ring = [...this.keyboardCorners, this.keyboardCorners[0]!]
      const [result] = this.draw.addFeatures([
        {
          type: 'Feature',
          geometry: { type: 'Polygon', coordinates: [ring] },
          properties: { mode: 'polygon', [KEYBOARD_ID_PROP]: true },
        } as GeoJSONStoreFeatures,
      ])
      this.keyboardFeature = result?.valid ? (result.id as string) : null
    }
    return this.keyboardCorners.length
  }

  /** The polygons drawn (not the selection handles), as one geometry; null when there is none. */
  geometry(): AreaGeometry | null {
    const polys = this.polygons().map((f) => (f.geometry as GeoJSON.Polygon).coordinates)
    if (polys.length === 0) return null
    return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0]! } : { type: 'MultiPolygon', coordinates: polys }
  }

  reset(): void {
    this.keyboardCorners = []
    this.keyboardFeature = null
    if (!this.started) return
    this.draw.setMode('static')
    this.draw.clear()
  }

  private polygons(): GeoJSONStoreFeatures[] {
    return this.draw.getSnapshot().filter((f) => f.geometry.type === 'Polygon' && f.properties.mode === 'polygon' && !f.properties.currentlyDrawing)
  }
}

/** The organisation's drawn areas as a map layer under the drawing. */
export function showDrawnAreas(map: MapLibreMap, data: GeoJSON.FeatureCollection): () => void {
  const source = 'drawn-areas'
  const add = () => {
    const existing = map.getSource<GeoJSONSource>(source)
    if (existing) existing.setData(data)
    else map.addSource(source, { type: 'geojson', data })
    if (!map.getLayer(`${source}-fill`)) map.addLayer({ id: `${source}-fill`, type: 'fill', source, paint: { 'fill-color': '#009e73', 'fill-opacity': 0.12 } })
    if (!map.getLayer(`${source}-line`))
      map.addLayer({ id: `${source}-line`, type: 'line', source, paint: { 'line-color': '#006e50', 'line-width': 2.5, 'line-dasharray': [3, 1.5] } })
  }
  const cancel = whenStyleReady(map, add)
  return () => {
    cancel()
    for (const id of [`${source}-line`, `${source}-fill`]) if (map.getLayer(id)) map.removeLayer(id)
    if (map.getSource(source)) map.removeSource(source)
  }
}
