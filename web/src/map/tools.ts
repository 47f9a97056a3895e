import { Popup, type LngLatLike, type Map as MapLibreMap, type MapGeoJSONFeature } from 'maplibre-gl'
import { el } from '../ui/notices.js'

/** What a popup says about one feature under the click: a heading and a few lines. */
export interface Identified {
  title: string
  lines: string[]
}
export type Identify = (feature: MapGeoJSONFeature) => Identified | null

/**
 * The map's shared furniture, created once by main.ts and handed to every panel: the legend on the
 * map, the popup that answers a click (or the keyboard's "What is here?"), the progress line and who
 * owns map clicks at the moment (a panel placing a point takes them; the popup then stays away).
 */
export interface MapTools {
  /** Puts a legend block on the map under `title`, replacing the one of the same id; null removes it. */
  setLegend(id: string, title: string, content: HTMLElement | null): void
  /** Describes features of `layerId` in the popup; returns the function that stops it. */
  identify(layerId: string, fn: Identify): () => void
  /** A panel takes (or gives back) map clicks. */
  claimClicks(owner: string, on: boolean): void
  clicksClaimed(): boolean
  /** The popup at a place, with what the registered layers draw there and `extra` (the area lookup). */
  openPopup(at: LngLatLike, point: { x: number; y: number }, extra: HTMLElement): void
  closePopup(): void
}

/** What the identified layers that are shown draw around a point (at most six distinct blocks). */
function describe(map: MapLibreMap, identifiers: Map<string, Identify>, point: { x: number; y: number }): HTMLElement[] {
  const ids = [...identifiers.keys()].filter((id) => map.getLayer(id) && map.getLayoutProperty(id, 'visibility') !== 'none')
  if (!ids.length) return []
  // A few pixels around the point, so a 4-pixel dot can be hit with a finger.
  const box: [[number, number], [number, number]] = [
    [point.x - 6, point.y - 6],
    [point.x + 6, point.y + 6],
  ]
  const seen = new Set<string>()
  const out: HTMLElement[] = []
  for (const f of map.queryRenderedFeatures(box, { layers: ids })) {
    const said = identifiers.get(f.layer.id)?.(f)
    if (!said) continue
    const key = `${said.title}|${said.lines.join('|')}`
    if (seen.has(key)) continue
    seen.add(key)
    const block = el('div', undefined, 'popup-feature')
    block.append(el('strong', said.title), ...said.lines.map((l) => el('div', l)))
    out.push(block)
    if (out.length >= 6) break
  }
  return out
}

export function createMapTools(map: MapLibreMap, legendBox: HTMLElement): MapTools {
  const legends = new Map<string, HTMLElement>()
  const identifiers = new Map<string, Identify>()
  const claims = new Set<string>()
  let popup: Popup | null = null

  const renderLegend = () => {
    const list = legendBox.querySelector<HTMLElement>('.map-legend-body')!
    list.replaceChildren(...legends.values())
    legendBox.hidden = legends.size === 0
  }

  return {
    setLegend(id, title, content) {
      if (!content) legends.delete(id)
      else {
        const block = el('section', undefined, 'map-legend-block')
        block.dataset.legend = id
        const heading = el('h3', title)
        heading.id = `legend-${id}`
        block.setAttribute('aria-labelledby', heading.id)
        block.append(heading, content)
        legends.set(id, block)
      }
      renderLegend()
    },
    identify(layerId, fn) {
      identifiers.set(layerId, fn)
      return () => {
        if (identifiers.get(layerId) === fn) identifiers.delete(layerId)
      }
    },
    claimClicks(owner, on) {
      const before = claims.size
      if (on) claims.add(owner)
      else claims.delete(owner)
      if (on) popup?.remove()
      // While a panel takes clicks (placing a point, drawing corners) the legend folds away so it
      // never sits over the place to click; it opens again afterwards.
      const details = legendBox.querySelector('details')
      if (details && before === 0 && claims.size > 0) {
        details.dataset.wasOpen = String(details.open)
        details.open = false
      }
      if (details && before > 0 && claims.size === 0 && details.dataset.wasOpen === 'true') details.open = true
    },
    clicksClaimed: () => claims.size > 0,
    openPopup(at, point, extra) {
      popup?.remove()
      const body = el('div', undefined, 'popup-body')
      body.append(...describe(map, identifiers, point), extra)
      // Above a click near the top it would grow over the map's toolbar as the area lookup fills it
      // in: there it opens below the click (room for about 16 lines under the toolbar).
      const toolbar = map.getContainer().parentElement?.querySelector('.map-toolbar')?.getBoundingClientRect()
      const mapTop = map.getContainer().getBoundingClientRect().top
      const below = toolbar !== undefined && point.y < toolbar.bottom - mapTop + 260
      popup = new Popup({ maxWidth: '20rem', focusAfterOpen: false, className: 'answer-popup', ...(below ? { anchor: 'top' as const } : {}) })
        .setLngLat(at)
        .setDOMContent(body)
        .addTo(map)
    },
    closePopup() {
      popup?.remove()
      popup = null
    },
  }
}
