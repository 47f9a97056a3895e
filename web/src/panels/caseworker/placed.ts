import { el } from '../../ui/notices.js'
import { KIND_NAMES, lookupPoint, type LocationKind } from './api.js'
import { classify, describe, type PlacedLocation } from './classify.js'
import { points } from './layers.js'
import type { Casework } from './state.js'
import { readCoords } from './view.js'

/** Where a placed location is, in words, once its lookup has answered. */
const whereText = (p: PlacedLocation) =>
  p.lookup === null
    ? 'looking up…'
    : p.lookup.borough
      ? `${p.lookup.borough.name}${p.lookup.nearestBorder ? `, ${Math.round(p.lookup.nearestBorder.distanceM)} m from ${p.lookup.nearestBorder.name}` : ''}`
      : 'outside the loaded boroughs'

function placedItem(cw: Casework, p: PlacedLocation, i: number): HTMLLIElement {
  const li = el('li')
  li.append(el('span', `${KIND_NAMES[p.kind]} at ${p.lon.toFixed(5)}, ${p.lat.toFixed(5)} — ${whereText(p)} `))
  const remove = el('button', 'Remove')
  remove.type = 'button'
  remove.setAttribute('aria-label', `Remove location ${i + 1}`)
  remove.addEventListener('click', () => {
    cw.state.placed.splice(i, 1)
    renderPlaced(cw)
  })
  li.append(remove)
  return li
}

/** The form's locations: on the map, as a list, and the live cross-boundary classification of them. */
export function renderPlaced(cw: Casework): void {
  const { placed } = cw.state
  const { borderZoneM } = cw.ctx.limits
  cw.layers.placed.set(points(placed))
  cw.$('#cw-locations').replaceChildren(...placed.map((p, i) => placedItem(cw, p, i)))
  const c = classify(placed, cw.$<HTMLSelectElement>('#cw-funding').value, borderZoneM)
  const live = cw.$('#cw-live')
  live.replaceChildren(el('strong', 'As placed so far: '), ...describe(c, cw.name).map((t) => el('div', t)))
  live.dataset.multiBorough = String(c.multiBorough)
  if (c.outside) live.append(el('div', `${c.outside} location(s) outside the loaded boroughs will be refused.`, 'problem'))
  live.append(el('div', `Border zone = within ${borderZoneM} m of another borough.`, 'hint'))
}

export async function addLocation(cw: Casework, lon: number, lat: number): Promise<void> {
  const p: PlacedLocation = { kind: cw.$<HTMLSelectElement>('#cw-kind').value as LocationKind, lon, lat, lookup: null }
  cw.state.placed.push(p)
  renderPlaced(cw)
  try {
    p.lookup = await lookupPoint(lon, lat)
  } catch {
    p.lookup = { borough: null, ward: null, lsoa: null, estate: null, nearestBorder: null }
  }
  renderPlaced(cw)
  cw.ctx.announce(`${KIND_NAMES[p.kind]} placed in ${p.lookup.borough?.name ?? 'no borough'}.`)
}

// London's longitudes are near 0 and its latitudes near 51.5: typed the other way round, offer to swap.
const looksSwapped = (lon: number, lat: number) => Math.abs(lat) <= 1 && lon >= 49 && lon <= 61

function offerSwap(cw: Casework, [lon, lat]: [number, number]): void {
  const box = cw.$('#cw-confirm')
  const swap = Object.assign(el('button', `Swap them: longitude ${lat}, latitude ${lon}`), { type: 'button', id: 'cw-swap' })
  swap.addEventListener('click', () => {
    cw.$<HTMLInputElement>('#cw-lon').value = String(lat)
    cw.$<HTMLInputElement>('#cw-lat').value = String(lon)
    box.hidden = true
    void addLocation(cw, lat, lon)
  })
  box.replaceChildren(
    el('p', `${lon} looks like a latitude and ${lat} like a longitude: in London the longitude is near 0 (−0.5 to 0.3) and the latitude near 51.5.`),
    swap,
  )
  box.hidden = false
  swap.focus()
}

/** The typed-coordinates Add button. */
export function wireAddLocation(cw: Casework): void {
  cw.$('#cw-add').addEventListener('click', () => {
    const c = readCoords(cw.$, '#cw-lon', '#cw-lat')
    if (!c) return void (cw.$('#cw-error').textContent = 'Type a longitude and a latitude as decimal numbers.')
    cw.$('#cw-error').textContent = ''
    if (looksSwapped(c[0], c[1])) return offerSwap(cw, c)
    void addLocation(cw, c[0], c[1])
  })
}
