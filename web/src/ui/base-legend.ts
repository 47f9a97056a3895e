import { legendList, legendRow } from '../layers/overlay.js'
import type { LayerGroup } from '../style/layers.js'
import type { Theme } from '../style/theme.js'

/** The map legend's rows for the base layers switched on (borough names need no key). */
export function baseLegend(theme: Theme, on: Record<LayerGroup, boolean>): HTMLElement | null {
  const rows = [
    on.boroughs && legendRow('line', theme.boroughOutline, 'Borough boundary'),
    on.borders && legendRow('line', theme.border, 'Shared border of two boroughs'),
    on.wards && legendRow('line', theme.wardOutline, 'Ward (from zoom 11)'),
    on.lsoas && legendRow('dash', theme.lsoaOutline, 'LSOA (from zoom 13)'),
  ].filter((r): r is HTMLElement => r !== false)
  return rows.length ? legendList('Boundaries', rows) : null
}
