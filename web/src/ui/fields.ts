import { el } from './notices.js'

/** A labelled control in a form row (`div.field`); a hint below it describes the control. */
export function field<T extends HTMLElement>(id: string, label: string, control: T, hint?: string): HTMLElement {
  control.id = id
  const row = el('div', undefined, 'field')
  const l = el('label', label)
  l.htmlFor = id
  row.append(l, control)
  if (hint) {
    const h = el('p', hint, 'hint')
    h.id = `${id}-hint`
    control.setAttribute('aria-describedby', h.id)
    row.append(h)
  }
  return row
}

/** A checkbox with its label after it (`div.toggle`). */
export function toggle(id: string, label: string, box: HTMLInputElement = el('input')): HTMLElement {
  box.type = 'checkbox'
  box.id = id
  const l = el('label', label)
  l.htmlFor = id
  const row = el('div', undefined, 'toggle')
  row.append(box, l)
  return row
}
