import { OVERVIEW_MAX_ZOOM } from '../../../server/areas/overview.js'
import type { Map as MapLibreMap, MapSourceDataEvent } from 'maplibre-gl'
import { MIN_ZOOM, type ViewState } from '../state/view.js'
import { BOROUGH_FILL_OPACITY, LINE_WIDTHS, SOURCE, widthAt } from '../style/layers.js'
import { OVERVIEW_URL } from '../style/style.js'
import type { Theme } from '../style/theme.js'

/**
 * The overview: the boroughs and their shared borders as a plain picture, shown in the map's box as
 * soon as the page has loaded and removed once the map has drawn them (removeOverviewWhenDrawn,
 * called by main.ts). Starting WebGL, tiling the borough map and compiling the first programs take one to
 * two seconds on a slow machine; the picture takes one small request and a 2D canvas. The server
 * makes it from the boundaries in force (GET /api/v1/areas/overview.svg, SVG paths in Web Mercator
 * metres); this file draws it at the camera the map opens at, in the map's own colours and widths.
 */

const CLASS = 'map-overview'

/** Half the Web Mercator world, in metres (EPSG:3857). */
const HALF_WORLD = 20037508.342789244
/** MapLibre's tiles are 512 px: at zoom z the world is 512·2^z pixels across. */
const WORLD_PX_AT_ZOOM_0 = 512

/** Web Mercator metres of a lon/lat. */
function mercator(lon: number, lat: number): [number, number] {
  const x = (lon * HALF_WORLD) / 180
  const y = (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * HALF_WORLD) / Math.PI
  return [x, y]
}

/**
 * The part of the picture (its x and y, y negated as the picture is drawn, and metres per pixel)
 * that the map shows at this camera in a box of this size: its top left corner is at (x, y).
 */
function windowFor(view: Pick<ViewState, 'zoom' | 'lat' | 'lon'>, width: number, height: number): { x: number; y: number; metresPerPx: number } {
  const metresPerPx = (2 * HALF_WORLD) / (WORLD_PX_AT_ZOOM_0 * 2 ** view.zoom)
  const [x, y] = mercator(view.lon, view.lat)
  return { x: x - (width / 2) * metresPerPx, y: -y - (height / 2) * metresPerPx, metresPerPx }
}

/** The picture's paths: one per borough, one per shared border (SVG path data). */
interface Picture {
  boroughs: string[]
  borders: string[]
}

/** The path data of the server's SVG (attribute values: ST_AsSVG writes only numbers and letters). */
function pathsOf(svg: string): Picture {
  const group = (name: string) => [...(new RegExp(`<g class="${name}">(.*?)</g>`, 's').exec(svg)?.[1] ?? '').matchAll(/ d="([^"]*)"/g)].map((m) => m[1]!)
  return { boroughs: group('boroughs'), borders: group('borders') }
}

/**
 * Draws the picture on `canvas` as the map's own layers draw at this zoom (style/layers.ts): the
 * background, the borough fills and outlines, then the shared borders over a white casing. Returns
 * the part of the picture shown, as an SVG viewBox.
 */
function draw(canvas: HTMLCanvasElement, picture: Picture, theme: Theme, view: ViewState, width: number, height: number): string {
  const ratio = devicePixelRatio || 1
  canvas.width = Math.round(width * ratio)
  canvas.height = Math.round(height * ratio)
  // A canvas the CPU draws on (willReadFrequently): drawn once, it is only copied to the screen after.
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const { x, y, metresPerPx } = windowFor(view, width, height)
  // The part shown, as an SVG viewBox (tests compare it with the map's camera).
  const viewBox = [x, y, width * metresPerPx, height * metresPerPx].join(' ')
  if (!ctx) return viewBox
  const scale = ratio / metresPerPx
  ctx.fillStyle = theme.background
  ctx.fillRect(0, 0, canvas.width, canvas.height)
  ctx.setTransform(scale, 0, 0, scale, -x * scale, -y * scale)
  ctx.lineJoin = 'round'
  ctx.lineCap = 'round'
  const paths = (ds: string[]) => ds.map((d) => new Path2D(d))
  // Widths are given in screen pixels; the transform would scale them by `scale`.
  const stroke = (ps: Path2D[], colour: string, px: number) => {
    ctx.strokeStyle = colour
    ctx.lineWidth = (px * ratio) / scale
    for (const p of ps) ctx.stroke(p)
  }
  if (view.layers.boroughs) {
    const boroughs = paths(picture.boroughs)
    ctx.fillStyle = theme.boroughFill
    ctx.globalAlpha = BOROUGH_FILL_OPACITY
    for (const p of boroughs) ctx.fill(p)
    ctx.globalAlpha = 1
    stroke(boroughs, theme.boroughOutline, widthAt(LINE_WIDTHS.boroughOutline, view.zoom))
  }
  if (view.layers.borders) {
    const borders = paths(picture.borders)
    stroke(borders, theme.borderCasing, widthAt(LINE_WIDTHS.borderCasing, view.zoom))
    stroke(borders, theme.border, widthAt(LINE_WIDTHS.border, view.zoom))
  }
  return viewBox
}

/** Stops refitting the picture to its box (set while it is shown). */
let stopFitting = () => {}
/** Set once the picture has been taken away: it is never shown again. */
let done = false
/** Too late to show it: taken away, or the map has drawn its boroughs (main.ts marks the page). */
const tooLate = () => done || document.documentElement.dataset.firstRenderAt !== undefined

/**
 * Fetches the picture and shows it over `container` at the camera of `view`, unless the map has
 * drawn already or the view is nearer than the picture's detail allows. It is drawn once on a 2D
 * canvas by the CPU: as SVG in the page, or as an SVG image, it was drawn through the browser's
 * graphics process, which in software WebGL (the test machines') took both cores for most of a
 * second and made the map's own first frame a second later. The canvas's `data-view-box` is the
 * part of the picture it shows (tests check it against the map's camera). Marks the moment it is on
 * screen as `data-overview-at` on the page (bench/interactions.bench.ts reports it).
 */
export async function showOverview(container: HTMLElement, view: ViewState, theme: Theme): Promise<void> {
  // The camera the map will open at: a hash's zoom is brought within the map's limits, as the map does.
  const at = { ...view, zoom: Math.max(MIN_ZOOM, view.zoom) }
  if (at.zoom > OVERVIEW_MAX_ZOOM) return
  const response = await fetch(OVERVIEW_URL)
  if (!response.ok || tooLate()) return
  const picture = pathsOf(await response.text())
  if (tooLate()) return
  const canvas = document.createElement('canvas')
  canvas.className = CLASS
  canvas.setAttribute('aria-hidden', 'true')
  const fit = () => {
    const { width, height } = container.getBoundingClientRect()
    canvas.dataset.viewBox = draw(canvas, picture, theme, at, width, height)
  }
  fit()
  // The map's box changes size with the window, and with the header's notices and account line.
  const resized = new ResizeObserver(fit)
  resized.observe(container)
  stopFitting = () => resized.disconnect()
  container.append(canvas)
  requestAnimationFrame(() => {
    if (canvas.isConnected) document.documentElement.dataset.overviewAt = String(Math.round(performance.now()))
  })
}

/** Takes the picture away for good (the map has drawn, or cannot). */
export function removeOverview(): void {
  done = true
  stopFitting()
  for (const el of document.querySelectorAll(`.${CLASS}`)) el.remove()
}

/**
 * Takes the picture away once the map has drawn what it shows: at the first frame after both the
 * borough map and the borders are in (each loaded, or failed: then the map's own error shows), so
 * neither vanishes and comes back; at the latest when the map is first idle.
 */
export function removeOverviewWhenDrawn(map: MapLibreMap): void {
  const waiting = new Set<string>([SOURCE.boroughs, SOURCE.borders])
  const settled = (id: string | undefined) => {
    if (!id || !waiting.delete(id) || waiting.size > 0) return
    map.off('sourcedata', onData)
    map.off('error', onError)
    map.once('render', removeOverview)
  }
  const onData = (e: MapSourceDataEvent) => {
    if (e.isSourceLoaded) settled(e.sourceId)
  }
  // An error event names its source when a source failed (MapLibre sets `sourceId` on it).
  const onError = (e: object) => settled((e as { sourceId?: string }).sourceId)
  map.on('sourcedata', onData)
  map.on('error', onError)
  map.once('idle', removeOverview)
}
