import { panelsFor, type PanelContext } from '../panels/registry.js'
import { el } from '../ui/notices.js'

/**
 * Mounts the signed-in role's panels into the side panel, each in a section with its own heading,
 * and returns the function that unmounts them all (on sign-out). A panel that throws while mounting
 * shows the error in its section instead of taking the others down.
 */
export function mountPanels(container: HTMLElement, ctx: PanelContext): () => void {
  const cleanups: (() => void)[] = []
  container.replaceChildren()
  for (const panel of panelsFor(ctx.me.role)) {
    const section = el('section', undefined, 'role-panel')
    section.id = `panel-${panel.id}`
    section.dataset.panel = panel.id
    const heading = el('h2', panel.title)
    heading.id = `panel-${panel.id}-title`
    heading.tabIndex = -1
    section.setAttribute('aria-labelledby', heading.id)
    const body = el('div', undefined, 'role-panel-body')
    section.append(heading, body)
    container.append(section)
    try {
      const cleanup = panel.mount(body, ctx)
      if (cleanup) cleanups.push(cleanup)
    } catch (e) {
      console.error(`panel ${panel.id} failed to mount`, e)
      const p = el('p', `This panel could not start: ${e instanceof Error ? e.message : String(e)}`, 'problem')
      body.append(p)
    }
  }
  container.hidden = cleanups.length === 0 && container.childElementCount === 0
  return () => {
    for (const cleanup of cleanups.reverse()) {
      try { cleanup() } catch (e) { console.error('panel cleanup failed', e) }
    }
    container.replaceChildren()
    container.hidden = true
  }
}
