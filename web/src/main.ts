import { AttributionControl, Map as MapLibreMap, NavigationControl, prewarm, ScaleControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl'
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url'
import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { FeatureCollection } from 'geojson'
import { API_BASE, fetchBorder, fetchMeta, ProblemError, type Meta } from './api.js'
import { streetsStyle } from './style/streets.js'
import { noBasemapNote } from './ui/basemap-note.js'
import { geometryBounds, type BBox } from './geo/bounds.js'
import { lazyAreas, loadedData } from './map/areas.js'
import { cameraOf, syncCamera, syncHash, syncLayerVisibility } from './map/sync.js'
import { createStore } from './state/store.js'
import { MAX_ZOOM, MIN_ZOOM, parseHash, type ViewState } from './state/view.js'
import { withBasemap } from './style/basemap.js'
import { SOURCE } from './style/layers.js'
import { buildStyle, emptySources, type BoundaryDetail } from './style/style.js'
import { firstDetail, sharpenWhenNear } from './map/detail.js'
import { stageStyle, type StagedStyle } from './map/staged-style.js'
import { light } from './style/theme.js'
import { boroughRows, renderBoroughTable } from './ui/borough-table.js'
import { renderLayerToggles, syncLayerToggles } from './ui/layer-toggles.js'
import { byId, showNotices } from './ui/notices.js'
import { createAreaNames } from './map/names.js'
import { FILTER_KEYS, formatFilters, parseFilters } from './state/filters.js'
import { startShell } from './shell/shell.js'
import { createMapTools } from './map/tools.js'
import { wireWhatIsHere } from './map/what-is-here.js'
import { baseLegend } from './ui/base-legend.js'
import { mountProgress } from './ui/progress.js'
import { removeOverview, removeOverviewWhenDrawn } from './map/overview.js'

// Role views register with the panel registry from a chunk of their own (panels/load.ts), fetched
// once the map has drawn, or at once when someone is already signed in (the shell waits for it).
import { loadPanels } from './panels/load.js'

const BRENT = 'E09000005'
const WESTMINSTER = 'E09000033'

// The worker is bundled as its own file; MapLibre would otherwise look for it next to its own
// module URL, which no longer exists once Vite has bundled the library.
setWorkerUrl(workerUrl)
// The map's workers start loading now, while the page asks for its settings (the first render waits for them).
prewarm()

declare global {
  interface Window {
    /** Handles for the browser smoke test and for debugging in the console. */
    __crossborough?: { map: MapLibreMap; firstRenderMs?: number }
  }
}

/**
 * Our style, with a basemap underneath: an external style only when an administrator configured
 * one (BASEMAP_STYLE_URL), else the streets this service serves itself, else none (and the page
 * says so once, quietly). No map view is sent anywhere else.
 */
async function styleFor(meta: Meta, boundaryDetail: BoundaryDetail): Promise<StyleSpecification> {
  const { basemapStyleUrl, attribution } = meta
  const ours = buildStyle({ apiBase: API_BASE, theme: light, attribution, boundaryDetail })
  if (!basemapStyleUrl && meta.basemap) return withBasemap(ours, streetsStyle(meta.basemap, location.origin))
  if (!basemapStyleUrl) {
    noBasemapNote()
    return ours
  }
  try {
    const response = await fetch(basemapStyleUrl)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return withBasemap(ours, (await response.json()) as StyleSpecification)
  } catch (e) {
    console.warn(`Basemap style ${basemapStyleUrl} could not be loaded; continuing without it.`, e)
    return ours
  }
}

function createMap(style: StyleSpecification, initial: ViewState): MapLibreMap {
  const map = new MapLibreMap({
    container: 'map',
    style,
    center: [initial.lon, initial.lat],
    zoom: initial.zoom,
    minZoom: MIN_ZOOM,
    maxZoom: MAX_ZOOM,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    attributionControl: false,
    fadeDuration: 0,
  })
  window.__crossborough = { map }
  map.touchZoomRotate.disableRotation()
  map.keyboard.disableRotation()
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right')
  map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-left')
  map.addControl(new AttributionControl({ compact: false }), 'bottom-right')
  return map
}

/**
 * The map's canvas is hidden (app.css) until it has drawn the boroughs, or until their error or the
 * map's first idle should they fail: its frames before that hold the background alone, and each one shown costs the browser a
 * composite of the page (0.1–0.6 s apiece in software WebGL, where they delayed the boroughs' frame).
 * The overview picture, or the page's background, stands in meanwhile. Shown in the same task as the
 * boroughs' frame, it reaches the screen with that frame.
 */
function showCanvas(map: MapLibreMap): void {
  map.getContainer().dataset.drawn = 'true'
}

/**
 * Boroughs are the first thing drawn: mark the first frame after their tiles are in (the smoke test
 * waits for it and reports the time).
 */
function markFirstRender(map: MapLibreMap, staged: StagedStyle): void {
  const started = performance.now()
  const onBoroughTiles = (e: { sourceId?: string; isSourceLoaded?: boolean }) => {
    if (e.sourceId !== SOURCE.boroughs || !e.isSourceLoaded) return
    map.off('sourcedata', onBoroughTiles)
    map.once('render', () => {
      showCanvas(map)
      window.__crossborough!.firstRenderMs = Math.round(performance.now() - started)
      // Since navigation (performance.now()'s origin): what bench/interactions.bench.ts reports as the first map render.
      document.documentElement.dataset.firstRenderAt = String(Math.round(performance.now()))
      document.documentElement.dataset.ready = 'boroughs'
      staged.complete()
      void loadPanels()
    })
  }
  map.on('sourcedata', onBoroughTiles)
  // The boroughs could not be loaded: the canvas is shown with what it has. A source's error asks for
  // no frame of its own, so one is asked for (with it the first idle, and the rest of the style).
  const onBoroughError = (e: object) => {
    if ((e as { sourceId?: string }).sourceId !== SOURCE.boroughs) return
    map.off('error', onBoroughError)
    map.off('sourcedata', onBoroughTiles)
    showCanvas(map)
    map.triggerRepaint()
  }
  map.on('error', onBoroughError)
}

/** The boroughs and their borders as a table; choosing a borough fits the map to it. */
function showBoroughTable(map: MapLibreMap, boroughs: FeatureCollection, fitTo: (box: BBox | null) => void): void {
  const bounds = new Map(boroughs.features.map((f) => [String(f.properties?.code), f.geometry ? geometryBounds(f.geometry) : null]))
  void loadedData(map, SOURCE.borders).then((borders) =>
    renderBoroughTable(byId('boroughs-table'), boroughRows(boroughs, borders), (code) => {
      fitTo(bounds.get(code) ?? null)
      byId('map').focus()
    }),
  )
}

/** The border the project is about, one button away. */
function wireBorderButton(map: MapLibreMap, staged: StagedStyle, fitTo: (box: BBox | null) => void): void {
  const borderButton = byId<HTMLButtonElement>('border-brent-westminster')
  borderButton.addEventListener('click', async () => {
    const summary = byId('border-summary')
    try {
      staged.complete() // the highlight's source, should this come before the map's first frame
      const border = await fetchBorder(BRENT, WESTMINSTER)
      await staged.completed
      map.getSource<GeoJSONSource>(SOURCE.highlight)?.setData(border)
      borderButton.setAttribute('aria-pressed', 'true')
      summary.textContent = `${border.properties.names.join(' | ')}: a shared border of ${(border.properties.lengthM / 1000).toFixed(1)} km, drawn in black.`
      fitTo(geometryBounds(border.geometry))
    } catch (e) {
      summary.textContent = e instanceof ProblemError ? e.detail : String(e)
    }
  })
}

async function start(): Promise<void> {
  const meta = await fetchMeta()
  showNotices(meta, fetchMeta)
  const store = createStore(parseHash(location.hash))
  const filters = createStore(parseFilters(location.hash))
  const initial = store.get()
  const names = createAreaNames()

  // The first frame draws the boroughs and borders only; the sources that start empty follow it (map/staged-style.ts).
  const detail = firstDetail(initial.zoom)
  const full = await styleFor(meta, detail)
  const staged = stageStyle(full, emptySources(full))
  const map = createMap(staged.first, initial)
  staged.attach(map)
  sharpenWhenNear(map, API_BASE, detail)
  // Registered now, before the style can have loaded: overlays need it before adding layers.
  const styleLoaded = new Promise<void>((resolve) => map.once('style.load', () => resolve()))

  const tools = createMapTools(map, byId('map-legend'))
  // On a phone the legend starts folded: open, it would cover most of a small map.
  if (window.matchMedia('(max-width: 760px)').matches) byId('map-legend').querySelector('details')!.open = false
  mountProgress(byId('map-progress'))
  const showBaseLegend = () => tools.setLegend('base', 'Boundaries', baseLegend(light, store.get().layers))
  showBaseLegend()

  const fitTo = (box: BBox | null) => box && map.fitBounds(box, { padding: 48, maxZoom: 15, duration: 600 })

  // Layer toggles and the URL hash: UI state in the store, applied by the sync functions.
  const toggles = byId<HTMLFieldSetElement>('layer-toggles')
  renderLayerToggles(toggles, light, (group, on) => store.set({ layers: { ...store.get().layers, [group]: on } }))
  syncLayerToggles(toggles, initial.layers)
  let loadIfNeeded: ((layers: typeof initial.layers) => void) | undefined
  store.subscribe((state, previous) => {
    if (state.layers !== previous.layers) {
      syncLayerVisibility(map, state.layers)
      syncLayerToggles(toggles, state.layers)
      showBaseLegend()
    }
    syncCamera(map, state)
    syncHash(state, formatFilters(filters.get()))
    loadIfNeeded?.(state.layers)
  })
  filters.subscribe((f) => syncHash(store.get(), formatFilters(f)))
  map.on('moveend', () => store.set(cameraOf(map)))
  window.addEventListener('hashchange', () => {
    store.set(parseHash(location.hash, store.get()))
    const next = parseFilters(location.hash)
    const now = filters.get()
    if (FILTER_KEYS.some((key) => next[key] !== now[key])) filters.set(Object.fromEntries(FILTER_KEYS.map((key) => [key, next[key]])))
  })
  syncHash(store.get(), formatFilters(filters.get()))

  markFirstRender(map, staged)
  // Should the boroughs never draw (their request failed), the rest of the style still comes.
  map.once('idle', () => {
    showCanvas(map)
    staged.complete()
  })
  removeOverviewWhenDrawn(map)
  const applyLayers = () => syncLayerVisibility(map, store.get().layers)
  map.once('style.load', applyLayers)
  void staged.completed.then(applyLayers)
  void Promise.all([loadedData(map, SOURCE.boroughs), staged.completed]).then(([boroughs]) => {
    names.remember(boroughs)
    loadIfNeeded = lazyAreas(map, API_BASE, boroughs)
    loadIfNeeded(store.get().layers)
    showBoroughTable(map, boroughs, fitTo)
  })

  wireWhatIsHere(map, staged, tools)

  wireBorderButton(map, staged, fitTo)

  // Sign-in, the account in the header and the signed-in role's panels.
  await styleLoaded
  await startShell({ map, filters, k: meta.disclosure.k, limits: meta.limits, tools, names })
}

start().catch((e: unknown) => {
  console.error(e)
  removeOverview()
  const note = document.getElementById('border-summary')
  if (note) note.textContent = `The map could not start: ${e instanceof Error ? e.message : String(e)}`
})
