import type { Lookup, NamedArea } from '../api.js'
import { el } from './notices.js'

export type LookupView =
  | { state: 'loading'; lon: number; lat: number }
  | { state: 'done'; lon: number; lat: number; result: Lookup }
  | { state: 'error'; lon: number; lat: number; detail: string }

const degrees = (lon: number, lat: number) => `${Math.abs(lat).toFixed(5)}° ${lat >= 0 ? 'N' : 'S'}, ${Math.abs(lon).toFixed(5)}° ${lon >= 0 ? 'E' : 'W'}`

/** Areas by name: a GSS code means nothing to most readers (the boroughs table lists them). */
const area = (a: NamedArea | null) => (a ? a.name : 'none')

/** Renders a lookup into the live region, as a definition list a screen reader reads in order. */
export function renderLookup(container: HTMLElement, view: LookupView): void {
  container.replaceChildren()
  container.append(el('p', degrees(view.lon, view.lat), 'coords'))
  if (view.state === 'loading') {
    container.append(el('p', 'Looking up…'))
    return
  }
  if (view.state === 'error') {
    const p = el('p', view.detail, 'problem')
    p.setAttribute('role', 'alert')
    container.append(p)
    return
  }
  const { borough, ward, lsoa, estate, nearestBorder } = view.result
  const rows: [string, string][] = [
    ['Borough', area(borough)],
    ['Ward', area(ward)],
    ['LSOA', area(lsoa)],
  ]
  if (estate) rows.push(['Estate', area(estate)])
  rows.push(['Nearest other borough', nearestBorder ? `${nearestBorder.name}, ${Math.round(nearestBorder.distanceM).toLocaleString('en-GB')} m away` : 'none'])
  const dl = el('dl', undefined, 'lookup-list')
  for (const [term, value] of rows) dl.append(el('dt', term), el('dd', value))
  container.append(dl)
}
