import { LAYER_GROUP_NAMES, type LayerGroup, LSOA_MINZOOM, WARD_MINZOOM } from '../style/layers.js'
import type { Theme } from '../style/theme.js'
import { el } from './notices.js'

const LABELS: Record<LayerGroup, { text: string; swatch: (t: Theme) => string; hint?: string }> = {
  boroughs: { text: 'Borough areas', swatch: (t) => t.boroughOutline },
  borders: { text: 'Shared borough borders', swatch: (t) => t.border },
  wards: { text: 'Wards', swatch: (t) => t.wardOutline, hint: `from zoom ${WARD_MINZOOM}` },
  lsoas: { text: 'LSOAs', swatch: (t) => t.lsoaOutline, hint: `from zoom ${LSOA_MINZOOM}` },
  labels: { text: 'Borough names', swatch: (t) => t.boroughLabel },
}

/** Builds one labelled checkbox per layer group; `onToggle` reports a change to the store. */
export function renderLayerToggles(fieldset: HTMLFieldSetElement, theme: Theme, onToggle: (group: LayerGroup, on: boolean) => void): void {
  fieldset.replaceChildren()
  for (const group of LAYER_GROUP_NAMES) {
    const { text, swatch, hint } = LABELS[group]
    const input = el('input')
    input.type = 'checkbox'
    input.id = `layer-${group}`
    input.name = group
    input.addEventListener('change', () => onToggle(group, input.checked))
    const key = el('span', undefined, `swatch swatch-${group}`)
    key.style.setProperty('--swatch', swatch(theme))
    key.setAttribute('aria-hidden', 'true')
    const label = el('label')
    label.htmlFor = input.id
    label.append(key, text)
    if (hint) label.append(el('span', ` (${hint})`, 'hint'))
    const row = el('div', undefined, 'toggle')
    row.append(input, label)
    fieldset.append(row)
  }
}

/** Makes the checkboxes show the state (after a hash change, say). */
export function syncLayerToggles(fieldset: HTMLFieldSetElement, layers: Record<LayerGroup, boolean>): void {
  for (const group of LAYER_GROUP_NAMES) {
    const input = fieldset.querySelector<HTMLInputElement>(`#layer-${group}`)
    if (input) input.checked = layers[group]
  }
}
