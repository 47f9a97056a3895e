import { OVERVIEW_MAX_ZOOM } from '../../../server/areas/overview.js'
import type { ViewState } from '../state/view.js'
import { BOROUGH_FILL_OPACITY, LINE_WIDTHS, widthAt } from '../style/layers.js'
import { OVERVIEW_URL } from '../style/style.js'
import type { Theme } from '../style/theme.js'

/**
 * The overview: the boroughs and their shared borders as a plain SVG picture, shown in the map's
 * box as soon as the page has loaded and removed when the map has drawn its first frame of boroughs
 * (main.ts). Starting WebGL, tiling the borough map and compiling the first programs take one to
 * two seconds on a slow machine; the picture takes one small request and the browser's own drawing.
 * The server makes it from the boundaries in force (GET /api/v1/areas/overview.svg, in Web
 * Mercator metres); this file fits it to the camera the map opens at and colours it as the map does.
 */

const CLASS = 'map-overview'

/** Half the Web Mercator world, in metres (EPSG:3857). */
const HALF_WORLD = 20037508.342789244
/** MapLibre's tiles are 512 px: at zoom z the world is 512·2^z pixels across. */
const WORLD_PX_AT_ZOOM_0 = 512

/** Web Mercator metres of a lon/lat. */
export function mercator(lon: number, lat: number): [number, number] {
  const x = (lon * HALF_WORLD) / 180
  const y = (Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * HALF_WORLD) / Math.PI
  return [x, y]
}

/** The SVG viewBox (y negated, as the picture is drawn) that shows what the map shows at this camera in a box of this size. */
export function viewBoxFor(view: Pick<ViewState, 'zoom' | 'lat' | 'lon'>, width: number, height: number): string {
  const metresPerPx = (2 * HALF_WORLD) / (WORLD_PX_AT_ZOOM_0 * 2 ** view.zoom)
  const [x, y] = mercator(view.lon, view.lat)
  return [x - (width / 2) * metresPerPx, -y - (height / 2) * metresPerPx, width * metresPerPx, height * metresPerPx].join(' ')
}

/** Colours and widths as the map's own layers draw them at this zoom (style/layers.ts). */
function paint(svg: SVGSVGElement, theme: Theme, view: ViewState): void {
  const boroughs = svg.querySelector('g.boroughs')
  const borders = svg.querySelector('g.borders')
  if (!boroughs || !borders) return
  const set = (el: Element, attrs: Record<string, string | number>) => {
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v))
  }
  // Widths in screen pixels whatever the scale, round joins as the map's lines.
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style')
  style.textContent = 'path { vector-effect: non-scaling-stroke; stroke-linejoin: round; stroke-linecap: round; }'
  svg.prepend(style)
  svg.style.background = theme.background
  set(boroughs, {
    fill: theme.boroughFill,
    'fill-opacity': BOROUGH_FILL_OPACITY,
    stroke: theme.boroughOutline,
    'stroke-width': widthAt(LINE_WIDTHS.boroughOutline, view.zoom),
  })
  if (!view.layers.boroughs) boroughs.setAttribute('visibility', 'hidden')
  // The shared borders over a white casing, as the map draws them.
  const casing = borders.cloneNode(true) as Element
  set(casing, { fill: 'none', stroke: theme.borderCasing, 'stroke-width': widthAt(LINE_WIDTHS.borderCasing, view.zoom) })
  set(borders, { fill: 'none', stroke: theme.border, 'stroke-width': widthAt(LINE_WIDTHS.border, view.zoom) })
  borders.before(casing)
  if (!view.layers.borders) for (const g of [casing, borders]) g.setAttribute('visibility', 'hidden')
}

/** Stops refitting the picture to the window (set while it is shown). */
let stopFitting = () => {}

const mapHasDrawn = () => document.documentElement.dataset.firstRenderAt !== undefined

/**
 * Fetches the picture and shows it over `container` at the camera of `view`, unless the map has
 * drawn already or the view is nearer than the picture's detail allows. Marks the moment it is on
 * screen as `data-overview-at` on the page (bench/interactions.bench.ts reports it).
 */
export async function showOverview(container: HTMLElement, view: ViewState, theme: Theme): Promise<void> {
  if (view.zoom > OVERVIEW_MAX_ZOOM) return
  const response = await fetch(OVERVIEW_URL)
  if (!response.ok || mapHasDrawn()) return
  const parsed = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement
  if (!(parsed instanceof SVGSVGElement) || mapHasDrawn()) return
  const svg = document.importNode(parsed, true)
  svg.classList.add(CLASS)
  svg.setAttribute('aria-hidden', 'true')
  svg.setAttribute('preserveAspectRatio', 'none')
  paint(svg, theme, view)
  const fit = () => {
    const { width, height } = container.getBoundingClientRect()
    svg.setAttribute('viewBox', viewBoxFor(view, width, height))
  }
  fit()
  addEventListener('resize', fit)
  stopFitting = () => removeEventListener('resize', fit)
  container.append(svg)
  requestAnimationFrame(() => {
    if (svg.isConnected) document.documentElement.dataset.overviewAt = String(Math.round(performance.now()))
  })
}

/** Takes the picture away (the map has drawn its boroughs). */
export function removeOverview(): void {
  stopFitting()
  for (const el of document.querySelectorAll(`.${CLASS}`)) el.remove()
}
