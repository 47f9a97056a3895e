import type { Meta } from '../api.js'

/**
 * Shows what kind of instance this is: demo data (and, at first start, how far its referrals have
 * loaded), simplified boundaries, which boundary sets are loaded, and the licence text.
 */
export function showNotices(meta: Meta, refresh?: () => Promise<Meta>): void {
  byId('demo-banner').hidden = !meta.demo
  byId('simplified-notice').hidden = !meta.boundaries.simplified
  const sets = meta.boundaries.sets.map(
    (s) =>
      `${s.count.toLocaleString('en-GB')} ${KIND_WORDS[s.kind] ?? s.kind} (${s.source})` +
      (s.supersededOn ? `: ${s.note ?? `replaced on ${s.supersededOn}`}` : ''),
  )
  byId('attribution-text').textContent = `Boundaries: ${sets.join('; ') || 'none loaded'}. ${meta.attribution} Open Government Licence v3.0.`
  showDemoLoading(meta, refresh)
}

const KIND_WORDS: Record<string, string> = { borough: 'boroughs', ward: 'wards', lsoa: 'LSOAs' }

/** While the demo referrals load behind the map: a quiet line under the demo banner, updated every 2 s. */
function showDemoLoading(meta: Meta, refresh?: () => Promise<Meta>): void {
  const banner = byId('demo-banner')
  let line = document.getElementById('demo-loading')
  if (meta.demoData.state !== 'loading' && meta.demoData.state !== 'failed') {
    line?.remove()
    return
  }
  if (!line) {
    line = el('span', undefined, 'demo-loading')
    line.id = 'demo-loading'
    line.setAttribute('role', 'status')
    banner.append(' ', line)
  }
  const d = meta.demoData
  line.textContent =
    d.state === 'failed'
      ? 'Loading the demo data failed; see the server log.'
      : d.stage === 'boundaries'
        ? 'First start: loading the wards and LSOAs, then the demo referrals. The borough map works now.'
        : `First start: loading the demo referrals behind the map, ${d.loaded.toLocaleString('en-GB')} of ${d.of.toLocaleString('en-GB')}. Figures fill in as they load.`
  if (meta.demoData.state === 'loading' && refresh)
    setTimeout(
      () =>
        void refresh()
          .then((m) => showNotices(m, refresh))
          .catch(() => {}),
      2000,
    )
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
