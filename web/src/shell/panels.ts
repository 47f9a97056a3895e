import { panelsFor, type Panel, type PanelContext } from '../panels/registry.js'
import { el } from '../ui/notices.js'
import { renderTabs } from '../ui/tabs.js'

/** Panels grouped by their task tab, in order of the first panel of each. */
function byTab(panels: Panel[]): { name: string; panels: Panel[] }[] {
  const groups: { name: string; panels: Panel[] }[] = []
  for (const p of panels) {
    const name = p.tab ?? p.title
    const group = groups.find((g) => g.name === name)
    if (group) group.panels.push(p)
    else groups.push({ name, panels: [p] })
  }
  return groups
}

/**
 * Mounts the signed-in role's panels into the side panel, each in a section with its own heading,
 * grouped into task tabs (one tab per task, so the panel is one screen of one task rather than every
 * task stacked), and returns the function that unmounts them all (on sign-out). A panel that throws
 * while mounting shows the error in its section instead of taking the others down.
 */
export function mountPanels(container: HTMLElement, tabList: HTMLElement, ctx: PanelContext): () => void {
  const cleanups: (() => void)[] = []
  container.replaceChildren()
  const groups = byTab(panelsFor(ctx.me.role))
  const tabPanels: HTMLElement[] = []
  for (const group of groups) {
    const holder = el('div', undefined, 'tab-panel')
    container.append(holder)
    tabPanels.push(holder)
    for (const panel of group.panels) {
      const section = el('section', undefined, 'role-panel')
      section.id = `panel-${panel.id}`
      section.dataset.panel = panel.id
      const heading = el('h2', panel.title)
      heading.id = `panel-${panel.id}-title`
      heading.tabIndex = -1
      section.setAttribute('aria-labelledby', heading.id)
      const body = el('div', undefined, 'role-panel-body')
      section.append(heading, body)
      holder.append(section)
      try {
        const cleanup = panel.mount(body, ctx)
        if (cleanup) cleanups.push(cleanup)
      } catch (e) {
        console.error(`panel ${panel.id} failed to mount`, e)
        body.append(el('p', `This panel could not start: ${e instanceof Error ? e.message : String(e)}`, 'problem'))
      }
    }
  }
  const removeTabs =
    groups.length > 1
      ? renderTabs(
          tabList,
          groups.map((g) => g.name),
          tabPanels,
        )
      : ((tabList.hidden = true), () => {})
  container.hidden = container.childElementCount === 0
  return () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        cleanup()
      } catch (e) {
        console.error('panel cleanup failed', e)
      }
    }
    removeTabs()
    container.replaceChildren()
    container.hidden = true
  }
}
