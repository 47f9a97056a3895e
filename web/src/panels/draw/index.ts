import { ProblemError } from '../../api.js'
import { el } from '../../ui/notices.js'
import { registerPanel, type PanelContext } from '../registry.js'
import { changeDrawn, createDrawn, deleteDrawn, listDrawn, type DrawnArea, type DrawnKind } from './api.js'
import { DrawTool, showDrawnAreas } from './draw-tool.js'

const problemText = (e: unknown) => (e instanceof ProblemError ? `${e.title}: ${e.detail}` : e instanceof Error ? e.message : String(e))
const KIND_NAMES: Record<DrawnKind, string> = { estate: 'Estate', patch: 'Patch' }

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  const { map } = ctx
  root.innerHTML = `
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

  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  const form = $<HTMLFormElement>('form')
  const kind = $<HTMLSelectElement>('#draw-kind')
  const name = $<HTMLInputElement>('#draw-name')
  const status = $('#draw-status')
  const error = $('#draw-error')
  const save = $<HTMLButtonElement>('#draw-save')
  const cancel = $<HTMLButtonElement>('#draw-cancel')
  const list = $('#draw-list')

  /** The area being edited (its code), or null for a new one. */
  let editing: string | null = null
  let areas: DrawnArea[] = []
  let removeLayer: (() => void) | null = null

  const setState = (text: string, canSave: boolean) => {
    status.textContent = text
    save.disabled = !canSave
    cancel.disabled = !canSave && editing === null
  }
  const tool = new DrawTool(map, () => {
    tool.selectLast()
    setState('Outline closed. Drag its corners to adjust, then save.', true)
    ctx.announce('Outline closed; you can save it now.')
  })
  tool.start()

  const reload = async () => {
    try {
      const fc = await listDrawn()
      areas = fc.features
      removeLayer?.()
      removeLayer = showDrawnAreas(map, fc)
      renderList()
    } catch (e) {
      list.replaceChildren(el('p', problemText(e), 'problem'))
    }
  }

  const renderList = () => {
    if (areas.length === 0) return list.replaceChildren(el('p', 'None yet.', 'hint'))
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
      row.insertCell().textContent = p.boroughs.map(ctx.areaName).join(' | ') + (p.boroughs.length >= 2 ? ' — straddles' : '')
      const actions = row.insertCell()
      const edit = el('button', 'Edit outline')
      edit.type = 'button'
      edit.setAttribute('aria-label', `Edit the outline of ${p.name}`)
      edit.addEventListener('click', () => startEdit(a))
      const rename = el('button', 'Rename')
      rename.type = 'button'
      rename.setAttribute('aria-label', `Rename ${p.name}`)
      rename.addEventListener('click', () => void renameArea(a))
      const del = el('button', 'Delete', 'danger')
      del.type = 'button'
      del.setAttribute('aria-label', `Delete ${p.name}`)
      del.addEventListener('click', () => void removeArea(a))
      actions.append(edit, rename, del)
    }
    list.replaceChildren(table)
  }

  const startEdit = (a: DrawnArea) => {
    if (!tool.ready) return setState('The map is still loading; try again in a moment.', false)
    editing = a.properties.code
    kind.value = a.properties.kind
    kind.disabled = true
    name.value = a.properties.name
    tool.edit(a.geometry)
    ctx.tools.claimClicks('draw', true)
    setState(`Editing ${a.properties.name}: drag its corners, then save.`, true)
    const coords = (a.geometry.type === 'Polygon' ? a.geometry.coordinates[0] : a.geometry.coordinates[0]?.[0]) ?? []
    const lons = coords.map((c) => c[0]!)
    const lats = coords.map((c) => c[1]!)
    if (lons.length)
      map.fitBounds(
        [
          [Math.min(...lons), Math.min(...lats)],
          [Math.max(...lons), Math.max(...lats)],
        ],
        { padding: 80, maxZoom: 17, duration: 0 },
      )
  }

  const finishEditing = () => {
    editing = null
    kind.disabled = false
    tool.reset()
    ctx.tools.claimClicks('draw', false)
    setState('Nothing drawn yet.', false)
  }

  const renameArea = async (a: DrawnArea) => {
    const next = window.prompt(`New name for ${a.properties.name}`, a.properties.name)?.trim()
    if (!next || next === a.properties.name) return
    error.textContent = ''
    try {
      await changeDrawn(a.properties.code, { name: next })
      ctx.announce(`Renamed to ${next}.`)
      await reload()
    } catch (e) {
      error.textContent = problemText(e)
    }
  }

  const removeArea = async (a: DrawnArea) => {
    if (!window.confirm(`Delete ${a.properties.name} (${a.properties.code})? Referral locations inside it lose its code.`)) return
    error.textContent = ''
    try {
      const r = await deleteDrawn(a.properties.code)
      ctx.announce(`Deleted ${a.properties.name}; ${r.locationsReassigned} of your locations changed.`)
      if (editing === a.properties.code) finishEditing()
      await reload()
    } catch (e) {
      error.textContent = problemText(e)
    }
  }

  $('#draw-new').addEventListener('click', () => {
    if (!tool.ready) return setState('The map is still loading; try again in a moment.', false)
    editing = null
    kind.disabled = false
    error.textContent = ''
    tool.drawNew()
    // Clicks place corners now: the map's "What is here?" popup stays away until the area is done.
    ctx.tools.claimClicks('draw', true)
    setState('Click the corners of the area on the map; click the first corner again to close it.', false)
    cancel.disabled = false
  })
  $('#draw-corner').addEventListener('click', () => {
    if (!tool.ready) return
    const c = map.getCenter()
    const n = tool.addCorner(c.lng, c.lat)
    setState(n < 3 ? `${n} corner${n === 1 ? '' : 's'} placed; at least three are needed.` : `${n} corners placed; you can save.`, n >= 3)
    ctx.announce(`Corner ${n} at ${c.lng.toFixed(5)}, ${c.lat.toFixed(5)}.`)
  })
  cancel.addEventListener('click', () => {
    error.textContent = ''
    finishEditing()
  })
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault()
    error.textContent = ''
    const geometry = tool.geometry()
    const label = name.value.trim()
    if (!label) {
      error.textContent = 'Give the area a name.'
      name.focus()
      return
    }
    if (!geometry) {
      error.textContent = 'Draw the outline first.'
      return
    }
    save.disabled = true
    try {
      const saved = editing
        ? await changeDrawn(editing, { name: label, geometry })
        : await createDrawn({ kind: kind.value as DrawnKind, name: label, geometry })
      const p = saved.properties
      ctx.announce(`Saved ${p.name} (${p.code}); ${p.locationsReassigned ?? 0} of your referral locations changed.`)
      finishEditing()
      name.value = ''
      status.textContent = `Saved ${p.name} (${p.code})${p.boroughs.length >= 2 ? `, straddling ${p.boroughs.map(ctx.areaName).join(' | ')}` : ''}.`
      await reload()
    } catch (e) {
      error.textContent = problemText(e)
      save.disabled = false
    }
  })

  void reload()
  return () => {
    tool.reset()
    tool.stop()
    ctx.tools.claimClicks('draw', false)
    removeLayer?.()
  }
}

registerPanel({ id: 'draw', title: 'Estates and patches', tab: 'Estates', roles: ['lead'], order: 60, mount })
