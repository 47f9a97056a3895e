import { changeDrawn, deleteDrawn, listDrawn, type AreaGeometry, type DrawnArea } from './api.js'
import { showDrawnAreas } from './draw-tool.js'
import { setStatus, toolReady, type Draw } from './state.js'
import { drawnList, problemText } from './view.js'
import { el } from '../../ui/notices.js'

/** The saved areas again: on the map and in the list. */
export async function reload(d: Draw): Promise<void> {
  try {
    const fc = await listDrawn()
    d.areas = fc.features
    d.removeLayer?.()
    d.removeLayer = showDrawnAreas(d.ctx.map, fc)
    d.list.replaceChildren(
      drawnList(d.areas, d.ctx.areaName, { edit: (a) => startEdit(d, a), rename: (a) => void renameArea(d, a), remove: (a) => void removeArea(d, a) }),
    )
  } catch (e) {
    d.list.replaceChildren(el('p', problemText(e), 'problem'))
  }
}

function fitTo(d: Draw, geometry: AreaGeometry): void {
  const coords = (geometry.type === 'Polygon' ? geometry.coordinates[0] : geometry.coordinates[0]?.[0]) ?? []
  const lons = coords.map((c) => c[0]!)
  const lats = coords.map((c) => c[1]!)
  if (lons.length)
    d.ctx.map.fitBounds(
      [
        [Math.min(...lons), Math.min(...lats)],
        [Math.max(...lons), Math.max(...lats)],
      ],
      { padding: 80, maxZoom: 17, duration: 0 },
    )
}

function startEdit(d: Draw, a: DrawnArea): void {
  if (!toolReady(d)) return
  d.editing = a.properties.code
  d.kind.value = a.properties.kind
  d.kind.disabled = true
  d.name.value = a.properties.name
  d.tool.edit(a.geometry)
  d.ctx.tools.claimClicks('draw', true)
  setStatus(d, `Editing ${a.properties.name}: drag its corners, then save.`, true)
  fitTo(d, a.geometry)
}

export function finishEditing(d: Draw): void {
  d.editing = null
  d.kind.disabled = false
  d.tool.reset()
  d.ctx.tools.claimClicks('draw', false)
  setStatus(d, 'Nothing drawn yet.', false)
}

async function renameArea(d: Draw, a: DrawnArea): Promise<void> {
  const next = window.prompt(`New name for ${a.properties.name}`, a.properties.name)?.trim()
  if (!next || next === a.properties.name) return
  d.error.textContent = ''
  try {
    await changeDrawn(a.properties.code, { name: next })
    d.ctx.announce(`Renamed to ${next}.`)
    await reload(d)
  } catch (e) {
    d.error.textContent = problemText(e)
  }
}

async function removeArea(d: Draw, a: DrawnArea): Promise<void> {
  if (!window.confirm(`Delete ${a.properties.name} (${a.properties.code})? Referral locations inside it lose its code.`)) return
  d.error.textContent = ''
  try {
    const r = await deleteDrawn(a.properties.code)
    d.ctx.announce(`Deleted ${a.properties.name}; ${r.locationsReassigned} of your locations changed.`)
    if (d.editing === a.properties.code) finishEditing(d)
    await reload(d)
  } catch (e) {
    d.error.textContent = problemText(e)
  }
}
