import { ProblemError } from '../../api.js'
import { el } from '../../ui/notices.js'
import type { PanelContext } from '../registry.js'

export { field } from '../../ui/fields.js'

export function input(type: string, name: string, required = false): HTMLInputElement {
  const i = el('input')
  i.type = type
  i.name = name
  i.required = required
  return i
}

export function select(name: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  const s = el('select')
  s.name = name
  for (const [value, text] of options) s.append(Object.assign(el('option', text), { value }))
  return s
}

/** A multiple select of the boroughs by name (codes as values); none chosen = unscoped. */
export function boroughSelect(name: string, ctx: Pick<PanelContext, 'whenBoroughsKnown'>, chosen: string[] | null = null): HTMLSelectElement {
  const s = el('select')
  s.name = name
  s.multiple = true
  s.size = 6
  // Until the map has loaded the boroughs' names (a panel can open first), the chosen codes stand in.
  for (const code of chosen ?? []) s.append(Object.assign(el('option', code), { value: code, selected: true }))
  ctx.whenBoroughsKnown((list) => {
    const keep = new Set(selected(s))
    s.replaceChildren(...list.map((b) => Object.assign(el('option', b.name), { value: b.code, selected: keep.has(b.code) })))
  })
  return s
}

export const selected = (s: HTMLSelectElement) => [...s.selectedOptions].map((o) => o.value)

/** A status line for a form's outcome: polite for success, an alert for a refusal. */
export function statusLine(id: string): { node: HTMLElement; ok(text: string): void; fail(text: string): void } {
  const node = el('p', undefined, 'form-status')
  node.id = id
  node.setAttribute('role', 'status')
  return {
    node,
    ok(text) {
      node.className = 'form-status ok'
      node.setAttribute('role', 'status')
      node.textContent = text
    },
    fail(text) {
      node.className = 'form-status problem'
      node.setAttribute('role', 'alert')
      node.textContent = text
    },
  }
}

export const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—')

/** A refusal in words: the problem's detail. */
export const problem = (e: unknown) => (e instanceof ProblemError ? e.detail : String(e))
