import { ProblemError } from '../../api.js'
import { el } from '../../ui/notices.js'
import type { DrawnArea, DrawnKind } from './api.js'

export const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
const KIND_NAMES: Record<DrawnKind, string> = { estate: 'Estate', patch: 'Patch' }

export const drawHtml = () => `
    <p class="hint">Draw an estate or a patch on the map: choose <strong>Draw a new area</strong>, click its corners on the map
      and click the first corner again (or double-click) to close it. Drag corners to adjust, then save. Referral locations inside
      it get its code; one that meets two boroughs is a straddling area.</p>
    <form class="draw-form" novalidate>
      <div class="field"><label for="draw-kind">Kind</label>
        <select id="draw-kind" name="kind"><option value="patch">Patch</option><option value="estate">Estate</option></select></div>
      <div class="field"><label for="draw-name">Name</label>
        <input id="draw-name" name="name" required maxlength="120" autocomplete="off" aria-describedby="draw-name-hint" />
        <span id="draw-name-hint" class="hint">e.g. "Church Street patch". Shown to everyone who reads the map.</span></div>
      <div class="button-row">
        <button type="button" id="draw-new">Draw a new area</button>
        <button type="button" id="draw-corner" aria-describedby="draw-corner-hint">Add a corner at the map centre</button>
      </div>
      <p id="draw-corner-hint" class="hint">From the keyboard: move the map with the arrow keys, add a corner, repeat (three or more).</p>
      <p id="draw-status" class="draw-status" aria-live="polite">Nothing drawn yet.</p>
      <div class="button-row">
        <button type="submit" id="draw-save" disabled>Save</button>
        <button type="button" id="draw-cancel" disabled>Cancel</button>
      </div>
      <div id="draw-error" class="problem" role="alert"></div>
    </form>
    <h3>Areas your organisation drew</h3>
    <div id="draw-list" class="table-wrap" tabindex="0" role="region" aria-label="Saved areas"><p class="hint">Loading…</p></div>`

/** What the buttons of a row of the saved areas do. */
export interface AreaActions {
  edit(a: DrawnArea): void
  rename(a: DrawnArea): void
  remove(a: DrawnArea): void
}

const actionButton = (text: string, label: string, onClick: () => void, className?: string) => {
  const b = el('button', text, className)
  b.type = 'button'
  b.setAttribute('aria-label', label)
  b.addEventListener('click', onClick)
  return b
}

/** The saved areas as a table with Edit outline, Rename and Delete on each row ("None yet." when there are none). */
export function drawnList(areas: DrawnArea[], areaName: (code: string) => string, actions: AreaActions): HTMLElement {
  if (areas.length === 0) return el('p', 'None yet.', 'hint')
  const table = el('table', undefined, 'data-table')
  table.createCaption().textContent = `${areas.length} drawn area${areas.length === 1 ? '' : 's'}`
  const head = table.createTHead().insertRow()
  for (const h of ['Name', 'Kind', 'Boroughs', 'Actions']) head.append(Object.assign(el('th', h), { scope: 'col' }))
  const body = table.createTBody()
  for (const a of areas) {
    const p = a.properties
    const row = body.insertRow()
    row.dataset.code = p.code
    row.insertCell().append(el('span', p.name), el('span', ` (${p.code})`, 'hint'))
    row.insertCell().textContent = KIND_NAMES[p.kind]
    row.insertCell().textContent = p.boroughs.map(areaName).join(' | ') + (p.boroughs.length >= 2 ? ' — straddles' : '')
    row.insertCell().append(
      actionButton('Edit outline', `Edit the outline of ${p.name}`, () => actions.edit(a)),
      actionButton('Rename', `Rename ${p.name}`, () => actions.rename(a)),
      actionButton('Delete', `Delete ${p.name}`, () => actions.remove(a), 'danger'),
    )
  }
  return table
}
