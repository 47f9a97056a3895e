import type { Feature } from 'geojson'
import type { LayerSpecification, LngLat, Map as MapLibreMap } from 'maplibre-gl'

/**
 * Shader warm-up. A map layer's first frame compiles and links its WebGL programs, and the page
 * waits for it: on this project's test machine (WebGL in software) the programs of a lead's
 * overlays took about 0.8 s of the sign-in, as long as everything else the page did (`npm run bench
 * -- interactions`, docs/performance.md); a laptop's integrated GPU is faster but not free. So while
 * the sign-in form is shown, the page draws copies of the overlays' layers once, with their own
 * paint and layout (the same programs), on one tiny point, line and polygon placed in a part of a
 * drawn tile just outside the visible map, then removes them: nothing is seen, and the programs are
 * compiled by the time someone signs in.
 */

const SOURCE = 'warm-up'
/** How far outside the visible map the shapes must lie, in pixels (a dot's radius and its stroke). */
const CLEAR_PX = 24
/** The copies are removed after this long even when the map has not settled. */
const GIVE_UP_MS = 5_000

const tileCount = (z: number) => 2 ** z
const lonOf = (x: number, z: number) => (x / tileCount(z)) * 360 - 180
const latOf = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / tileCount(z)))) * 180) / Math.PI
const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * tileCount(z))
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * tileCount(z))
}

/**
 * A place inside a tile the map draws now but outside the visible map by at least CLEAR_PX: between
 * a corner of the view and the far corner of the tile that holds it. Null when no corner leaves room.
 */
export function hiddenSpot(map: MapLibreMap): [number, number] | null {
  const z = Math.max(0, Math.floor(map.getZoom())) // GeoJSON tiles are 512 px: tile zoom = floor(zoom)
  const b = map.getBounds()
  const corners: Array<[LngLat, (x: number, y: number) => [number, number]]> = [
    [b.getNorthWest(), (x, y) => [lonOf(x, z), latOf(y, z)]],
    [b.getSouthEast(), (x, y) => [lonOf(x + 1, z), latOf(y + 1, z)]],
  ]
  const { width, height } = map.getCanvas().getBoundingClientRect()
  for (const [corner, far] of corners) {
    const [lon, lat] = far(tileX(corner.lng, z), tileY(corner.lat, z))
    const spot: [number, number] = [(lon + corner.lng) / 2, (lat + corner.lat) / 2]
    const p = map.project(spot)
    const outside = Math.max(-p.x, -p.y, p.x - width, p.y - height)
    if (outside >= CLEAR_PX && Number.isFinite(outside)) return spot
  }
  return null
}

/** Every property an expression reads with ["get", name], given the value 1 (so the copies draw). */
function propertiesRead(layers: LayerSpecification[]): Record<string, number> {
  const names = new Set<string>()
  const walk = (v: unknown): void => {
    if (!Array.isArray(v)) return
    if (v[0] === 'get' && typeof v[1] === 'string') names.add(v[1])
    v.forEach(walk)
  }
  for (const l of layers as Array<{ paint?: object; layout?: object }>)
    for (const v of [...Object.values(l.paint ?? {}), ...Object.values(l.layout ?? {})]) walk(v)
  return Object.fromEntries([...names].map((n) => [n, 1]))
}

/**
 * A point, a line and a triangle at `spot`, the line and triangle SHAPE_UNITS tile units across at
 * zoom `z` (a tile is 8192 units over 512 px): any smaller and the tiler rounds them to nothing, no
 * bucket is made, and their programs are not compiled (a line 1e-6° long left every line overlay to
 * be compiled at sign-in).
 */
const SHAPE_UNITS = 16
function shapes([lon, lat]: [number, number], z: number, properties: Record<string, number>): Feature[] {
  const d = (SHAPE_UNITS * 360) / tileCount(z) / 8192
  return [
    { type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } },
    {
      type: 'Feature',
      properties,
      geometry: {
        type: 'LineString',
        coordinates: [
          [lon, lat],
          [lon + d, lat + d],
        ],
      },
    },
    {
      type: 'Feature',
      properties,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon, lat],
            [lon + d, lat],
            [lon, lat + d],
            [lon, lat],
          ],
        ],
      },
    },
  ]
}

/** A copy of `layer` on the warm-up source: same paint and layout, no filter or zoom range, visible. */
function copyOf(layer: LayerSpecification, i: number): LayerSpecification | null {
  if (layer.type === 'background' || layer.type === 'raster' || layer.type === 'hillshade' || layer.type === 'color-relief') return null
  // Patterns need their images, which the page adds with the layer.
  if (Object.keys((layer as { paint?: object }).paint ?? {}).some((k) => k.endsWith('-pattern'))) return null
  const { filter: _f, minzoom: _min, maxzoom: _max, 'source-layer': _sl, ...rest } = layer as LayerSpecification & { filter?: unknown; 'source-layer'?: string }
  return { ...rest, id: `${SOURCE}-${i}`, source: SOURCE, layout: { ...(layer.layout ?? {}), visibility: 'visible' } } as LayerSpecification
}

/**
 * Draws copies of `layers` once out of sight and removes them after that frame. Resolves when done
 * (or at once when the view leaves no room, or when a copy cannot be added). The page's
 * `data-warm-up` says which: `drawing`, `done`, `no room` or `failed`.
 */
export function warmUpPrograms(map: MapLibreMap, layers: LayerSpecification[]): Promise<void> {
  const state = (s: string) => {
    document.documentElement.dataset.warmUp = s
    document.documentElement.dataset.warmUpAt = String(Math.round(performance.now()))
  }
  const spot = hiddenSpot(map)
  if (!spot || map.getSource(SOURCE)) return Promise.resolve(state('no room'))
  const copies = layers.map(copyOf).filter((l): l is LayerSpecification => l !== null)
  const remove = () => {
    for (const l of copies) if (map.getLayer(l.id)) map.removeLayer(l.id)
    if (map.getSource(SOURCE)) map.removeSource(SOURCE)
  }
  try {
    map.addSource(SOURCE, {
      type: 'geojson',
      data: { type: 'FeatureCollection', features: shapes(spot, Math.max(0, Math.floor(map.getZoom())), propertiesRead(layers)) },
    })
    for (const l of copies) map.addLayer(l)
  } catch (e) {
    remove()
    console.warn('shader warm-up skipped', e)
    return Promise.resolve(state('failed'))
  }
  document.documentElement.dataset.warmUpSpot = spot.join(',')
  state('drawing')
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer)
      map.off('idle', finish)
      remove()
      done(state('done'))
    }
    // Removed after the frame, or after a few seconds if the map never settles (copies never stay).
    const timer = setTimeout(finish, GIVE_UP_MS)
    map.once('idle', finish)
  })
}
