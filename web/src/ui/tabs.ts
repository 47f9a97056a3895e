import { el } from './notices.js'

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/**
 * WAI-ARIA tabs over existing panels: one button per name in `list`, arrow keys, Home and End move
 * between them (automatic activation), only the chosen panel is shown. Returns a cleanup.
 */
export function renderTabs(list: HTMLElement, names: string[], panels: HTMLElement[]): () => void {
  const buttons = names.map((name, i) => {
    const b = el('button', name, 'tab')
    b.type = 'button'
    b.id = `tab-${slug(name)}`
    b.setAttribute('role', 'tab')
    const panel = panels[i]!
    panel.id = `tabpanel-${slug(name)}`
    panel.setAttribute('role', 'tabpanel')
    panel.setAttribute('aria-labelledby', b.id)
    b.setAttribute('aria-controls', panel.id)
    b.addEventListener('click', () => select(i))
    b.addEventListener('keydown', (e) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: names.length - 1 }[e.key]
      if (next === undefined) return
      e.preventDefault()
      const j = (next + names.length) % names.length
      select(j)
      buttons[j]!.focus()
    })
    return b
  })
  const select = (i: number) => {
    buttons.forEach((b, j) => {
      b.setAttribute('aria-selected', String(i === j))
      b.tabIndex = i === j ? 0 : -1
      panels[j]!.hidden = i !== j
    })
    list.dataset.selected = names[i]
  }
  list.replaceChildren(...buttons)
  list.hidden = false
  select(0)
  return () => {
    list.replaceChildren()
    list.hidden = true
  }
}
