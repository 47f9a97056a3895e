import type { PanelContext } from '../registry.js'
import type { DrawnArea } from './api.js'
import type { DrawTool } from './draw-tool.js'

/** The draw panel while mounted: its controls, the drawing tool and what it holds. Created by the mount. */
export interface Draw {
  ctx: PanelContext
  tool: DrawTool
  form: HTMLFormElement
  kind: HTMLSelectElement
  name: HTMLInputElement
  status: HTMLElement
  error: HTMLElement
  save: HTMLButtonElement
  cancel: HTMLButtonElement
  list: HTMLElement
  /** The area being edited (its code), or null for a new one. */
  editing: string | null
  areas: DrawnArea[]
  /** Takes the saved areas' layer off the map. */
  removeLayer: (() => void) | null
}

export function createDraw(root: HTMLElement, ctx: PanelContext, tool: DrawTool): Draw {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!
  return {
    ctx,
    tool,
    form: $<HTMLFormElement>('form'),
    kind: $<HTMLSelectElement>('#draw-kind'),
    name: $<HTMLInputElement>('#draw-name'),
    status: $('#draw-status'),
    error: $('#draw-error'),
    save: $<HTMLButtonElement>('#draw-save'),
    cancel: $<HTMLButtonElement>('#draw-cancel'),
    list: $('#draw-list'),
    editing: null,
    areas: [],
    removeLayer: null,
  }
}

/** The status line, and whether Save and Cancel may be pressed. */
export function setStatus(d: Draw, text: string, canSave: boolean): void {
  d.status.textContent = text
  d.save.disabled = !canSave
  d.cancel.disabled = !canSave && d.editing === null
}

/** Starts the drawing tool if need be (draw-tool.ts begin); says so when the map is still loading. */
export function toolReady(d: Draw): boolean {
  if (d.tool.begin()) return true
  setStatus(d, 'The map is still loading; try again in a moment.', false)
  return false
}
