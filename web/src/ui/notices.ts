import type { Meta } from '../api.js'

/** Shows what kind of instance this is: demo data, simplified boundaries, and the licence text. */
export function showNotices(meta: Meta): void {
  byId('demo-banner').hidden = !meta.demo
  byId('simplified-notice').hidden = !meta.boundaries.simplified
  byId('attribution-text').textContent =
    `Boundaries: ${meta.boundaries.sources.join(', ') || 'none loaded'}. ${meta.attribution} Open Government Licence v3.0.`
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} is missing from index.html`)
  return el as T
}

/** Creates an element with text, the one DOM helper the panels share. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (text !== undefined) node.textContent = text
  if (className) node.className = className
  return node
}
