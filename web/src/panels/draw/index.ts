import { registerPanel, type PanelContext } from '../registry.js'
import { changeDrawn, createDrawn, type DrawnKind } from './api.js'
import { DrawTool } from './draw-tool.js'
import { finishEditing, reload } from './editing.js'
import { createDraw, setStatus, toolReady, type Draw } from './state.js'
import { drawHtml, problemText } from './view.js'

async function submit(d: Draw): Promise<void> {
  d.error.textContent = ''
  const geometry = d.tool.geometry()
  const label = d.name.value.trim()
  if (!label) {
    d.error.textContent = 'Give the area a name.'
    d.name.focus()
    return
  }
  if (!geometry) {
    d.error.textContent = 'Draw the outline first.'
    return
  }
  d.save.disabled = true
  try {
    const saved = d.editing
      ? await changeDrawn(d.editing, { name: label, geometry })
      : await createDrawn({ kind: d.kind.value as DrawnKind, name: label, geometry })
    const p = saved.properties
    d.ctx.announce(`Saved ${p.name} (${p.code}); ${p.locationsReassigned ?? 0} of your referral locations changed.`)
    finishEditing(d)
    d.name.value = ''
    d.status.textContent = `Saved ${p.name} (${p.code})${p.boroughs.length >= 2 ? `, straddling ${p.boroughs.map(d.ctx.areaName).join(' | ')}` : ''}.`
    await reload(d)
  } catch (e) {
    d.error.textContent = problemText(e)
    d.save.disabled = false
  }
}

/** Draw a new area, add a corner at the map centre (from the keyboard), cancel and save. */
function wireButtons(root: HTMLElement, d: Draw): void {
  const { ctx, tool } = d
  root.querySelector('#draw-new')!.addEventListener('click', () => {
    if (!toolReady(d)) return
    d.editing = null
    d.kind.disabled = false
    d.error.textContent = ''
    tool.drawNew()
    // Clicks place corners now: the map's "What is here?" popup stays away until the area is done.
    ctx.tools.claimClicks('draw', true)
    setStatus(d, 'Click the corners of the area on the map; click the first corner again to close it.', false)
    d.cancel.disabled = false
  })
  root.querySelector('#draw-corner')!.addEventListener('click', () => {
    if (!toolReady(d)) return
    const c = ctx.map.getCenter()
    const n = tool.addCorner(c.lng, c.lat)
    setStatus(d, n < 3 ? `${n} corner${n === 1 ? '' : 's'} placed; at least three are needed.` : `${n} corners placed; you can save.`, n >= 3)
    ctx.announce(`Corner ${n} at ${c.lng.toFixed(5)}, ${c.lat.toFixed(5)}.`)
  })
  d.cancel.addEventListener('click', () => {
    d.error.textContent = ''
    finishEditing(d)
  })
  d.form.addEventListener('submit', (ev) => {
    ev.preventDefault()
    void submit(d)
  })
}

function mount(root: HTMLElement, ctx: PanelContext): () => void {
  root.innerHTML = drawHtml()
  const tool = new DrawTool(ctx.map, () => {
    tool.selectLast()
    setStatus(d, 'Outline closed. Drag its corners to adjust, then save.', true)
    ctx.announce('Outline closed; you can save it now.')
  })
  const d = createDraw(root, ctx, tool)
  wireButtons(root, d)
  void reload(d)
  return () => {
    tool.reset()
    tool.stop()
    ctx.tools.claimClicks('draw', false)
    d.removeLayer?.()
  }
}

registerPanel({ id: 'draw', title: 'Estates and patches', tab: 'Estates', roles: ['lead'], order: 60, mount })
